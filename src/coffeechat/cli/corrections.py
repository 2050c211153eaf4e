"""Fixing mistakes: ``note list|edit|move|remove``, ``takeaway list|edit|remove``,
``promise list|edit|remove``, ``intro list|remove``, ``log list|edit|remove``.

Every record is named by its id (the lists show them); the commands are attached to their
groups by ``cli/conversation.py`` and ``cli/pipeline.py``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli import options
from coffeechat.cli.options import CONTACT_HELP, emit_json, json_option, pass_workspace
from coffeechat.cli.render import local, say, table

if TYPE_CHECKING:
    from coffeechat.service import Workspace

#: How much of a record's text a line quotes.
QUOTE = 60


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return f'"{flat}"' if len(flat) <= QUOTE else f'"{flat[: QUOTE - 1].rstrip()}…"'


def _short(contact: Any) -> dict[str, Any]:
    return {"id": contact.id, "name": contact.name, "stage": contact.stage.value}


def _zone(workspace: Workspace) -> str:
    return workspace.get_settings().timezone


def _report(workspace: Workspace, done: Any, as_json: bool, what: str) -> None:
    """Print an edit or a removal: ``what`` says it in words."""
    if as_json:
        from coffeechat.formats import jsonout

        emit_json(jsonout.corrected(done, _zone(workspace)))
        return
    say(f"{what}; {done.contact.name} is at stage {done.contact.stage}.")
    for line in done.also:
        say(f"  Also: {line}.")


def _emit_written(contact: Any, key: str, kind: str, rows: Sequence[Any], zone: str) -> None:
    """A contact's notes, takeaways, promises or introductions as one JSON document."""
    from coffeechat.formats import jsonout

    emit_json({"contact": _short(contact), key: [jsonout.written_row(kind, r, zone) for r in rows]})


def _listing(title: str, rows: Sequence[Sequence[str]], headers: list[str], empty: str) -> None:
    if not rows:
        say(empty)
        return
    say(title)
    click.echo(table(rows, headers))


# --- notes ----------------------------------------------------------------------------------


@click.command("list")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@json_option
@pass_workspace
def note_list(workspace: Workspace, ref: str, as_json: bool) -> None:
    """List a contact's notes with their ids, topics and times.

    The ID is what `note edit`, `note move` and `note remove` take. Notes logged on the
    timeline (`coffeechat log CONTACT note --note ...`) are in `coffeechat log list`.

    \b
    Example:
        coffeechat note list ada
        coffeechat note list ada --json
    """
    found = workspace.list_notes(ref)
    zone = _zone(workspace)
    if as_json:
        _emit_written(found.contact, "notes", "note", found.notes, zone)
        return
    rows = [
        (str(n.id), str(n.conversation_id), n.topic or "-", local(n.created_at, zone), n.text)
        for n in found.notes
    ]
    _listing(
        f"Notes on {found.contact.name}:",
        [(*r[:4], " ".join(r[4].split())) for r in rows],
        ["ID", "CONVERSATION", "TOPIC", "WRITTEN", "TEXT"],
        f"No notes on {found.contact.name} yet.",
    )


def _typed_text(workspace: Workspace, note_id: int) -> str:
    """The new text of a note when none was given: edited in $EDITOR from a terminal,
    else read from standard input."""
    if options.interactive():
        current = workspace.note(note_id).text
        edited = click.edit(current)
        if edited is None or edited.strip() == current.strip():
            raise click.ClickException(f"note {note_id}: unchanged (nothing was saved)")
        return edited
    data, _ = options.read_input("-", what="note")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise click.ClickException("note: standard input is not UTF-8 text") from None
    if not text.strip():
        raise click.ClickException(
            f"note {note_id}: give the new text (as arguments, on standard input, or in "
            "$EDITOR from a terminal), or --topic to move it"
        )
    return text


