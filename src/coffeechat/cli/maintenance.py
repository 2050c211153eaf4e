"""``backup`` and ``doctor``: looking after the workspace itself."""

from __future__ import annotations

import sys
from typing import Any

import click

from coffeechat.cli.options import emit_json, json_option, pass_workspace, settings_from

#: What PATH of ``backup`` may be.
BACKUP_PATH_HELP = "A file, or a folder to put it in (default: backups/ in the workspace)."


@click.command()
@click.argument("path", metavar="[PATH]", required=False, help=BACKUP_PATH_HELP)
@click.option("--to", "to", metavar="PATH", help="The same as PATH (kept for scripts).")
@json_option
@pass_workspace
def backup(workspace: Any, path: str | None, to: str | None, as_json: bool) -> None:
    """Make a consistent copy of the workspace, even while it is in use.

    The copy is one SQLite file you can open with coffeechat (point COFFEECHAT_HOME at a
    folder holding it as coffeechat.db), readable by you alone (0600). It is checked
    before it is kept: a damaged workspace is not copied (run `coffeechat doctor`).
    coffeechat also backs up by itself before every schema upgrade, every import and
    `doctor --fix`, keeping in backups/ the last 10 of those and one older copy (from
    a week before the newest, or the oldest). A PostgreSQL workspace is backed up with
    its own tools (pg_dump), or portably with `coffeechat export json`.

    The file is named after the moment it was made in your zone
    (coffeechat-20261127T090000-0500.db) when PATH is a folder or not given.

    \b
    Example:
        coffeechat backup
        coffeechat backup ~/Dropbox/coffeechat-2026-11-27.db
        coffeechat backup ~/Dropbox/
    """
    if path is not None and to is not None and path != to:
        raise click.UsageError("give the backup's PATH once: as PATH or as --to, not both")
    target = workspace.backup(path or to)
    if as_json:
        emit_json({"file": str(target), "bytes": target.stat().st_size})
        return
    from coffeechat.cli.render import status_line

    status_line(f"Backed up to {target} ({target.stat().st_size:,} bytes).")


@click.command()
@click.option(
    "--fix",
    is_flag=True,
    help="Remove orphan rows and stale index entries; tighten loose file permissions.",
)
@click.option(
    "--restore",
    metavar="BACKUP",
    help="Replace a damaged workspace by BACKUP (a file, or a name in backups/); the "
    "damaged file is kept aside.",
)
@json_option
def doctor(fix: bool, restore: str | None, as_json: bool) -> None:
    """Check the workspace and say what to do: integrity, schema, orphans, the index.

    Exits 0 when everything is in order, 1 when something needs you (said on the last
    line). --fix repairs what can be repaired safely (orphan rows, stale search
    entries, files others could read), after an automatic backup. A damaged
    database is reported with what SQLite found and the newest backup that passes its
    check; `--fix --restore BACKUP` puts that backup in place and keeps the damaged
    file beside it (coffeechat-damaged-STAMP.db). Run it while no other coffeechat
    command uses the workspace.

    \b
    Example:
        coffeechat doctor
        coffeechat doctor --fix
        coffeechat doctor --fix --restore auto-20261127T140000Z-before-import-csv.db
    """
    from coffeechat.service import Workspace

    if restore is not None and not fix:
        raise click.UsageError("--restore replaces the workspace: give --fix with it")
    settings = settings_from(click.get_current_context())
    report = Workspace.examine(settings, fix=fix, restore=restore)
    problems = [c for c in report.checks if not c.ok]
    newest = str(report.newest_good_backup) if report.newest_good_backup else None
    if as_json:
        emit_json(
            {
                "ok": report.ok,
                "where": report.where,
                "repaired": report.repaired,
                "newest_good_backup": newest,
                "set_aside": str(report.set_aside) if report.set_aside else None,
                "checks": [
                    {"name": c.name, "ok": c.ok, "detail": c.detail, "fix": c.fix or None}
                    for c in report.checks
                ],
            }
        )
    else:
        click.echo(f"Workspace: {report.where}")
        for c in report.checks:
            mark = click.style("ok", fg="green") if c.ok else click.style("!!", fg="red")
            click.echo(f"  {mark}  {c.name:<13} {c.detail}")
            if c.fix and not c.ok:
                click.echo(f"      {'':<13} what to do: {c.fix}")
        if report.repaired:
            click.echo(f"Repaired {report.repaired} rows.")
    if problems:
        names = ", ".join(c.name for c in problems)
        click.echo(f"doctor: {len(problems)} problem(s) found: {names}", err=True)
        sys.exit(1)
