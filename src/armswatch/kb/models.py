"""Pydantic schemas of the knowledge-base data files in ``armswatch/data/``.

Each file is YAML with a top-level ``schema_version``, a list of ``sources`` (where the facts come
from) and its entries. Entries have stable ids. Files are validated at load; see ``kb/loader.py``.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from armswatch.records import CATEGORIES

SCHEMA_VERSION = 1

PartyKind = Literal["state", "historical_state", "group", "bloc"]
OfficeKind = Literal[
    "head_of_state",
    "head_of_government",
    "deputy_head_of_government",
    "defence_minister",
    "deputy_defence_minister",
    "foreign_minister",
    "deputy_foreign_minister",
    "intelligence_chief",
    "security_council_secretary",
    "national_security_adviser",
    "military_chief",
    "spokesperson",
    "un_ambassador",
    "party_leader",
    "group_leader",
    "company_head",
    "interior_minister",
    "other",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FileHeader(_Strict):
    schema_version: int
    sources: list[str] = Field(min_length=1, description="Where the facts in this file come from.")
    description: str | None = None


class Party(_Strict):
    """A state, former state, non-state armed group or bloc that can supply or receive."""

    id: str = Field(
        description="ISO alpha-3 (PRK), historical code (SUN), bloc (NATO) or group slug (hezbollah)."
    )
    kind: PartyKind
    name: str
    aliases: list[str] = []
    demonyms: list[str] = []
    capitals: list[str] = []
    metonyms: list[str] = Field(default=[], description="Government metonyms: 'the Kremlin', 'Whitehall'.")
    case_sensitive: list[str] = Field(
        default=[],
        description="Surface forms that are also common words or names ('US', 'Chad', 'Turkey'): "
        "match them only with exactly this capitalisation.",
    )
    contextual: list[str] = Field(
        default=[],
        description="Generic forms ('separatists', 'rebels') that name this group only in a document "
        "that also mentions one of its `context` parties; never entered in the plain look-up.",
    )
    context: list[str] = Field(default=[], description="Party ids whose mention licenses `contextual` forms.")
    valid_from: date | None = None
    valid_to: date | None = None


class PartiesFile(FileHeader):
    parties: list[Party]


class Company(_Strict):
    id: str
    name: str
    aliases: list[str] = []
    state: str = Field(description="Party id of the home state (SIPRI convention).")


class CompaniesFile(FileHeader):
    companies: list[Company]


class WeaponSystem(_Strict):
    id: str
    name: str = Field(description="Canonical designation, e.g. 'Shahed-136'.")
    aliases: list[str] = []
    category: str
    caliber_mm: int | None = None
    origin: str | None = Field(default=None, description="Party id of the designing state.")
    description: str | None = None
    case_sensitive: list[str] = Field(
        default=[],
        description="Name or aliases that are also everyday words ('Tornado', 'Patriot', 'Grad'): "
        "match them only with exactly this capitalisation.",
    )


class GenericTerm(_Strict):
    """A generic weapon noun ('shells', 'howitzers') and its category."""

    term: str = Field(description="Lower-case lemma or phrase, e.g. 'artillery shell'.")
    category: str
    forms: list[str] = Field(default=[], description="Other surface forms (plurals, spellings).")
    civil_modifiers: list[str] = Field(
        default=[],
        description="Modifiers that give the noun its everyday sense ('copper mines', 'coal mines'): "
        "no weapon then.",
    )
    materiel_of_only: list[str] = Field(
        default=[],
        description="Forms that are materiel only when an of-phrase, if any, names materiel or a "
        "calibre ('rounds of ammunition', not 'rounds of talks').",
    )
    unit_forms: list[str] = Field(
        default=[],
        description="Bare forms that name a unit of some weapon ('battery'): the mention takes the "
        "category of the weapon its of-phrase names ('batteries of the BrahMos missile'), directly or "
        "through an earlier mention it repeats ('the first batteries').",
    )


class SystemsFile(FileHeader):
    systems: list[WeaponSystem]
    generic_terms: list[GenericTerm]


class Office(_Strict):
    kind: OfficeKind
    state: str = Field(description="Party id the office belongs to.")
    org: str | None = Field(default=None, description="Organisation id in organisations (e.g. 'HUR').")
    title: str = Field(description='Readable title, e.g. "head of Ukraine\'s Defence Intelligence (HUR)".')
    start: date
    end: date | None = None


class Official(_Strict):
    id: str
    name: str
    aliases: list[str] = []
    offices: list[Office] = Field(min_length=1)


class Organisation(_Strict):
    """A government body whose head is an office ('GRU' → RUS intelligence_chief)."""

    id: str
    state: str
    names: list[str]
    head_office: OfficeKind


class OfficeTitle(_Strict):
    """Words that state an office kind ('defence minister', 'defense secretary')."""

    kind: OfficeKind
    titles: list[str]


class OfficialsFile(FileHeader):
    officials: list[Official]


class OfficesFile(FileHeader):
    """Organisations whose heads hold an office, and the words that state office kinds."""

    organisations: list[Organisation]
    office_titles: list[OfficeTitle]


class CueLexicon(FileHeader):
    """Words that signal transfers, status and attribution. Verbs are given as lemmas."""

    give_verbs: list[str] = Field(description="Subject is the supplier: send, supply, deliver, sell…")
    get_verbs: list[str] = Field(description="Subject is the recipient: receive, buy, acquire…")
    give_nouns: list[str] = Field(description="Nominal triggers: delivery, supply, shipment, sale…")
    get_nouns: list[str] = Field(
        description="Nominal triggers with recipient as possessor: purchase, import…"
    )
    multiword_triggers: list[str] = Field(default=[], description="'hand over', 'approve a sale of'…")
    relation_nouns: list[str] = Field(
        default=[], description="'accession to NATO', 'a visit to Kyiv': their to-phrase names no recipient."
    )
    government_nouns: list[str] = Field(
        default=[],
        description="'the Biden administration', 'the Putin government': a leader's name with one of these "
        "is the state they led.",
    )
    motion_verbs: list[str] = Field(
        default=[],
        description="Verbs moving materiel to a place: fly, truck… (passive: origin → place's state).",
    )
    departure_verbs: list[str] = Field(
        default=[],
        description="Motion verbs whose object is the origin and for-object the goal: 'left X for Y'.",
    )
    force_nouns: list[str] = Field(
        default=[], description="Armed forces moving themselves ('troops crossed into X'): no transfer."
    )
    provenance_verbs: list[str] = Field(
        default=[], description="'X's rockets came from Iran': from-object supplier, possessor recipient."
    )
    possession_verbs: list[str] = Field(
        default=[], description="'Iraqi forces lost 2,300 Humvees': the subject holds the materiel."
    )
    destined_words: list[str] = Field(
        default=[], description="'missile parts bound for the Houthis': origin → for-party."
    )
    place_nouns: list[str] = Field(
        default=[], description="Places inside a state named by a near/in/outside-phrase: base, port…"
    )
    particle_give_verbs: list[str] = Field(
        default=[], description="Give verbs only with their particle, 'verb particle': 'pass on'…"
    )
    assist_verbs: list[str] = Field(
        default=[], description="Help verbs whose object is a weapons programme: assist, help…"
    )
    assist_nouns: list[str] = Field(default=[], description="Help nouns: assistance, help…")
    programme_nouns: list[str] = Field(
        default=[], description="Nouns for a weapons effort that help goes to: programme, production…"
    )
    civil_modifiers: list[str] = Field(
        default=[], description="Modifiers making a programme civil: power, energy, civilian…"
    )
    wmd_modifiers: list[str] = Field(
        default=[], description="Modifiers tying a programme to weapons of mass destruction: nuclear…"
    )
    deal_nouns: list[str] = Field(
        default=[], description="'signed an agreement with France for 26 Rafales' (deal_frames.py)."
    )
    signing_verbs: list[str] = Field(
        default=[], description="Verbs whose subject is a party to the deal noun they take: sign, conclude…"
    )
    list_verbs: list[str] = Field(
        default=[], description="'the aid list also shows 40 Marders': list a deal's items after a deal noun."
    )
    list_nouns: list[str] = Field(
        default=[], description="'the latest aid list', 'the new tranche': a list of a transfer's items."
    )
    hedges: list[str]
    denials: list[str]
    plans: list[str]
    attribution_verbs: list[str]
    attribution_phrases: list[str]
    non_transfer: list[str] = Field(
        description="Deploy, test, produce, use… governing a trigger: not a transfer."
    )
    refusals: list[str]
    private_persons: list[str] = Field(
        default=[],
        description="Nouns for private individuals ('businessman', 'arms dealer'): a demonym or "
        "party modifying them names a nationality, not a state party to the transfer.",
    )
    experts: list[str] = Field(
        default=[],
        description="Private-person nouns that, in the plural, are a state's experts ('Chinese engineers "
        "helped…'): their nationality stays a party.",
    )
    production_nouns: list[str] = Field(
        default=[],
        description="Nouns for making materiel ('production', 'manufacture'): what their of-phrase "
        "names is made by the recipient, not handed over.",
    )
    combat_verbs: list[str] = Field(
        default=[],
        description="Verbs of fighting ('intercept', 'shoot down'): their object is a target, not "
        "materiel handed over.",
    )
    needs: list[str] = Field(
        default=[],
        description="Verbs of lacking materiel ('need', 'lack'): their object is no transfer.",
    )
    exclusion_verbs: list[str] = Field(
        default=[],
        description="Verbs of excluding a buyer from a programme ('remove', 'expel'): its planned "
        "purchases of the programme's items are off.",
    )
    civil_carriers: list[str] = Field(
        default=[],
        description="Words after a party name that make it an airline ('Qatar Airways', 'Turkish "
        "Airlines'): the name is no party; 'Air' before it likewise ('Air India').",
    )
    exclusion_nouns: list[str] = Field(
        default=[], description="Nouns a buyer is excluded from: 'programme', 'project', 'consortium'…"
    )
    consortium_nouns: list[str] = Field(
        default=[],
        description="Joint-programme nouns ('programme', 'consortium'): a weapon modifying them names "
        "the programme, not materiel changing hands.",
    )
    arming_verbs: list[str] = Field(
        default=[], description="Verbs of arming a party ('arm'): weapons of no stated kind ('other')."
    )
    maker_nouns: list[str] = Field(
        default=[],
        description="Nouns for the maker of materiel ('their Serbian manufacturer'): its state made the "
        "items named with it.",
    )
    member_nouns: list[str] = Field(
        default=[], description="Nouns for a member of a bloc ('NATO member'): a state, not the bloc."
    )
    deployment_nouns: list[str] = Field(
        default=[],
        description="Purposes of sending own forces abroad ('on a port visit', 'for exercises'): a "
        "deployment, not a transfer.",
    )
    exhortations: list[str] = Field(
        default=[],
        description="Verbs of urging a party to act ('urge', 'call on'): a transfer urged by anyone "
        "but its recipient is not a transfer.",
    )
    purchase_verbs: list[str] = Field(
        default=[],
        description="Get-verbs of a deal ('buy'): in the present progressive ('is buying') the deal "
        "is under way and the delivery still to come (planned).",
    )


class Centroid(_Strict):
    id: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class CentroidsFile(FileHeader):
    centroids: list[Centroid]


def check_category(value: str) -> str:
    if value not in CATEGORIES:
        raise ValueError(f"unknown category {value!r}; use one of {', '.join(CATEGORIES)}")
    return value