@click.command("edit")
@click.argument(
    "note_id", type=int, metavar="ID", help="The note's id, as `note list CONTACT` shows it."
)
@click.argument("words", nargs=-1, metavar="[TEXT]", help="The new text; quotes are optional.")
@click.option(
    "--topic",
    metavar="KEY",
    help="Move it under this topic: a key of the guide, its number (1 for the first "
    "question), `reflection`, or `none`.",
)
@json_option
@pass_workspace
def note_edit(
    workspace: Workspace, note_id: int, words: tuple[str, ...], topic: str | None, as_json: bool
) -> None:
    """Change a note's text (and, with --topic, where it is filed).

    Without TEXT and --topic, the note opens in $EDITOR when run in a terminal; otherwise
    the new text is read from standard input. ID: see `coffeechat note list CONTACT`.

    \b
    Example:
        coffeechat note edit 12 "Physics PhD, then QA, then data engineering"
        coffeechat note edit 12 --topic journey
        echo "Leaves at six most days" | coffeechat note edit 12
    """
    text: str | None = " ".join(words) if words else None
    if text is None and topic is None:
        text = _typed_text(workspace, note_id)
    done = workspace.edit_note(note_id, text, topic=topic)
    moved = ""
    if topic is not None:
        moved = f", now under {done.after.topic}" if done.after.topic else ", now under no topic"
    what = "changed" if text is not None else "moved"
    _report(workspace, done, as_json, f"Note {note_id} {what}{moved}")


@click.command("move")
@click.argument(
    "note_id", type=int, metavar="ID", help="The note's id, as `note list CONTACT` shows it."
)
@click.option(
    "--topic",
    required=True,
    metavar="KEY",
    help="A key of the guide, its number (1 for the first question), `reflection`, or `none`.",
)
@json_option
@pass_workspace
def note_move(workspace: Workspace, note_id: int, topic: str, as_json: bool) -> None:
    """File a note under another topic of its conversation's guide.

    \b
    Example:
        coffeechat note move 12 --topic balance
        coffeechat note move 12 --topic 3
    """
    done = workspace.edit_note(note_id, topic=topic)
    where = done.after.topic or "no topic"
    _report(workspace, done, as_json, f"Note {note_id} moved under {where}")


@click.command("remove")
@click.argument(
    "note_id", type=int, metavar="ID", help="The note's id, as `note list CONTACT` shows it."
)
@json_option
@pass_workspace
def note_remove(workspace: Workspace, note_id: int, as_json: bool) -> None:
    """Remove a note.

    \b
    Example:
        coffeechat note remove 12
    """
    done = workspace.remove_note(note_id)
    before = done.before
    under = f" ({before.topic})" if before.topic else ""
    text = _quote(before.text)
    _report(workspace, done, as_json, f"Removed note {note_id}{under}: {text}")


# --- takeaways ------------------------------------------------------------------------------


@click.command("list")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@json_option
@pass_workspace
def takeaway_list(workspace: Workspace, ref: str, as_json: bool) -> None:
    """List a contact's takeaways with their ids.

    \b
    Example:
        coffeechat takeaway list ada
    """
    contact, rows = workspace.list_takeaways(ref)
    zone = _zone(workspace)
    if as_json:
        _emit_written(contact, "takeaways", "takeaway", rows, zone)
        return
    _listing(
        f"Takeaways from {contact.name}:",
        [(str(t.id), t.kind, " ".join(t.text.split())) for t in rows],
        ["ID", "KIND", "TEXT"],
        f"No takeaways from {contact.name} yet.",
    )


@click.command("edit")
@click.argument(
    "takeaway_id",
    type=int,
    metavar="ID",
    help="The takeaway's id, as `takeaway list CONTACT` shows it.",
)
@click.argument("words", nargs=-1, metavar="[TEXT]", help="The new text; quotes are optional.")
@click.option(
    "--kind",
    type=click.Choice(["insight", "mentor", "introduction", "path", "resource", "advice"]),
    help="File it under another kind.",
)
@json_option
@pass_workspace
def takeaway_edit(
    workspace: Workspace, takeaway_id: int, words: tuple[str, ...], kind: str | None, as_json: bool
) -> None:
    """Change a takeaway's text or kind (the recap and drafts follow).

    ID: see `coffeechat takeaway list CONTACT`.

    \b
    Example:
        coffeechat takeaway edit 4 "Their data team hires from support"
        coffeechat takeaway edit 4 --kind advice
    """
    done = workspace.edit_takeaway(takeaway_id, " ".join(words) if words else None, kind=kind)
    _report(workspace, done, as_json, f"Takeaway {takeaway_id} changed")


