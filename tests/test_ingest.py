"""Reading inputs: formats, metadata, encodings, and bad input that must not stop a batch."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SEEDS
from diplowatch.cli import app
from diplowatch.errors import InputError
from diplowatch.ingest import ReadOptions, read_inputs
from diplowatch.ingest.decode import decode_bytes
from diplowatch.records import Failure, Page
from diplowatch.store import Store

PROSE = (
    "The foreign ministers of both countries met in Geneva on Tuesday to discuss a ceasefire, "
    "and their aides said the talks would resume next week after consultations at home."
)
ARTICLE_HTML = f"""<!doctype html><html><head><title>Ministers meet in Geneva</title></head>
<body><nav><a href="/">Home</a></nav><article><h1>Ministers meet in Geneva</h1>
<p>{PROSE}</p><p>{PROSE.replace("Tuesday", "Wednesday")}</p>
<p>{PROSE.replace("Geneva", "Vienna")}</p>
</article><footer>Contact us</footer></body></html>"""


def _one(paths: list[str], **options: object) -> Page | Failure:
    (item,) = list(read_inputs(paths, ReadOptions(**options)))  # type: ignore[arg-type]
    return item


def _failure(paths: list[str], **options: object) -> Failure:
    item = _one(paths, **options)
    assert isinstance(item, Failure), item
    return item


def test_sidecar_gives_url_and_publication_date() -> None:
    page = _one([str(SEEDS / "000_66a379bae4211006.txt")])
    assert isinstance(page, Page)
    assert page.kind == "text"
    assert page.url is not None and page.url.startswith("https://responsiblestatecraft.org/2022/")
    assert page.published == date(2022, 11, 10)


def test_options_override_the_sidecar() -> None:
    page = _one(
        [str(SEEDS / "000_66a379bae4211006.txt")],
        url="https://example.org/x",
        published=date(2020, 1, 1),
    )
    assert isinstance(page, Page)
    assert (page.url, page.published) == ("https://example.org/x", date(2020, 1, 1))


def test_empty_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"  \n\n")
    failure = _failure([str(tmp_path / "empty.txt")])
    assert failure.source.endswith("empty.txt")
    assert failure.problem == "empty file"


def test_binary_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(bytes(range(256)) * 40)
    assert _failure([str(tmp_path / "image.txt")]).problem == "binary file (not text)"


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(PROSE * 20, "utf-8")
    failure = _failure([str(tmp_path / "big.txt")], max_bytes=1000)
    assert "too large" in failure.problem and "1,000" in failure.problem


def test_gzip_over_the_size_limit_once_unpacked_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b"a" * 50_000 + b"</p>"))
    assert "too large" in _failure([str(tmp_path / "bomb.html.gz")], max_bytes=10_000).problem


def test_invalid_utf8_is_refused_with_the_byte_offset(tmp_path: Path) -> None:
    data = "Zelensky said “we are ready” to talk.\n".encode() + b"\xff\xfe broken \xc3("
    (tmp_path / "broken.txt").write_bytes(data)
    problem = _failure([str(tmp_path / "broken.txt")]).problem
    assert problem.startswith("invalid UTF-8 at byte")


def test_cp1252_text_is_decoded() -> None:
    text, encoding = decode_bytes("Kyiv’s “peace formula” – naïve?".encode("cp1252"), "x")
    assert text == "Kyiv’s “peace formula” – naïve?"
    assert encoding == "cp1252"


def test_latin1_and_utf8_bom_are_decoded() -> None:
    assert decode_bytes("Genève, café".encode("latin-1"), "x")[0] == "Genève, café"
    assert decode_bytes(b"\xef\xbb\xbfhello world", "x") == ("hello world", "utf-8-sig")


def test_decode_error_is_an_input_error_naming_the_source() -> None:
    with pytest.raises(InputError, match=r"^page\.txt: empty file$"):
        decode_bytes(b"", "page.txt")


def test_gzip_html_is_read_as_html(tmp_path: Path) -> None:
    (tmp_path / "story.html.gz").write_bytes(gzip.compress(ARTICLE_HTML.encode()))
    page = _one([str(tmp_path / "story.html.gz")])
    assert isinstance(page, Page)
    assert page.kind == "html"
    assert "Geneva" in page.content


def test_jsonl_broken_line_fails_alone(tmp_path: Path) -> None:
    records = [
        json.dumps({"id": "a", "url": "https://example.org/2024/05/01/a", "text": PROSE}),
        '{"id": "b", "text": ',
        json.dumps(
            {"url": "https://example.org/c", "html": ARTICLE_HTML, "published": "2024-05-02"}
        ),
        json.dumps({"id": "d"}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(records), "utf-8")
    items = list(read_inputs([str(tmp_path / "batch.jsonl")]))
    pages = [item for item in items if isinstance(item, Page)]
    failures = [item for item in items if isinstance(item, Failure)]
    assert [page.name for page in pages] == ["a", "https://example.org/c"]
    assert pages[1].kind == "html" and pages[1].published == date(2024, 5, 2)
    assert [failure.source for failure in failures] == [
        f"{tmp_path / 'batch.jsonl'}:2",
        f"{tmp_path / 'batch.jsonl'}:4",
    ]
    assert failures[0].problem.startswith("invalid JSON")
    assert failures[1].problem == "a record needs a non-empty 'text' or 'html'"


def test_missing_path_is_a_failure() -> None:
    assert _failure(["/nonexistent/page.txt"]).problem == "no such file or folder"


def test_standard_input_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PROSE.encode())))
    page = _one(["-"], url="https://example.org/2023/03/04/story")
    assert isinstance(page, Page)
    assert page.content == PROSE and page.url == "https://example.org/2023/03/04/story"


def _bad_folder(root: Path) -> Path:
    """A folder of every kind of bad input beside two good seed pages."""
    folder = root / "batch"
    folder.mkdir()
    for seed in SEEDS.iterdir():
        shutil.copy(seed, folder / seed.name)
    nested = folder / "nested"
    nested.mkdir()
    (nested / "empty.txt").write_bytes(b"")
    (nested / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8)
    (nested / "large.txt").write_bytes(b"word " * 400_000)
    (nested / "invalid.txt").write_bytes("Talks “resumed”.".encode() + b"\xff\xc3(")
    (nested / "legacy.txt").write_bytes(f"Kyiv’s offer – {PROSE}\n\n{PROSE}".encode("cp1252"))
    (nested / "no-article.html").write_text(
        "<html><body><nav>Home | World</nav><footer>Contact</footer></body></html>", "utf-8"
    )
    (nested / "records.jsonl").write_text(
        json.dumps({"id": "good", "url": "https://example.org/2024/01/02/good", "text": PROSE})
        + "\n{not json\n",
        "utf-8",
    )
    return folder


def test_folder_of_bad_inputs_stores_the_good_pages_once(tmp_path: Path) -> None:
    folder = _bad_folder(tmp_path)
    db = f"sqlite:///{tmp_path / 'store.db'}"
    command = ["ingest", str(folder), "--db", db, "--max-bytes", "1000000"]
    first = CliRunner().invoke(app, command)
    assert first.exit_code == 1
    errors = [line for line in first.stderr.splitlines() if line.startswith("error:")]
    expected = {
        "empty.txt: empty file",
        "binary.html: binary file (not text)",
        "large.txt: file too large",
        "invalid.txt: invalid UTF-8",
        "no-article.html: no article text found",
        "records.jsonl:2: invalid JSON",
    }
    assert len(errors) == len(expected)
    for fragment in expected:
        assert sum(fragment in line for line in errors) == 1, fragment
    assert "4 new, 0 unchanged, 6 failed" in first.stderr

    second = CliRunner().invoke(app, command)
    assert "0 new, 4 unchanged, 6 failed" in second.stderr
    with Store(db) as store:
        counts = store.counts()
        names = sorted(item.article.page for item in store.articles())
    assert counts["pages"] == counts["articles"] == 4
    assert names == ["000_66a379bae4211006.txt", "001_043af3880d060a39.txt", "good", "legacy.txt"]


def test_single_byte_cyrillic_is_not_read_as_cp1252() -> None:
    text = "Переговоры о прекращении огня возобновятся в Женеве на следующей неделе."
    decoded, encoding = decode_bytes(text.encode("cp1251"), "x")
    assert decoded == text
    assert encoding in {"cp1251", "windows-1251"}


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", [PROSE, "Переговоры в Женеве возобновились во вторник."])
def test_utf16_and_utf32_without_a_bom_are_decoded(encoding: str, text: str) -> None:
    assert decode_bytes(text.encode(encoding), "page.txt") == (text, encoding)


def test_nul_bytes_without_the_pattern_of_wide_text_are_binary() -> None:
    with pytest.raises(InputError, match="binary file"):
        decode_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image.txt")
