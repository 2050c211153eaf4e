"""``note``, ``takeaway``, ``promise``, ``intro`` and ``recap``: writing a conversation
down, from a script or by hand."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from coffeechat.cli.options import (
    CONTACT_HELP,
    TEXT_HELP,
    DefaultGroup,
    emit_json,
    json_option,
    paper_option,
    pass_workspace,
    write_file,
    write_stdout,
)
from coffeechat.cli.render import say, status_line

conversation_option = click.option(
    "--conversation",
    type=int,
    metavar="ID",
    help="Another of the contact's conversations (default: the scheduled or latest one).",
)


def _short(contact: Any) -> dict[str, Any]:
    return {"id": contact.id, "name": contact.name, "stage": contact.stage.value}


def _attached(written: Any) -> str:
    started = " (a new conversation, started for it)" if written.started else ""
    return f"conversation {written.conversation_id} with {written.contact.name}{started}"


@click.group()
def note() -> None:
    """Notes on a conversation, under the topics of its guide.

    Notes attach to the contact's current conversation: the scheduled one, else the
    latest; one is started when the contact has none. `coffeechat chat` takes them
    interactively; these commands are the same for scripts.

    \b
    Example:
        coffeechat note add ada --topic journey "Physics PhD, then QA, then data"
    """


@note.command("add")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@click.argument("words", nargs=-1, required=True, metavar="TEXT", help=TEXT_HELP)
@click.option("--topic", metavar="KEY", help="A topic key of the guide (or `reflection`).")
@click.option("--guide", metavar="NAME", help="Use this guide for the conversation from now on.")
@conversation_option
@json_option
@pass_workspace
def note_add(
    workspace: Any,
    ref: str,
    words: tuple[str, ...],
    topic: str | None,
    guide: str | None,
    conversation: int | None,
    as_json: bool,
) -> None:
    """Add a note to a contact's conversation.

    KEY is a topic of the conversation's guide (`coffeechat guide CONTACT` lists them:
    journey, balance, challenges, workflow, team, advice, break-in, network,
    stay-in-touch in the default guide), or `reflection` for your own thoughts; without
    --topic the note stands on its own.

    \b
    Example:
        coffeechat note add ada --topic journey "Physics PhD, then a bootcamp, then QA"
        coffeechat note add ada "Recommended the Data Engineering Podcast"
    """
    written = workspace.add_note(
        ref, " ".join(words), topic=topic, conversation=conversation, guide=guide
    )
    if as_json:
        from coffeechat.formats import jsonout

        emit_json(
            jsonout.written(written, "note", {"topic": topic.strip().lower() if topic else None})
        )
        return
    where = f" under {topic.strip().lower()}" if topic else ""
    say(f"Noted{where} on {_attached(written)} (note {written.id}).")


@note.command("skip")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@click.argument("topic", metavar="KEY", help="A topic key of the conversation's guide.")
@click.option("--undo", is_flag=True, help="It was asked after all.")
@conversation_option
@pass_workspace
def note_skip(workspace: Any, ref: str, topic: str, undo: bool, conversation: int | None) -> None:
    """Mark a topic you did not ask about as skipped (the recap says so).

    \b
    Example:
        coffeechat note skip ada balance
        coffeechat note skip ada balance --undo
    """
    written = workspace.skip_topic(ref, topic, conversation=conversation, skipped=not undo)
    state = "asked after all" if undo else "skipped"
    say(f"{topic.strip().lower()}: {state}, on {_attached(written)}.")


@click.group()
def takeaway() -> None:
    """What you take away from a conversation, by kind (grouped so in the recap).

    \b
    Example:
        coffeechat takeaway add ada --kind insight "Their data team hires from support"
    """


@takeaway.command("add")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@click.option(
    "--kind",
    required=True,
    type=click.Choice(["insight", "mentor", "introduction", "path", "resource", "advice"]),
    help="industry insight, mentoring offered, an introduction, a path into the company, "
    "a resource, or advice.",
)
@click.argument("words", nargs=-1, required=True, metavar="TEXT", help=TEXT_HELP)
@conversation_option
@json_option
@pass_workspace
def takeaway_add(
    workspace: Any,
    ref: str,
    kind: str,
    words: tuple[str, ...],
    conversation: int | None,
    as_json: bool,
) -> None:
    """Add a takeaway to a contact's conversation.

    \b
    Example:
        coffeechat takeaway add ada --kind insight "Their data team hires from support"
        coffeechat takeaway add ada --kind mentor "Offered to review my portfolio"
    """
    written = workspace.add_takeaway(ref, kind, " ".join(words), conversation=conversation)
    if as_json:
        from coffeechat.formats import jsonout

        emit_json(jsonout.written(written, "takeaway", {"kind": kind}))
        return
    say(f"Takeaway {written.id} ({kind}) added to {_attached(written)}.")


@click.group()
def promise() -> None:
    """Promises made in a conversation, by you or by them, with their dates.

    \b
    Example:
        coffeechat promise add ada --by me --due 2026-12-04 "Send my portfolio link"
    """


@promise.command("add")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@click.option("--by", required=True, type=click.Choice(["me", "them"]), help="Who promised.")
@click.option("--due", metavar="DATE", help="When it is due, YYYY-MM-DD.")
@click.argument("words", nargs=-1, required=True, metavar="TEXT", help=TEXT_HELP)
@conversation_option
@json_option
@pass_workspace
def promise_add(
    workspace: Any,
    ref: str,
    by: str,
    due: str | None,
    words: tuple[str, ...],
    conversation: int | None,
    as_json: bool,
) -> None:
    """Add a promise to a contact's conversation.

    Your own promises with a date become follow-ups on that date; give every promise
    of yours a date (the recap check warns about undated ones).

    \b
    Example:
        coffeechat promise add ada --by me --due 2026-12-04 "Send my portfolio link"
        coffeechat promise add ada --by them "Forward my résumé to the hiring manager"
    """
    written = workspace.add_promise(ref, by, " ".join(words), due=due, conversation=conversation)
    if as_json:
        from coffeechat.formats import jsonout

        fields = {"by": by, "due": due.strip() if due else None}
        emit_json(jsonout.written(written, "promise", fields))
        return
    who = "You" if by == "me" else written.contact.name
    when = f", due {due.strip()}" if due else ""
    text = " ".join(" ".join(words).split())
    say(f"{who} promised{when}: {text} (promise {written.id}, on {_attached(written)}).")


@promise.command("done")
@click.argument("promise_id", type=int, metavar="ID")
@pass_workspace
def promise_done(workspace: Any, promise_id: int) -> None:
    """Mark one of your promises kept (its follow-up leaves the agenda).

    ID is the promise's id, shown by `promise list CONTACT` and `promise add`.

    \b
    Example:
        coffeechat promise done 3
    """
    text = workspace.promise_done(promise_id)
    say(f"Kept: {text}")


@click.group()
def intro() -> None:
    """Introductions a contact offered to make.

    \b
    Example:
        coffeechat intro add ada --to "Bob Chen" --company Initech
    """


@intro.command("add")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@click.option("--to", "to", required=True, metavar="NAME", help="Who they will introduce you to.")
@click.option("--company", metavar="C", help="That person's company.")
@click.option("--email", metavar="E", help="That person's e-mail, if you have it.")
@conversation_option
@json_option
@pass_workspace
def intro_add(
    workspace: Any,
    ref: str,
    to: str,
    company: str | None,
    email: str | None,
    conversation: int | None,
    as_json: bool,
) -> None:
    """Record that a contact offered to introduce you to someone.

    The person becomes a contact of yours, introduced by this one, at stage `met` (an
    existing contact with exactly that name is linked instead), and you owe a follow-up:
    ask for the introduction (the day after).

    \b
    Example:
        coffeechat intro add ada --to "Bob Chen" --company Initech --email bob@initech.example
    """
    made = workspace.add_introduction(
        ref, to, company=company, email=email, conversation=conversation
    )
    from coffeechat.formats import jsonout

    document = jsonout.introduction_made(made, workspace.get_settings().timezone)
    if as_json:
        emit_json(document)
        return
    verb = "Added" if made.created else "Linked the existing contact"
    say(f"{verb} {made.person.name} (#{made.person.id}), introduced by {made.introducer.name}.")
    say(f"Follow-up on {made.ask_on:%a %Y-%m-%d}: {document['follow_up']['text']}.")


# --- recap ------------------------------------------------------------------------------------

_FORMATS = ("md", "html", "pdf", "docx")


class _RecapGroup(DefaultGroup):
    """``recap CONTACT`` writes the recap (the ``write`` command); ``recap submit
    CONTACT`` hands it to a coach on a team server. A first word that is not one of the
    commands is a contact."""

    default_command = "write"

    def routed(self, args: list[str]) -> list[str]:
        """As DefaultGroup, and options first (``recap --json ada``) go to ``write``
        too, as they did before ``submit`` came: all but the group's own --help (and
        nothing at all is ``write`` missing its CONTACT)."""
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            return [self.default_command, *args]
        return args


@click.group(cls=_RecapGroup)
def recap() -> None:
    """Write the recap of a conversation, to share with a coach.

    `coffeechat recap CONTACT` is `coffeechat recap write CONTACT` (see its help for the
    formats, variants and options). `recap submit CONTACT --server URL` sends it to your
    coach on a team server, where they comment and approve or ask for changes. (A
    contact named write or submit: give their id.)

    \b
    Example:
        coffeechat recap ada
        coffeechat recap ada -o ada-recap.pdf --next-contact 2026-12-10
        coffeechat recap submit ada --server https://coffee.example.org --token-file ~/.cc-token
    """


@recap.command("write")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@conversation_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    help="Default: from the -o file's extension, else md.",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write to FILE (default: standard output; a PDF or DOCX asked for on a terminal "
    "goes to recap-NAME-DATE.pdf|docx here).",
)
@click.option(
    "--variant",
    type=click.Choice(["interview", "known", "reflection"]),
    help="Default: chosen from the conversation (see above).",
)
@click.option("--reflection", metavar="TEXT", help="Your own reflection (kept).")
@click.option("--next-contact", metavar="DATE", help="When you will contact them next (kept).")
@click.option("--next-step", metavar="TEXT", help="What that next contact is for (kept).")
@paper_option
@json_option
@pass_workspace
def recap_write(
    workspace: Any,
    ref: str,
    conversation: int | None,
    fmt: str | None,
    output: str | None,
    variant: str | None,
    reflection: str | None,
    next_contact: str | None,
    next_step: str | None,
    paper: str | None,
    as_json: bool,
) -> None:
    """Write the recap of a conversation, to share with a coach.

    Who, how you met, when, how long and in what format; your notes under each topic
    of the guide in its order (skipped topics marked); takeaways grouped by kind;
    promises by each side with their dates; the next contact date (default: your
    earliest promise to them, else a report-back a week after the chat); your
    reflection. The first recap of a conversation moves the contact to `recapped`.
    Missing parts are listed on standard error (rule ids of `check --kind recap`);
    with nothing written at all it stops and says what to add.

    \b
    Variants: `interview`; `known`, a chat with someone you already knew (the
    default for contacts met as already-known); `reflection`, your own written
    takeaways when no conversation took place (the default when none did): it
    records no meeting, so the stage stays and no thank-you is owed.

    \b
    Example:
        coffeechat recap ada
        coffeechat recap ada -o ada-recap.pdf --next-contact 2026-12-10
        coffeechat recap write ada --format docx -o recap.docx --reflection "I want this team"
    """
    chosen = fmt or _format_of(output) or "md"
    if chosen not in _FORMATS:
        raise click.ClickException(
            f"-o {output}: cannot tell the format from its extension; "
            f"add --format {'|'.join(_FORMATS)}"
        )
    binary = chosen in ("pdf", "docx")
    size = workspace.paper_size(paper)
    written_to: list[str] = []

    def deliver(document: Any) -> None:
        from coffeechat.formats.recap import render_recap

        data = render_recap(document, chosen, size)
        target = output
        if target is None and binary and sys.stdout.isatty():
            target = _default_name(document, chosen)
        if target is not None:
            write_file(target, data)
            written_to.append(target)
        elif not as_json:
            write_stdout(data)

    result = workspace.write_recap(
        ref,
        conversation=conversation,
        variant=variant,
        reflection=reflection,
        next_contact=next_contact,
        next_step=next_step,
        deliver=deliver if (output or not as_json or binary) else None,
    )
    if as_json:
        from coffeechat.formats import jsonout

        emit_json(jsonout.recap_written(result, chosen, written_to[0] if written_to else None))
        return
    for f in result.findings:
        say(f"recap {f.severity}: {f.rule}: {f.message} ({f.hint})", err=True)
    reflection = result.recap.variant.value == "reflection"
    if written_to:
        moved = f"; {result.contact.name} is now {result.contact.stage}" if result.first else ""
        status_line(f"Recap written to {written_to[0]}{moved}.")
    elif result.first:
        status_line(f"{result.contact.name} is now {result.contact.stage}.")
    if reflection:
        say(
            f"A reflection records your own thoughts, not a meeting: "
            f"{result.contact.name} stays at {result.contact.stage}.",
            err=True,
        )


@recap.command("submit")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@click.option(
    "--server",
    metavar="URL",
    required=True,
    envvar="COFFEECHAT_SERVER",
    show_envvar=True,
    help="The team server's address (https://; http:// only on this computer).",
)
@click.option(
    "--token-file",
    metavar="FILE",
    help="A file whose first line is your API token (default: $COFFEECHAT_SERVER_TOKEN).",
)
@click.option(
    "--cohort",
    type=int,
    metavar="ID",
    help="The cohort whose coach gets it, when you are in several (the server lists them).",
)
@click.option(
    "--conversation",
    type=int,
    metavar="ID",
    help="Another of the contact's conversations (default: the latest one whose recap has "
    "something written).",
)
@json_option
@pass_workspace
def recap_submit(
    workspace: Any,
    ref: str,
    server: str,
    token_file: str | None,
    cohort: int | None,
    conversation: int | None,
    as_json: bool,
) -> None:
    """Submit the recap of a conversation to your coach on a team server.

    The recap is assembled as `coffeechat recap CONTACT` writes it (nothing is saved
    here), and only the recap goes to the server: its Markdown and its `--json`
    document, nothing else of your workspace. Without --conversation, the contact's
    latest conversation whose recap has something written is sent (even when the next
    one is already scheduled). Submitting the same conversation again sends a new
    version, and your coach sees what changed; a recap that did not change sends none.

    The API token (make one on the server's Account page, /account, or an admin prints
    one with `coffeechat admin token EMAIL --name LABEL`) is read from the first line of
    --token-file FILE, else from $COFFEECHAT_SERVER_TOKEN; it is never an argument, so
    it stays out of your shell history.

    \b
    Example:
        coffeechat recap submit ada --server https://coffee.example.org --token-file ~/.cc-token
        COFFEECHAT_SERVER_TOKEN=$(cat ~/.cc-token) coffeechat recap submit ada --cohort 3 \\
            --server https://coffee.example.org
    """
    from coffeechat.service.recap_submit import server_token, submit_recap

    token = server_token(token_file)
    made = submit_recap(workspace, ref, server, token, cohort=cohort, conversation=conversation)
    if as_json:
        emit_json(
            {
                "submission": {"id": made.id, "status": made.status, "version": made.version},
                "unchanged": made.unchanged,
                "url": made.url,
            }
        )
        return
    if made.unchanged:
        say(
            f"Nothing changed since version {made.version} of the recap of {made.contact} "
            f"({made.status}): nothing was submitted. {made.url}"
        )
        return
    say(
        f"Submitted the recap of {made.contact} (version {made.version}, {made.status}): {made.url}"
    )


def _format_of(output: str | None) -> str | None:
    if not output:
        return None
    suffix = Path(output).suffix.lower().lstrip(".")
    return {"markdown": "md", "htm": "html"}.get(suffix, suffix) if suffix else None


def _default_name(document: Any, fmt: str) -> str:
    from coffeechat.formats.recap import recap_filename

    return recap_filename(document, fmt)


# --- fixing mistakes (cli/corrections.py) -----------------------------------------------------


def _attach() -> None:
    from coffeechat.cli import corrections as fix

    for group, commands in (
        (note, (fix.note_list, fix.note_edit, fix.note_move, fix.note_remove)),
        (takeaway, (fix.takeaway_list, fix.takeaway_edit, fix.takeaway_remove)),
        (promise, (fix.promise_list, fix.promise_edit, fix.promise_remove)),
        (intro, (fix.intro_list, fix.intro_remove)),
    ):
        for command in commands:
            group.add_command(command)


_attach()
