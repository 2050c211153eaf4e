"""``import``: contacts from LinkedIn, address books and spreadsheets (and a JSON export)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from coffeechat.cli.options import emit_json, json_option, pass_workspace, read_input
from coffeechat.cli.render import say

dry_run_option = click.option(
    "--dry-run", is_flag=True, help="Show what would change, and change nothing."
)


class _Bar:
    """A progress bar on standard error, only when it is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty() or total < 1000:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _run(
    workspace: Any,
    file: str,
    kind: str,
    reader: Callable[..., Any],
    dry_run: bool,
    as_json: bool,
    **options: Any,
) -> None:
    from coffeechat.formats import imported

    data, source = read_input(
        file, imported.MAX_BYTES, "a contacts file", "split it into smaller files"
    )
    bar = _Bar(f"Reading {source}")
    try:
        found = reader(data, source, progress=bar, **options)
        bar.close()
        bar.label = "Importing"
        summary = workspace.import_contacts(found, source, kind, dry_run=dry_run, progress=bar)
    finally:
        bar.close()
    if as_json:
        emit_json(
            {
                "source": summary.source,
                "dry_run": summary.dry_run,
                "total": summary.total,
                **{a: summary.count(a) for a in ACTIONS},
                "backup": str(summary.backup) if summary.backup else None,
                "rows": [
                    {
                        "line": r.line,
                        "name": r.name,
                        "action": r.action,
                        "contact_id": r.contact_id,
                        "reason": r.reason or None,
                    }
                    for r in summary.rows
                ],
                "warnings": [{"line": line, "reason": why} for line, why in summary.warnings],
            }
        )
        return
    say(_summary_text(summary))


#: Row outcomes, in the order the summary gives them.
ACTIONS = ("created", "updated", "merged", "unchanged", "skipped")


def _summary_text(summary: Any) -> str:
    head = "Would import" if summary.dry_run else "Imported"
    counts = ", ".join(f"{summary.count(a)} {a}" for a in ACTIONS)
    lines = [f"{head} {summary.source}: {summary.total} rows: {counts}."]
    skipped = [r for r in summary.rows if r.action == "skipped"]
    for r in skipped[:20]:
        lines.append(f"  line {r.line}: skipped: {r.reason}")
    if len(skipped) > 20:
        lines.append(f"  ... and {len(skipped) - 20} more (--json lists them all)")
    for line, why in summary.warnings[:10]:
        lines.append(f"  line {line}: {why}")
    if summary.dry_run:
        lines.append("Nothing was changed (dry run). Run it again without --dry-run to import.")
    elif summary.backup:
        lines.append(f"A backup of the workspace before the import: {summary.backup}")
    return "\n".join(lines)


@click.group("import")
def import_() -> None:
    """Bring contacts in: LinkedIn, vCard, any spreadsheet (or a coffeechat JSON export).

    Duplicates are matched by e-mail, LinkedIn URL, or name and company (case and
    accents aside): a match keeps its fields and gets only the empty ones filled. Each
    import is one transaction, after an automatic backup (on PostgreSQL, a JSON export
    that `import json` restores); --dry-run shows what would happen. Every row is
    accounted for: created, updated, merged (a duplicate within the file), unchanged,
    or skipped with the reason.

    \b
    Example:
        coffeechat import linkedin Connections.csv --dry-run
        coffeechat import vcard contacts.vcf
        coffeechat import csv people.csv --map "Full name=name,Mail=email,Org=company"
    """


@import_.command("linkedin")
@click.argument(
    "file", metavar="Connections.csv", help="LinkedIn's export file, or the whole archive (.zip)."
)
@dry_run_option
@json_option
@pass_workspace
def import_linkedin(workspace: Any, file: str, dry_run: bool, as_json: bool) -> None:
    """Import LinkedIn's "Connections" export (Settings > Data privacy > Get a copy).

    "Connected On" becomes the day you met, how you met `online`. The archive as
    LinkedIn sends it (a .zip) is read too: its Connections.csv is imported.

    \b
    Example:
        coffeechat import linkedin ~/Downloads/Connections.csv
        coffeechat import linkedin ~/Downloads/Basic_LinkedInDataExport.zip
    """
    from coffeechat.formats.linkedin import read_linkedin

    _run(workspace, file, "linkedin", read_linkedin, dry_run, as_json)


@import_.command("vcard")
@click.argument("file", metavar="FILE.vcf", help="A vCard file.")
@dry_run_option
@json_option
@pass_workspace
def import_vcard(workspace: Any, file: str, dry_run: bool, as_json: bool) -> None:
    """Import vCards (2.1, 3.0, 4.0) as phones, Google and iCloud export them.

    \b
    Example:
        coffeechat import vcard contacts.vcf --dry-run
    """
    from coffeechat.formats.vcard import read_vcard

    _run(workspace, file, "vcard", read_vcard, dry_run, as_json)


@import_.command("csv")
@click.argument("file", metavar="FILE.csv", help="A CSV file with a header row.")
@click.option(
    "--map",
    "mapping",
    metavar="MAP",
    help='Column=field pairs, e.g. "Name=name,Mail=email" (fields: name, first_name, '
    "last_name, email, phone, linkedin, company, title, note, met_on, city, tags). "
    "Not needed for Google Contacts' CSV.",
)
@dry_run_option
@json_option
@pass_workspace
def import_csv(
    workspace: Any, file: str, mapping: str | None, dry_run: bool, as_json: bool
) -> None:
    """Import any spreadsheet export (Google Contacts' CSV is recognised as it is).

    \b
    Example:
        coffeechat import csv google.csv
        coffeechat import csv people.csv --map "Full name=name,Mail=email,Org=company"
    """
    from coffeechat.formats.csvcontacts import parse_map, read_csv_contacts

    parsed = parse_map(mapping) if mapping else None
    _run(workspace, file, "csv", read_csv_contacts, dry_run, as_json, mapping=parsed)


def _mount_json() -> None:
    """`coffeechat import json FILE`: restoring a JSON export (written in cli/exchange)."""
    from coffeechat.cli.exchange import import_json

    import_.add_command(import_json)


_mount_json()
