"""The JSON export: a whole workspace as one document, and reading one back (docs/export.md).

The document is a contract of its own, described field by field in ``SECTIONS`` below:
``to_document`` turns the rows the store dumped into it, and ``from_document`` checks a
document (types, lengths, choices, zones, references, duplicates) and turns it back into
rows for the store, or raises ``ExportFileError`` naming the file and the JSON path of the
first problem (``backup.json: contacts[12].emails: expected a list of strings``).

Rows are plain dicts keyed by column name; instants are aware datetimes, dates are dates,
the cached copy of a calendar is bytes. Ids are kept as they are, so references hold.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import datetime as dt
import functools
import io
import json
import re
import zoneinfo
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, BinaryIO, Literal

from coffeechat.core import limits as L
from coffeechat.core.errors import CoffeechatError, InvalidValue
from coffeechat.core.model import EventKind, HowMet, Seniority
from coffeechat.core.places import Format
from coffeechat.core.recap import PromiseBy, TakeawayKind, Variant
from coffeechat.core.scheduling import OptionKind
from coffeechat.formats import jsonstream

#: What ``format`` says in every export.
FORMAT = "coffeechat-export"
#: The version of the document this code writes and reads.
VERSION = 1
#: The most ``import json`` reads of a file, counted on the bytes actually read (2 GiB):
#: an export of 200,000 contacts with their timelines is about 260 MB.
MAX_BYTES = 2 * 1024 * 1024 * 1024


class ExportFileError(CoffeechatError):
    """A file that is not a coffeechat export this version can read; the message names the
    file and the JSON path of the problem."""

    def __init__(self, source: str, path: str, problem: str) -> None:
        self.source = source
        self.path = path
        self.problem = problem
        super().__init__(f"{source}: {path}: {problem}" if path else f"{source}: {problem}")


# --- the fields ---------------------------------------------------------------------------

#: How a field is written in JSON: ``id`` and ``int`` are integers, ``text`` a string,
#: ``bool`` true/false, ``instant`` ISO 8601 with an offset, ``date`` YYYY-MM-DD, ``zone``
#: an IANA name, ``hours`` weekly hours, ``bytes`` base64, ``guide`` a guide as an object,
#: ``strings`` a list of strings kept in a child table, ``objects`` a list of child rows.
Kind = Literal[
    "id", "int", "text", "bool", "instant", "date", "zone", "hours", "bytes", "guide",
    "strings", "objects",
]  # fmt: skip


@dataclass(frozen=True)
class Field:
    """One key of an object in the document (and, but for lists, the column it fills)."""

    key: str
    kind: Kind
    null: bool = False
    #: At most this many characters (the column's length).
    length: int | None = None
    #: For ``int``: the smallest and largest value allowed.
    bounds: tuple[int, int] | None = None
    #: For a reference: the section whose ``id`` it names.
    ref: str | None = None
    #: For ``text``: the values allowed (a core enum, or a tuple of strings).
    choices: type[StrEnum] | tuple[str, ...] | None = None
    #: For ``instant``: written with the offset of the object's ``zone`` (or its parent's)
    #: rather than of the owner's time zone.
    zoned: bool = False
    #: For ``strings`` and ``objects``: the child table, its column pointing at the parent,
    #: and (``strings``) the column holding each string and the one holding its position.
    table: str | None = None
    parent: str | None = None
    column: str | None = None
    position: str | None = None
    #: For ``objects``: the fields of each child.
    fields: tuple[Field, ...] = ()
    #: A key added after version 1 was released: a file written before it may lack it,
    #: and then it reads as ``absent``: a JSON value, or a function of the object's
    #: values read before it.
    optional: bool = False
    absent: Any = None


@dataclass(frozen=True)
class Section:
    """A top-level list of the document: one table's rows, one object each."""

    key: str
    table: str
    noun: str
    fields: tuple[Field, ...]


def _was_target(company: dict[str, Any]) -> bool:
    """Whether a company of a file written before ``target`` was on the target list: as
    migration 0009 decides, one with a LAMP score, a web site or a note."""
    keys = ("advocacy", "motivation", "posting", "website", "note")
    return any(company.get(k) is not None for k in keys)


def _text(key: str, length: int | None = None, null: bool = True, **kw: Any) -> Field:
    return Field(key, "text", null=null, length=length, **kw)


