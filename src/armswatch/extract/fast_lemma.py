"""The model's rule lemmatizer with a complete cache (speed only; same lemmas).

spaCy's rule lemmatizer caches only the lemmas it derives from its rule tables, not those of
base forms, proper nouns or spaces, which it recomputes at every token; and it looks derived forms
up in a *list* of known words (``form in index``: a scan of thousands of words), which made it
~10 % of the parsing time on text not seen before. This component computes the same lemma (the
first of ``rule_lemmatize``'s forms, by the same steps, with the word list as a set) once per
(word, POS, morphology) and writes the lemmas of a document with one ``Doc.from_array`` call.
Lemmas already set (by the attribute ruler's exceptions) are kept, as spaCy does unless
``overwrite``. Any other lemmatizer mode runs the original component.
``tests/test_extract_fast_lemma.py`` checks the lemmas against spaCy's on the report sets.
"""

from typing import Any

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

#: Distinct (word, POS, morphology) combinations kept (the cache is emptied when full).
_CACHE_SIZE = 200_000


class FastLemmatizer:
    """Drop-in replacement for a loaded rule-mode :class:`~spacy.pipeline.Lemmatizer`."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.supported = lemmatizer.mode == "rule"
        self.cache: dict[tuple[int, int, int], int] = {}
        self._tables: dict[str, tuple[bool, frozenset[str], dict[str, Any], Any]] = {}

    def _tables_for(self, univ_pos: str) -> tuple[bool, frozenset[str], dict[str, Any], Any]:
        """(any table has entries, known words, exceptions, rules) for a universal POS."""
        hit = self._tables.get(univ_pos)
        if hit is None:
            lookups = self.lemmatizer.lookups
            index = lookups.get_table("lemma_index", {}).get(univ_pos)
            exceptions = lookups.get_table("lemma_exc", {}).get(univ_pos)
            rules = lookups.get_table("lemma_rules", {}).get(univ_pos)
            hit = (any((index, exceptions, rules)), frozenset(index or ()), exceptions or {}, rules or {})
            self._tables[univ_pos] = hit
        return hit

    def lemma(self, token: Token) -> str:
        """The first form of ``Lemmatizer.rule_lemmatize(token)`` (same steps, see the module doc)."""
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space"):
            return str(self.lemmatizer.rule_lemmatize(token)[0])  # warns on a missing POS, as spaCy
        if self.lemmatizer.is_base_form(token):
            return string.lower()
        known, index, exceptions, rules = self._tables_for(univ_pos)
        if not known:
            return string if univ_pos == "propn" else string.lower()
        orig = string
        string = string.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index or not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        if not forms:
            forms.extend(oov_forms)
        if not forms:
            forms.append(orig)
        return forms[0]

    def __call__(self, doc: Doc) -> Doc:
        lem = self.lemmatizer
        if not self.supported or not len(doc):
            return lem(doc)
        if not lem._validated:
            lem._validate_tables(Errors.E1004)
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        strings = doc.vocab.strings
        cache = self.cache
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
            if lemma and not lem.overwrite:
                continue
            key = (orth, pos, morph)
            value = cache.get(key)
            if value is None:
                if len(cache) >= _CACHE_SIZE:
                    cache.clear()
                value = cache[key] = strings.add(self.lemma(doc[i]))
            array[i, 3] = value
            changed = True
        if changed:
            doc.from_array([LEMMA], array[:, 3:4])  # type: ignore[arg-type]
        return doc


@Language.factory("armswatch_lemmatizer_v1")
def make_fast_lemmatizer(nlp: Language, name: str, source: str = "lemmatizer") -> FastLemmatizer:
    """The fully cached form of the model's rule lemmatizer ``source`` (which it then replaces)."""
    lemmatizer = nlp.get_pipe(source)
    if not isinstance(lemmatizer, Lemmatizer):
        raise TypeError(f"{source} is not a Lemmatizer")
    return FastLemmatizer(lemmatizer)
