"""`coffeechat chat`: the screen's logic on a fake workspace, then the command in a real pty.

The first half drives :class:`Chat` key by key against a fake backend that records every
call, with an injected monotonic clock. The second half runs the installed ``coffeechat``
script in a pseudo-terminal (pexpect), types into it, and reads what was saved back
through the workspace: after /end, after Ctrl-C, and after the terminal is closed in the
middle of a line.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pexpect
import pytest

from coffeechat.cli.chatscreen import (
    HELP,
    Chat,
    KeyDecoder,
    apply,
    clock,
    run_lines,
    screen,
)
from coffeechat.config import Settings
from coffeechat.core.guides import DEFAULT, fit, tailor
from coffeechat.core.model import Contact
from coffeechat.service import Workspace
from coffeechat.service.conversations import ChatSession, NoteRow
from conftest import CLI, NOW, NOW_DT

KEYS = [q.key for q in fit(DEFAULT, 30).questions]
PLAIN = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


# --- a fake workspace -----------------------------------------------------------------


@dataclass
class FakeBackend:
    """Records what the chat saves, like the workspace would store it."""

    notes: dict[int, tuple[str | None, str]] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    calls: list[tuple[Any, ...]] = field(default_factory=list)
    finished: bool = False
    next_id: int = 100

    def save_note(
        self, conversation_id: int, topic: str | None, text: str, note_id: int | None = None
    ) -> int:
        self.calls.append(("save", topic, text, note_id))
        if note_id is None:
            self.next_id += 1
            note_id = self.next_id
        else:
            assert note_id in self.notes and self.notes[note_id][0] == topic
        self.notes[note_id] = (topic, text)
        return note_id

    def delete_note(self, conversation_id: int, note_id: int) -> None:
        self.calls.append(("delete", note_id))
        del self.notes[note_id]

    def set_skipped(self, conversation_id: int, key: str, skipped: bool) -> None:
        self.calls.append(("skipped", key, skipped))
        (self.skipped.add if skipped else self.skipped.discard)(key)

    def finish_chat(self, conversation_id: int) -> Contact:
        self.calls.append(("finish",))
        self.finished = True
        return Contact(id=1, name="Ada Lovelace", company="Acme")

    def texts(self) -> list[tuple[str | None, str]]:
        return list(self.notes.values())


class Ticker:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_chat(
    *,
    notes: tuple[tuple[str | None, str], ...] = (),
    skipped: tuple[str, ...] = (),
    started_ago: dt.timedelta = dt.timedelta(0),
    minutes: int = 30,
    ticker: Ticker | None = None,
) -> tuple[Chat, FakeBackend]:
    backend = FakeBackend()
    rows = [NoteRow(i, 7, topic, text, NOW_DT, NOW_DT) for i, (topic, text) in enumerate(notes, 1)]
    backend.notes = {row.id: (row.topic, row.text) for row in rows}
    backend.skipped = set(skipped)
    plan = fit(tailor(DEFAULT, seniority=None, company="Acme"), minutes)
    session = ChatSession(
        contact=Contact(id=1, name="Ada Lovelace", company="Acme"),
        conversation_id=7,
        plan=plan,
        started_at=NOW_DT - started_ago,
        now=NOW_DT,
        notes=rows,
        skipped=set(skipped),
    )
    return Chat(session, backend, monotonic=ticker or Ticker()), backend


def keys(chat: Chat, data: str | bytes, decoder: KeyDecoder | None = None) -> None:
    """Feed bytes as a terminal sends them, one read."""
    raw = data.encode() if isinstance(data, str) else data
    for key in (decoder or KeyDecoder()).feed(raw):
        apply(chat, key)


def typed(chat: Chat, text: str) -> None:
    """Type text one character at a time, each a separate read."""
    decoder = KeyDecoder()
    for ch in text:
        keys(chat, ch, decoder)


def plain(rows: list[str]) -> list[str]:
    return [PLAIN.sub("", row) for row in rows]


# --- saving as you type ---------------------------------------------------------------


def test_every_keystroke_is_saved_and_an_emptied_line_deletes_its_note() -> None:
    chat, backend = make_chat()
    typed(chat, "Hi")
    assert backend.calls == [("save", "journey", "H", None), ("save", "journey", "Hi", 101)]
    keys(chat, "\x7f")
    assert backend.texts() == [("journey", "H")]
    keys(chat, "\x7f")
    assert backend.texts() == []
    assert backend.calls[-1] == ("delete", 101)
    typed(chat, "again")
    assert backend.texts() == [("journey", "again")]


def test_enter_keeps_the_note_and_starts_another_empty_enter_moves_on() -> None:
    chat, backend = make_chat()
    keys(chat, "Started in QA\rthen data\r")
    assert backend.texts() == [("journey", "Started in QA"), ("journey", "then data")]
    assert [n.text for n in chat.notes_here()] == ["Started in QA", "then data"]
    assert chat.line == "" and chat.position == 0
    keys(chat, "\r")
    assert chat.topic == "balance"
    keys(chat, "Works 4 days a week\r")
    assert backend.texts()[-1] == ("balance", "Works 4 days a week")


def test_multibyte_characters_split_across_reads_and_wide_ones() -> None:
    chat, backend = make_chat()
    decoder = KeyDecoder()
    data = "Café — 日本 ✓".encode()
    for i in range(len(data)):  # one byte per read: é, — and 日 arrive in pieces
        keys(chat, data[i : i + 1], decoder)
    assert backend.texts() == [("journey", "Café — 日本 ✓")]
    keys(chat, "\x7f\x7f", decoder)
    assert backend.texts() == [("journey", "Café — 日本")]


def test_escape_sequences_crlf_and_control_keys() -> None:
    decoder = KeyDecoder()
    events = decoder.feed(b"ab\x1b[Acd\x1bOB\x1b[1;5Ce\x1bx")  # arrows, Ctrl-arrow, Alt-x
    assert {name for name, _ in events} == {"text"}
    assert "".join(text for _, text in events) == "abcde"
    assert decoder.feed(b"x\r\ny\rz\n") == [
        ("text", "x"),
        ("enter", ""),
        ("text", "y"),
        ("enter", ""),
        ("text", "z"),
        ("enter", ""),
    ]
    assert decoder.feed(b"\x03\x04\x15\x17\x08\t\x01") == [
        ("interrupt", ""),
        ("eof", ""),
        ("kill-line", ""),
        ("kill-word", ""),
        ("backspace", ""),
        ("text", " "),
    ]


def test_ctrl_u_and_ctrl_w_edit_the_saved_line() -> None:
    chat, backend = make_chat()
    keys(chat, "three small words\x17")
    assert backend.texts() == [("journey", "three small")]
    keys(chat, "\x15")
    assert backend.texts() == []


# --- commands -------------------------------------------------------------------------


def test_a_command_being_typed_is_never_saved() -> None:
    chat, backend = make_chat()
    typed(chat, "/ski")
    assert backend.notes == {}
    typed(chat, "p\r")
    assert backend.notes == {}
    assert backend.skipped == {"journey"} and chat.topic == "balance"
    assert "Skipped journey" in chat.message


def test_note_command_saves_an_unplanned_note_as_it_is_typed() -> None:
    chat, backend = make_chat()
    typed(chat, "/note Knows Bob")
    assert backend.texts() == [(None, "Knows Bob")]
    keys(chat, "\x7f" * len("Bob "))
    assert backend.texts() == [(None, "Knows")]
    keys(chat, "\x7f" * len("e Knows"))  # "/not": a command again
    assert backend.texts() == []
    typed(chat, "e Knows Bob\r")
    assert backend.texts() == [(None, "Knows Bob")]
    assert chat.message.startswith("Noted") and chat.line == ""
    assert chat.topic == "journey"  # still on the same question


def test_double_slash_writes_a_note_that_starts_with_a_slash() -> None:
    chat, backend = make_chat()
    keys(chat, "//usr/bin is where it lives\r")
    assert backend.texts() == [("journey", "/usr/bin is where it lives")]


def test_an_unknown_command_is_kept_on_the_line_and_not_saved() -> None:
    chat, backend = make_chat()
    keys(chat, "/usr/bin\r")
    assert "Unknown command /usr/bin" in chat.message
    assert chat.line == "/usr/bin" and backend.notes == {}


def test_back_go_skip_and_unskip() -> None:
    chat, backend = make_chat()
    keys(chat, "/back\r")
    assert chat.position == 0 and "first question" in chat.message
    keys(chat, "/go net\r")
    assert chat.topic == "network"
    keys(chat, "/go 3\r")
    assert chat.topic == "challenges"
    keys(chat, "/go nowhere\r")
    assert chat.topic == "challenges" and "the keys are journey, balance" in chat.message
    keys(chat, "/skip\r/skip\r")
    assert backend.skipped == {"challenges", "workflow"} and chat.topic == "team"
    keys(chat, "/unskip\r")  # the last one skipped comes back, and we go to it
    assert backend.skipped == {"challenges"} and chat.topic == "workflow"
    keys(chat, "/unskip challenges\r")
    assert backend.skipped == set() and chat.topic == "challenges"
    keys(chat, "/unskip\r")
    assert chat.message == "No question is skipped."
    keys(chat, "/BACK\r")
    assert chat.topic == "balance"


def test_after_the_last_question_a_closing_note_then_end() -> None:
    chat, backend = make_chat()
    keys(chat, "/go stay-in-touch\r\r")
    assert chat.question is None
    rows = plain(screen(chat, 80, 24))
    assert any("Anything else to note?" in row for row in rows)
    keys(chat, "Send the portfolio by Monday\r\r")
    assert "/end finishes" in chat.message and not chat.done
    assert backend.texts() == [(None, "Send the portfolio by Monday")]
    keys(chat, "/skip\r")
    assert "No question to skip" in chat.message
    keys(chat, "/end\r")
    assert chat.finished and backend.finished
    outcome = chat.outcome()
    assert (outcome.notes, outcome.topics, outcome.skipped) == (1, 1, 0)


def test_ctrl_d_finishes_only_on_an_empty_line() -> None:
    chat, backend = make_chat()
    keys(chat, "half\x04")
    assert not chat.done
    keys(chat, "\x15\x04")
    assert chat.finished and backend.finished


def test_ctrl_c_leaves_with_the_half_typed_line_saved() -> None:
    chat, backend = make_chat()
    keys(chat, "Half a thou\x03")
    assert chat.left and not chat.finished and not backend.finished
    assert backend.texts() == [("journey", "Half a thou")]
    assert chat.outcome().notes == 1


def test_help_lists_the_commands() -> None:
    chat, _ = make_chat()
    keys(chat, "/help\r")
    assert chat.message == HELP
    rows = plain(screen(chat, 80, 40))
    assert any(row.startswith("/skip") for row in rows)


# --- resuming, time and the cue -------------------------------------------------------


def test_a_resumed_chat_shows_its_notes_and_starts_where_it_stopped() -> None:
    chat, backend = make_chat(
        notes=(("journey", "Started in QA"), ("challenges", "Legacy SQL"), (None, "Knows Bob")),
        skipped=("balance",),
    )
    assert chat.topic == "challenges"
    assert chat.message == "Resumed: 3 notes taken so far."
    rows = plain(screen(chat, 80, 24))
    assert "  • Legacy SQL" in rows
    keys(chat, "more\r")
    assert len(backend.notes) == 4
    chat, _ = make_chat(skipped=("journey", "balance"))
    assert chat.topic == "challenges"  # after the last skipped one


def test_elapsed_time_and_the_cue_follow_the_clock() -> None:
    ticker = Ticker()
    chat, _ = make_chat(ticker=ticker, started_ago=dt.timedelta(minutes=2))
    header = plain(screen(chat, 80, 24))[0]
    assert header.startswith("Ada Lovelace · Acme") and header.endswith("02:00 / 30:00")
    assert chat.cue() is None
    ticker.now += 22 * 60 + 59  # 24:59
    assert chat.cue() is None
    ticker.now += 1  # 25:00, plan.cue_at
    assert chat.cue() == (
        "Mind the time: 5 minutes left — time for the closing questions (/go network)"
    )
    assert any("Mind the time" in row for row in plain(screen(chat, 80, 24)))
    keys(chat, "/go network\r")
    assert chat.cue() == "Mind the time: 5 minutes left — time for the closing questions"
    ticker.now += 4 * 60 + 30
    assert chat.cue() == "Mind the time: 1 minute left — time for the closing questions"
    ticker.now += 60
    assert chat.cue() == "Mind the time: the 30 minutes are up — thank them and close"
    assert plain(screen(chat, 80, 24))[0].endswith("30:30 / 30:00")


def test_a_chat_resumed_late_shows_the_cue_at_once() -> None:
    chat, _ = make_chat(started_ago=dt.timedelta(minutes=26))
    assert chat.cue() is not None and chat.cue_shown
    assert chat.cue().startswith("Mind the time: 4 minutes left")  # type: ignore[union-attr]


def test_the_redraw_timer_ticks_on_the_second() -> None:
    ticker = Ticker()
    chat, _ = make_chat(ticker=ticker)
    ticker.now += 0.25
    assert chat.seconds_to_tick() == pytest.approx(0.76)
    assert clock(59.9) == "00:59" and clock(3600 + 61) == "1:01:01"


# --- the picture ----------------------------------------------------------------------


@pytest.mark.parametrize("width", [30, 50, 100])
def test_long_texts_wrap_to_narrow_terminals(width: int) -> None:
    chat, _ = make_chat(started_ago=dt.timedelta(minutes=26))
    keys(chat, "A long note about their first job in quality assurance at a bank\r")
    rows = plain(screen(chat, width, 40))
    assert all(len(row) <= width for row in rows[:-1]), rows
    text = " ".join(row.strip() for row in rows)
    assert "How did you get to where you are today?" in text
    assert "Mind the time" in text and "first job in quality" in text
    assert rows[1] == "question 1/9 · journey"


def test_a_short_terminal_keeps_the_header_and_the_line_being_typed() -> None:
    chat, _ = make_chat()
    for i in range(30):
        keys(chat, f"note {i}\r")
    keys(chat, "typing")
    rows = plain(screen(chat, 80, 16))
    assert len(rows) <= 16
    assert rows[0].startswith("Ada Lovelace") and rows[-1] == "> typing"
    assert "  • note 29" in rows and any("more lines above" in row for row in rows)


# --- not a terminal -------------------------------------------------------------------


def test_line_mode_one_note_per_line_and_the_end_of_input_finishes() -> None:
    chat, backend = make_chat()
    out: list[str] = []
    lines = io.StringIO("Started in QA\n\n/skip\n/note Knows Bob\n/bogus\nLegacy SQL\n")
    outcome = run_lines(chat, lines, out.append)
    assert outcome.finished and backend.finished
    assert backend.texts() == [
        ("journey", "Started in QA"),
        (None, "Knows Bob"),
        ("challenges", "Legacy SQL"),
    ]
    assert backend.skipped == {"balance"}
    assert out[0].startswith("[1/9 journey] How did you get")
    assert any(line.startswith("Unknown command /bogus") for line in out)
    # each note was saved once, as it was read
    assert [c[0] for c in backend.calls].count("save") == 3


def test_a_signal_while_a_note_is_saved_stops_only_after_the_save() -> None:
    chat, backend = make_chat()
    original = backend.save_note

    def save_then_be_terminated(*args: Any, **kwargs: Any) -> int:
        os.kill(os.getpid(), signal.SIGTERM)  # arrives in the middle of the save
        return original(*args, **kwargs)

    backend.save_note = save_then_be_terminated  # type: ignore[method-assign]
    outcome = run_lines(chat, io.StringIO("first\nsecond\n"), lambda line: None)
    assert backend.texts() == [("journey", "first")]
    assert outcome.signal == signal.SIGTERM and not outcome.finished
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler was put back


# --- the command, in process (standard input is not a terminal) -------------------------


@pytest.fixture
def ada(ccw: CLI) -> CLI:
    """An initialised workspace with Ada Lovelace (Acme) in it."""
    ccw("contact", "add", "Ada Lovelace", "--company", "Acme")
    return ccw


def saved(conversation: int | None = None) -> tuple[ChatSession, str]:
    """What the workspace holds for Ada's chat, and her stage."""
    workspace = Workspace.open(Settings.from_env())
    try:
        session = workspace.start_chat("ada", conversation=conversation)
        return session, workspace.show_contact("ada").contact.stage.value
    finally:
        workspace.close()


