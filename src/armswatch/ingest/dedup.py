"""Near-duplicate detection: MinHash signatures of word shingles, indexed with LSH (datasketch).

Exact duplicates (same canonical URL or same :func:`~armswatch.ingest.canonical.content_hash`) are
caught by the store. This module finds *near* duplicates — syndicated wire copy, retitled,
trimmed, reordered or padded with boilerplate — so they can be stored but linked to a group.

A candidate from the LSH index is accepted when either the estimated Jaccard similarity of the
shingle sets reaches ``jaccard`` or the estimated *containment* of the smaller set in the larger
reaches ``containment`` (a trimmed copy or one padded with boilerplate has a low Jaccard but a
high containment). The parameters were tuned on ``benchmarks/neardup_eval.py``; see
``docs/performance.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

from armswatch.ingest.canonical import normalise_text
from armswatch.store.rows import StoredSignature

NUM_PERM = 128
SCHEME = "affine32"
"""datasketch 2 permutation scheme; hash values are uint32 (stored little-endian)."""
SHINGLE_WORDS = 3
LSH_THRESHOLD = 0.2
JACCARD = 0.5
CONTAINMENT = 0.6
MIN_SHINGLES = 8
"""Texts with fewer shingles than this are never near-duplicates (too little evidence)."""


@dataclass(frozen=True, slots=True)
class Signature:
    """A MinHash signature with the size of the shingle set it summarises."""

    hashvalues: np.ndarray
    shingles: int
    minhash: MinHash | None = field(default=None, compare=False, repr=False)
    """The datasketch object it came from (reused for LSH look-ups), when computed here."""

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, shingles: int) -> Signature:
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint32), shingles)


@dataclass(frozen=True, slots=True)
class Match:
    """The stored document a new one nearly duplicates, and the group it joins."""

    document_id: str
    group: str
    jaccard: float
    containment: float


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of k-word shingles of the normalised text (the whole text when shorter than k words)."""
    words = normalise_text(text).split()
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


class NearDupIndex:
    """An LSH index of document signatures; query before adding to find a document's group."""

    def __init__(
        self,
        *,
        num_perm: int = NUM_PERM,
        k: int = SHINGLE_WORDS,
        lsh_threshold: float = LSH_THRESHOLD,
        jaccard: float = JACCARD,
        containment: float = CONTAINMENT,
    ) -> None:
        self.num_perm = num_perm
        self.k = k
        self.jaccard = jaccard
        self.containment = containment
        self._lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
        self._sigs: dict[str, Signature] = {}
        self._groups: dict[str, str] = {}
        self._template = MinHash(num_perm=num_perm, scheme=SCHEME)

    def __len__(self) -> int:
        return len(self._sigs)

    def signature(self, text: str) -> Signature:
        """MinHash signature of the text's shingles."""
        sh = shingles(text, self.k)
        m = MinHash(num_perm=self.num_perm, permutations=self._template.permutations, scheme=SCHEME)
        if sh:
            m.update_batch(list(sh))
        return Signature(m.hashvalues.copy(), len(sh), m)

    def _minhash(self, sig: Signature) -> MinHash:
        if sig.minhash is not None:
            return sig.minhash
        return MinHash(
            num_perm=self.num_perm,
            hashvalues=sig.hashvalues,
            permutations=self._template.permutations,
            scheme=SCHEME,
        )

    def query(self, sig: Signature) -> Match | None:
        """The best matching indexed document (earliest group on ties), or None."""
        if sig.shingles < MIN_SHINGLES:
            return None
        cands = [c for c in self._lsh.query(self._minhash(sig)) if self._sigs[c].shingles >= MIN_SHINGLES]
        if not cands:
            return None
        # all candidates at once: estimated Jaccard from equal hash values, then containment of the
        # smaller shingle set from J and both set sizes (|A∩B| = J(|A|+|B|)/(1+J))
        mat = np.stack([self._sigs[c].hashvalues for c in cands])
        sizes = np.array([self._sigs[c].shingles for c in cands], dtype=np.float64)
        j = (mat == sig.hashvalues).sum(axis=1) / self.num_perm
        inter = j * (sig.shingles + sizes) / (1.0 + j)
        c = np.minimum(1.0, inter / np.maximum(1.0, np.minimum(sig.shingles, sizes)))
        best: Match | None = None
        for i in np.flatnonzero((j >= self.jaccard) | (c >= self.containment)):
            m = Match(cands[i], self._groups[cands[i]], float(j[i]), float(c[i]))
            if best is None or _rank(m) > _rank(best):
                best = m
        return best

    def add(self, document_id: str, sig: Signature, group: str | None = None) -> None:
        """Index a document; ``group`` is its near-duplicate group (itself when it starts one)."""
        if document_id in self._sigs:
            return
        self._sigs[document_id] = sig
        self._groups[document_id] = group or document_id
        self._lsh.insert(document_id, self._minhash(sig))

    def load(self, stored: Iterable[StoredSignature]) -> int:
        """Rebuild the index from signatures saved in the store; returns how many were loaded."""
        n = 0
        for s in stored:
            if s.num_perm != self.num_perm:
                continue
            self.add(s.document_id, Signature.from_bytes(s.signature, s.shingles), s.dup_group)
            n += 1
        return n


def _rank(m: Match) -> tuple[float, float, str]:
    # best score first; ties go to the smallest group id, so the result never depends on set order
    return (max(m.jaccard, m.containment), m.jaccard, _neg(m.group))


def _neg(s: str) -> str:
    return "".join(chr(0x10FFFF - ord(ch)) for ch in s)
