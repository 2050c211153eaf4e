"""The chat screen: step through a guide's questions and save every note as it is typed.

No click here: ``cli/chat.py`` starts the chat through the workspace and hands it over.

- :class:`Chat` is the state of one chat (which question, the line being typed, the notes)
  and what each key and command does to it. Every change of the line is saved at once
  through a :class:`ChatBackend` (the workspace), so nothing typed can be lost.
- :func:`screen` draws that state for a terminal of a given size, in plain ANSI.
- :func:`run_terminal` runs it in a terminal switched to non-canonical mode, redrawn about
  once a second; :func:`run_lines` reads lines from a stream that is not a terminal.

A line that starts with ``/`` is a command and is never saved as a note, except
``/note TEXT``, whose text is saved (under no topic) as it is typed like any note.
"""

from __future__ import annotations

import codecs
import math
import os
import select
import shutil
import signal
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import IO, TYPE_CHECKING, Protocol

from coffeechat.core.errors import quoted
from coffeechat.formats.files import TEXT_LIMIT, TooLarge

#: The longest line ``run_lines`` reads, in characters: the notes read before it are kept.
LINE_LIMIT = TEXT_LIMIT

if TYPE_CHECKING:
    from coffeechat.core.guides import PlannedQuestion
    from coffeechat.core.model import Contact
    from coffeechat.service.conversations import ChatSession

# --- what the chat needs from the workspace -----------------------------------------------


class ChatBackend(Protocol):
    """The workspace methods a chat calls; each call is its own committed transaction."""

    def save_note(
        self, conversation_id: int, topic: str | None, text: str, note_id: int | None = None
    ) -> int:
        """Insert a note (``note_id`` None) or change its text; return its id."""
        ...

    def delete_note(self, conversation_id: int, note_id: int) -> None:
        """Delete a note."""
        ...

    def set_skipped(self, conversation_id: int, key: str, skipped: bool) -> None:
        """Mark a topic of the guide skipped, or not."""
        ...

    def finish_chat(self, conversation_id: int) -> Contact:
        """Log the meeting; the contact is then `met-up`."""
        ...


# --- the state of a chat ------------------------------------------------------------------


@dataclass
class Note:
    """A note as the chat knows it: saved under this id, with this text."""

    id: int
    topic: str | None
    text: str


@dataclass(frozen=True)
class Outcome:
    """How a chat ended: finished (the meeting logged) or left to resume later."""

    finished: bool
    notes: int
    topics: int
    skipped: int
    #: The contact after ``finish_chat`` (its stage is then `met-up`).
    contact: Contact | None = None
    #: SIGHUP or SIGTERM when the chat was stopped by one (the terminal closed...).
    signal: int | None = None


HELP = """\
Enter        save the line as a note, start another
empty Enter  next question (or /next)
/back        previous question
/skip        skip this question; /unskip [KEY] brings one back
/go KEY      go to a question by key or number
/note TEXT   a note outside the guide's questions
//TEXT       a note that starts with /
/end         finish and log the meeting (or Ctrl-D on an empty line)
/quit        leave, resume later (or Ctrl-C); every note is saved already"""

COMMANDS = ("next", "back", "skip", "unskip", "go", "note", "help", "end", "quit")
NOTE_PREFIX = "/note "


