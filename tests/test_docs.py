"""The documentation is true: every command and option of ``--help`` is in the README, every
command the README shows exists, the README's Python examples run, and every doctest in the
package passes."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import typer.main

import diplowatch
from diplowatch.cli import app

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text("utf-8")
# Modules whose import does something: the migration environment runs Alembic's context.
NOT_IMPORTED = ("diplowatch.store.migrations", "diplowatch.__main__")


def _commands(
    group: click.Group, prefix: str = "diplowatch"
) -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from _commands(command, path)


COMMANDS = dict(_commands(typer.main.get_command(app)))  # type: ignore[arg-type]


def _shown_commands() -> set[str]:
    """The commands the README shows: in code blocks and in backticks."""
    code = re.findall(r"```(?:\w*)\n(.*?)```", README, re.DOTALL)
    inline = re.findall(r"`([^`\n]+)`", README)
    lines = [line for block in code for line in block.splitlines()] + inline
    found = set()
    for line in lines:
        for match in re.finditer(r"^\s*(?:\$ )?diplowatch((?: [a-z][a-z-]+)+)", line):
            words = match.group(1).split()
            path = "diplowatch"
            for word in words:
                if f"{path} {word}" in COMMANDS:
                    path = f"{path} {word}"
                else:
                    break
            found.add(path if path != "diplowatch" else f"diplowatch {words[0]}")
    return found


def test_every_command_and_option_is_in_the_readme() -> None:
    missing = []
    for path, command in COMMANDS.items():
        if f"`{path}" not in README and f"\n{path}" not in README and f"{path} " not in README:
            missing.append(path)
        for parameter in command.params:
            # A flag and its negation ("--events/--no-events") are documented by either.
            names = (
                [
                    option
                    for option in [*getattr(parameter, "opts", []), *parameter.secondary_opts]
                    if option.startswith("--") and option != "--help"
                ]
                if isinstance(parameter, click.Option)
                else []
            )
            if names and not any(name in README for name in names):
                missing.append(f"{path} {'/'.join(names)}")
    assert missing == []


def test_every_command_the_readme_shows_exists() -> None:
    shown = _shown_commands()
    assert len(shown) > 10
    unknown = sorted(path for path in shown if path not in COMMANDS)
    assert unknown == []


def _package_modules() -> Iterator[str]:
    for module in pkgutil.walk_packages(diplowatch.__path__, "diplowatch."):
        if not module.name.startswith(NOT_IMPORTED):
            yield module.name


def test_every_doctest_in_the_package_passes() -> None:
    attempted, failures = 0, []
    for name in _package_modules():
        result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
        attempted += result.attempted
        if result.failed:
            failures.append(name)
    assert failures == []
    assert attempted >= 15


def test_the_readmes_python_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
    assert blocks
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    from diplowatch.ingest import read_inputs
    from diplowatch.pipeline import ingest
    from diplowatch.store import Store

    with Store("sqlite:///demo.db") as store:  # what `make demo` leaves (here, without events)
        ingest(store, read_inputs(["examples/pages"]))
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