def test_piped_chat_saves_each_line_and_finishes(ada: CLI) -> None:
    result = ada(
        "chat", "ada", "--minutes", "30",
        input="Started in QA\n\n/skip\n/note Knows Bob\nLegacy SQL\n",
    )  # fmt: skip
    assert result.output.splitlines()[0].startswith("[1/9 journey] How did you get")
    assert result.output.endswith(
        "Chat with Ada Lovelace finished; stage: met-up.\n"
        "3 notes on 3 topics, 1 skipped; next: coffeechat recap ada\n"
    )
    session, stage = saved()
    assert stage == "met-up"
    assert {(n.topic, n.text) for n in session.notes} == {
        ("journey", "Started in QA"),
        (None, "Knows Bob"),
        ("challenges", "Legacy SQL"),
    }
    assert session.skipped == {"balance"}


def test_piped_quit_leaves_it_to_resume(ada: CLI) -> None:
    result = ada("chat", "ada", input="Started in QA\n/quit\n")
    assert result.output.endswith(
        "Saved. Resume with coffeechat chat ada; finish with coffeechat log ada meeting or /end\n"
    )
    result = ada("chat", "ada", input="")
    assert result.output.startswith("Resumed: 1 note taken so far.\n[1/9 journey]")
    assert "1 note on 1 topic, 0 skipped" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], "no contact matches 'nobody'"),
        (["ada", "--minutes", "0"], "minutes: must be a positive number"),
        (["ada", "--guide", "nope"], "nope"),
    ],
)
def test_errors_are_one_line(ada: CLI, args: list[str], message: str) -> None:
    result = ada.fails("chat", *args, input="note\n")
    assert message in result.stderr