_ID = Field("id", "id")
_CREATED = Field("created_at", "instant")
_UPDATED = Field("updated_at", "instant")
_CONTACT = Field("contact_id", "id", ref="contacts")
_CONVERSATION = Field("conversation_id", "id", ref="conversations")

# One line per key, in the order written; docs/export.md describes each (and a test
# checks that every column of every owned table is here, with its length).
# fmt: off

#: The owner's settings (one object, not a list).
SETTINGS: tuple[Field, ...] = (
    _text("name", L.NAME, null=False), _text("email", L.EMAIL),
    Field("timezone", "zone", length=64), _text("country", 2),
    Field("availability", "hours", length=L.HOURS), _text("signature", L.TEXT),
    _text("phone", L.PHONE), Field("weekly_goal", "int", bounds=(0, 100)),
    _text("smtp_host", L.HOST),
    Field("smtp_port", "int", null=True, bounds=(1, 65535)),
    _text("smtp_security", 10, null=False, choices=("starttls", "ssl", "none")),
    _text("smtp_user", L.EMAIL), _text("cities", L.CITIES),
    _text("paper", 10, choices=("a4", "letter"), optional=True), _CREATED,
)

SECTIONS: tuple[Section, ...] = (
    Section("companies", "company", "company", (
        _ID, _text("name", L.NAME, null=False), _text("website", L.URL),
        Field("advocacy", "bool", null=True),
        Field("motivation", "int", null=True, bounds=(0, 3)),
        Field("posting", "int", null=True, bounds=(1, 3)),
        _text("note", L.NOTE), _CREATED,
        Field("target", "bool", optional=True, absent=_was_target),
    )),
    Section("contacts", "contact", "contact", (
        _ID, _text("name", L.NAME, null=False),
        Field("emails", "strings", length=L.EMAIL, table="contact_email", parent="contact_id",
              column="email", position="position"),
        _text("phone", L.PHONE), _text("linkedin", L.URL),
        Field("company_id", "id", null=True, ref="companies"),
        _text("title", L.NAME), _text("seniority", 20, choices=Seniority), _text("city", L.NAME),
        Field("timezone", "zone", null=True, length=64),
        Field("work_hours", "hours", length=L.HOURS), _text("country", 2),
        _text("how_met", 20, choices=HowMet), _text("met_at", L.MET_AT),
        Field("met_on", "date", null=True),
        Field("introduced_by_id", "id", null=True, ref="contacts"),
        Field("tags", "strings", length=L.TAG, table="contact_tag", parent="contact_id",
              column="tag"),
        _text("note", L.NOTE), _CREATED, Field("keep_in_touch", "int", null=True, bounds=(0, 12)),
        _text("reason", L.REASON, optional=True),
    )),
    Section("events", "event", "event", (
        _ID, _CONTACT, _text("kind", 30, null=False, choices=EventKind),
        Field("at", "instant", zoned=True), Field("zone", "zone", length=64),
        _text("note", L.NOTE), _text("value", 100), _CREATED,
    )),
    Section("calendars", "calendar_source", "calendar", (
        _ID, _text("source", L.SOURCE, null=False), Field("is_url", "bool"),
        Field("cached", "bytes", null=True), Field("fetched_at", "instant", null=True), _CREATED,
    )),
    Section("guides", "guide", "guide", (
        _ID, _text("name", L.GUIDE_NAME, null=False), _text("title", L.NAME, null=False),
        Field("definition", "guide"), _CREATED, _UPDATED,
    )),
    Section("conversations", "conversation", "conversation", (
        _ID, _CONTACT, _text("status", 20, null=False),
        Field("start", "instant", null=True, zoned=True),
        Field("end", "instant", null=True, zoned=True),
        Field("zone", "zone", length=64), _text("place", L.TEXT),
        _text("format", 20, choices=Format),
        Field("reschedules", "int", bounds=(0, 1_000_000)), _text("uid", 200, null=False),
        _CREATED, _UPDATED, _text("guide", 40),
        Field("planned_minutes", "int", null=True, bounds=(0, 100_000)),
        Field("started_at", "instant", null=True, zoned=True),
        _text("skipped", null=False), _text("reflection", L.NOTE),
        Field("next_contact", "date", null=True), _text("next_step", L.TEXT),
        _text("variant", 20, choices=Variant), Field("recapped_at", "instant", null=True),
        _text("link", L.LINK, optional=True),
    )),
    Section("proposals", "proposal", "proposal", (
        _ID, _CONTACT, Field("conversation_id", "id", null=True, ref="conversations"),
        _text("status", 20, null=False), Field("zone", "zone", length=64),
        Field("duration_min", "int", bounds=(1, 100_000)), _CREATED,
        Field("options", "objects", table="proposal_option", parent="proposal_id", fields=(
            _ID, Field("position", "int", bounds=(0, 1000)),
            Field("start", "instant", zoned=True), Field("end", "instant", zoned=True),
            _text("kind", 20, null=False, choices=OptionKind),
            _text("format", 20, null=False, choices=Format),
            _text("place", null=False), _text("reason", null=False),
        )),
    )),
    Section("notes", "note", "note", (
        _ID, _CONVERSATION, _CONTACT, _text("topic", 40), _text("text", L.NOTE, null=False),
        _CREATED, _UPDATED,
    )),
    Section("takeaways", "takeaway", "takeaway", (
        _ID, _CONVERSATION, _CONTACT, _text("kind", 20, null=False, choices=TakeawayKind),
        _text("text", L.TEXT, null=False), _CREATED,
    )),
    Section("promises", "promise", "promise", (
        _ID, _CONVERSATION, _CONTACT, _text("by", 10, null=False, choices=PromiseBy),
        _text("text", L.TEXT, null=False), Field("due", "date", null=True),
        Field("done_at", "instant", null=True), _CREATED,
    )),
    Section("introductions", "introduction", "introduction", (
        _ID, Field("from_id", "id", ref="contacts"), Field("to_id", "id", ref="contacts"),
        Field("conversation_id", "id", null=True, ref="conversations"),
        _text("status", 20, null=False), _CREATED, _UPDATED,
    )),
    Section("followup_states", "followup_state", "follow-up state", (
        _ID, _CONTACT, _text("item", 120, null=False),
        _text("action", 10, null=False, choices=("dismiss", "snooze")),
        Field("until", "date", null=True), _CREATED,
    )),
    Section("paths", "path", "path", (
        _ID, Field("company_id", "id", ref="companies"), _text("role", L.NAME, null=False),
        Field("via_contact_id", "id", null=True, ref="contacts"), Field("conventional", "bool"),
        _CREATED,
        Field("steps", "objects", table="path_step", parent="path_id", fields=(
            _ID, _text("step", 40, null=False), Field("on", "date"), _text("note", L.NOTE),
            _CREATED,
        )),
    )),
)
# fmt: on