@click.command("remove")
@click.argument(
    "takeaway_id",
    type=int,
    metavar="ID",
    help="The takeaway's id, as `takeaway list CONTACT` shows it.",
)
@json_option
@pass_workspace
def takeaway_remove(workspace: Workspace, takeaway_id: int, as_json: bool) -> None:
    """Remove a takeaway.

    \b
    Example:
        coffeechat takeaway remove 4
    """
    done = workspace.remove_takeaway(takeaway_id)
    before = done.before
    text = _quote(before.text)
    kind = before.kind
    _report(workspace, done, as_json, f"Removed takeaway {takeaway_id} ({kind}): {text}")


# --- promises -------------------------------------------------------------------------------


@click.command("list")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@json_option
@pass_workspace
def promise_list(workspace: Workspace, ref: str, as_json: bool) -> None:
    """List the promises made with a contact, by you and by them, with their ids.

    \b
    Example:
        coffeechat promise list ada
    """
    contact, rows = workspace.list_promises(ref)
    zone = _zone(workspace)
    if as_json:
        _emit_written(contact, "promises", "promise", rows, zone)
        return
    _listing(
        f"Promises with {contact.name}:",
        [
            (
                str(p.id),
                "you" if p.by == "me" else "them",
                p.due.isoformat() if p.due else "-",
                "kept" if p.done_at else "",
                " ".join(p.text.split()),
            )
            for p in rows
        ],
        ["ID", "BY", "DUE", "DONE", "TEXT"],
        f"No promises with {contact.name} yet.",
    )


@click.command("edit")
@click.argument(
    "promise_id",
    type=int,
    metavar="ID",
    help="The promise's id, as `promise list CONTACT` shows it.",
)
@click.argument("words", nargs=-1, metavar="[TEXT]", help="The new text; quotes are optional.")
@click.option("--due", metavar="DATE", help="Its due date, YYYY-MM-DD (`none`: no date).")
@json_option
@pass_workspace
def promise_edit(
    workspace: Workspace, promise_id: int, words: tuple[str, ...], due: str | None, as_json: bool
) -> None:
    """Change a promise's text or due date (a date on yours makes it a follow-up).

    ID: see `coffeechat promise list CONTACT`.

    \b
    Example:
        coffeechat promise edit 3 --due 2026-12-04
        coffeechat promise edit 3 "Send my portfolio and the deck"
    """
    done = workspace.edit_promise(promise_id, " ".join(words) if words else None, due=due)
    after = done.after
    when = f", due {after.due.isoformat()}" if after.due else ", no due date"
    text = _quote(after.text)
    _report(workspace, done, as_json, f"Promise {promise_id}{when}: {text}")


@click.command("remove")
@click.argument(
    "promise_id",
    type=int,
    metavar="ID",
    help="The promise's id, as `promise list CONTACT` shows it.",
)
@json_option
@pass_workspace
def promise_remove(workspace: Workspace, promise_id: int, as_json: bool) -> None:
    """Remove a promise (its follow-up goes with it).

    \b
    Example:
        coffeechat promise remove 3
    """
    done = workspace.remove_promise(promise_id)
    text = _quote(done.before.text)
    _report(workspace, done, as_json, f"Removed promise {promise_id}: {text}")


# --- introductions --------------------------------------------------------------------------


@click.command("list")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@json_option
@pass_workspace
def intro_list(workspace: Workspace, ref: str, as_json: bool) -> None:
    """List the introductions a contact offered, with their ids.

    \b
    Example:
        coffeechat intro list ada
    """
    contact, rows = workspace.list_introductions(ref)
    zone = _zone(workspace)
    if as_json:
        _emit_written(contact, "introductions", "introduction", rows, zone)
        return
    names = {i.to_id: workspace.show_contact(str(i.to_id)).contact.name for i in rows}
    _listing(
        f"Introductions {contact.name} offered:",
        [(str(i.id), f"{names[i.to_id]} (#{i.to_id})", i.status) for i in rows],
        ["ID", "TO", "STATUS"],
        f"{contact.name} has offered no introductions yet.",
    )