# --- the command in a pseudo-terminal -------------------------------------------------

COFFEECHAT = Path(sys.executable).with_name("coffeechat")


@pytest.fixture
def spawn(ada: CLI) -> Iterator[Any]:
    """Start `coffeechat chat ARGS...` in a 24x80 pty (``now`` sets COFFEECHAT_NOW)."""
    children: list[pexpect.spawn] = []

    def start(*args: str, now: str = NOW) -> pexpect.spawn:
        env = {**os.environ, "COFFEECHAT_NOW": now, "PYTHONTZPATH": ""}
        for name in ("COLUMNS", "LINES"):
            env.pop(name, None)
        child = pexpect.spawn(
            str(COFFEECHAT),
            ["chat", *args],
            env=env,
            encoding="utf-8",
            timeout=10,
            dimensions=(24, 80),
        )
        children.append(child)
        return child

    yield start
    for child in children:
        child.close(force=True)


def finished(child: pexpect.spawn) -> str:
    """Wait for the program to end; return everything it printed since the last match."""
    child.expect(pexpect.EOF)
    child.close()
    return str(child.before)


def test_a_chat_in_a_terminal(spawn: Any) -> None:
    child = spawn("ada", "--minutes", "30")
    child.expect_exact("question 1/9 · journey")
    child.expect_exact("/ 30:00")
    child.send("Started in QA — café\r")
    child.expect_exact("  • Started in QA — café")
    child.send("\r")
    child.expect_exact("question 2/9 · balance")
    child.send("/skip\r")
    child.expect_exact("Skipped balance: /unskip brings it back.")
    child.send("/back\r")
    child.expect_exact("question 2/9 · balance (skipped")
    child.send("/note Knows Bob at Initech\r")
    child.expect_exact("Noted, outside the questions.")
    child.send("/go network\r")
    child.expect_exact("question 8/9 · network")
    child.send("Bob Chen\r")
    child.expect_exact("  • Bob Chen")
    child.send("/end\r")
    child.expect_exact("Chat with Ada Lovelace finished; stage: met-up.")
    child.expect_exact("3 notes on 3 topics, 1 skipped; next: coffeechat recap ada")
    finished(child)
    assert child.exitstatus == 0
    session, stage = saved()
    assert stage == "met-up"
    assert {(n.topic, n.text) for n in session.notes} == {
        ("journey", "Started in QA — café"),
        (None, "Knows Bob at Initech"),
        ("network", "Bob Chen"),
    }
    assert session.skipped == {"balance"}


