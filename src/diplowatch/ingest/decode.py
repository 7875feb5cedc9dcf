"""Bytes -> text: encoding detection and refusal of what is not text."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from diplowatch.errors import InputError

# A valid multi-byte UTF-8 sequence: its presence means the file was meant to be UTF-8.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newline, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01
# Letters above this code point are outside the Latin alphabets.
LAST_LATIN_CODE_POINT = 0x24F
# Western text has at least this share of ASCII among its letters; Cyrillic or Greek has far less.
MIN_ASCII_LETTER_SHARE = 0.7


def _mostly_non_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha() and ord(c) > 127]
    foreign = sum(ord(c) > LAST_LATIN_CODE_POINT for c in letters)
    return bool(letters) and foreign * 2 >= len(letters)


# UTF-16 and UTF-32 without a BOM: the NUL bytes of their code units fall on one position of
# each unit (ASCII "Ab" is "A\0b\0" in UTF-16-LE). At least this share of the units of a
# sample must have a NUL there, and almost none elsewhere.
_WIDE_SAMPLE = 8192
MIN_WIDE_NUL_SHARE = 0.1
MAX_STRAY_NUL_SHARE = 0.01
# (unit size, positions of a unit that are NUL for every character of the Basic Multilingual
# Plane (UTF-32) or of its first row, Latin (UTF-16), positions that are not, encoding)
_WIDE = (
    (4, (2, 3), (0,), "utf-32-le"),
    (4, (0, 1), (3,), "utf-32-be"),
    (2, (1,), (0,), "utf-16-le"),
    (2, (0,), (1,), "utf-16-be"),
)


def wide_encoding(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 byte order that a BOM-less text's NUL bytes show, if any.

    >>> wide_encoding("Talks resumed in Genève.".encode("utf-16-le"))
    'utf-16-le'
    >>> wide_encoding("Переговоры в Женеве.".encode("utf-16-be"))
    'utf-16-be'
    >>> wide_encoding(b"plain text") is None
    True
    """
    for size, nul_at, never_nul, encoding in _WIDE:
        sample = data[: _WIDE_SAMPLE - _WIDE_SAMPLE % size]
        starts = range(0, len(sample), size)
        units = len(starts)
        if not units or len(data) % size:
            continue
        expected = sum(all(sample[i + at] == 0 for at in nul_at) for i in starts)
        stray = sum(sample[i + at] == 0 for i in starts for at in never_nul)
        if expected >= MIN_WIDE_NUL_SHARE * units and stray <= MAX_STRAY_NUL_SHARE * units:
            return encoding
    return None


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:65536]


def _check_text(text: str, encoding: str, source: str) -> tuple[str, str]:
    if len(_CONTROL.findall(text[:65536])) > MAX_CONTROL_SHARE * min(len(text), 65536):
        raise InputError(source, "binary file (not text)")
    return text, encoding


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode a page's bytes; returns (text, encoding).

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are read as such, and UTF-16/32
    without one where its NUL bytes show it (``wide_encoding``); text in a legacy
    single-byte encoding (cp1252, latin-1, ...) is identified with charset-normalizer. Raises
    InputError for an empty or binary input and for UTF-8 with invalid bytes.
    """
    if not data.strip():
        raise InputError(source, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), encoding, source)
            except UnicodeDecodeError as error:
                raise InputError(source, f"invalid {encoding} at byte {error.start}") from None
    wide = wide_encoding(data) if b"\x00" in data[:_WIDE_SAMPLE] else None
    if wide is not None:
        try:
            return _check_text(data.decode(wide), wide, source)
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise InputError(source, "binary file (not text)")
    try:
        return _check_text(data.decode("utf-8"), "utf-8", source)
    except UnicodeDecodeError as error:
        if _UTF8_SEQUENCE.search(data):
            raise InputError(
                source, f"invalid UTF-8 at byte {error.start} (mixed or broken encoding)"
            ) from None
    return _check_text(*_decode_legacy(data), source)


def _mostly_ascii_letters(data: bytes) -> bool:
    """True when most letter-like bytes are ASCII letters: Western text in a single-byte code page
    (accents here and there), as opposed to a non-Latin script whose letters are all high bytes."""
    ascii_letters = sum(1 for byte in data if 65 <= byte <= 90 or 97 <= byte <= 122)
    high = sum(1 for byte in data if byte >= 0x80)
    return ascii_letters >= MIN_ASCII_LETTER_SHARE * (ascii_letters + high)


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Single-byte text: cp1252 (or latin-1) for Western languages, else charset-normalizer's
    guess. The detector is unreliable on short Western texts (it reads "Genève" as Arabic), so
    its guess is taken only for text mostly made of high bytes that it reads as another script."""
    if not _mostly_ascii_letters(data):
        best = charset_normalizer.from_bytes(data).best()
        if best is not None and _mostly_non_latin(str(best)):
            return str(best), best.encoding
    for encoding in ("cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")
