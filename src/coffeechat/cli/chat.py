"""``chat``: hold the conversation, one question at a time, notes saved as they are typed."""

from __future__ import annotations

import shlex
import signal
import sys
from typing import Any

import click

from coffeechat.cli.options import CONTACT_HELP, interactive, pass_workspace
from coffeechat.cli.render import say


@click.command()
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@click.option(
    "--minutes",
    type=int,
    metavar="N",
    help="How long the chat lasts (default: as planned for the conversation, else 30).",
)
@click.option("--guide", metavar="NAME", help="The question guide (default: the conversation's).")
@click.option(
    "--conversation",
    type=int,
    metavar="ID",
    help="Another of the contact's conversations (default: the scheduled or latest one).",
)
@pass_workspace
def chat(
    workspace: Any, ref: str, minutes: int | None, guide: str | None, conversation: int | None
) -> None:
    """Hold the conversation: step through the guide, taking notes as you go.

    Shows each question of the guide with its purpose, the time since the chat began
    and, a few minutes before the end, a cue to mind the time and move to the closing
    questions. Every note is saved as you type it: closing the terminal or pressing
    Ctrl-C loses nothing, not even a half-typed line. Finishing logs the meeting and
    moves the contact to `met-up`.

    \b
    Keys and commands (a line that starts with / is a command, not a note):
      Enter         save the line as a note and start another
      empty Enter   next question (also /next)
      /back         previous question
      /skip         skip this question; /unskip [KEY] brings one back
      /go KEY       go to a question by key or number
      /note TEXT    a note outside the guide's questions
      //TEXT        a note that starts with /
      /help         list these
      /end, Ctrl-D  finish: log the meeting and print a summary
      /quit, Ctrl-C leave without finishing (exit 0); resume later

    Run it again to resume: the clock goes on from when the chat first began, and the
    notes already taken are shown. When standard input is not a terminal, each line read
    is a note (saved as it is read) or a command, an empty line moves to the next
    question, and the end of the input finishes the chat.

    \b
    Example:
        coffeechat chat ada --minutes 30
        coffeechat chat ada --guide tiara
        printf 'Started in QA\\n\\n/skip\\n/note Knows Bob\\n' | coffeechat chat ada
    """
    from coffeechat.cli.chatscreen import Chat, run_lines, run_terminal

    # Errors (unknown contact, bad --minutes, unknown guide) surface here, before the
    # terminal changes mode.
    session = workspace.start_chat(ref, conversation=conversation, minutes=minutes, guide=guide)
    state = Chat(session, workspace)
    if interactive() and _has_termios():
        outcome = run_terminal(state, sys.stdin.fileno(), sys.stdout.fileno())
    else:
        outcome = run_lines(state, sys.stdin, say)
    who = shlex.quote(ref)
    if outcome.signal is not None:  # the terminal closed or the chat was killed: say nothing
        for name in ("SIGHUP", "SIGINT"):  # more of them (pexpect sends both) must not cut it
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_IGN)
        click.get_current_context().exit(128 + outcome.signal)
    if not outcome.finished:
        say(
            f"Saved. Resume with coffeechat chat {who}; finish with "
            f"coffeechat log {who} meeting or /end"
        )
        return
    contact = outcome.contact
    name, stage = (contact.name, contact.stage) if contact else (session.contact.name, "met-up")
    n, t = outcome.notes, outcome.topics
    say(f"Chat with {name} finished; stage: {stage}.")
    say(
        f"{n} note{'s' if n != 1 else ''} on {t} topic{'s' if t != 1 else ''}, "
        f"{outcome.skipped} skipped; next: coffeechat recap {who}"
    )


def _has_termios() -> bool:
    """Whether this platform has POSIX terminal control (else the line mode is used)."""
    try:
        import termios  # noqa: F401
    except ImportError:  # pragma: no cover - Windows
        return False
    return True
