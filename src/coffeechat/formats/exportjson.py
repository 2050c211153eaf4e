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
import datetime as dt
import json
import re
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, BinaryIO, Literal

from coffeechat.core.errors import CoffeechatError, InvalidValue
from coffeechat.core.model import EventKind, HowMet, Seniority
from coffeechat.core.places import Format
from coffeechat.core.recap import PromiseBy, TakeawayKind, Variant
from coffeechat.core.scheduling import OptionKind

#: What ``format`` says in every export.
FORMAT = "coffeechat-export"
#: The version of the document this code writes and reads.
VERSION = 1
#: A larger file is refused before it is read.
MAX_BYTES = 50 * 1024 * 1024


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


@dataclass(frozen=True)
class Section:
    """A top-level list of the document: one table's rows, one object each."""

    key: str
    table: str
    noun: str
    fields: tuple[Field, ...]


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
    _text("name", 200, null=False), _text("email", 320), Field("timezone", "zone", length=64),
    _text("country", 2), Field("availability", "hours", length=200), _text("signature"),
    _text("phone", 40), Field("weekly_goal", "int", bounds=(0, 100)), _text("smtp_host", 255),
    Field("smtp_port", "int", null=True, bounds=(1, 65535)),
    _text("smtp_security", 10, null=False, choices=("starttls", "ssl", "none")),
    _text("smtp_user", 320), _CREATED,
)

