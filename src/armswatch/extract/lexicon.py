"""Look-up tables the extraction components build once from a :class:`KnowledgeBase`.

One ``Lexicon`` per Extractor; components receive it through the ``nlp`` object (see ``pipeline.py``),
never through module globals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from armswatch.kb.loader import KnowledgeBase, norm

#: Anaphoric noun phrases and pronouns that may refer back to a party named earlier.
ANAPHORS: frozenset[str] = frozenset(
    {
        "it",
        "they",
        "its",
        "their",
        "country",
        "regime",
        "government",
        "nation",
        "state",
        "kingdom",
        "republic",
    }
)

#: Former states whose government sat where a current state's does: before the former state's
#: ``valid_to`` date, the current state's capital and metonyms ("Moscow", "the Kremlin",
#: "Belgrade") name the former state (SIPRI codes Soviet deliveries as USSR).
PREDECESSORS: dict[str, str] = {"RUS": "SUN", "SRB": "YUG"}

#: Generic words for materiel with no type: category ``other``.
GENERIC_ARMS: dict[str, str] = {
    "arms": "other",
    "weapons": "other",
    "weapon": "other",
    "weaponry": "other",
    "military equipment": "other",
    "military hardware": "other",
    "military aid": "other",
    "military assistance": "other",
    "security assistance": "other",
    "military supplies": "other",
    "equipment": "other",
    "materiel": "other",
    "munitions": "ammunition",
    "ammunition": "ammunition",
    "military technology": "other",
    "technology": "other",
    "know-how": "other",
    "technical assistance": "other",
    "components": "other",
}


@dataclass(frozen=True)
class SystemEntry:
    """What a system or generic weapon term means."""

    name: str
    category: str
    caliber_mm: int | None = None
    system_id: str | None = None
    origin: str | None = None


@dataclass
class Lexicon:
    """Surface forms (normalised) → meaning, plus cue sets, derived from the KB."""

    parties: dict[str, str] = field(default_factory=dict)
    demonyms: set[str] = field(default_factory=set)
    companies: set[str] = field(default_factory=set)
    items: dict[str, SystemEntry] = field(default_factory=dict)
    give_verbs: frozenset[str] = frozenset()
    get_verbs: frozenset[str] = frozenset()
    give_nouns: frozenset[str] = frozenset()
    get_nouns: frozenset[str] = frozenset()
    motion_verbs: frozenset[str] = frozenset()
    departure_verbs: frozenset[str] = frozenset()
    force_nouns: frozenset[str] = frozenset()
    place_nouns: frozenset[str] = frozenset()
    provenance_verbs: frozenset[str] = frozenset()
    possession_verbs: frozenset[str] = frozenset()
    destined_words: frozenset[str] = frozenset()
    deal_nouns: frozenset[str] = frozenset()
    signing_verbs: frozenset[str] = frozenset()
    list_verbs: frozenset[str] = frozenset()
    list_nouns: frozenset[str] = frozenset()
    hedges: frozenset[str] = frozenset()
    denials: frozenset[str] = frozenset()
    plans: frozenset[str] = frozenset()
    attribution_verbs: frozenset[str] = frozenset()
    attribution_phrases: tuple[str, ...] = ()
    non_transfer: frozenset[str] = frozenset()
    refusals: frozenset[str] = frozenset()
    private_persons: frozenset[str] = frozenset()
    experts: frozenset[str] = frozenset()
    relation_nouns: frozenset[str] = frozenset()
    exhortations: frozenset[str] = frozenset()
    production_nouns: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    combat_verbs: frozenset[str] = frozenset()
    exclusion_verbs: frozenset[str] = frozenset()
    exclusion_nouns: frozenset[str] = frozenset()
    consortium_nouns: frozenset[str] = frozenset()
    member_nouns: frozenset[str] = frozenset()
    maker_nouns: frozenset[str] = frozenset()
    arming_verbs: frozenset[str] = frozenset()
    deployment_nouns: frozenset[str] = frozenset()
    purchase_verbs: frozenset[str] = frozenset()
    party_kinds: dict[str, str] = field(default_factory=dict)
    unit_forms: frozenset[str] = frozenset()
    particle_give: frozenset[tuple[str, str]] = frozenset()
    assist_verbs: frozenset[str] = frozenset()
    assist_nouns: frozenset[str] = frozenset()
    programme_nouns: frozenset[str] = frozenset()
    wmd_modifiers: frozenset[str] = frozenset()
    civil_programme_modifiers: frozenset[str] = frozenset()
    civil_modifiers: dict[str, frozenset[str]] = field(default_factory=dict)
    materiel_of_only: frozenset[str] = frozenset()
    civil_carriers: frozenset[str] = frozenset()

    @classmethod
    def from_kb(cls, kb: KnowledgeBase) -> Lexicon:
        """Build every table from the KB (parties, companies, systems, generic terms, cues)."""
        lex = cls()
        lex.parties = dict(kb.party_names)
        lex.party_kinds = {p.id: p.kind for p in kb.parties.values()}
        for p in kb.parties.values():
            for d in p.demonyms:
                lex.demonyms.add(norm(d))
        for c in kb.companies.values():
            for s in [c.name, *c.aliases]:
                lex.companies.add(norm(s))
        for term, cat in GENERIC_ARMS.items():
            lex.items[norm(term)] = SystemEntry(name=term, category=cat)
        units: set[str] = set()
        of_only: set[str] = set()
        for g in kb.systems_file.generic_terms:
            units.update(norm(u) for u in g.unit_forms)
            of_only.update(norm(u) for u in g.materiel_of_only)
            if g.civil_modifiers:
                for f in [g.term, *g.forms]:
                    lex.civil_modifiers[norm(f)] = frozenset(norm(m) for m in g.civil_modifiers)
            entry = SystemEntry(name=g.term, category=g.category)
            for s in [g.term, *g.forms]:
                lex.items[norm(s)] = entry
        for ws in kb.systems.values():
            entry = SystemEntry(
                name=ws.name,
                category=ws.category,
                caliber_mm=ws.caliber_mm,
                system_id=ws.id,
                origin=ws.origin,
            )
            for surface in [ws.name, *ws.aliases]:
                lex.items[norm(surface)] = entry
        lex.unit_forms = frozenset(units)
        lex.materiel_of_only = frozenset(of_only)
        cues = kb.cues
        lex.give_verbs = frozenset(norm(x) for x in cues.give_verbs)
        lex.get_verbs = frozenset(norm(x) for x in cues.get_verbs)
        lex.give_nouns = frozenset(norm(x) for x in cues.give_nouns)
        lex.get_nouns = frozenset(norm(x) for x in cues.get_nouns)
        lex.motion_verbs = frozenset(norm(x) for x in cues.motion_verbs)
        lex.departure_verbs = frozenset(norm(x) for x in cues.departure_verbs)
        lex.force_nouns = frozenset(norm(x) for x in cues.force_nouns)
        lex.place_nouns = frozenset(norm(x) for x in cues.place_nouns)
        lex.provenance_verbs = frozenset(norm(x) for x in cues.provenance_verbs)
        lex.possession_verbs = frozenset(norm(x) for x in cues.possession_verbs)
        lex.destined_words = frozenset(norm(x) for x in cues.destined_words)
        lex.deal_nouns = frozenset(norm(x) for x in cues.deal_nouns)
        lex.signing_verbs = frozenset(norm(x) for x in cues.signing_verbs)
        lex.list_verbs = frozenset(norm(x) for x in cues.list_verbs)
        lex.list_nouns = frozenset(norm(x) for x in cues.list_nouns)
        lex.hedges = frozenset(norm(x) for x in cues.hedges)
        lex.denials = frozenset(norm(x) for x in cues.denials)
        lex.plans = frozenset(norm(x) for x in cues.plans)
        lex.attribution_verbs = frozenset(norm(x) for x in cues.attribution_verbs)
        lex.attribution_phrases = tuple(norm(x) for x in cues.attribution_phrases)
        lex.non_transfer = frozenset(norm(x) for x in cues.non_transfer)
        lex.refusals = frozenset(norm(x) for x in cues.refusals)
        lex.private_persons = frozenset(norm(x) for x in cues.private_persons)
        lex.experts = frozenset(norm(x) for x in cues.experts)
        lex.relation_nouns = frozenset(norm(x) for x in cues.relation_nouns)
        lex.exhortations = frozenset(norm(x) for x in cues.exhortations)
        lex.civil_carriers = frozenset(norm(x) for x in cues.civil_carriers)
        lex.production_nouns = frozenset(norm(x) for x in cues.production_nouns)
        lex.needs = frozenset(norm(x) for x in cues.needs)
        lex.combat_verbs = frozenset(norm(x) for x in cues.combat_verbs)
        lex.exclusion_verbs = frozenset(norm(x) for x in cues.exclusion_verbs)
        lex.exclusion_nouns = frozenset(norm(x) for x in cues.exclusion_nouns)
        lex.consortium_nouns = frozenset(norm(x) for x in cues.consortium_nouns)
        lex.member_nouns = frozenset(norm(x) for x in cues.member_nouns)
        lex.maker_nouns = frozenset(norm(x) for x in cues.maker_nouns)
        lex.arming_verbs = frozenset(norm(x) for x in cues.arming_verbs)
        lex.deployment_nouns = frozenset(norm(x) for x in cues.deployment_nouns)
        lex.particle_give = frozenset(
            (verb, prt) for x in cues.particle_give_verbs for verb, _, prt in [norm(x).partition(" ")]
        )
        lex.assist_verbs = frozenset(norm(x) for x in cues.assist_verbs)
        lex.assist_nouns = frozenset(norm(x) for x in cues.assist_nouns)
        lex.programme_nouns = frozenset(norm(x) for x in cues.programme_nouns)
        lex.wmd_modifiers = frozenset(norm(x) for x in cues.wmd_modifiers)
        lex.civil_programme_modifiers = frozenset(norm(x) for x in cues.civil_modifiers)
        lex.purchase_verbs = frozenset(norm(x) for x in cues.purchase_verbs)
        return lex

    def trigger_lemmas(self) -> frozenset[str]:
        """Every single-word trigger lemma (verbs and nouns)."""
        particles = frozenset(verb for verb, _ in self.particle_give)
        return (
            self.give_verbs
            | self.get_verbs
            | self.give_nouns
            | self.get_nouns
            | particles
            | self.assist_verbs
            | self.assist_nouns
        )

    def frame_verbs(self) -> frozenset[str]:
        """Words that open the special frames (motion to a place, destination, provenance)."""
        return self.motion_verbs | self.provenance_verbs | self.destined_words | self.deal_nouns