#: The keys of the document itself, in the order written.
TOP_KEYS = ("format", "version", "schema", "exported_at", "settings", *(s.key for s in SECTIONS))

#: Tables as the store dumps and restores them: the section tables and their children, in
#: an order where every row comes after the rows it points at.
TABLES: tuple[str, ...] = tuple(
    t
    for s in SECTIONS
    for t in (s.table, *(f.table for f in s.fields if f.table is not None))
    if t is not None
)


# --- writing ------------------------------------------------------------------------------


def _zone(name: str | None) -> dt.tzinfo:
    """A zone by IANA name; UTC when there is none (or, in a damaged row, an unknown one)."""
    if name and _known_zone(name):
        return zoneinfo.ZoneInfo(name)
    return dt.UTC


def _known_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone this machine knows."""
    if not name or name != name.strip():
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _out(f: Field, value: Any, own_zone: dt.tzinfo, row_zone: dt.tzinfo) -> Any:
    """One column value as JSON."""
    if value is None:
        return None
    if f.kind == "instant":
        return value.astimezone(row_zone if f.zoned else own_zone).isoformat()
    if f.kind == "date":
        return value.isoformat()
    if f.kind == "bytes":
        return base64.b64encode(value).decode("ascii")
    if f.kind == "bool":
        return bool(value)
    if f.kind == "guide":
        return json.loads(value)
    return value


def _object(
    fields: Sequence[Field],
    row: Mapping[str, Any],
    children: Mapping[str, Mapping[Any, list[Mapping[str, Any]]]],
    own_zone: dt.tzinfo,
    parent_zone: dt.tzinfo,
) -> dict[str, Any]:
    row_zone = _zone(row["zone"]) if row.get("zone") else parent_zone
    out: dict[str, Any] = {}
    for f in fields:
        if f.kind == "strings":
            assert f.table is not None and f.column is not None
            out[f.key] = [c[f.column] for c in children[f.table].get(row["id"], [])]
        elif f.kind == "objects":
            assert f.table is not None
            out[f.key] = [
                _object(f.fields, c, children, own_zone, row_zone)
                for c in children[f.table].get(row["id"], [])
            ]
        else:
            out[f.key] = _out(f, row[f.key], own_zone, row_zone)
    return out


#: A piece of a section as the store reads it: rows of the section's table, and by child
#: table (``contact_email``, ``proposal_option``...) the rows of those rows' children.
Chunk = tuple[Sequence[Mapping[str, Any]], Mapping[str, Sequence[Mapping[str, Any]]]]


def _by_parent(f: Field, rows: Iterable[Mapping[str, Any]]) -> dict[Any, list[Mapping[str, Any]]]:
    """A child table's rows by parent id, each parent's in the order the document lists
    them (by position, tags by name, else as read: by id)."""
    assert f.parent is not None
    ordered = list(rows)
    if f.position:
        ordered.sort(key=lambda r: (r[f.position or ""], r.get("id") or 0))
    elif f.kind == "strings":
        ordered.sort(key=lambda r: r[f.column or ""])
    out: dict[Any, list[Mapping[str, Any]]] = {}
    for r in ordered:
        out.setdefault(r[f.parent], []).append(r)
    return out


def _section(
    s: Section, chunks: Iterable[Chunk], own_zone: dt.tzinfo, counts: dict[str, int]
) -> Iterator[dict[str, Any]]:
    """A section's objects, one chunk of rows at a time (counted into ``counts``)."""
    n = 0
    for rows, kids in chunks:
        children = {
            f.table: _by_parent(f, kids.get(f.table, ())) for f in s.fields if f.table is not None
        }
        for r in sorted(rows, key=lambda r: r["id"]):
            yield _object(s.fields, r, children, own_zone, own_zone)
            n += 1
    counts[s.key] = n


