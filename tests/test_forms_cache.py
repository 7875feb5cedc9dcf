"""The actor names' tokenised forms kept between runs: the matchers built from the kept forms
find exactly what the matchers built by tokenising find; a kept file that is damaged, or made
for other names, is never read; nothing is kept without a folder."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import spacy

from diplowatch.resolve.actors import (
    NameIndex,
    build_matchers,
    find_actor_mentions,
    load_gazetteer,
)
from diplowatch.resolve.forms import read_forms, write_forms

TEXT = (
    "The U.S. envoy and Kyiv's foreign ministry met officials of the Russian Federation, "
    "the Houthis and Hamas in Doha; the UN and the African Union's commission took part."
)


def _mentions(gazetteer: object) -> list[tuple[int, int, str]]:
    doc = spacy.blank("en")(TEXT)
    found = find_actor_mentions(doc, gazetteer, date(2024, 8, 1))  # type: ignore[arg-type]
    return [(m.start, m.end, m.actor.country or "") for m in found]


def test_kept_forms_make_the_same_matchers(tmp_path: Path) -> None:
    tokenised = dataclasses.replace(load_gazetteer(), forms_cache=None, _matchers={})
    writing = dataclasses.replace(load_gazetteer(), forms_cache=tmp_path, _matchers={})
    reading = dataclasses.replace(load_gazetteer(), forms_cache=tmp_path, _matchers={})
    expected = _mentions(tokenised)
    assert len(expected) >= 5
    assert _mentions(writing) == expected
    (kept,) = tmp_path.glob("actor-forms-*.json")
    assert _mentions(reading) == expected
    vocab = spacy.blank("en").vocab
    built, read_back = build_matchers(tokenised, vocab), build_matchers(reading, vocab)
    assert read_back.name_keys == built.name_keys
    assert len(read_back.names) == len(built.names)
    assert kept.stat().st_size > 0


def test_a_damaged_or_foreign_file_is_never_read(tmp_path: Path) -> None:
    names = ["Kyiv", "U.S.", "African Union"]
    forms = [[[("Kyiv", False)]], [[("U.S.", False)], [("U.S", False)]], [[("African", True)]]]
    write_forms(tmp_path, names, forms)
    assert read_forms(tmp_path, names) == forms
    assert read_forms(tmp_path, [*names, "Doha"]) is None  # other names: another file
    (kept,) = tmp_path.glob("actor-forms-*.json")
    kept.write_text('[[["Kyiv", fal', "utf-8")
    assert read_forms(tmp_path, names) is None
    kept.write_text("[]", "utf-8")
    assert read_forms(tmp_path, names) is None
    assert read_forms(None, names) is None
    write_forms(None, names, forms)  # nothing kept, nothing raised
    assert not list(tmp_path.glob(".actor-forms-*"))  # no temporary file left behind


def test_the_name_index_finds_every_run_of_a_known_name() -> None:
    """Names of several words, overlapping names, and curly apostrophes as straight ones."""
    index = NameIndex({"african union": "au", "union": "u", "cote d'ivoire": "civ"})
    doc = spacy.blank("en")("The African Union met Cote d’Ivoire.")
    found = {doc[start:end].text for _, start, end in index(doc)}
    assert found == {"African Union", "Union", "Cote d’Ivoire"}
    assert [(s, e) for _, s, e in index(doc[2:3])] == [(2, 3)]  # a span: doc offsets