SECTIONS: tuple[Section, ...] = (
    Section("companies", "company", "company", (
        _ID, _text("name", 200, null=False), _text("website", 500),
        Field("advocacy", "bool", null=True),
        Field("motivation", "int", null=True, bounds=(0, 3)),
        Field("posting", "int", null=True, bounds=(1, 3)),
        _text("note"), _CREATED,
    )),
    Section("contacts", "contact", "contact", (
        _ID, _text("name", 200, null=False),
        Field("emails", "strings", length=320, table="contact_email", parent="contact_id",
              column="email", position="position"),
        _text("phone", 40), _text("linkedin", 500),
        Field("company_id", "id", null=True, ref="companies"),
        _text("title", 200), _text("seniority", 20, choices=Seniority), _text("city", 200),
        Field("timezone", "zone", null=True, length=64),
        Field("work_hours", "hours", length=200), _text("country", 2),
        _text("how_met", 20, choices=HowMet), _text("met_at", 300),
        Field("met_on", "date", null=True),
        Field("introduced_by_id", "id", null=True, ref="contacts"),
        Field("tags", "strings", length=50, table="contact_tag", parent="contact_id",
              column="tag"),
        _text("note"), _CREATED, Field("keep_in_touch", "int", null=True, bounds=(0, 12)),
    )),
    Section("events", "event", "event", (
        _ID, _CONTACT, _text("kind", 30, null=False, choices=EventKind),
        Field("at", "instant", zoned=True), Field("zone", "zone", length=64),
        _text("note"), _text("value", 100), _CREATED,
    )),
    Section("calendars", "calendar_source", "calendar", (
        _ID, _text("source", 2000, null=False), Field("is_url", "bool"),
        Field("cached", "bytes", null=True), Field("fetched_at", "instant", null=True), _CREATED,
    )),
    Section("guides", "guide", "guide", (
        _ID, _text("name", 40, null=False), _text("title", 200, null=False),
        Field("definition", "guide"), _CREATED, _UPDATED,
    )),
    Section("conversations", "conversation", "conversation", (
        _ID, _CONTACT, _text("status", 20, null=False),
        Field("start", "instant", null=True, zoned=True),
        Field("end", "instant", null=True, zoned=True),
        Field("zone", "zone", length=64), _text("place"), _text("format", 20, choices=Format),
        Field("reschedules", "int", bounds=(0, 1_000_000)), _text("uid", 200, null=False),
        _CREATED, _UPDATED, _text("guide", 40),
        Field("planned_minutes", "int", null=True, bounds=(0, 100_000)),
        Field("started_at", "instant", null=True, zoned=True),
        _text("skipped", null=False), _text("reflection"),
        Field("next_contact", "date", null=True), _text("next_step"),
        _text("variant", 20, choices=Variant), Field("recapped_at", "instant", null=True),
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
        _ID, _CONVERSATION, _CONTACT, _text("topic", 40), _text("text", null=False),
        _CREATED, _UPDATED,
    )),
    Section("takeaways", "takeaway", "takeaway", (
        _ID, _CONVERSATION, _CONTACT, _text("kind", 20, null=False, choices=TakeawayKind),
        _text("text", null=False), _CREATED,
    )),
    Section("promises", "promise", "promise", (
        _ID, _CONVERSATION, _CONTACT, _text("by", 10, null=False, choices=PromiseBy),
        _text("text", null=False), Field("due", "date", null=True),
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
        _ID, Field("company_id", "id", ref="companies"), _text("role", 200, null=False),
        Field("via_contact_id", "id", null=True, ref="contacts"), Field("conventional", "bool"),
        _CREATED,
        Field("steps", "objects", table="path_step", parent="path_id", fields=(
            _ID, _text("step", 40, null=False), Field("on", "date"), _text("note"), _CREATED,
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
    """A checked document as rows: the owner's settings and each table's rows."""

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


class _Reader:
    """Checks one document, raising ExportFileError at the first problem."""

    def __init__(self, source: str) -> None:
        self.source = source
        #: (section key, id) → where the row is, for duplicate ids
        self.ids: dict[str, dict[int, str]] = {}
        #: references to check once every row is read: (where, section, id)
        self.refs: list[tuple[str, str, int]] = []

    def fail(self, where: Sequence[str | int], problem: str) -> ExportFileError:
        return ExportFileError(self.source, _path(where), problem)

    def allowed(self, f: Field) -> tuple[str, ...]:
        if f.choices is None:
            return ()
        if isinstance(f.choices, tuple):
            return f.choices
        return tuple(m.value for m in f.choices)

    def obj(self, value: Any, where: Sequence[str | int], keys: Sequence[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object, got {_kind(value)}")
        for k in keys:
            if k not in value:
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
            if f.ref is not None:
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

            try:
                normalize_hours(raw, f.key)
            except InvalidValue as error:
                raise self.fail(where, f"not weekly hours: {error.problem}") from None
            return raw
        if f.kind == "date":
            try:
                if not _DATE.match(raw):
                    raise ValueError
                return dt.date.fromisoformat(raw)
            except ValueError:
                raise self.fail(where, f"expected a date YYYY-MM-DD, got {raw!r}") from None
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
            return instant.astimezone(dt.UTC)
        if f.kind == "bytes":
            try:
                return base64.b64decode(raw.encode("ascii"), validate=True)
            except (binascii.Error, UnicodeEncodeError):
                raise self.fail(where, "expected base64 text") from None
        raise AssertionError(f.kind)  # pragma: no cover

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
        data = self.obj(raw, where, [f.key for f in fields])
        out: dict[str, Any] = {}
        later: list[Field] = []
        for f in fields:
            if f.kind in ("strings", "objects"):
                later.append(f)
                continue
            out[f.key] = self.value(f, data[f.key], [*where, f.key])
        if "id" in out:
            seen = self.ids.setdefault(section, {})
            if out["id"] in seen:
                raise self.fail(
                    [*where, "id"], f"id {out['id']} appears twice (first at {seen[out['id']]})"
                )
            seen[out["id"]] = _path(where)
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

    def check_refs(self) -> None:
        nouns = {s.key: s.noun for s in SECTIONS}
        for where, section, ref in self.refs:
            if ref not in self.ids.get(section, {}):
                raise ExportFileError(
                    self.source, where, f"no {nouns[section]} with id {ref} in the file"
                )


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


def parse(data: bytes, source: str) -> Any:
    """The JSON value in ``data`` (UTF-8, a BOM allowed); a bad file is one line."""
    if len(data) > MAX_BYTES:
        raise ExportFileError(source, "", "larger than 50 MB, not read")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExportFileError(
            source, "", f"not UTF-8 text (byte {error.start}): not a coffeechat export"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportFileError(
            source, "", f"not JSON: line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    except RecursionError:
        raise ExportFileError(
            source, "", "not JSON this reader can follow (nested too deep)"
        ) from None


def from_document(document: Any, source: str) -> Restored:
    """Check a parsed export and turn it into rows; ExportFileError at the first problem."""
    reader = _Reader(source)
    if not isinstance(document, dict):
        raise ExportFileError(source, "", "not a coffeechat export (expected a JSON object)")
    if document.get("format") != FORMAT:
        problem = "missing" if "format" not in document else f"got {document['format']!r}"
        raise ExportFileError(
            source, "format", f'expected "{FORMAT}" ({problem}): not a coffeechat export'
        )
    version = document.get("version")
    if version != VERSION or isinstance(version, bool):
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            problem = (
                f"version {version} is newer than this coffeechat reads ({VERSION}): "
                "upgrade coffeechat (pip install -U coffeechat)"
            )
        else:
            problem = f"expected {VERSION}, got {json.dumps(version)}"
        raise ExportFileError(source, "version", problem)
    reader.obj(document, [], TOP_KEYS)
    schema = document["schema"]
    if not isinstance(schema, str):
        raise reader.fail(["schema"], f"expected a string, got {_kind(schema)}")
    exported_at = reader.value(
        Field("exported_at", "instant"), document["exported_at"], ["exported_at"]
    )
    tables: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    settings = reader.row(SETTINGS, document["settings"], ["settings"], "settings", tables)
    counts: dict[str, int] = {}
    for s in SECTIONS:
        rows = document[s.key]
        if not isinstance(rows, list):
            raise reader.fail([s.key], f"expected a list, got {_kind(rows)}")
        for n, raw in enumerate(rows):
            tables[s.table].append(reader.row(s.fields, raw, [s.key, n], s.key, tables))
        counts[s.key] = len(rows)
    reader.check_refs()
    _check_unique(reader, tables)
    _check_guides(reader, tables["guide"])
    return Restored(settings, tables, schema, exported_at, counts)


def _check_unique(reader: _Reader, tables: Mapping[str, list[dict[str, Any]]]) -> None:
    """What the database keeps unique besides ids: a company per name (any capitals and
    spacing, as ``store.companies.name_key``), a guide per name, a calendar per source."""
    for section, table, key, fold in (
        ("companies", "company", "name", True),
        ("guides", "guide", "name", False),
        ("calendars", "calendar_source", "source", False),
    ):
        first: dict[str, int] = {}
        for n, row in enumerate(tables[table]):
            value = " ".join(row[key].split()).casefold() if fold else row[key]
            if value in first:
                raise reader.fail(
                    [section, n, key],
                    f"{row[key]!r} appears twice (first at {section}[{first[value]}])",
                )
            first[value] = n


def _check_guides(reader: _Reader, rows: Sequence[dict[str, Any]]) -> None:
    """Each custom guide's definition reads as a guide; it is stored as JSON text."""
    from coffeechat.core.guides import GuideError, guide_from_mapping

    for n, row in enumerate(rows):
        try:
            guide_from_mapping(row["definition"], name=row["name"], where=lambda _: "")
        except GuideError as error:
            if error.field == "name":
                raise reader.fail(["guides", n, "name"], error.problem) from None
            parts: list[str | int] = ["guides", n, "definition"]
            where = _path(parts) + (f".{error.field}" if error.field else "")
            raise ExportFileError(reader.source, where, error.problem) from None
        row["definition"] = json.dumps(row["definition"], ensure_ascii=False)


def load(data: bytes, source: str) -> Restored:
    """Read and check an export file's bytes (``source`` names it in errors)."""
    return from_document(parse(data, source), source)