def document(
    settings: Mapping[str, Any],
    sections: Mapping[str, Iterable[Chunk]],
    schema: str,
    exported_at: dt.datetime,
    counts: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The export document, each section a generator over ``sections[key]`` (chunks as
    the store reads them), for ``write`` to stream: nothing is read before it is written.
    Once written, ``counts`` holds the number of objects of each section."""
    own_zone = _zone(settings["timezone"])
    tally = counts if counts is not None else {}
    out: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "schema": schema,
        "exported_at": exported_at.astimezone(own_zone).isoformat(),
        "settings": _object(SETTINGS, settings, {}, own_zone, own_zone),
    }
    for s in SECTIONS:
        out[s.key] = _section(s, sections.get(s.key, ()), own_zone, tally)
    return out


def to_document(
    settings: Mapping[str, Any],
    tables: Mapping[str, Sequence[Mapping[str, Any]]],
    schema: str,
    exported_at: dt.datetime,
) -> dict[str, Any]:
    """The export document from the owner's row and every table's rows (as dumped), whole."""
    sections: dict[str, list[Chunk]] = {
        s.key: [
            (
                tables.get(s.table, []),
                {f.table: tables.get(f.table, []) for f in s.fields if f.table is not None},
            )
        ]
        for s in SECTIONS
    }
    whole = document(settings, sections, schema, exported_at)
    return {k: list(v) if isinstance(v, Iterator) else v for k, v in whole.items()}


def write(stream: BinaryIO, document: Mapping[str, Any]) -> None:
    """The document as ``dumps`` writes it, onto a binary stream as it is produced."""
    from coffeechat.formats import jsonout

    jsonout.write(stream, document)
    stream.write(b"\n")


def dumps(document: Mapping[str, Any]) -> bytes:
    """The document as UTF-8 bytes: indented by two spaces, non-ASCII kept, a final newline."""
    from coffeechat.formats import jsonout

    return (jsonout.dumps(document) + "\n").encode("utf-8")


# --- reading ------------------------------------------------------------------------------


@dataclass
class Restored:
    """A checked document: the owner's settings, what the header said, the number of
    objects of each list, and (from ``load`` only; ``read`` gives them to its sink) each
    table's rows."""

    settings: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]
    schema: str
    exported_at: dt.datetime
    counts: dict[str, int] = field(default_factory=dict)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INSTANT = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?"
    r"(Z|[+-]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)$"  # old local mean times have seconds
)


