"""Load and validate the knowledge-base data files into one immutable :class:`KnowledgeBase`.

The KB is built once and passed explicitly to the stages that need it. ``KnowledgeBase.load()``
reads the files shipped in ``armswatch/data/``; tests pass a directory of their own small files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from armswatch.errors import KnowledgeBaseError
from armswatch.kb.models import (
    SCHEMA_VERSION,
    CentroidsFile,
    CompaniesFile,
    Company,
    CueLexicon,
    Office,
    OfficesFile,
    Official,
    OfficialsFile,
    Organisation,
    PartiesFile,
    Party,
    SystemsFile,
    WeaponSystem,
    check_category,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# libyaml's safe loader when available: the shipped KB parses in a fraction of the pure-Python time.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

M = TypeVar("M", bound=BaseModel)


def _read(path: Path, model: type[M]) -> M:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)
    except OSError as exc:
        raise KnowledgeBaseError("E201", path=path, reason=str(exc)) from exc
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError("E201", path=path, reason=f"YAML error: {exc}") from exc
    if not isinstance(raw, dict):
        raise KnowledgeBaseError("E201", path=path, reason="top level is not a mapping")
    found = raw.get("schema_version")
    if found != SCHEMA_VERSION:
        raise KnowledgeBaseError("E202", path=path, found=found, expected=SCHEMA_VERSION)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise KnowledgeBaseError("E201", path=path, reason=f"{where}: {first['msg']}") from exc


def _unique(ids: Iterable[str], path: Path) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise KnowledgeBaseError("E203", id=i, path=path)
        seen.add(i)


def norm(text: str) -> str:
    """Normal form used for every KB lookup: lower case, curly quotes straightened, spaces folded."""
    t = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2010", "-").replace("\u2011", "-")
    t = t.replace("\u2013", "-").replace("\u2014", "-").replace("\u00a0", " ")
    return " ".join(t.lower().split())


@dataclass(frozen=True)
class SurfaceForm:
    """One way of writing a party: 'the Kremlin' → RUS (metonym), 'Baykar' → TUR (company)."""

    form: str
    party: str
    kind: str
    """name, code, alias, demonym, capital, metonym or company."""
    case_sensitive: bool

    @property
    def key(self) -> str:
        return norm(self.form)


def _surface_forms(parties_f: PartiesFile, companies_f: CompaniesFile, d: Path) -> list[SurfaceForm]:
    """All party surface forms; raises E205 when one normalised form names two parties."""
    forms: list[SurfaceForm] = []
    for p in parties_f.parties:
        listed = {p.name, *p.aliases, *p.demonyms, *p.capitals, *p.metonyms}
        for cs in p.case_sensitive:
            if cs not in listed:
                raise KnowledgeBaseError("E206", path=d / "parties.yaml", where=p.id, form=cs)
        exact = set(p.case_sensitive)
        groups = [("name", [p.name]), ("alias", p.aliases), ("demonym", p.demonyms)]
        groups += [("capital", p.capitals), ("metonym", p.metonyms)]
        for kind, items in groups:
            forms.extend(SurfaceForm(s, p.id, kind, s in exact) for s in items)
    for c in companies_f.companies:
        forms.extend(SurfaceForm(s, c.state, "company", False) for s in [c.name, *c.aliases])
    # A bare code ('AND', 'CAN', 'SUN') is only a name when written in capitals, and yields to
    # any other form with the same spelling ('DJI' the drone maker, not Djibouti).
    taken = {f.key for f in forms}
    for p in parties_f.parties:
        if p.kind != "group" and norm(p.id) not in taken:
            forms.append(SurfaceForm(p.id, p.id, "code", True))
    owner: dict[str, SurfaceForm] = {}
    for f in forms:
        first = owner.setdefault(f.key, f)
        if first.party != f.party:
            path = d / ("companies.yaml" if "company" in (first.kind, f.kind) else "parties.yaml")
            raise KnowledgeBaseError("E205", path=path, form=f.form, first=first.party, second=f.party)
    # one entry per (key, party); a form is case-sensitive if any party listing of it says so
    merged: dict[str, SurfaceForm] = {}
    for f in forms:
        prev = merged.get(f.key + "\0" + f.form)
        if prev is None or (f.case_sensitive and not prev.case_sensitive):
            merged[f.key + "\0" + f.form] = f
    return list(merged.values())


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything armswatch knows, validated. Look-ups use :func:`norm`'d keys."""

    parties: dict[str, Party]
    companies: dict[str, Company]
    systems: dict[str, WeaponSystem]
    systems_file: SystemsFile
    officials: dict[str, Official]
    officials_file: OfficialsFile
    offices_file: OfficesFile
    cues: CueLexicon
    centroids: dict[str, tuple[float, float]]
    version: str
    """sha256 prefix over all data files: recorded in outputs and run manifests."""
    party_names: dict[str, str] = field(default_factory=dict)
    """normalised surface form (name, alias, demonym, capital, metonym, company) → party id."""
    surface_forms: tuple[SurfaceForm, ...] = ()
    """Every surface form as written, with its party and whether it must match case-sensitively."""
    case_sensitive_forms: dict[str, frozenset[str]] = field(default_factory=dict)
    """normalised key → the exact spellings allowed, for forms that are also common words ('US', 'AND')."""

    @classmethod
    def load(cls, data_dir: Path | str | None = None) -> KnowledgeBase:
        d = Path(data_dir) if data_dir else DATA_DIR
        digest = hashlib.sha256()
        for p in sorted(d.glob("*.yaml")):
            digest.update(p.name.encode())
            digest.update(p.read_bytes())
        parties_f = _read(d / "parties.yaml", PartiesFile)
        companies_f = _read(d / "companies.yaml", CompaniesFile)
        systems_f = _read(d / "systems.yaml", SystemsFile)
        officials_f = _read(d / "officials.yaml", OfficialsFile)
        offices_f = _read(d / "offices.yaml", OfficesFile)
        cues = _read(d / "cues.yaml", CueLexicon)
        centroids_f = _read(d / "centroids.yaml", CentroidsFile)

        _unique((p.id for p in parties_f.parties), d / "parties.yaml")
        _unique((c.id for c in companies_f.companies), d / "companies.yaml")
        _unique((s.id for s in systems_f.systems), d / "systems.yaml")
        _unique((o.id for o in officials_f.officials), d / "officials.yaml")
        parties = {p.id: p for p in parties_f.parties}

        def need_party(code: str | None, path: str, where: str) -> None:
            if code is not None and code not in parties:
                raise KnowledgeBaseError("E204", path=d / path, party=code, where=where)

        for c in companies_f.companies:
            need_party(c.state, "companies.yaml", c.id)
        for s in systems_f.systems:
            need_party(s.origin, "systems.yaml", s.id)
            for cs in s.case_sensitive:
                if cs not in (s.name, *s.aliases):
                    raise KnowledgeBaseError("E206", path=d / "systems.yaml", where=s.id, form=cs)
            try:
                check_category(s.category)
            except ValueError as exc:
                raise KnowledgeBaseError("E201", path=d / "systems.yaml", reason=f"{s.id}: {exc}") from exc
        for g in systems_f.generic_terms:
            try:
                check_category(g.category)
            except ValueError as exc:
                raise KnowledgeBaseError("E201", path=d / "systems.yaml", reason=f"{g.term}: {exc}") from exc
        for o in officials_f.officials:
            for off in o.offices:
                need_party(off.state, "officials.yaml", o.id)
        _unique((org.id for org in offices_f.organisations), d / "offices.yaml")
        for org in offices_f.organisations:
            need_party(org.state, "offices.yaml", org.id)
        for cen in centroids_f.centroids:
            need_party(cen.id, "centroids.yaml", "centroids")
        for party in parties_f.parties:
            for ctx in party.context:
                need_party(ctx, "parties.yaml", party.id)

        for o in officials_f.officials:
            for off in o.offices:
                if off.end is not None and off.end < off.start:
                    reason = f"{o.id}: office {off.title!r} ends ({off.end}) before it starts ({off.start})"
                    raise KnowledgeBaseError("E201", path=d / "officials.yaml", reason=reason)

        forms = _surface_forms(parties_f, companies_f, d)
        party_names = {f.key: f.party for f in forms}
        case_sensitive: dict[str, frozenset[str]] = {}
        for f in forms:
            if f.case_sensitive:
                case_sensitive[f.key] = case_sensitive.get(f.key, frozenset()) | {f.form}

        return cls(
            parties=parties,
            companies={c.id: c for c in companies_f.companies},
            systems={s.id: s for s in systems_f.systems},
            systems_file=systems_f,
            officials={o.id: o for o in officials_f.officials},
            officials_file=officials_f,
            offices_file=offices_f,
            cues=cues,
            centroids={c.id: (c.lat, c.lon) for c in centroids_f.centroids},
            version=digest.hexdigest()[:12],
            party_names=party_names,
            surface_forms=tuple(forms),
            case_sensitive_forms=case_sensitive,
        )

    # -- look-ups -------------------------------------------------------------------------
    def party(self, surface: str) -> str | None:
        """The party id a surface form names ('Pyongyang' → 'PRK'), or None.

        Forms that are also common words or names ('US', 'Chad', ISO codes such as 'AND' or 'CAN')
        only resolve when written with their listed capitalisation: ``party("us")`` is None.
        """
        key = norm(surface)
        exact = self.case_sensitive_forms.get(key)
        if exact is not None and " ".join(surface.split()) not in exact:
            return None
        return self.party_names.get(key)

    def contextual_party(self, surface: str, mentioned: Iterable[str]) -> str | None:
        """The group a generic form ('the separatists', 'rebels') names, given the party ids already
        mentioned in the document: the one group whose `context` parties were mentioned, else None
        (no such group, or several: ambiguous)."""
        key = norm(surface)
        if key.startswith("the "):
            key = key[4:]
        seen = set(mentioned)
        hits = [gid for gid in self.contextual_forms.get(key, ()) if seen & set(self.parties[gid].context)]
        return hits[0] if len(hits) == 1 else None

    @cached_property
    def contextual_forms(self) -> dict[str, tuple[str, ...]]:
        """normalised contextual form (without a leading 'the') → group ids that list it."""
        out: dict[str, list[str]] = {}
        for p in self.parties.values():
            for form in p.contextual:
                key = norm(form)
                key = key[4:] if key.startswith("the ") else key
                out.setdefault(key, []).append(p.id)
        return {k: tuple(v) for k, v in out.items()}

    def company(self, surface: str) -> Company | None:
        """The company a name or alias denotes ('Rheinmetall AG' → rheinmetall), or None."""
        return self.company_names.get(norm(surface))

    @cached_property
    def company_names(self) -> dict[str, Company]:
        """normalised company name or alias → company."""
        out: dict[str, Company] = {}
        for c in self.companies.values():
            for form in (c.name, *c.aliases):
                out.setdefault(norm(form), c)
        return out

    def system(self, surface: str) -> WeaponSystem | None:
        """The catalogue system a designation or alias denotes ('Geran-2' → Shahed-136), or None."""
        return self.system_names.get(norm(surface))

    @cached_property
    def system_names(self) -> dict[str, WeaponSystem]:
        """normalised designation or alias → system (first listed wins; the KB test keeps them unique)."""
        out: dict[str, WeaponSystem] = {}
        for s in self.systems.values():
            for form in (s.name, *s.aliases):
                out.setdefault(norm(form), s)
        return out

    def official(self, surface: str) -> Official | None:
        """The first official a full name or alias denotes ('Budanov' → Kyrylo Budanov), or None.

        A few names are shared ('George Bush'); use :meth:`officials_named` with a date to choose.
        """
        found = self.officials_named(surface)
        return found[0] if found else None

    def officials_named(self, surface: str, when: date | None = None) -> list[Official]:
        """Every official a name or alias denotes; with ``when``, those holding any office that day
        come first (so 'George Bush' in 1990 gives George H. W. Bush)."""
        found = list(self.official_names.get(norm(surface), ()))
        if when is not None:
            found.sort(key=lambda o: not self.offices_at(o.id, when))
        return found

    @cached_property
    def official_names(self) -> dict[str, tuple[Official, ...]]:
        """normalised full name or alias → the officials so named, in file order."""
        out: dict[str, list[Official]] = {}
        for o in self.officials.values():
            for form in dict.fromkeys(norm(f) for f in (o.name, *o.aliases)):
                out.setdefault(form, []).append(o)
        return {k: tuple(v) for k, v in out.items()}

    def party_name(self, code: str) -> str:
        p = self.parties.get(code)
        return p.name if p else code

    def organisations(self) -> list[Organisation]:
        return list(self.offices_file.organisations)

    def offices_at(self, official_id: str, when: date) -> list[Office]:
        """The offices an official held on a date."""
        off = self.officials[official_id]
        return [o for o in off.offices if o.start <= when and (o.end is None or when <= o.end)]

    def summary(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "parties": len(self.parties),
            "companies": len(self.companies),
            "systems": len(self.systems),
            "generic_terms": len(self.systems_file.generic_terms),
            "officials": len(self.officials),
            "centroids": len(self.centroids),
        }
