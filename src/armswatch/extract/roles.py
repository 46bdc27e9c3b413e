"""Role check: statements of a known official's office, compared with the dated KB.

A statement is found next to a mention of an official listed in the KB (full name or alias):

* an apposition: "Kyrylo Budanov, the head of Russia's Main Intelligence Directorate (GRU)",
  "Shin Won-sik, Japan's defence minister";
* a title before the name in the same noun phrase: "Russian Defence Minister Sergei Shoigu",
  "Iran's Foreign Minister Hossein Amir-Abdollahian", "HUR chief Kyrylo Budanov".

The stated role is parsed into (state, office kind, organisation) with ``offices.yaml``
(organisations such as GRU → RUS intelligence chief; title words such as "defence minister") and
the KB parties. It is correct when the official held an office matching it — same kind, and same
state and organisation where stated — on the publication date. Without a publication date, and
for "then …" roles, any time counts (the time the text refers to is unknown). Roles said to be
"former" are not checked. A statement without a recognisable office kind is not checkable and
yields no claim. Every checked statement yields a :class:`RoleClaim`; a wrong one carries the title
of the office actually held (at that date, else the latest one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from armswatch.extract.context import ExtractContext
from armswatch.kb.loader import norm
from armswatch.kb.models import Office
from armswatch.records import RoleClaim

_FORMER = frozenset({"former", "ex", "ex-", "erstwhile", "late", "retired", "outgoing", "previous"})
_THEN = frozenset({"then", "then-"})
_EXTRA_TITLE_WORDS = (
    "and",
    "of",
    "for",
    "chief",
    "head",
    "deputy",
    "acting",
    "former",
    "then",
    "then-",
    "ex",
    "state",
    "under",
    "vice",
    "first",
    "top",
    "general",
    "senior",
    "military",
    "affairs",
    "defence",
    "defense",
    "foreign",
)
_HEAD_WORDS = frozenset({"head", "chief", "director", "boss", "leader", "director-general", "commander"})
_SUBORDINATE = frozenset(
    {"deputy", "under", "assistant", "vice", "spokesman", "spokeswoman", "official", "adviser"}
)
#: Titles that, next to an organisation, name its head ("Commission President").
_CHAIR_WORDS = frozenset({"president", "chairman", "chairwoman", "chair"})
#: Kinds a generic title can stand for.
_LEADER = frozenset({"head_of_state", "head_of_government", "party_leader", "group_leader"})


@dataclass(frozen=True)
class StatedRole:
    """A role as the text states it, parsed against offices.yaml and the parties."""

    text: str
    kinds: frozenset[str]
    state: str | None
    org: str | None
    former: bool
    then: bool


class RoleChecker:
    """The ``armswatch_roles_v1`` component: writes ``doc._.aw_roles`` (a list of RoleClaim)."""

    def __init__(self, nlp: Language, ctx: ExtractContext) -> None:
        self.ctx = ctx
        kb = ctx.kb
        self.orgs: list[tuple[re.Pattern[str], str, str, str]] = []
        for org in kb.offices_file.organisations:
            for name in org.names:
                flags = 0 if name.isupper() else re.IGNORECASE
                self.orgs.append(
                    (re.compile(r"\b" + re.escape(name) + r"\b", flags), org.id, org.state, org.head_office)
                )
        self.orgs.sort(key=lambda o: -len(o[0].pattern))
        titles: list[tuple[str, str]] = []
        for ot in kb.offices_file.office_titles:
            for t in ot.titles:
                titles.append((norm(t), ot.kind))
        titles.sort(key=lambda t: -len(t[0]))
        self.titles = [(re.compile(r"\b" + re.escape(t) + r"\b"), k) for t, k in titles]
        vocab = {w for t, _ in titles for w in t.split()} | set(_EXTRA_TITLE_WORDS)
        for org in kb.offices_file.organisations:
            for name in org.names:
                vocab.update(norm(name).split())
        self.title_vocab = frozenset(vocab)
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        names: dict[str, str] = {}
        for o in kb.officials.values():
            for n in [o.name, *o.aliases]:
                if len(n.split()) >= 2 or n == o.name:
                    names.setdefault(n, o.id)
        for n, oid in names.items():
            self.matcher.add(oid, [nlp.tokenizer(n), nlp.tokenizer(n.replace("'", "\u2019"))])

    def __call__(self, doc: Doc) -> Doc:
        published: date | None = doc._.aw_published
        matcher = self.matcher
        spans = [Span(doc, s, e, label=doc.vocab.strings[mid]) for mid, s, e in matcher(doc)]
        claims: list[RoleClaim] = []
        seen: set[tuple[int, int]] = set()
        kept = filter_spans(spans)
        name_tokens = {i for sp in kept for i in range(sp.start, sp.end)}
        for span in kept:
            others = name_tokens - set(range(span.start, span.end))
            for role_tokens in self._role_phrases(span, others):
                key = (role_tokens[0].i, role_tokens[-1].i)
                if key in seen:
                    continue
                seen.add(key)
                stated = self._parse(doc, role_tokens)
                if stated is None or stated.former:
                    continue
                claims.append(self._check(span, stated, role_tokens, published))
        doc._.aw_roles = claims
        return doc

    # -- finding statements ------------------------------------------------------------------
    def _role_phrases(self, span: Span, other_names: set[int]) -> list[list[Token]]:
        head = span.root
        doc = span.doc
        out: list[list[Token]] = []
        for c in head.children:
            if c.dep_ == "appos":
                toks = [
                    t
                    for t in c.subtree
                    if t.dep_ != "relcl"
                    and not any(a.dep_ == "relcl" for a in t.ancestors if a.i > c.i and a in c.subtree)
                ]
                toks = _trim(toks)
                if any(t.i in other_names for t in toks):
                    # "a letter to Minister X, President Y wrote": an apposition holding another
                    # official's name names that person (the parse glued them), not X's office
                    continue
                if toks:
                    out.append(toks)
        run = self._title_run(span, other_names)
        if run:
            out.append(run)
        # "X, the head of Y" parsed with Y's NP as the head: name is an appos of the role.
        if head.dep_ == "appos" and head.head.i < span.start:
            role_head = head.head
            toks = [t for t in role_head.subtree if t.i < span.start and t.dep_ != "relcl"]
            cut = [t.i for t in toks if t.ent_type_ == "PERSON" or t.i in other_names]
            toks = _trim([t for t in toks if not cut or t.i > max(cut)])
            if toks and toks[-1].i < span.start:
                out.append(toks)
        return [o for o in out if o and len(o) <= 20 and doc[o[0].i : o[-1].i + 1].text.strip()]

    def _title_run(self, span: Span, other_names: set[int]) -> list[Token]:
        """Title words right before the name ("Poland's deputy prime minister and defence minister X").

        A surface scan, not the parse: title sequences before names are often mis-parsed.
        """
        doc = span.doc
        parties = {i for s in doc.spans.get("aw_party", []) for i in range(s.start, s.end)}
        run: list[Token] = []
        i = span.start - 1
        while i >= 0:
            t = doc[i]
            if t.i in other_names or (t.ent_type_ == "PERSON" and t.i not in parties):
                break
            ok = t.i in parties or t.lower_ in self.title_vocab or t.text in ("'s", "\u2019s", "-")
            if not ok:
                break
            run.insert(0, t)
            i -= 1
        while run and run[0].lower_ in ("and", "of", "-", "'s", "\u2019s", "for", "to"):
            run = run[1:]
        return run

    # -- parsing a stated role -------------------------------------------------------------
    def _parse(self, doc: Doc, toks: list[Token]) -> StatedRole | None:
        text = doc[toks[0].i : toks[-1].i + 1].text
        low = norm(text)
        kinds: set[str] = set()
        org_id = org_state = None
        org_kind = None
        for pat, oid, ostate, kind in self.orgs:
            if pat.search(text):
                org_id, org_state, org_kind = oid, ostate, kind
                break
        rest = low
        for pat, kind in self.titles:
            # every title stated ("deputy prime minister and defence minister"), longest first
            if pat.search(rest):
                kinds.add(kind)
                rest = pat.sub(" ", rest)
        words_all = set(re.findall(r"[a-z-]+", low))
        if not kinds and org_kind is not None:
            # "head of the GRU", "HUR chief": the organisation's head; not its deputies or spokesmen
            if words_all & _HEAD_WORDS and not words_all & _SUBORDINATE:
                kinds = {org_kind}
        elif org_kind is not None and kinds == {"head_of_state"} and words_all & _CHAIR_WORDS:
            kinds = {org_kind}  # "Commission President X": the organisation's head, not a state's
        elif org_kind is not None and kinds != {org_kind}:
            org_id = None  # "Pentagon spokesman": the organisation is not the office's
        if not kinds:
            return None
        state = None
        for s in doc.spans.get("aw_party", []):
            if toks[0].i <= s.start and s.end <= toks[-1].i + 1:
                state = s.kb_id_
                break
        if state is None:
            state = org_state
        words = set(re.findall(r"[a-z-]+", low))
        return StatedRole(
            text=text,
            kinds=frozenset(kinds),
            state=state,
            org=org_id,
            former=bool(words & _FORMER),
            then=bool(words & _THEN) or "then-" in low,
        )

    # -- checking ----------------------------------------------------------------------------
    def _matches(self, off: Office, stated: StatedRole) -> bool:
        kinds = stated.kinds
        if off.kind not in kinds and not ("leader" in kinds and off.kind in _LEADER):
            return False
        if stated.state is not None and off.state != stated.state:
            return False
        return not (stated.org is not None and off.org is not None and off.org != stated.org)

    def _check(self, span: Span, stated: StatedRole, toks: list[Token], published: date | None) -> RoleClaim:
        kb = self.ctx.kb
        official = kb.officials[span.label_]
        if published is None or stated.then:
            held = list(official.offices)
        else:
            held = kb.offices_at(official.id, published)
        correct = all(
            any(self._matches(o, replace(stated, kinds=frozenset({k}))) for o in held) for k in stated.kinds
        )
        actual = None
        if not correct:
            pool = held or sorted(official.offices, key=lambda o: o.start)[-1:]
            actual = "; ".join(o.title for o in pool) if pool else None
        start = min(span.start_char, toks[0].idx)
        end = max(span.end_char, toks[-1].idx + len(toks[-1].text))
        return RoleClaim(
            person=official.name,
            stated_role=stated.text,
            correct=correct,
            actual_role=actual,
            start=start,
            end=end,
            official_id=official.id,
        )


def _trim(toks: list[Token]) -> list[Token]:
    toks = sorted(toks, key=lambda t: t.i)
    while toks and (toks[0].dep_ in ("det", "punct", "cc") or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].is_punct and toks[-1].text != ")"):
        toks = toks[:-1]
    return toks