@click.command("remove")
@click.argument(
    "intro_id",
    type=int,
    metavar="ID",
    help="The introduction's id, as `intro list CONTACT` shows it.",
)
@json_option
@pass_workspace
def intro_remove(workspace: Workspace, intro_id: int, as_json: bool) -> None:
    """Remove an offered introduction (its follow-up goes with it).

    The person stays a contact; remove them too with `coffeechat contact remove`.
    ID: see `coffeechat intro list CONTACT`.

    \b
    Example:
        coffeechat intro remove 2
    """
    done = workspace.remove_introduction(intro_id)
    _report(workspace, done, as_json, f"Removed introduction {intro_id}")


# --- the timeline ---------------------------------------------------------------------------


@click.command("list")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@json_option
@pass_workspace
def log_list(workspace: Workspace, ref: str, as_json: bool) -> None:
    """List a contact's timeline with the ids `log remove` takes.

    \b
    Example:
        coffeechat log list priya
        coffeechat log list priya --json
    """
    found = workspace.list_events(ref)
    if as_json:
        from coffeechat.formats import jsonout

        emit_json(
            {
                "contact": _short(found.contact),
                "events": [jsonout.event(e) for e in found.events],
            }
        )
        return
    rows = [
        (
            str(e.id),
            local(e.at, e.zone, "%a %Y-%m-%d %H:%M %Z"),
            e.kind.value if e.kind.value != "stage" else f"stage set to {e.value}",
            " ".join((e.note or "").split()),
        )
        for e in found.events
    ]
    _listing(
        f"Timeline of {found.contact.name} (stage: {found.contact.stage}):",
        rows,
        ["ID", "WHEN", "KIND", "NOTE"],
        f"Nothing logged with {found.contact.name} yet.",
    )


@click.command("remove")
@click.argument(
    "event_id", type=int, metavar="EVENT", help="The event's id, as `log list CONTACT` shows it."
)
@json_option
@pass_workspace
def log_remove(workspace: Workspace, event_id: int, as_json: bool) -> None:
    """Remove an entry of a timeline (a mistyped log); the stage and follow-ups follow.

    A removed meeting no longer holds its conversation: one made for it alone goes too.
    EVENT: the id `coffeechat log list CONTACT` shows.

    \b
    Example:
        coffeechat log remove 42
    """
    done = workspace.remove_event(event_id)
    e = done.before
    when = local(e.at, e.zone, "%a %Y-%m-%d %H:%M %Z")
    kind = e.kind.value
    _report(
        workspace,
        done,
        as_json,
        f"Removed {kind} with {done.contact.name} on {when} (event {event_id})",
    )


@click.command("edit")
@click.argument(
    "event_id", type=int, metavar="EVENT", help="The event's id, as `log list CONTACT` shows it."
)
@click.option("--note", help='Its note, as it should read ("" clears it).')
@click.option("--at", help="When it happened, ISO 8601 (no offset = your zone).")
@json_option
@pass_workspace
def log_edit(
    workspace: Workspace, event_id: int, note: str | None, at: str | None, as_json: bool
) -> None:
    """Correct an entry of a timeline: its note or when it happened; the stage follows.

    A meeting's time follows its conversation, and a stage set by hand is a choice: to
    move either, remove the entry and log it again. EVENT: the id `coffeechat log list
    CONTACT` shows.

    \b
    Example:
        coffeechat log edit 42 --note "Replied on LinkedIn, not by e-mail"
        coffeechat log edit 42 --at 2026-11-20T09:15
    """
    done = workspace.edit_event(event_id, note=note, at=at)
    e = done.after
    when = local(e.at, e.zone, "%a %Y-%m-%d %H:%M %Z")
    _report(
        workspace,
        done,
        as_json,
        f"Saved the {e.kind.value} with {done.contact.name} on {when} (event {event_id})",
    )
