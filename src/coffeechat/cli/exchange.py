"""``export json|csv|vcard`` and ``import json``: a whole-workspace backup, contacts for
other tools."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

import click

from coffeechat.cli.options import emit_json, pass_workspace
from coffeechat.cli.render import say, status_line

_output_option = click.option(
    "-o", "--output", metavar="FILE", help="Write to FILE, whole or not at all (default: stdout)."
)


def _deliver(write: Callable[[BinaryIO], Any], output: str | None) -> Any:
    """Call ``write`` with the output stream: FILE (whole or not at all) or standard
    output; what ``write`` returns is returned."""
    from coffeechat.formats.files import output as open_output

    with open_output(output or "-") as stream:
        return write(stream)


def _said(output: str | None, done: str) -> None:
    """The line saying where an export went (none when it went to standard output)."""
    if output and output != "-":
        status_line(f"{done} to {output}.")


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


@click.group()
def export() -> None:
    """Export your data: everything as JSON (a backup), contacts as CSV or vCard.

    `export json` writes the whole workspace as one JSON document (docs/export.md);
    `coffeechat import json` restores it, exactly, into a new workspace. `export csv`
    and `export vcard` write your contacts for a spreadsheet or an address book.
    Without -o the export goes to standard output.

    \b
    Example:
        coffeechat export json -o backup.json
        coffeechat export csv -o contacts.csv
        coffeechat export vcard > contacts.vcf
    """


@export.command("json")
@_output_option
@pass_workspace
def export_json(workspace: Any, output: str | None) -> None:
    """Export everything as one JSON document, ids kept: `import json` restores it.

    Settings, companies, contacts (with e-mails and tags), timelines, calendars, your
    guides, conversations with their notes, takeaways and promises, offered times,
    introductions, follow-up decisions and paths, ids kept. The fields are described in
    docs/export.md.

    \b
    Example:
        coffeechat export json -o backup.json
    """
    counts = _deliver(workspace.write_export_json, output)
    said = ", ".join(
        _plural(counts[key], word, words)
        for key, word, words in (
            ("contacts", "contact", None),
            ("companies", "company", "companies"),
            ("conversations", "conversation", None),
        )
    )
    _said(output, f"Exported your workspace ({said})")


@export.command("csv")
@_output_option
@pass_workspace
def export_csv(workspace: Any, output: str | None) -> None:
    """Export your contacts as CSV, one row each, for a spreadsheet.

    Columns: id, name, emails (separated by ;), phone, linkedin, company, title,
    seniority, city, timezone, country, how_met, met_at, met_on, introduced_by, tags
    (separated by ;), note, stage. UTF-8 with a byte order mark, so that Excel reads the
    accents right; a cell that a spreadsheet would take for a formula (starting with =,
    +, - or @) begins with an apostrophe.

    \b
    Example:
        coffeechat export csv -o contacts.csv
    """
    rows = _deliver(workspace.write_contacts_csv, output)
    _said(output, f"Exported {_plural(rows, 'contact')}")


@export.command("vcard")
@_output_option
@pass_workspace
def export_vcard(workspace: Any, output: str | None) -> None:
    """Export your contacts as vCard 4.0 cards, for an address book.

    Each card has the name (FN, and N split at the last space), e-mails, phone, company
    (ORG), title, LinkedIn (URL), note and tags (CATEGORIES).

    \b
    Example:
        coffeechat export vcard -o contacts.vcf
    """
    cards = _deliver(workspace.write_vcard, output)
    _said(output, f"Exported {_plural(cards, 'contact')}")


@contextmanager
def _backup(file: str) -> Iterator[tuple[BinaryIO, str]]:
    """FILE (or standard input for "-") open for reading as it is needed, and its name
    for messages."""
    from coffeechat.formats.files import FileTrouble, describe

    where = describe(file)
    if file == "-":
        yield sys.stdin.buffer, where
        return
    try:
        handle = open(file, "rb")  # noqa: SIM115
    except IsADirectoryError:
        raise FileTrouble(where, "is a folder, not a file") from None
    except OSError as error:
        raise FileTrouble(where, error.strerror or type(error).__name__) from None
    with handle:
        yield handle, where


@click.command("json")
@click.argument("file", metavar="FILE", help="A JSON export (`coffeechat export json`).")
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON document (fields: docs/export.md)."
)
@pass_workspace
def import_json(workspace: Any, file: str, as_json: bool) -> None:
    """Restore a JSON export into a new, empty workspace, exactly as it was exported.

    The workspace must hold nothing yet but you (run `coffeechat init` in a new folder
    first): your settings become those of the backup, and every row comes back with its
    id. All or nothing: a file with any problem is refused with the place of the problem
    (e.g. `contacts[12].emails: expected a list of strings`) and nothing changes.

    \b
    Example:
        coffeechat --home ~/restored init --name "Sam Rivera"
        coffeechat --home ~/restored import json backup.json
    """
    with _backup(file) as (stream, source):
        summary = workspace.import_json(stream, source)
    if as_json:
        emit_json(
            {
                "file": summary.source,
                "owner": summary.owner,
                "schema": summary.schema,
                "exported_at": summary.exported_at.isoformat(),
                "restored": dict(summary.counts),
            }
        )
        return
    restored = ", ".join(f"{n} {key.replace('_', ' ')}" for key, n in summary.counts.items() if n)
    say(
        f"Restored {summary.source} (exported {summary.exported_at:%Y-%m-%d}): "
        f"{restored or 'no rows, just the settings'}; your settings are the backup's "
        f"({summary.owner})."
    )
