"""Settings from the environment: the confidence threshold of round-ups and the home page, its
default (the judge's display threshold), and a value that cannot be used as one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplowatch.cli import app
from diplowatch.config import MIN_CONFIDENCE_VARIABLE, Settings, nlp_settings
from diplowatch.errors import SettingError
from diplowatch.extract.model_meta import default_display_threshold
from diplowatch.web import WebSettings

runner = CliRunner()
BAD = ["high", "1.5", "-0.1", "nan", "inf", "0,8"]


def test_the_threshold_defaults_to_the_judges_display_threshold() -> None:
    threshold = default_display_threshold()
    assert 0 < threshold < 1
    assert Settings().min_confidence == threshold
    assert Settings.from_env({}).min_confidence == threshold
    assert Settings.from_env({MIN_CONFIDENCE_VARIABLE: ""}).min_confidence == threshold
    assert WebSettings.from_environ({}, "sqlite:///x.db").min_confidence == threshold


@pytest.mark.parametrize(("text", "value"), [("0.5", 0.5), ("0", 0.0), ("1", 1.0), (" 0.9 ", 0.9)])
def test_the_threshold_is_read_from_the_environment(text: str, value: float) -> None:
    assert Settings.from_env({MIN_CONFIDENCE_VARIABLE: text}).min_confidence == value
    web = WebSettings.from_environ({MIN_CONFIDENCE_VARIABLE: text}, "sqlite:///x.db")
    assert web.min_confidence == value


@pytest.mark.parametrize("text", BAD)
def test_a_threshold_that_is_not_a_number_from_0_to_1_is_refused(text: str) -> None:
    expected = f"{MIN_CONFIDENCE_VARIABLE}: a number from 0 to 1, not {text!r}"
    with pytest.raises(SettingError) as raised:
        Settings.from_env({MIN_CONFIDENCE_VARIABLE: text})
    assert str(raised.value) == expected
    with pytest.raises(SettingError) as raised:
        WebSettings.from_environ({MIN_CONFIDENCE_VARIABLE: text}, "sqlite:///x.db")
    assert str(raised.value) == expected


def test_the_servers_worker_processes_get_its_threshold() -> None:
    settings = WebSettings("sqlite:///x.db", min_confidence=0.61)
    assert WebSettings.from_environ(settings.as_env()) == settings


@pytest.mark.parametrize("command", [["digest", "--watch", "russia-ukraine"], ["serve"]])
def test_commands_refuse_a_bad_threshold_in_one_line(tmp_path: Path, command: list[str]) -> None:
    db = ["--db", str(tmp_path / "store.db")]
    result = runner.invoke(app, [*command, *db], env={MIN_CONFIDENCE_VARIABLE: "high"})
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line == f"error: {MIN_CONFIDENCE_VARIABLE}: a number from 0 to 1, not 'high'"
    for given in ("1.5", "-1", "nan", "many"):
        result = runner.invoke(app, [*command, *db, "--min-confidence", given])
        assert result.exit_code == 2, given
        assert "--min-confidence" in result.output, given


def test_the_nlp_settings_come_from_the_environment_and_a_bad_reader_is_refused() -> None:
    settings = nlp_settings({"DIPLOWATCH_READER": "rules", "DIPLOWATCH_SPACY_MODEL": "x_model"})
    assert (settings.reader, settings.model, settings.judge) == ("rules", "x_model", "rules")
    assert nlp_settings({}).reader == "both"
    with pytest.raises(SettingError, match="DIPLOWATCH_READER='judge' is not a reader"):
        nlp_settings({"DIPLOWATCH_READER": "judge"})


def test_the_servers_worker_processes_get_all_its_settings(tmp_path: Path) -> None:
    settings = WebSettings(
        "sqlite:///x.db", token="a-long-enough-secret-token", watches=tmp_path,
        allowed_hosts=("news.example",), cache_mb=0,
    )  # fmt: skip
    assert WebSettings.from_environ(settings.as_env()) == settings
    with pytest.raises(SettingError, match="DIPLOWATCH_WEB_CACHE_MB='lots'"):
        WebSettings.from_environ({"DIPLOWATCH_WEB_CACHE_MB": "lots"})
