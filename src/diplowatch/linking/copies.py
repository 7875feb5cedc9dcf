"""Syndicated copies: the same article on several sites, found by MinHash LSH (datasketch).

An article's fingerprint is the MinHash of its word shingles (title and body). Its LSH band
keys (datasketch picks bands and rows for the threshold) are what the store indexes: articles
that share a band key are candidates, and a candidate whose estimated Jaccard similarity reaches
the threshold is the same article, small edits aside. Finding copies costs a few index lookups
per article, not a comparison with every stored one. datasketch (and SciPy beneath it, most of a
second) is imported when an article is first fingerprinted, not by every command that opens a
store.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from diplowatch.records import Article

if TYPE_CHECKING:
    from datasketch import MinHash, MinHashLSH


@dataclass(frozen=True, slots=True)
class CopySettings:
    """How alike two articles must be to count as one."""

    # Estimated Jaccard similarity of word shingles at which two articles are one.
    threshold: float = 0.8
    num_perm: int = 128
    shingle_words: int = 5
    # Fewer words than this and an article is too short to tell a copy from a look-alike.
    min_words: int = 40


SETTINGS = CopySettings()
# datasketch's hashing scheme, named so that stored signatures stay comparable across versions.
SCHEME = "affine32"
SIGNATURE_DTYPE = np.uint32
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """An article's MinHash signature and its LSH band keys."""

    signature: bytes
    bands: tuple[str, ...]

    def similarity(self, other: Fingerprint) -> float:
        """Estimated Jaccard similarity of the two articles' shingles (0..1)."""
        return _minhash(self.signature).jaccard(_minhash(other.signature))


@functools.lru_cache(maxsize=4)
def _lsh(threshold: float, num_perm: int) -> MinHashLSH:
    """An empty index, for its choice of bands and rows for the threshold."""
    from datasketch import MinHashLSH

    return MinHashLSH(threshold=threshold, num_perm=num_perm)


def _minhash(signature: bytes) -> MinHash:
    from datasketch import MinHash

    values = np.frombuffer(signature, dtype=SIGNATURE_DTYPE)
    return MinHash(num_perm=len(values), hashvalues=values, scheme=SCHEME)


def shingles(article: Article, size: int = SETTINGS.shingle_words) -> set[bytes]:
    """Runs of ``size`` consecutive lower-cased words of the title and body."""
    words = _WORD.findall(" ".join((article.title or "", *article.paragraphs)).casefold())
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def fingerprint(article: Article, settings: CopySettings = SETTINGS) -> Fingerprint | None:
    """The article's fingerprint; None for an article too short to compare."""
    found = shingles(article, settings.shingle_words)
    if len(found) + settings.shingle_words - 1 < settings.min_words:
        return None
    from datasketch import MinHash

    minhash = MinHash(num_perm=settings.num_perm, scheme=SCHEME)
    minhash.update_batch(sorted(found))
    values = minhash.hashvalues.astype(SIGNATURE_DTYPE)
    lsh = _lsh(settings.threshold, settings.num_perm)
    bands = tuple(
        f"{index}:{hashlib.blake2b(values[start:end].tobytes(), digest_size=8).hexdigest()}"
        for index, (start, end) in enumerate(lsh.hashranges)
    )
    return Fingerprint(values.tobytes(), bands)


def is_copy(one: Fingerprint, other: Fingerprint, settings: CopySettings = SETTINGS) -> bool:
    """Whether two fingerprints are of one article (small edits aside)."""
    return one.similarity(other) >= settings.threshold
