"""Fuzzing the readers of files from outside: whatever the bytes, a reader succeeds or
raises its own one-line error (a ``CoffeechatError``), never another exception.

Covered: the contact readers (LinkedIn CSV, any CSV, vCard), the calendar reader
(``formats.ical.read_busy``) and the JSON export reader (``formats.exportjson.load``), each
on arbitrary bytes and on valid files damaged by a few random edits. Bounded with
``max_examples`` so the file runs in seconds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.core.errors import CalendarParseError, CoffeechatError
from coffeechat.formats.csvcontacts import read_csv_contacts
from coffeechat.formats.ical import read_busy
from coffeechat.formats.imported import ImportFileError, ReadResult
from coffeechat.formats.linkedin import read_linkedin
from coffeechat.formats.vcard import read_vcard
from conftest import make_settings

DATA = Path(__file__).parent / "data"
IMPORTS = DATA / "imports"
CALENDARS = DATA / "calendars"
START = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
END = START + dt.timedelta(days=14)

FUZZ = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(FUZZ, max_examples=150)

#: Bytes that mean something to one of the formats, for insertions.
TOKENS = [
    b'"', b"'", b",", b";", b"\t", b":", b"=", b"\\", b" ", b"\r", b"\n", b"\r\n", b"=\r\n",
    b"\r\n ", b"\x00", b"\xff", b"\xc3", b"\xef\xbb\xbf", b"\xe2\x80\xa8", b"\x1c", b"\x85",
    b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n",
    b"END:VCALENDAR\r\n", b"ENCODING=QUOTED-PRINTABLE", b";CHARSET=x-unknown", b"ENCODING=b",
    b"First Name,Last Name", b"E-mail 1 - Value", b" ::: ", b"sep=;\n", b"99/99/9999",
    b"RRULE:FREQ=SECONDLY", b"TZID=Nowhere/Zone", b"DTSTART:2026", b"{", b"}", b"[", b"]",
    b"null", b"1e999", b"NaN", b'"\\ud800"',
]  # fmt: skip


@st.composite
def damaged(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` after 1-6 random edits: deletions, insertions, flips, cuts, moved lines."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "insert", "token", "flip", "cut", "line"]))
        at = draw(st.integers(0, len(data)))
        if op == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=12))
        elif op == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif op == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[at:]
        elif op == "line":
            lines = bytes(data).split(b"\n")
            source, target = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines)))
            lines.insert(target, lines[source])
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def one_line(error: BaseException, kind: type[CoffeechatError]) -> None:
    """The error is the reader's own, one line of printable UTF-8, naming something."""
    assert isinstance(error, kind), repr(error)
    message = str(error)
    assert message.strip(), repr(error)
    assert len(message.splitlines()) == 1, message
    message.encode("utf-8")  # no lone surrogates: the CLI can print it


def sound(result: ReadResult, data: bytes) -> None:
    """What a contact reader returns holds together."""
    assert result.total == len(result.records) + len(result.skipped)
    lines = data.count(b"\n") + data.count(b"\r") + 1
    for record in result.records:
        assert record.name.strip() and 1 <= record.line <= lines, record
        for value in record._asdict().values():
            for text in value if isinstance(value, tuple) else [value]:
                if isinstance(text, str):
                    text.encode("utf-8")  # no lone surrogates: the database can store it
    for note in result.skipped + result.warnings:
        assert 1 <= note.line <= lines and len(note.reason.splitlines()) == 1, note
        note.reason.encode("utf-8")


def run(reader: Callable[[bytes, str], ReadResult], data: bytes) -> None:
    try:
        result = reader(data, "fuzz.txt")
    except ImportFileError as error:
        one_line(error, ImportFileError)
        assert str(error).startswith("fuzz.txt")
    else:
        sound(result, data)


def generic_csv(data: bytes, source: str) -> ReadResult:
    mapping = {"Nom complet": "name", "Courriel": "email", "Rencontré le": "met_on"}
    return read_csv_contacts(data, source, mapping | {"Étiquettes": "tags"})


CONTACT_READERS = {
    "linkedin": read_linkedin,
    "csv": read_csv_contacts,
    "csv-map": generic_csv,
    "vcard": read_vcard,
}
SAMPLES = {
    "linkedin": ["Connections.csv"],
    "csv": ["google-contacts.csv", "google-contacts-old.csv"],
    "csv-map": ["carnet.csv"],
    "vcard": ["google-contacts.vcf", "android-2.1.vcf", "contacts-4.0.vcf"],
}


