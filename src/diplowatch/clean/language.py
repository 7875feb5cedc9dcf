"""Language identification of an article's text (py3langid, whose model ships in the package)."""

from __future__ import annotations

from functools import lru_cache

import py3langid

# Below this many letters a guess is noise; the language stays unknown.
MIN_LETTERS = 40
# The language of an article shows in its opening: identifying more text costs time, not accuracy.
SAMPLE_CHARS = 2000


@lru_cache(maxsize=1)
def _identifier() -> py3langid.langid.LanguageIdentifier:
    return py3langid.langid.LanguageIdentifier.from_modelpath(
        py3langid.langid.MODEL_DIR / py3langid.langid.MODEL_FILE, norm_probs=True
    )


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell.

    >>> detect_language("The ministers met in Geneva on Tuesday to discuss a ceasefire.")
    'en'
    """
    sample = text[:SAMPLE_CHARS]
    if sum(character.isalpha() for character in sample) < MIN_LETTERS:
        return None
    language, _probability = _identifier().classify(sample)
    return str(language)
