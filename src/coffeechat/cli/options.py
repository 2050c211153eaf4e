"""Options and helpers shared by every command, defined once."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from coffeechat.config import Settings
    from coffeechat.service import Workspace

F = TypeVar("F", bound=Callable[..., Any])

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON document (fields: docs/json.md)."
)


#: The help of every CONTACT argument (docs/guide.md, "Referring to a contact").
CONTACT_HELP = "Their id, or their name, whole or in part (ada, ada l, 4)."
#: The help of a TEXT argument made of the remaining words.
TEXT_HELP = "The text; quotes are optional."
#: The help of a follow-up's ITEM argument.
ITEM_HELP = "The item's id, as `coffeechat agenda` shows it (3:thank-you:conversation-2)."

paper_option = click.option(
    "--paper",
    type=click.Choice(["letter", "a4"], case_sensitive=False),
    help="The paper size of a PDF or DOCX (default: your `paper` setting, else Letter in "
    "the US, Canada, Mexico, the Philippines... and A4 elsewhere).",
)

#: ``--limit``: 1 to ``validate.LIMIT_MAX`` (docs/cli.md); bigger or negative is a usage error.
LIMIT = click.IntRange(1, 10_000)


def settings_from(ctx: click.Context) -> Settings:
    """The settings for this run: ``--home`` or the environment."""
    from coffeechat.config import Settings

    home: str | None = ctx.find_root().params.get("home")
    return Settings.from_env(home=Path(home) if home else None)


@contextmanager
def open_workspace() -> Iterator[Workspace]:
    """Open the workspace named by ``--home``/the environment; close it afterwards."""
    from coffeechat.service import Workspace

    workspace = Workspace.open(settings_from(click.get_current_context()))
    try:
        yield workspace
    finally:
        workspace.close()


def pass_contacts_view(f: F) -> F:
    """Give a command that only reads contacts the small workspace (a faster start)."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from coffeechat.service.contacts import ContactsView

        view = ContactsView.open(settings_from(click.get_current_context()))
        try:
            return f(view, *args, **kwargs)
        finally:
            view.close()

    return wrapper  # type: ignore[return-value]


def pass_workspace(f: F) -> F:
    """Give the command an open workspace as its first argument."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with open_workspace() as workspace:
            return f(workspace, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def emit_json(document: Any) -> None:
    """Print one JSON document on stdout, written as it is produced: a list (or an
    iterator, such as a generator of contacts) goes out item by item, so the whole text is
    never held at once. The bytes are those of ``jsonout.dumps`` and a newline."""
    from coffeechat.formats.jsonout import batches

    for text in batches(document):
        click.echo(text, nl=False)
    click.echo()


def interactive() -> bool:
    """Whether a person is at the terminal (prompts and confirmations make sense)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def read_input(
    file: str, limit: int | None = None, what: str = "", hint: str = ""
) -> tuple[bytes, str]:
    """The bytes of FILE, or of standard input for "-", and a name for messages.

    At most ``limit`` bytes are read (``files.DEFAULT_LIMIT`` when not given), counted as
    they are read, so a pipe or ``/dev/zero`` stops at the cap: past it, or when the file
    cannot be read, one line naming the file (``FileTrouble``), exit 1.
    """
    from coffeechat.formats import files

    data = files.read_bytes(file, files.DEFAULT_LIMIT if limit is None else limit, what, hint)
    return data, files.describe(file)


def write_file(path: str | Path, data: bytes, mode: int | None = None) -> None:
    """Write the whole file or nothing (``files.write_bytes``: a temporary file, fsync'd
    and renamed over a regular file; a device, a pipe or a symlink's target written
    through); a file that cannot be written is one line, exit 1, and nothing is left."""
    from coffeechat.formats import files

    files.write_bytes(path, data, mode)


def refuse_terminal(binary: str) -> None:
    """One line, exit 1, when a binary document (e.g. "PNG") would go to a terminal."""
    if sys.stdout.isatty():
        raise click.ClickException(
            f"a {binary} is not for a terminal: add -o FILE.{binary.lower()}"
        )


def write_stdout(data: bytes, binary: str | None = None) -> None:
    """Bytes on standard output; ``binary`` (e.g. "PNG") refuses a terminal, saying to
    write a file instead."""
    if binary is not None:
        refuse_terminal(binary)
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


class DefaultGroup(click.Group):
    """A group whose first word, when it is neither one of its commands nor an option,
    begins the arguments of its default command: `log CONTACT KIND` is `log add CONTACT
    KIND`, `guide CONTACT` is `guide for CONTACT`."""

    #: The command run when the first word is not a command's name.
    default_command = ""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, self.routed(args))

    def routed(self, args: list[str]) -> list[str]:
        """The arguments with the default command's name put in front when it applies."""
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            return [self.default_command, *args]
        return args
