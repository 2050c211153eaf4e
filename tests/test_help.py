"""Every command's --help is complete: a summary line, every option described, every
argument described (its own help, or named in the command's text), and --help works
(issue 13: `guide --help` listed only -h under Options).

The walk enumerates the commands through click, so a command added later is covered.
"""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from coffeechat.cli import cli


def _walk(
    command: click.Command, ctx: click.Context
) -> Iterator[tuple[click.Command, click.Context]]:
    """Every command under ``command``, hidden ones included, with its context."""
    yield command, ctx
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, f"{ctx.command_path} lists {name} but cannot load it"
            yield from _walk(sub, sub.make_context(name, [], parent=ctx, resilient_parsing=True))


def _commands() -> list[tuple[click.Command, click.Context]]:
    root = cli.make_context("coffeechat", [], resilient_parsing=True, terminal_width=100)
    return list(_walk(cli, root))


COMMANDS = _commands()
PATHS = [ctx.command_path for _, ctx in COMMANDS]


def _help(path: str) -> str:
    result = CliRunner().invoke(cli, [*path.split()[1:], "--help"], catch_exceptions=False)
    assert result.exit_code == 0, f"{path} --help exited {result.exit_code}: {result.output}"
    return result.stdout


def test_the_walk_finds_the_subcommands() -> None:
    assert {"coffeechat contact add", "coffeechat guide list", "coffeechat settings set"} <= set(
        PATHS
    )


@pytest.mark.parametrize("path", PATHS)
def test_every_command_has_complete_help(path: str) -> None:
    command, ctx = COMMANDS[PATHS.index(path)]
    # a hidden command (``guide CONTACT`` runs ``guide for``) is described by its parent
    shown = ctx.parent.command_path if command.hidden and ctx.parent else path
    text = _help(shown)
    summary = command.get_short_help_str(limit=200)
    assert summary.strip(), f"{path} has no summary line"
    if not command.hidden:
        assert summary.rstrip(".") in " ".join(text.split()), f"{path}: summary not in --help"
    options = text.split("\nOptions:", 1)
    assert len(options) == 2, f"{shown} --help has no Options section"
    for param in command.params:
        if isinstance(param, click.Option):
            if param.hidden:
                continue
            assert (param.help or "").strip(), f"{path}: {param.opts[0]} has no help text"
            for opt in param.opts:
                assert opt in options[1], f"{shown} --help does not list {opt}"
        elif isinstance(param, click.Argument):
            # described by its own help (click lists it under "Positional arguments") or
            # named in the command's text
            name = param.make_metavar(ctx).strip("[]").removesuffix("...").strip("[]")
            described = (param.help or "").strip() or name in (command.help or "")
            assert described, f"{path}: the help never describes the argument {name}"
            assert name in text, f"{shown} --help does not show {name}"