@pytest.mark.parametrize("how", ["close the terminal", "SIGTERM"])
def test_a_half_typed_line_survives_the_end_of_the_terminal(spawn: Any, how: str) -> None:
    child = spawn("ada", "--minutes", "30")
    child.expect_exact("question 1/9")
    child.send("Started in QA\rHalf a thou")
    child.expect_exact("> Half a thou")  # drawn after it was saved
    if how == "SIGTERM":
        child.kill(signal.SIGTERM)
        finished(child)
        assert child.exitstatus == 128 + signal.SIGTERM
    else:
        child.close(force=True)  # the pty goes away: SIGHUP
    session, stage = saved()
    assert [(n.topic, n.text) for n in session.notes] == [
        ("journey", "Started in QA"),
        ("journey", "Half a thou"),
    ]
    assert stage != "met-up"


def test_ctrl_c_leaves_and_a_second_run_resumes(spawn: Any) -> None:
    child = spawn("ada", "--minutes", "30")
    child.expect_exact("question 1/9")
    child.send("Was at Acme for")
    child.expect_exact("> Was at Acme for")
    child.send("\x03")
    child.expect_exact("Saved. Resume with coffeechat chat ada; finish with")
    assert "\x1b[?1049l" in child.before  # the screen was put back first
    finished(child)
    assert child.exitstatus == 0

    child = spawn("ada")
    child.expect_exact("  • Was at Acme for")
    child.expect_exact("Resumed: 1 note taken so far.")
    child.send("\x04")  # Ctrl-D on an empty line: finish
    child.expect_exact("1 note on 1 topic, 0 skipped; next: coffeechat recap ada")
    finished(child)
    assert child.exitstatus == 0
    assert saved()[1] == "met-up"


def test_the_cue_shows_when_the_chat_began_26_minutes_ago(ada: CLI, spawn: Any) -> None:
    ada("chat", "ada", "--minutes", "30", input="/quit\n")  # the chat begins at NOW
    later = (NOW_DT + dt.timedelta(minutes=26)).isoformat()
    child = spawn("ada", now=later)
    child.expect_exact("Mind the time: 4 minutes left — time for the closing questions")
    child.expect_exact("/ 30:00")
    child.send("\x03")
    finished(child)
    assert child.exitstatus == 0


def test_an_error_comes_before_the_terminal_changes_mode(spawn: Any) -> None:
    child = spawn("nobody")
    child.expect_exact("Error: contact: no contact matches 'nobody'")
    output = child.before + child.after + finished(child)
    assert child.exitstatus == 1
    assert "\x1b[?1049h" not in output and "Traceback" not in output


def test_help_on_a_tiny_terminal_still_fits() -> None:
    chat, _ = make_chat()
    keys(chat, "/help\r")
    rows = plain(screen(chat, 40, 8))
    assert len(rows) <= 8 and rows[0].startswith("Ada") and rows[-1] == "> "
