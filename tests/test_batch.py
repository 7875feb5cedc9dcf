"""Batches into Parquet, on this machine and on a local Ray instance, and loading them: the
two engines write the same rows, and loading gives the store what ``ingest`` gives it."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from spacy.language import Language
from typer.testing import CliRunner

from conftest import SEEDS
from diplowatch.cli import app
from diplowatch.errors import BatchError
from diplowatch.extract.extractor import Extractor
from diplowatch.extract.reader import EventReader
from diplowatch.ingest import read_inputs
from diplowatch.nlp import NlpSettings
from diplowatch.pipeline.batch import load_output, read_output, run_local, run_ray
from diplowatch.pipeline.ingesting import ingest
from diplowatch.records import Page
from diplowatch.store import Store

GERMAN = (
    "<html><body><article><h1>Gespräche in Genf</h1>"
    "<p>Die Außenminister der beiden Länder trafen sich am Dienstag in Genf, um über einen "
    "Waffenstillstand und den Austausch von Gefangenen zu sprechen.</p>"
    "<p>Beide Seiten erklärten nach dem Treffen, die Gespräche seien konstruktiv gewesen und "
    "sollten im nächsten Monat fortgesetzt werden.</p></article></body></html>"
)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """The seed pages, a German page and a file that cannot be read as a page."""
    folder = tmp_path / "inputs"
    shutil.copytree(SEEDS, folder)
    (folder / "genf.html").write_text(GERMAN, encoding="utf-8")
    (folder / "broken.html.gz").write_bytes(b"not gzip at all")
    return folder


def _rows(folder: Path) -> list[dict[str, object]]:
    return [
        row
        for part in sorted(folder.glob("part-*.parquet"))
        for row in pq.read_table(part).to_pylist()
    ]


def test_local_and_ray_write_identical_rows(
    inputs: Path, tmp_path: Path, nlp: Language, extractor: Extractor
) -> None:
    reader = EventReader(NlpSettings(processes=1), nlp, extractor)
    local = run_local(read_inputs([str(inputs)]), tmp_path / "local", reader)
    on_ray = run_ray(
        read_inputs([str(inputs)]),
        tmp_path / "ray",
        NlpSettings(processes=1),
        workers=2,
        part_pages=2,
    )
    rows = _rows(tmp_path / "local")
    assert [row["status"] for row in rows].count("article") == 3
    assert any(row["status"] == "failed" and "broken" in row["name"] for row in rows)
    assert rows == _rows(tmp_path / "ray")
    assert (local.articles, local.events) == (on_ray.articles, on_ray.events)
    assert local.events > 20
    # Smaller parts on Ray: several work runs, the rows still in input order.
    assert len(on_ray.parts) == 2 and len(local.parts) == 1
    assert [row["seq"] for row in rows] == list(range(len(rows)))
    # The job's settings travel to the workers: a pipeline that is not installed fails there
    # with its own error, rather than a default pipeline being used silently. (In this test,
    # so that the suite's parallel workers do not start two Ray instances at once.)
    missing = dataclasses.replace(NlpSettings(processes=1), model="no_such_pipeline")
    with pytest.raises(Exception, match="no_such_pipeline"):
        run_ray(read_inputs([str(SEEDS)]), tmp_path / "never", missing, workers=1)


def test_loading_gives_the_store_what_ingest_gives(
    inputs: Path, tmp_path: Path, nlp: Language, extractor: Extractor
) -> None:
    reader = EventReader(NlpSettings(processes=1), nlp, extractor)
    report = run_local(read_inputs([str(inputs)]), tmp_path / "out", reader)
    assert report.failed and report.failed[0].source.endswith("broken.html.gz")
    with (
        Store(str(tmp_path / "loaded.db")) as loaded,
        Store(str(tmp_path / "ingested.db")) as ingested,
    ):
        first = load_output(loaded, tmp_path / "out")
        ingest(ingested, read_inputs([str(inputs)]), reader=reader)
        assert len(first.new) == 3 and len(first.failed) == 1
        assert [(e.id, e.type, e.sentence, e.source, e.target) for e in loaded.events()] == [
            (e.id, e.type, e.sentence, e.source, e.target) for e in ingested.events()
        ]
        assert loaded.positions() == ingested.positions()
        assert [a.article for a in loaded.articles()] == [a.article for a in ingested.articles()]
        assert len(loaded.stories()) == len(ingested.stories())
        # Loading again stores nothing twice.
        again = load_output(loaded, tmp_path / "out")
        assert again.new == [] and len(again.unchanged) == 3
        assert loaded.counts() == ingested.counts()


def test_a_language_filter_leaves_other_languages_out(inputs: Path, tmp_path: Path) -> None:
    report = run_local(
        read_inputs([str(inputs)]), tmp_path / "out", None, languages=frozenset({"en"})
    )
    assert report.other_language == 1 and report.articles == 2
    left_out = [row for row in read_output(tmp_path / "out") if row.status == "other-language"]
    assert [(row.name, row.problem) for row in left_out] == [("genf.html", "de")]


def test_rows_read_back_as_records(inputs: Path, tmp_path: Path) -> None:
    run_local(read_inputs([str(inputs)]), tmp_path / "out", None)
    pages = [item for item in read_inputs([str(inputs)]) if isinstance(item, Page)]
    loaded = [row.page for row in read_output(tmp_path / "out") if row.page is not None]
    assert loaded == pages


def test_output_folders_are_not_mixed(inputs: Path, tmp_path: Path) -> None:
    run_local(read_inputs([str(SEEDS)]), tmp_path / "out", None)
    with pytest.raises(BatchError, match="already holds batch output"):
        run_local(read_inputs([str(SEEDS)]), tmp_path / "out", None)
    with pytest.raises(BatchError, match="no batch output"):
        list(read_output(tmp_path))
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "part-00000.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(BatchError, match="the batch did not finish"):
        list(read_output(tmp_path / "bad"))
    (tmp_path / "bad" / "_SUCCESS").write_text("{}")
    with pytest.raises(BatchError, match=r"part-00000\.parquet: cannot read batch output"):
        list(read_output(tmp_path / "bad"))


def test_batch_and_load_commands(inputs: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out, db = tmp_path / "out", str(tmp_path / "cli.db")
    made = runner.invoke(app, ["batch", str(inputs), "--out", str(out), "--no-events"])
    assert made.exit_code == 1  # the broken file
    assert "3 articles" in made.output and "broken.html.gz" in made.output
    loaded = runner.invoke(app, ["load", str(out), "--db", db])
    assert loaded.exit_code == 0, loaded.output
    assert "3 new" in loaded.output and "1 inputs had failed in the batch" in loaded.output
    wrong = runner.invoke(app, ["batch", str(SEEDS), "--out", str(out), "--address", "ray://x"])
    assert wrong.exit_code != 0 and "--engine ray" in wrong.output
    with Store(db) as store:
        assert store.counts()["pages"] == 3
