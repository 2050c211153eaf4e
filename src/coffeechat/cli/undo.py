"""``undo``: revert the last change of the workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from coffeechat.cli.options import emit_json, json_option, pass_workspace

if TYPE_CHECKING:
    from coffeechat.service import Workspace
    from coffeechat.service.undo import Undone


@click.command()
@click.option(
    "--dry-run",
    "--show",
    "dry_run",
    is_flag=True,
    help="Say what undo would revert, changing nothing.",
)
@json_option
@pass_workspace
def undo(workspace: Workspace, dry_run: bool, as_json: bool) -> None:
    """Revert the last change you made to the workspace.

    The last command that changed your records (a contact added or edited, a log, a
    note, a schedule, an import...) is reverted whole: every record it added, changed
    or removed goes back exactly as it was, and stages, follow-ups and stats follow.
    One level: right after an undo there is nothing more to undo. Commands that only
    read (list, show, status, search, export...) do not count as changes. Files a
    command wrote outside the workspace (drafts, invites, recaps, PDFs, backups) are
    not removed; delete them yourself if you no longer want them. `doctor --fix` and
    `doctor --restore` leave nothing to undo.

    \b
    Example:
        coffeechat undo --dry-run
        coffeechat undo
    """
    undone = workspace.undo(dry_run=dry_run)
    if as_json:
        zone = workspace.get_settings().timezone
        emit_json(_document(undone, dry_run, zone))
        return
    click.echo(_sentence(undone))


def _document(undone: Undone | None, dry_run: bool, zone: str) -> dict[str, object]:
    from coffeechat.formats.jsonout import instant

    return {
        "undone": undone is not None and not dry_run,
        "dry_run": dry_run,
        "label": undone.label if undone else None,
        "made_at": instant(undone.created_at, zone) if undone else None,
        "records": undone.records if undone else 0,
        "contacts": list(undone.contacts) if undone else [],
        "contact_count": undone.contact_count if undone else 0,
    }


def _sentence(undone: Undone | None) -> str:
    from coffeechat.cli.render import line

    if undone is None:
        return "Nothing to undo."
    what = f"`{undone.label}`"
    names = list(undone.contacts)
    others = undone.contact_count - len(names)
    if names and others > 0:
        who = f"{', '.join(names)} and {others:,} other{'s' if others > 1 else ''}"
    elif len(names) > 1:
        who = f"{', '.join(names[:-1])} and {names[-1]}"
    elif names:
        who = names[0]
    else:
        who = f"{undone.contact_count:,} contacts" if undone.contact_count else ""
    records = f"{undone.records:,} record{'' if undone.records == 1 else 's'}"
    verb = "Undid" if undone.done else "Undo would revert"
    return line(f"{verb} {what}{f' for {who}' if who else ''} ({records}).")
