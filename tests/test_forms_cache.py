"""What is built from the packaged data and kept between runs (``diplowatch.kept``): the actor
tables, their names' token forms and the event lexicon read back equal to what is built; a kept
file that is damaged, of another kind or made from other data is never used; nothing is kept
without a folder, and no temporary file is left behind."""

from __future__ import annotations

import pickle
import subprocess
import sys
from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np
import spacy

from diplowatch.extract.judge import DEFAULT_MODEL, Judge, judge_from_bytes, load_judge
from diplowatch.extract.judge import _read_once as judge_read_once
from diplowatch.extract.lexicon import Pattern, _built_groups, load_lexicon
from diplowatch.kept import digest_of, kept_build
from diplowatch.resolve.actors import (
    Gazetteer,
    NameIndex,
    _read_gazetteer,
    build_matchers,
    find_actor_mentions,
    load_gazetteer,
)
from diplowatch.resolve.forms import kept_forms

TEXT = (
    "The U.S. envoy and Kyiv's foreign ministry met officials of the Russian Federation, "
    "the Houthis and Hamas in Doha; the UN and the African Union's commission took part."
)


def _mentions(gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    doc = spacy.blank("en")(TEXT)
    found = find_actor_mentions(doc, gazetteer, date(2024, 8, 1))
    return [(m.start, m.end, m.actor.country or "") for m in found]


def test_kept_name_forms_make_the_same_matchers(tmp_path: Path) -> None:
    tables = _read_gazetteer()
    tokenised = tables
    writing = Gazetteer(**{**_fields(tables), "forms_cache": tmp_path})
    reading = Gazetteer(**{**_fields(tables), "forms_cache": tmp_path})
    expected = _mentions(tokenised)
    assert len(expected) >= 5
    assert _mentions(writing) == expected
    assert len(list(tmp_path.glob("actor-forms-*.pickle"))) == 1
    assert _mentions(reading) == expected
    vocab = spacy.blank("en").vocab
    built, read_back = build_matchers(tokenised, vocab), build_matchers(reading, vocab)
    assert read_back.names.keys == built.names.keys
    assert len(read_back.names) == len(built.names) > 10_000


def _fields(gazetteer: Gazetteer) -> dict[str, object]:
    names = ("names", "exact_case", "spellings", "descriptors", "country_names", "group_words")
    return {name: getattr(gazetteer, name) for name in names}


def test_kept_actor_tables_and_lexicon_equal_the_built(tmp_path: Path) -> None:
    built = load_lexicon()
    kept_path = tmp_path / "lexicon-t.pickle"
    kept_build(kept_path, _built_groups, dict)
    read = kept_build(kept_path, _never, dict)
    assert read == dict(built.patterns)
    assert all(isinstance(p, Pattern) for group in read.values() for p in group)
    tables = _read_gazetteer()
    kept_tables = kept_build(tmp_path / "gazetteer-t.pickle", _read_gazetteer, Gazetteer)
    again = kept_build(tmp_path / "gazetteer-t.pickle", _never, Gazetteer)
    assert _fields(again) == _fields(kept_tables) == _fields(tables)
    assert load_gazetteer() is load_gazetteer(tmp_path)  # one a process, wherever it is kept


def test_the_kept_judge_equals_the_one_built_from_its_model_file(tmp_path: Path) -> None:
    """The judge built from its model file is kept once under a name hashed from that file, and
    what is read back scores as the built one does."""
    built = judge_from_bytes(_model_bytes(), DEFAULT_MODEL)
    judge_read_once.cache_clear()
    assert load_judge(DEFAULT_MODEL, tmp_path) is load_judge(DEFAULT_MODEL)  # one a process
    (kept_path,) = tmp_path.glob("judge-*.pickle")
    read = kept_build(kept_path, _never, Judge)
    assert (read.threshold, read.rule_threshold, read.use_rules) == (
        built.threshold,
        built.rule_threshold,
        built.use_rules,
    )
    for kept_model, built_model in ((read.types, built.types), (read.pairs, built.pairs)):
        assert kept_model.index == built_model.index
        assert kept_model.classes == built_model.classes
        assert np.array_equal(kept_model.weights, built_model.weights)
        assert kept_model.scalars == built_model.scalars


def _model_bytes() -> bytes:
    return resources.files("diplowatch.data").joinpath(f"models/{DEFAULT_MODEL}.npz").read_bytes()


def _never() -> Gazetteer:
    raise AssertionError("a kept structure was built again")


def test_a_damaged_foreign_or_outdated_file_is_built_again(tmp_path: Path) -> None:
    path = tmp_path / "kept.pickle"
    assert kept_build(path, lambda: {"a": 1}, dict) == {"a": 1}
    assert kept_build(path, lambda: {"b": 2}, dict) == {"a": 1}  # read back, not built
    path.write_bytes(pickle.dumps({"a": 1})[:-3])  # torn
    assert kept_build(path, lambda: {"c": 3}, dict) == {"c": 3}
    path.write_bytes(pickle.dumps(["a list"]))  # another kind
    assert kept_build(path, lambda: {"d": 4}, dict) == {"d": 4}
    assert kept_build(path, lambda: {"e": 5}, dict) == {"d": 4}
    assert kept_build(None, lambda: {"f": 6}, dict) == {"f": 6}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.pickle"]  # no temporary left
    # Other data, another name: a kept file is never read for data it was not built from.
    assert digest_of(["1", "Kyiv"]) != digest_of(["1", "Kyiv", "Doha"])
    assert digest_of(["1", "Kyiv"]) != digest_of(["1Kyiv"])
    made = kept_forms(tmp_path, ["Kyiv"], lambda: NameIndex({"kyiv": "kyiv"}), NameIndex)
    other = kept_forms(tmp_path, ["Doha"], lambda: NameIndex({"doha": "doha"}), NameIndex)
    assert (made.keys, other.keys) == ({"kyiv": "kyiv"}, {"doha": "doha"})


def test_a_folder_that_cannot_be_written_keeps_nothing_and_raises_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", "utf-8")
    assert kept_build(blocked / "kept.pickle", lambda: {"a": 1}, dict) == {"a": 1}


def test_the_name_index_finds_every_run_of_a_known_name() -> None:
    """Names of several words, overlapping names, and curly apostrophes as straight ones."""
    index = NameIndex({"african union": "au", "union": "u", "cote d'ivoire": "civ"})
    doc = spacy.blank("en")("The African Union met Cote d’Ivoire.")
    found = {doc[start:end].text for _, start, end in index(doc)}
    assert found == {"African Union", "Union", "Cote d’Ivoire"}
    assert [(s, e) for _, s, e in index(doc[2:3])] == [(2, 3)]  # a span: doc offsets


def test_a_process_keeps_its_lexicon_and_tables_where_it_is_told(tmp_path: Path) -> None:
    """The first load of a process names the folder; the files there are named by a hash of
    the data, and a second process reads them back to the same lexicon."""
    probe = (
        "import sys; from pathlib import Path\n"
        "from diplowatch.extract.lexicon import load_lexicon\n"
        "from diplowatch.resolve.actors import load_gazetteer\n"
        "print(len(load_lexicon(Path(sys.argv[1]))), len(load_gazetteer(Path(sys.argv[1])).names))"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe, str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    assert int(runs[0].split()[0]) > 30_000
    assert len(list(tmp_path.glob("lexicon-*.pickle"))) == 1
    assert len(list(tmp_path.glob("gazetteer-*.pickle"))) == 1