class Chat:
    """One chat: where it stands and what each key or command does to it."""

    def __init__(
        self,
        session: ChatSession,
        backend: ChatBackend,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self.backend = backend
        self.conversation_id = session.conversation_id
        self.questions: list[PlannedQuestion] = list(session.plan.questions)
        self.notes = [Note(n.id, n.topic, n.text) for n in session.notes]
        self.skipped = set(session.skipped)
        #: The line being typed, and the note it is saved as (None while empty or a command).
        self.line = ""
        self.live: Note | None = None
        #: Feedback for the user (several lines for /help); cleared at the next Enter.
        self.message = ""
        self.finished = False
        self.left = False
        self.contact: Contact | None = None
        self.signal: int | None = None
        self.cue_shown = False
        self._last_skipped: str | None = None
        self._monotonic = monotonic
        self._opened = monotonic()
        self._offset = max(0.0, (session.now - session.started_at).total_seconds())
        self.position = self._resume_position()
        if self.notes or self.skipped:
            n = len(self.notes)
            self.message = f"Resumed: {n} note{'s' if n != 1 else ''} taken so far."

    # -- where we are ----------------------------------------------------------------------

    @property
    def done(self) -> bool:
        """Whether the chat has ended (finished or left)."""
        return self.finished or self.left

    @property
    def question(self) -> PlannedQuestion | None:
        """The current question; None on the closing page after the last one."""
        return self.questions[self.position] if self.position < len(self.questions) else None

    @property
    def topic(self) -> str | None:
        """The topic key new notes are saved under (None on the closing page)."""
        question = self.question
        return question.key if question else None

    def notes_here(self) -> list[Note]:
        """The finished notes of the current page (unplanned ones on the closing page)."""
        return [n for n in self.notes if n.topic == self.topic]

    def _resume_position(self) -> int:
        """The last question with notes (or the one after it when it was skipped)."""
        keys = [q.key for q in self.questions]
        touched = [i for i, k in enumerate(keys) if k in self.skipped]
        touched += [keys.index(n.topic) for n in self.notes if n.topic in keys]
        if not touched:
            return 0
        last = max(touched)
        return last + 1 if keys[last] in self.skipped else last

    # -- time ------------------------------------------------------------------------------

    def elapsed(self) -> float:
        """Seconds since the chat began (earlier sittings included)."""
        return self._offset + max(0.0, self._monotonic() - self._opened)

    def cue(self) -> str | None:
        """The "mind the time" cue once its time has come (it then stays)."""
        plan = self.session.plan
        if plan.cue_at is None:
            return None
        elapsed = self.elapsed()
        if not self.cue_shown and elapsed < plan.cue_at * 60:
            return None
        self.cue_shown = True
        if plan.minutes is None:
            return "Mind the time — time for the closing questions"
        left = plan.minutes * 60 - elapsed
        if left <= 0:
            return f"Mind the time: the {plan.minutes:g} minutes are up — thank them and close"
        minutes = math.ceil(left / 60)
        s = "s" if minutes != 1 else ""
        cue = f"Mind the time: {minutes} minute{s} left — time for the closing questions"
        closing = next((i for i, q in enumerate(self.questions) if q.start >= plan.cue_at), None)
        if closing is not None and self.position < closing:
            cue += f" (/go {self.questions[closing].key})"
        return cue

    def seconds_to_tick(self) -> float:
        """How long until the elapsed time shown changes (for the redraw timer)."""
        return max(0.05, 1.0 - self.elapsed() % 1.0 + 0.01)

    # -- typing, saved as it goes ----------------------------------------------------------

    def type(self, text: str) -> None:
        """Add text at the end of the line, and save the line."""
        self.line += text
        self._save_line()

    def backspace(self) -> None:
        """Remove the last character of the line, and save the line."""
        self.line = self.line[:-1]
        self._save_line()

    def kill_line(self) -> None:
        """Empty the line (Ctrl-U); its note is deleted."""
        self.line = ""
        self._save_line()

    def kill_word(self) -> None:
        """Remove the last word of the line (Ctrl-W)."""
        stripped = self.line.rstrip()
        self.line = stripped[: len(stripped) - len(stripped.split(" ")[-1])]
        self._save_line()

    def _target(self) -> tuple[str | None, str] | None:
        """The topic and text the current line is a note of; None for a command."""
        line = self.line.lstrip()
        if line.startswith("//"):
            return self.topic, line[1:].strip()
        if line[: len(NOTE_PREFIX)].lower() == NOTE_PREFIX:
            return None, line[len(NOTE_PREFIX) :].strip()
        if line.startswith("/"):
            return None
        return self.topic, line.strip()

    def _save_line(self) -> None:
        """Make the database hold the current line: insert, update or delete its note."""
        target = self._target()
        live = self.live
        if target is None or not target[1]:
            if live is not None:
                self.backend.delete_note(self.conversation_id, live.id)
                self.live = None
            return
        topic, text = target
        if live is not None and live.topic != topic:  # "/note" typed over a note, or undone
            self.backend.delete_note(self.conversation_id, live.id)
            self.live = live = None
        if live is None:
            note_id = self.backend.save_note(self.conversation_id, topic, text)
            self.live = Note(note_id, topic, text)
        elif live.text != text:
            self.backend.save_note(self.conversation_id, topic, text, live.id)
            live.text = text

    def _keep_live(self) -> None:
        """The line is done: its note joins the notes taken."""
        if self.live is not None:
            self.notes.append(self.live)
            self.live = None
        self.line = ""

    def enter(self) -> None:
        """Enter: a command runs; a note is kept and a new line starts; empty: next."""
        self.message = ""
        line = self.line.strip()
        if line.startswith("/") and not line.startswith("//"):
            self._command(line)
        elif line:
            self._save_line()
            self._keep_live()
        else:
            self.line = ""
            self.next()

    def eof(self) -> None:
        """Ctrl-D: finishes the chat on an empty line; ignored otherwise."""
        if not self.line.strip():
            self.end()

    # -- commands --------------------------------------------------------------------------

    def _command(self, line: str) -> None:
        name, _, arg = line[1:].partition(" ")
        name, arg = name.lower(), arg.strip()
        if name not in COMMANDS:
            self.message = (
                f"Unknown command /{name}: /help lists them (start a note with // "
                "to begin it with /)."
            )
            return
        if name == "note":
            if not arg:
                self.message = "Write the note after /note, e.g. /note they mentored 3 juniors"
                return
            self._save_line()
            self._keep_live()
            self.message = "Noted, outside the questions."
            return
        self.kill_line()
        if name == "next":
            self.next()
        elif name == "back":
            self.back()
        elif name == "skip":
            self.skip()
        elif name == "unskip":
            self.unskip(arg)
        elif name == "go":
            self.go(arg)
        elif name == "help":
            left_out = self.session.plan.skipped
            self.message = HELP + (
                f"\nLeft out to fit the time: {', '.join(left_out)}." if left_out else ""
            )
        elif name == "end":
            self.end()
        else:
            self.leave()

    def next(self) -> None:
        """Move to the next question (or the closing page)."""
        if self.position < len(self.questions):
            self.position += 1
        else:
            self.message = "That was all: /end finishes the chat and logs the meeting."

    def back(self) -> None:
        """Move to the previous question."""
        if self.position > 0:
            self.position -= 1
        else:
            self.message = "This is the first question."

    def skip(self) -> None:
        """Mark the current question skipped and move on."""
        key = self.topic
        if key is None:
            self.message = "No question to skip here: /end finishes the chat."
            return
        self.backend.set_skipped(self.conversation_id, key, True)
        self.skipped.add(key)
        self._last_skipped = key
        self.position += 1
        self.message = f"Skipped {key}: /unskip brings it back."

    def unskip(self, arg: str = "") -> None:
        """Bring a skipped question back (KEY, else this one, else the last skipped)."""
        if arg:
            index = self._find(arg)
            if index is None:
                return
            key: str | None = self.questions[index].key
        elif self.topic in self.skipped:
            key = self.topic
        else:
            key = self._last_skipped if self._last_skipped in self.skipped else None
        if key is None or key not in self.skipped:
            self.message = f"{key} is not skipped." if key else "No question is skipped."
            return
        self.backend.set_skipped(self.conversation_id, key, False)
        self.skipped.discard(key)
        self.position = [q.key for q in self.questions].index(key)
        self.message = f"{key} is back."

    def go(self, arg: str) -> None:
        """Go to a question by key (or a unique start of one) or by number."""
        if not arg:
            self.message = "Which question? /go KEY, e.g. /go " + self._keys()
            return
        index = self._find(arg)
        if index is not None:
            self.position = index

    def _keys(self) -> str:
        return ", ".join(q.key for q in self.questions)

    def _find(self, arg: str) -> int | None:
        keys = [q.key.lower() for q in self.questions]
        wanted = arg.lower()
        if wanted.isdigit() and 1 <= int(wanted) <= len(keys):
            return int(wanted) - 1
        if wanted in keys:
            return keys.index(wanted)
        starts = [i for i, k in enumerate(keys) if k.startswith(wanted)]
        if len(starts) == 1:
            return starts[0]
        self.message = f"No question {quoted(arg)}: the keys are {self._keys()}."
        return None

    def end(self) -> None:
        """Finish the chat: the meeting is logged and the contact is `met-up`."""
        self._keep_live()
        self.contact = self.backend.finish_chat(self.conversation_id)
        self.finished = True

    def leave(self, signum: int | None = None) -> None:
        """Leave without finishing; the line being typed is saved already."""
        self._keep_live()
        self.left = True
        self.signal = signum

    def outcome(self) -> Outcome:
        """How the chat ended, with what it holds (unplanned notes count as one topic)."""
        return Outcome(
            finished=self.finished,
            notes=len(self.notes),
            topics=len({n.topic for n in self.notes}),
            skipped=len(self.skipped),
            contact=self.contact,
            signal=self.signal,
        )


# --- keys ---------------------------------------------------------------------------------

#: A key event: ("text", "typed text") or (name, "") for enter, backspace, interrupt (Ctrl-C),
#: eof (Ctrl-D), kill-line (Ctrl-U), kill-word (Ctrl-W).
Key = tuple[str, str]

CONTROL_KEYS = {
    "\x7f": "backspace",
    "\x08": "backspace",
    "\x03": "interrupt",
    "\x04": "eof",
    "\x15": "kill-line",
    "\x17": "kill-word",
}


class KeyDecoder:
    """Turns the bytes a terminal sends into key events (UTF-8, escape sequences dropped)."""

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")("replace")
        self._escape = ""
        self._after_cr = False

    def feed(self, data: bytes) -> list[Key]:
        """The key events in ``data``; runs of typed characters come as one event."""
        keys: list[Key] = []
        run: list[str] = []

        def flush() -> None:
            if run:
                keys.append(("text", "".join(run)))
                run.clear()

        for ch in self._utf8.decode(data):
            if self._escape:  # arrows, function keys, Alt+key: not used, dropped whole
                self._escape += ch
                introducer = len(self._escape) == 2 and ch in "[O"
                if not introducer and (len(self._escape) == 2 or "\x40" <= ch <= "\x7e"):
                    self._escape = ""
                continue
            after_cr, self._after_cr = self._after_cr, ch == "\r"
            if ch == "\x1b":
                flush()
                self._escape = ch
            elif ch in "\r\n":
                if not (ch == "\n" and after_cr):  # CR LF (a paste) is one Enter
                    flush()
                    keys.append(("enter", ""))
            elif ch in CONTROL_KEYS:
                flush()
                keys.append((CONTROL_KEYS[ch], ""))
            elif ch == "\t":
                run.append(" ")
            elif ch >= " " and not "\x80" <= ch <= "\x9f":
                run.append(ch)
        flush()
        if self._escape == "\x1b":  # a lone Escape key press
            self._escape = ""
        return keys


def apply(chat: Chat, key: Key) -> None:
    """Do what a key does to the chat."""
    name, text = key
    if name == "text":
        chat.type(text)
    elif name == "enter":
        chat.enter()
    elif name == "backspace":
        chat.backspace()
    elif name == "interrupt":
        chat.leave()
    elif name == "eof":
        chat.eof()
    elif name == "kill-line":
        chat.kill_line()
    elif name == "kill-word":
        chat.kill_word()


# --- the picture --------------------------------------------------------------------------

BOLD, DIM, REVERSE, RESET = "\x1b[1m", "\x1b[2m", "\x1b[7m", "\x1b[0m"
PROMPT = "> "
HINT = "Enter: note · empty Enter: next · /skip /back /note /go /help · /end: finish"
SHORT_HINT = "Enter: note · /help: commands"


def clock(seconds: float) -> str:
    """Elapsed time as m:ss, or h:mm:ss from an hour on."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _wrap(text: str, width: int, indent: str = "", style: str = "") -> list[str]:
    from coffeechat.cli.render import safe

    lines = textwrap.wrap(
        safe(text), max(10, width), initial_indent=indent, subsequent_indent=" " * len(indent)
    ) or [indent]
    return [f"{style}{line}{RESET}" if style else line for line in lines]


def screen(chat: Chat, width: int, height: int) -> list[str]:
    """The rows of the screen; the last one is the line being typed (it may wrap)."""
    width = max(20, width)
    session = chat.session
    plan = session.plan
    n = len(chat.questions)

    from coffeechat.cli.render import safe

    who = safe(
        session.contact.name + (f" · {session.contact.company}" if session.contact.company else "")
    )
    elapsed = clock(chat.elapsed())
    if plan.minutes is not None:
        elapsed += f" / {clock(plan.minutes * 60)}"
    if len(who) + 2 + len(elapsed) > width:
        who = who[: max(1, width - len(elapsed) - 3)] + "…"
    gap = max(2, width - len(who) - len(elapsed))
    header = [f"{BOLD}{who}{RESET}{' ' * gap}{elapsed}"]
    question = chat.question
    if question is None:
        header.append(f"closing · after question {n}/{n}")
    else:
        mark = " (skipped: /unskip brings it back)" if question.key in chat.skipped else ""
        header.append(f"question {chat.position + 1}/{n} · {question.key}{mark}")
    cue = chat.cue()
    if cue:
        header += _wrap(cue, width, "", REVERSE + BOLD)
    header.append(DIM + "─" * min(width, 72) + RESET)

    body: list[str] = []
    if question is None:
        body += _wrap("Anything else to note? Then /end to finish (or Ctrl-D).", width, "", BOLD)
        heading = "Notes outside the questions:"
    else:
        body += _wrap(question.text, width, "", BOLD)
        why = question.purpose or ""
        if question.minutes:
            why += f"{' · ' if why else ''}{question.minutes:g} min"
            why += f", planned {clock(question.start * 60)}–{clock(question.end * 60)}"
        if why:
            body += _wrap(why, width, "", DIM)
        heading = ""
    notes: list[str] = []
    for note in chat.notes_here():
        notes += _wrap(note.text, width, "  • ")
    if notes and heading:
        notes.insert(0, heading)

    footer: list[str] = []
    if chat.message:
        for paragraph in chat.message.splitlines():
            footer += _wrap(paragraph, width) if paragraph else [""]
    footer.append(DIM + (HINT if len(HINT) <= width else SHORT_HINT) + RESET)
    typed = PROMPT + chat.line
    limit = 3 * width
    if len(typed) > limit:  # only the end of a very long line is shown
        typed = PROMPT + "…" + chat.line[-(limit - len(PROMPT) - 1) :]
    typed_rows = max(1, math.ceil(len(typed) / width))
    footer = footer[-max(1, height - typed_rows - 1) :]  # a long /help on a short terminal

    room = height - len(header) - len(body) - len(footer) - typed_rows - 2
    if len(notes) > max(room, 0):
        keep = max(room - 1, 0)
        hidden = len(notes) - keep
        notes = [f"{DIM}  … {hidden} more line{'s' if hidden != 1 else ''} above{RESET}"] + (
            notes[len(notes) - keep :] if keep else []
        )
    rows = [*header, *body, ""]
    if notes:
        rows += [*notes, ""]
    rows = rows[: max(1, height - len(footer) - typed_rows)]
    return [*rows, *footer, typed]


# --- signals ------------------------------------------------------------------------------


class Stopped(Exception):
    """A signal asked the chat to stop (SIGHUP: the terminal is gone; SIGTERM; SIGINT)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class SignalGuard:
    """Stops on SIGHUP, SIGTERM and SIGINT, but never in the middle of a save.

    A signal that comes while the chat waits for input stops it at once; one that comes
    while a key is being handled (a note being saved) is kept until that is done.
    """

    def __init__(self) -> None:
        self.received: int | None = None
        self._waiting = False
        self._previous: dict[int, object] = {}

    def __enter__(self) -> SignalGuard:
        if threading.current_thread() is threading.main_thread():
            for name in ("SIGHUP", "SIGTERM", "SIGINT"):
                number = getattr(signal, name, None)
                if number is not None:
                    self._previous[number] = signal.signal(number, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum
        if self._waiting:
            self._waiting = False
            raise Stopped(signum)

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """Around a wait for input: a signal now stops the chat at once."""
        self.check()
        self._waiting = True
        try:
            yield
        finally:
            self._waiting = False

    def check(self) -> None:
        """Stop now if a signal came meanwhile."""
        if self.received is not None:
            raise Stopped(self.received)


def _stop(chat: Chat, signum: int) -> None:
    """A signal ends the chat: SIGINT like Ctrl-C, others with their number kept."""
    chat.leave(None if signum == signal.SIGINT else signum)


# --- running it ---------------------------------------------------------------------------


class TerminalGone(Exception):
    """The terminal can no longer be read or written (it was closed)."""


def _write(fd: int, text: str) -> None:
    data = text.encode("utf-8", "replace")
    try:
        while data:
            data = data[os.write(fd, data) :]
    except OSError as error:
        raise TerminalGone from error


def _read(fd: int) -> bytes:
    try:
        data = os.read(fd, 4096)
    except OSError as error:  # EIO once the other end of a pty is closed
        raise TerminalGone from error
    if not data:
        raise TerminalGone
    return data


def draw(chat: Chat, fd: int, size: Callable[[], os.terminal_size]) -> None:
    """Redraw the screen in place, the cursor left at the end of the line being typed."""
    columns, lines = size()
    rows = screen(chat, columns, lines)
    text = "".join(f"{row}\x1b[K\n" for row in rows[:-1]) + rows[-1]
    _write(fd, f"\x1b[?25l\x1b[H{text}\x1b[J\x1b[?25h")


def run_terminal(
    chat: Chat,
    fd_in: int,
    fd_out: int,
    *,
    size: Callable[[], os.terminal_size] = shutil.get_terminal_size,
) -> Outcome:
    """Run the chat in a terminal until it is finished or left; the mode is always restored.

    The terminal is put in non-canonical mode without echo or signal keys (Ctrl-C and
    Ctrl-D arrive as keys), on the alternate screen, and redrawn after each key and about
    once a second for the clock.
    """
    import termios

    decoder = KeyDecoder()
    saved = termios.tcgetattr(fd_in)
    with SignalGuard() as guard:
        try:
            mode = termios.tcgetattr(fd_in)
            mode[0] &= ~(termios.ICRNL | termios.IXON)  # iflag: Enter is \r; Ctrl-S/Q free
            mode[3] &= ~(termios.ECHO | termios.ICANON | termios.ISIG | termios.IEXTEN)
            mode[6][termios.VMIN] = 1
            mode[6][termios.VTIME] = 0
            termios.tcsetattr(fd_in, termios.TCSADRAIN, mode)
            _write(fd_out, "\x1b[?1049h")
            while not chat.done:
                draw(chat, fd_out, size)
                with guard.waiting():
                    ready, _, _ = select.select([fd_in], [], [], chat.seconds_to_tick())
                if ready:
                    for key in decoder.feed(_read(fd_in)):
                        apply(chat, key)
                        if chat.done:
                            break
                guard.check()
        except Stopped as stop:
            _stop(chat, stop.signum)
        except TerminalGone:
            chat.leave(getattr(signal, "SIGHUP", 1))
        finally:
            try:
                _write(fd_out, "\x1b[?1049l\x1b[?25h")
                termios.tcsetattr(fd_in, termios.TCSADRAIN, saved)
            except (TerminalGone, termios.error, OSError):
                pass  # the terminal is gone: nothing to restore
    return chat.outcome()


def run_lines(chat: Chat, lines: IO[str], echo: Callable[[str], None]) -> Outcome:
    """Run the chat from lines of text (standard input that is not a terminal).

    One note per line, saved as it is read; the same commands; an empty line moves to
    the next question; the end of the input finishes the chat (like /end).
    """
    with SignalGuard() as guard:
        try:
            shown: int | None = None
            cue_told = False
            while not chat.done:
                if chat.message:
                    echo(chat.message)
                    chat.message = ""
                cue = chat.cue()
                if cue and not cue_told:
                    echo(cue)
                    cue_told = True
                if chat.position != shown:
                    shown = chat.position
                    echo(_question_line(chat))
                with guard.waiting():
                    raw = lines.readline(LINE_LIMIT + 1)
                if not raw:
                    chat.end()
                    break
                if len(raw) > LINE_LIMIT:
                    # A line that never ends (``chat < /dev/zero``) is not read whole.
                    raise TooLarge("standard input", LINE_LIMIT, "a line of notes")
                chat.type(raw.rstrip("\r\n"))
                chat.enter()
                chat.kill_line()  # an unknown command is not carried into the next line
                guard.check()
        except Stopped as stop:
            _stop(chat, stop.signum)
    if chat.message:
        echo(chat.message)
    return chat.outcome()


def _question_line(chat: Chat) -> str:
    question = chat.question
    n = len(chat.questions)
    if question is None:
        return "Closing: anything else to note? The end of the input finishes the chat."
    mark = " (skipped)" if question.key in chat.skipped else ""
    return f"[{chat.position + 1}/{n} {question.key}{mark}] {question.text}"
