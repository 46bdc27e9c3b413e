"""The model's attribute ruler, matched without spaCy's ``Matcher`` (speed only; same output).

The English model's ``attribute_ruler`` maps tags to coarse POS and morphology with ~180 token
patterns. spaCy's ``Matcher`` calls a Python predicate for every ``IN`` / ``NOT_IN`` / ``REGEX``
condition at every token, which made this component ~8 % of the parsing time. The patterns only
look at a handful of token attributes (tag, lower-case form, dependency label, "is space"), so the
set of one-token patterns that match a token is a function of those attributes: it is computed
once per distinct combination and cached. The few multi-token patterns ("gon na", "let 's") are
checked by hand where their first token matches. Matched attributes are then set exactly as the
attribute ruler does (:func:`set_token_attrs`, in rule order, so later rules win).

When a pattern uses something this matcher does not implement (an operator such as ``OP``, an
attribute it does not read, a predicate other than ``IN``/``NOT_IN``/``REGEX``), or a document lacks
an annotation the patterns read, the original component runs instead.
``tests/test_extract_fast_attrs.py`` checks token by token that POS, morphology, lemma, tag and
dependency label are those of spaCy's component.
"""

import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

#: Token attributes a pattern may test: pattern key → spaCy attribute id.
_STRING_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG, "POS": POS, "DEP": DEP}
_BOOL_ATTRS = {"IS_SPACE": IS_SPACE}
#: Annotations a document must have for a key to be read as the ``Matcher`` reads it.
_NEEDS = {"TAG": "TAG", "POS": "POS", "DEP": "DEP"}

#: Distinct token attribute combinations kept (the cache is emptied when full).
_CACHE_SIZE = 200_000

_Test = Callable[[tuple[Any, ...]], bool]


class _Unsupported(Exception):
    pass


class FastAttributeRuler:
    """Drop-in replacement for a loaded :class:`~spacy.pipeline.AttributeRuler` (see module doc)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.strings = ruler.vocab.strings
        self.attrs = ruler.attrs
        self.indices = ruler.indices
        self.keys: list[str] = []
        self.single: list[tuple[int, _Test]] = []
        #: One-token patterns by the tag they require (those that require none under ``None``).
        self.by_tag: dict[str | None, list[tuple[int, _Test]]] = {}
        self.multi: list[tuple[int, int, list[_Test]]] = []
        self.cache: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        try:
            self._compile(ruler.patterns)
            self.supported = True
        except _Unsupported:
            self.supported = False
        self.needs = sorted({_NEEDS[k] for k in self.keys if k in _NEEDS})

    def _compile(self, patterns: list[dict[str, Any]]) -> None:
        specs: list[tuple[int, int, list[dict[str, Any]]]] = []
        for attr_id, p in enumerate(patterns):
            if p.get("index", 0) != self.indices[attr_id]:
                raise _Unsupported
            for pattern in p["patterns"]:
                if not isinstance(pattern, list) or not pattern:
                    raise _Unsupported
                for spec in pattern:
                    for key in spec:
                        if key not in _STRING_ATTRS and key not in _BOOL_ATTRS:
                            raise _Unsupported
                        if key not in self.keys:
                            self.keys.append(key)
                specs.append((attr_id, self.indices[attr_id], pattern))
        for attr_id, index, pattern in specs:
            tests = [self._test(spec) for spec in pattern]
            if len(pattern) == 1:
                if index not in (0, -1):
                    raise _Unsupported
                self.single.append((attr_id, tests[0]))
                tag = pattern[0].get("TAG")
                self.by_tag.setdefault(tag if isinstance(tag, str) else None, []).append((attr_id, tests[0]))
            else:
                if not -len(pattern) <= index < len(pattern):
                    raise _Unsupported
                self.multi.append((attr_id, index % len(pattern), tests))

    def _test(self, spec: dict[str, Any]) -> _Test:
        """A test on a token's attribute values (strings; booleans for ``IS_*``), as the ``Matcher``."""
        checks: list[tuple[int, str, Any]] = []
        for key, value in spec.items():
            pos = self.keys.index(key)
            if key in _BOOL_ATTRS:
                if not isinstance(value, bool):
                    raise _Unsupported
                checks.append((pos, "EQ", value))
            elif isinstance(value, str):
                checks.append((pos, "EQ", value))
            elif isinstance(value, dict) and len(value) == 1:
                op, arg = next(iter(value.items()))
                if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
                    checks.append((pos, op, frozenset(arg)))
                elif op == "REGEX" and isinstance(arg, str):
                    checks.append((pos, op, re.compile(arg)))
                else:
                    raise _Unsupported
            else:
                raise _Unsupported

        def test(values: tuple[Any, ...]) -> bool:
            for pos, op, arg in checks:
                v = values[pos]
                if op == "EQ":
                    ok = v == arg
                elif op == "IN":
                    ok = v in arg
                elif op == "NOT_IN":
                    ok = v not in arg
                else:
                    ok = arg.search(v) is not None
                if not ok:
                    return False
            return True

        return test

    def _values(self, row: tuple[int, ...]) -> tuple[Any, ...]:
        return tuple(
            bool(h) if key in _BOOL_ATTRS else self.strings[h] for key, h in zip(self.keys, row, strict=True)
        )

    def _matches(self, row: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Attr ids of the one-token patterns matching a token; multi-token patterns it may start."""
        hit = self.cache.get(row)
        if hit is None:
            values = self._values(row)
            tag = values[self.keys.index("TAG")] if "TAG" in self.keys else None
            candidates = self.by_tag.get(None, []) + (self.by_tag.get(tag, []) if tag is not None else [])
            ids = tuple(sorted({a for a, test in candidates if test(values)}))
            starts = tuple(n for n, (_, _, tests) in enumerate(self.multi) if tests[0](values))
            if len(self.cache) >= _CACHE_SIZE:
                self.cache.clear()
            hit = self.cache[row] = (ids, starts)
        return hit

    def __call__(self, doc: Doc) -> Doc:
        if not self.supported or any(not doc.has_annotation(a) for a in self.needs):
            return self.ruler(doc)
        ids = [_STRING_ATTRS.get(k) or _BOOL_ATTRS[k] for k in self.keys]
        rows = [tuple(r) for r in doc.to_array(ids).tolist()] if len(doc) else []
        hits = [self._matches(row) for row in rows]
        extra: dict[int, list[int]] = {}
        for i, (_, starts) in enumerate(hits):
            for n in starts:
                attr_id, index, tests = self.multi[n]
                if i + len(tests) <= len(rows) and all(
                    t(self._values(rows[i + k])) for k, t in enumerate(tests[1:], start=1)
                ):
                    extra.setdefault(i + index, []).append(attr_id)
        attrs = self.attrs
        for i, (hit, _) in enumerate(hits):
            more = extra.get(i) if extra else None
            if more:
                hit = tuple(sorted({*hit, *more}))
            elif not hit:
                continue
            token = doc[i]
            for attr_id in hit:  # in rule order: later rules win, as in the attribute ruler
                set_token_attrs(token, attrs[attr_id])
        return doc


@Language.factory("armswatch_attribute_ruler_v1")
def make_fast_attribute_ruler(
    nlp: Language, name: str, source: str = "attribute_ruler"
) -> FastAttributeRuler:
    """The cached form of the model's attribute ruler ``source`` (which it then replaces)."""
    ruler = nlp.get_pipe(source)
    if not isinstance(ruler, AttributeRuler):
        raise TypeError(f"{source} is not an AttributeRuler")
    return FastAttributeRuler(ruler)
