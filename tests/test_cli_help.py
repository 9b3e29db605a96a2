"""Every command answers --help with an example, as the README promises."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli import cli


def _walk(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(_walk(command, (*prefix, name)))
    return paths


def test_top_level_help_lists_commands() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "Usage: cli" in result.output or "Usage: claims" in result.output


@pytest.mark.parametrize("path", _walk(cli), ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`claims {' '.join(path)} --help` shows no example"


def test_every_command_module_is_registered() -> None:
    """commands/__init__.py lists its modules by name (plain imports): a new one must be added."""
    import commands

    on_disk = {p.stem for p in Path(commands.__file__).parent.glob("*_cmds.py")}
    assert on_disk == {m.__name__.rsplit(".", 1)[-1] for m in commands.STAGE_MODULES}