# -- contact readers -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(CONTACT_READERS))
@FUZZ
@given(data=st.binary(max_size=600))
def test_contact_readers_on_any_bytes(kind: str, data: bytes) -> None:
    run(CONTACT_READERS[kind], data)


@pytest.mark.parametrize("kind", list(CONTACT_READERS))
@FUZZ
@given(st.data())
def test_contact_readers_on_damaged_exports(kind: str, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(SAMPLES[kind]))
    run(CONTACT_READERS[kind], data.draw(damaged((IMPORTS / name).read_bytes())))


VCARD_LINES = st.sampled_from(
    [
        "BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "FN:Ada", "N:Lovelace;Ada;;;", "N:;;;;",
        "EMAIL:ada@example.com", "EMAIL;TYPE=work:x", "TEL;VALUE=uri:tel:+1-555;ext=1",
        "NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9=", "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=x:=FF",
        "NOTE;ENCODING=b:!!!", "PHOTO;ENCODING=BASE64:AAAA", "AAAA", " folded", "\tfolded", "",
        "ORG:\\;;x", "CATEGORIES:a,,b\\,c", "ADR:;;;", 'item1.URL;TYPE="a:b":linkedin.com/in/x',
        "X-SOCIALPROFILE:linkedin.com", "no colon here", "BEGIN:VCALENDAR", ":", ";:", "=",
    ]
)  # fmt: skip
CSV_TEXT = st.text(alphabet=st.sampled_from([*',;\t"\r\n aé@.:/-0123456789', "\u2028"]))


@FUZZ
@given(lines=st.lists(VCARD_LINES, max_size=30), end=st.sampled_from(["\r\n", "\n", "\r"]))
def test_vcard_reader_on_vcard_like_lines(lines: list[str], end: str) -> None:
    run(read_vcard, end.join(lines).encode("utf-8"))


@pytest.mark.parametrize("kind", ["linkedin", "csv", "csv-map"])
@FEW
@given(header=st.sampled_from([
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Labels\n",
    "Name,Given Name,Family Name,E-mail 1 - Value,Group Membership\n",
    "Nom complet;Courriel;Rencontré le;Étiquettes\n",
]), body=CSV_TEXT)  # fmt: skip
def test_csv_readers_on_csv_like_text(kind: str, header: str, body: str) -> None:
    run(CONTACT_READERS[kind], (header + body).encode("utf-8"))


# -- calendars -----------------------------------------------------------------------------


def busy(data: bytes, lines: bool = True) -> None:
    """Read busy time; a failure is a CalendarParseError (of one line, unless ``lines`` is
    false)."""
    try:
        read_busy(data, "fuzz.ics", START, END, "America/New_York")
    except CalendarParseError as error:
        if lines:
            one_line(error, CalendarParseError)


@FEW
@given(data=st.binary(max_size=600))
def test_read_busy_on_any_bytes(data: bytes) -> None:
    busy(data)


@FUZZ
@given(st.data())
def test_read_busy_on_damaged_calendars_raises_only_its_error(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(["google.ics", "outlook.ics"]))
    busy(data.draw(damaged((CALENDARS / name).read_bytes())), lines=False)


@FEW
@given(st.data())
def test_read_busy_on_damaged_calendars_errors_are_one_line(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(["google.ics", "outlook.ics"]))
    busy(data.draw(damaged((CALENDARS / name).read_bytes())))


# -- the JSON export -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def export_sample(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real export (the demo workspace), to damage."""
    from coffeechat.service.demo import seed_demo

    demo = seed_demo(make_settings(tmp_path_factory.mktemp("export")))
    try:
        return demo.export_json()
    finally:
        demo.close()


def load_export(data: bytes) -> None:
    from coffeechat.formats.exportjson import ExportFileError, load

    try:
        load(data, "fuzz.json")
    except ExportFileError as error:
        one_line(error, ExportFileError)


@FEW
@given(data=st.binary(max_size=600))
def test_export_reader_on_any_bytes(data: bytes) -> None:
    load_export(data)


@FEW
@given(st.data())
def test_export_reader_on_damaged_exports(export_sample: bytes, data: st.DataObject) -> None:
    load_export(data.draw(damaged(export_sample)))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*path, index))
    return found


@FUZZ
@given(st.data())
def test_export_reader_on_documents_with_wrong_values(
    export_sample: bytes, data: st.DataObject
) -> None:
    document = json.loads(export_sample)
    paths = _paths(document)[1:]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        parent = document
        try:
            for key in path[:-1]:
                parent = parent[key]
            if data.draw(st.booleans()) and isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent[path[-1]] = data.draw(JSON_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed this path
    load_export(json.dumps(document, ensure_ascii=False).encode("utf-8"))