def _path(parts: Sequence[str | int]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out


@functools.cache
def _allowed(f: Field) -> tuple[str, ...]:
    """The values a text field allows (none: any)."""
    if f.choices is None:
        return ()
    if isinstance(f.choices, tuple):
        return f.choices
    return tuple(m.value for m in f.choices)


class _Ids:
    """The ids of one list of the document, in the order read: a compact array while they
    ascend (as every export writes them), a dict from the first one out of order."""

    def __init__(self) -> None:
        self.ids = array("q")
        self.index: dict[int, int] | None = None

    def add(self, value: int) -> int | None:
        """Note the id of the next object; the position of an earlier object with the
        same id, if any (then the id is not noted again)."""
        if self.index is None:
            if not self.ids or value > self.ids[-1]:
                self.ids.append(value)
                return None
            self.index = {v: n for n, v in enumerate(self.ids)}
        first = self.index.get(value)
        if first is None:
            self.index[value] = len(self.ids)
            self.ids.append(value)
        return first

    def __contains__(self, value: object) -> bool:
        if self.index is not None:
            return value in self.index
        n = bisect.bisect_left(self.ids, value)  # type: ignore[call-overload]
        return n < len(self.ids) and bool(self.ids[n] == value)


class _Reader:
    """Checks one document, raising ExportFileError at the first problem."""

    def __init__(self, source: str) -> None:
        self.source = source
        #: the ids of each section read so far, for duplicates and references
        self.ids: dict[str, _Ids] = {s.key: _Ids() for s in SECTIONS}
        #: (child list, id) → where the object is, for duplicate ids in child lists
        self.child_ids: dict[str, dict[int, str]] = {}
        #: the sections read to their end (their ids all known)
        self.done: set[str] = set()
        #: references to rows not read yet, checked when their section is done:
        #: (where, section, id)
        self.refs: list[tuple[str, str, int]] = []
        #: weekly hours already found good
        self.hours: set[str] = set()

    def fail(self, where: Sequence[str | int], problem: str) -> ExportFileError:
        return ExportFileError(self.source, _path(where), problem)

    def allowed(self, f: Field) -> tuple[str, ...]:
        return _allowed(f)

    def obj(
        self,
        value: Any,
        where: Sequence[str | int],
        keys: Sequence[str],
        optional: Sequence[str] = (),
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object, got {_kind(value)}")
        for k in keys:
            if k not in value and k not in optional:
                raise self.fail([*where, k], "missing")
        for k in value:
            if k not in keys:
                raise self.fail([*where, k], "unknown key (this version does not know it)")
        return value

    def value(self, f: Field, raw: Any, where: Sequence[str | int]) -> Any:
        """One field's JSON value, checked and turned into its column value."""
        if raw is None:
            if f.null:
                return None
            raise self.fail(where, f"expected {_expected(f)}, got null")
        if f.kind in ("id", "int"):
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise self.fail(where, f"expected {_expected(f)}, got {_kind(raw)}")
            low, high = f.bounds or ((1, 2**31 - 1) if f.kind == "id" else (-(2**31), 2**31 - 1))
            if not low <= raw <= high:
                raise self.fail(where, f"expected a whole number from {low} to {high}, got {raw}")
            if f.ref is not None and raw not in self.ids[f.ref]:
                if f.ref in self.done:
                    raise self.dangling(_path(where), f.ref, raw)
                self.refs.append((_path(where), f.ref, raw))
            return raw
        if f.kind == "bool":
            if not isinstance(raw, bool):
                raise self.fail(where, f"expected true or false, got {_kind(raw)}")
            return raw
        if f.kind == "guide":
            if not isinstance(raw, dict):
                raise self.fail(where, f"expected a guide (an object), got {_kind(raw)}")
            return raw
        if not isinstance(raw, str):
            raise self.fail(where, f"expected {_expected(f)}, got {_kind(raw)}")
        if "\x00" in raw:
            raise self.fail(where, "holds a NUL character (\\u0000), which cannot be stored")
        if f.length is not None and len(raw) > f.length:
            raise self.fail(where, f"longer than {f.length} characters ({len(raw)})")
        if f.kind == "text":
            allowed = self.allowed(f)
            if allowed and raw not in allowed:
                raise self.fail(where, f"expected one of {'|'.join(allowed)}, got {raw!r}")
            return raw
        if f.kind == "zone":
            if not _known_zone(raw):
                raise self.fail(where, f"not an IANA time zone: {raw!r}")
            return raw
        if f.kind == "hours":
            from coffeechat.core.hours import normalize_hours

            if raw not in self.hours:  # most contacts share a few: each is parsed once
                try:
                    normalize_hours(raw, f.key)
                except InvalidValue as error:
                    raise self.fail(where, f"not weekly hours: {error.problem}") from None
                if len(self.hours) < 1000:
                    self.hours.add(raw)
            return raw
        if f.kind == "date":
            try:
                if not _DATE.match(raw):
                    raise ValueError
                day = dt.date.fromisoformat(raw)
            except ValueError:
                raise self.fail(where, f"expected a date YYYY-MM-DD, got {raw!r}") from None
            return self.in_range(day, raw, where)
        if f.kind == "instant":
            try:
                if not _INSTANT.match(raw):
                    raise ValueError
                instant = dt.datetime.fromisoformat(raw)
            except ValueError:
                raise self.fail(
                    where,
                    f"expected an ISO 8601 instant with its offset "
                    f"(e.g. 2026-11-27T09:00:00-05:00), got {raw!r}",
                ) from None
            self.in_range(instant.date(), raw, where)
            return instant.astimezone(dt.UTC)
        if f.kind == "bytes":
            try:
                return base64.b64decode(raw.encode("ascii"), validate=True)
            except (binascii.Error, UnicodeEncodeError):
                raise self.fail(where, "expected base64 text") from None
        raise AssertionError(f.kind)  # pragma: no cover

    def in_range(self, day: dt.date, raw: str, where: Sequence[str | int]) -> dt.date:
        """A date from 1900 to 2100 (``core.limits``), as everywhere else."""
        if not L.FIRST_DAY <= day <= L.LAST_DAY:
            raise self.fail(
                where, f"{raw!r} is outside the years {L.FIRST_DAY.year}-{L.LAST_DAY.year}"
            )
        return day

    def row(
        self,
        fields: Sequence[Field],
        raw: Any,
        where: list[str | int],
        section: str,
        tables: dict[str, list[dict[str, Any]]],
    ) -> dict[str, Any]:
        """One object of a section (or a child list), checked, as a row; its children go
        into ``tables``."""
        data = self.obj(raw, where, [f.key for f in fields], [f.key for f in fields if f.optional])
        out: dict[str, Any] = {}
        later: list[Field] = []
        for f in fields:
            if f.kind in ("strings", "objects"):
                later.append(f)
                continue
            raw_value = data.get(f.key)
            if f.key not in data:  # a key added later, missing from an older file
                raw_value = f.absent(out) if callable(f.absent) else f.absent
            out[f.key] = self.value(f, raw_value, [*where, f.key])
        if "id" in out:
            if section in self.ids:
                first = self.ids[section].add(out["id"])
                earlier = None if first is None else _path([section, first])
            else:
                seen = self.child_ids.setdefault(section, {})
                earlier = seen.setdefault(out["id"], _path(where))
                earlier = None if earlier == _path(where) else earlier
            if earlier is not None:
                raise self.fail(
                    [*where, "id"], f"id {out['id']} appears twice (first at {earlier})"
                )
        for f in later:
            assert f.table is not None and f.parent is not None
            items = data[f.key]
            at = [*where, f.key]
            if f.kind == "strings":
                if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                    raise self.fail(at, "expected a list of strings")
                seen_items: set[str] = set()
                for n, item in enumerate(items):
                    self.value(Field(f.key, "text", length=f.length), item, [*at, n])
                    # a list kept in order (e-mails) may repeat itself; a set (tags) not
                    if f.position is None and item in seen_items:
                        raise self.fail([*at, n], f"{item!r} appears twice")
                    seen_items.add(item)
                    child = {f.parent: out["id"], f.column or "": item}
                    if f.position:
                        child[f.position] = n
                    tables.setdefault(f.table, []).append(child)
            else:
                if not isinstance(items, list):
                    raise self.fail(at, f"expected a list, got {_kind(items)}")
                for n, item in enumerate(items):
                    child = self.row(f.fields, item, [*at, n], f"{section}.{f.key}", tables)
                    child[f.parent] = out["id"]
                    tables.setdefault(f.table, []).append(child)
        return out

    def dangling(self, where: str, section: str, ref: int) -> ExportFileError:
        noun = next(s.noun for s in SECTIONS if s.key == section)
        return ExportFileError(self.source, where, f"no {noun} with id {ref} in the file")

    def check_refs(self) -> None:
        """The references to rows not read at the time, whose section is now done."""
        waiting = []
        for where, section, ref in self.refs:
            if section not in self.done:
                waiting.append((where, section, ref))
            elif ref not in self.ids[section]:
                raise self.dangling(where, section, ref)
        self.refs = waiting


def _kind(value: Any) -> str:
    """How a JSON value's type reads in an error."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _expected(f: Field) -> str:
    what = {
        "id": "an id (a whole number)",
        "int": "a whole number",
        "text": "a string",
        "zone": "an IANA time zone",
        "hours": "weekly hours (e.g. Mon-Fri 09:00-17:00)",
        "date": "a date YYYY-MM-DD",
        "instant": "an ISO 8601 instant with its offset",
        "bytes": "base64 text",
    }.get(f.kind, f.kind)
    return f"{what} or null" if f.null else what


def _header(source: str, key: str, raw: Any) -> None:
    """``format`` and ``version``: a file this coffeechat reads, or one line saying why not."""
    if key == "format" and raw != FORMAT:
        problem = "missing" if raw is _MISSING else f"got {raw!r}"
        raise ExportFileError(
            source, "format", f'expected "{FORMAT}" ({problem}): not a coffeechat export'
        )
    if key == "version" and (raw != VERSION or isinstance(raw, bool)):
        if isinstance(raw, int) and not isinstance(raw, bool) and raw > VERSION:
            problem = (
                f"version {raw} is newer than this coffeechat reads ({VERSION}): "
                "upgrade coffeechat (pip install -U coffeechat)"
            )
        else:
            problem = f"expected {VERSION}, got {json.dumps(None if raw is _MISSING else raw)}"
        raise ExportFileError(source, "version", problem)


_MISSING: Any = object()

#: What the database keeps unique besides ids, by section: the key, and whether it is
#: compared folded (a company per name, any capitals and spacing, as
#: ``store.companies.name_key``; a guide per name; a calendar per source).
_UNIQUE = {"companies": ("name", True), "guides": ("name", False), "calendars": ("source", False)}

#: A function given rows to store: the table's name and some of its rows.
Sink = Callable[[str, list[dict[str, Any]]], object]


class _Loader:
    """Reads a document from a ``jsonstream.Reader``, checking each object as it comes and
    handing the rows to the sink, a batch at a time, in ``TABLES`` order. A section read
    before those it may point at (not how an export writes it) is held until they are in."""

    def __init__(self, source: str, sink: Sink, batch: int) -> None:
        self.source = source
        self.sink = sink
        self.batch = batch
        self.check = _Reader(source)
        self.given: set[str] = set()
        self.held: dict[str, dict[str, list[dict[str, Any]]]] = {}
        self.values: dict[str, Any] = {}
        self.counts: dict[str, int] = {}
        self.unknown: str | None = None

    def key(self, stream: jsonstream.Reader, key: str) -> None:
        """Read the value of one top-level key."""
        if key in self.values or key in self.counts:
            raise ExportFileError(self.source, key, "appears twice in the document")
        section = next((s for s in SECTIONS if s.key == key), None)
        if section is not None:
            self.section(stream, section)
            return
        raw = stream.value()
        if key not in TOP_KEYS:
            self.unknown = self.unknown or key
            self.values[key] = None
            return
        if key in ("format", "version"):
            _header(self.source, key, raw)
        elif key == "schema" and not isinstance(raw, str):
            raise self.check.fail(["schema"], f"expected a string, got {_kind(raw)}")
        elif key == "exported_at":
            raw = self.check.value(Field("exported_at", "instant"), raw, ["exported_at"])
        elif key == "settings":
            raw = self.check.row(SETTINGS, raw, ["settings"], "settings", {})
        self.values[key] = raw

    def section(self, stream: jsonstream.Reader, s: Section) -> None:
        """Read one section, object by object."""
        if stream.peek() != "[":
            raw = stream.value()
            raise self.check.fail([s.key], f"expected a list, got {_kind(raw)}")
        before = [t.key for t in SECTIONS[: SECTIONS.index(s)]]
        flowing = all(k in self.given for k in before)
        tables: dict[str, list[dict[str, Any]]] = {}
        unique: dict[str, int] = {}
        n = 0
        for raw in stream.items():
            row = self.check.row(s.fields, raw, [s.key, n], s.key, tables)
            tables.setdefault(s.table, []).append(row)
            self.special(s, n, row, unique)
            n += 1
            if flowing and len(tables[s.table]) >= self.batch:
                self.give(s, tables)
                tables = {}
        self.counts[s.key] = n
        self.check.done.add(s.key)
        if flowing:
            self.give(s, tables)
            self.given.add(s.key)
        else:
            self.held[s.key] = tables
        self.release()

    def special(self, s: Section, n: int, row: dict[str, Any], unique: dict[str, int]) -> None:
        """The checks beyond one field: unique names, and a guide that reads as a guide
        (stored as its JSON text)."""
        if s.key in _UNIQUE:
            key, fold = _UNIQUE[s.key]
            value = " ".join(row[key].split()).casefold() if fold else row[key]
            first = unique.setdefault(value, n)
            if first != n:
                raise self.check.fail(
                    [s.key, n, key], f"{row[key]!r} appears twice (first at {s.key}[{first}])"
                )
        if s.key == "guides":
            _check_guide(self.check, n, row)

    def give(self, s: Section, tables: dict[str, list[dict[str, Any]]]) -> None:
        """Rows of a section and their children to the sink, parents first."""
        for table in (s.table, *(f.table for f in s.fields if f.table is not None)):
            rows = tables.get(table)
            if rows:
                self.sink(table, rows)

    def release(self) -> None:
        """Hand over the held sections whose turn has come."""
        for s in SECTIONS:
            if s.key in self.given:
                continue
            if s.key not in self.held:
                return
            self.check.check_refs()
            self.give(s, self.held.pop(s.key))
            self.given.add(s.key)

    def finish(self) -> Restored:
        """The checks that need the whole document, then what it held."""
        for key in ("format", "version"):
            if key not in self.values:
                _header(self.source, key, _MISSING)
        for key in TOP_KEYS:
            if key not in self.values and key not in self.counts:
                raise self.check.fail([key], "missing")
        if self.unknown is not None:
            raise self.check.fail([self.unknown], "unknown key (this version does not know it)")
        self.check.check_refs()
        return Restored(
            self.values["settings"],
            {},
            self.values["schema"],
            self.values["exported_at"],
            {s.key: self.counts[s.key] for s in SECTIONS},
        )


def _check_guide(reader: _Reader, n: int, row: dict[str, Any]) -> None:
    """A custom guide's definition reads as a guide; it is stored as JSON text."""
    from coffeechat.core.guides import GuideError, guide_from_mapping

    try:
        guide_from_mapping(row["definition"], name=row["name"], where=lambda _: "")
    except GuideError as error:
        if error.field == "name":
            raise reader.fail(["guides", n, "name"], error.problem) from None
        where = _path(["guides", n, "definition"]) + (f".{error.field}" if error.field else "")
        raise ExportFileError(reader.source, where, error.problem) from None
    row["definition"] = json.dumps(row["definition"], ensure_ascii=False)


#: Rows given to the sink at a time by ``read``.
BATCH = 1000


def read(stream: jsonstream.Stream, source: str, sink: Sink, batch: int | None = None) -> Restored:
    """Read and check an export from a binary stream as it comes, handing its rows to
    ``sink`` (a table's name and some of its rows, ``batch`` at most at a time) in an
    order where each row comes after the rows it points at (a contact's introducer
    aside: it may come later). Raises ExportFileError at the first problem, naming
    ``source`` and the place in the document: rows already given to the sink must then be
    thrown away (the import's transaction is rolled back). Cap the stream's size with
    ``files.BoundedReader``; the references, duplicates and missing keys are only all
    checked when this returns."""
    loader = _Loader(source, sink, batch or BATCH)
    stream_reader = jsonstream.Reader(stream)
    try:
        if stream_reader.peek() != "{":
            stream_reader.value()
            stream_reader.end()
            raise ExportFileError(source, "", "not a coffeechat export (expected a JSON object)")
        for key in stream_reader.members():
            loader.key(stream_reader, key)
        stream_reader.end()
    except jsonstream.NotText as error:
        raise ExportFileError(
            source, "", f"not UTF-8 text (byte {error.byte}): not a coffeechat export"
        ) from None
    except jsonstream.SyntaxProblem as error:
        raise ExportFileError(
            source, "", f"not JSON: line {error.line} column {error.column}: {error.problem}"
        ) from None
    except jsonstream.TooDeep:
        raise ExportFileError(
            source, "", "not JSON this reader can follow (nested too deep)"
        ) from None
    return loader.finish()


def load(data: bytes, source: str) -> Restored:
    """Read and check an export file's bytes (``source`` names it in errors), every row
    in ``Restored.tables``: for small documents and tests (``read`` streams)."""
    tables: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    restored = read(io.BytesIO(data), source, lambda t, rows: tables[t].extend(rows))
    restored.tables = tables
    return restored
