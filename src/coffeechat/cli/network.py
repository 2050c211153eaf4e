"""``network``: who introduced you to whom, as chains, a tree, or a drawing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from coffeechat.cli.options import (
    emit_json,
    json_option,
    pass_workspace,
    refuse_terminal,
    write_file,
    write_stdout,
)
from coffeechat.cli.render import say, status_line

_SUFFIXES = {".svg": "svg", ".png": "png"}


@click.command()
@click.argument("ref", metavar="[CONTACT]", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "svg", "png"]),
    help="text, or a drawing: svg or png (default: from the -o file name, else text).",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (a PNG needs one).")
@json_option
@pass_workspace
def network(
    workspace: Any, ref: str | None, fmt: str | None, output: str | None, as_json: bool
) -> None:
    """Show who introduced you to whom: the chains from you, and what each introducer did.

    Each chain runs from you through the people who introduced you onwards (you → Ada →
    Bob → a hiring manager). Under each introducer: the introductions they offered, how
    many were made, and how many turned into a conversation. With CONTACT, only the chains
    through them: who led you to them, and everyone they led you to.

    A drawing (--format svg|png, or -o FILE.svg|FILE.png) puts you on the left, one
    column per step, each person coloured by stage.

    \b
    Example:
        coffeechat network
        coffeechat network priya
        coffeechat network -o network.png
        coffeechat network --format svg > network.svg
    """
    from coffeechat.formats import network as drawing

    view = workspace.network(ref)
    if fmt is None:
        fmt = _SUFFIXES.get(Path(output).suffix.lower(), "text") if output else "text"
    if not output:
        if as_json:
            emit_json(drawing.to_json(view))
        elif fmt == "text":
            say(drawing.text(view))
        elif fmt == "png":
            refuse_terminal("PNG")  # before drawing: a large network takes seconds
            write_stdout(drawing.png(view))
        else:
            write_stdout(drawing.svg(view))
        return

    if fmt == "png":
        data = drawing.png(view)
    elif fmt == "svg":
        data = drawing.svg(view)
    else:
        data = (drawing.text(view) + "\n").encode("utf-8")
    write_file(output, data)
    if as_json:
        emit_json(drawing.to_json(view))
    else:
        status_line(f"Network written to {output}.")
