"""Language identification: py3langid's model unpacked once into the cache folder reads the same
as py3langid's own loader."""

from __future__ import annotations

from pathlib import Path

import py3langid
import pytest

from diplowatch.clean import language

TEXTS = [
    "The ministers met in Geneva on Tuesday to discuss a ceasefire between the two sides.",
    "Les ministres se sont réunis à Genève mardi pour discuter d'un cessez-le-feu durable.",
    "Die Minister trafen sich am Dienstag in Genf, um über einen Waffenstillstand zu sprechen.",
    "Министры встретились во вторник в Женеве, чтобы обсудить прекращение огня между сторонами.",
]


def test_the_kept_model_reads_as_py3langid_s_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIPLOWATCH_CACHE", str(tmp_path))
    language._identifier.cache_clear()
    try:
        kept = language._identifier()
        (unpacked,) = tmp_path.glob("langid-*.npz")
        again = language._from_unpacked(unpacked)
    finally:
        language._identifier.cache_clear()
    packed = py3langid.langid.MODEL_DIR / py3langid.langid.MODEL_FILE
    own = py3langid.langid.LanguageIdentifier.from_modelpath(packed, norm_probs=True)
    for text in TEXTS:
        assert kept.classify(text) == own.classify(text) == again.classify(text), text
    assert [kept.classify(text)[0] for text in TEXTS] == ["en", "fr", "de", "ru"]
