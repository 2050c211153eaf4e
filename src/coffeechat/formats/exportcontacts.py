"""Contacts for other tools: a CSV table for spreadsheets, vCard 4.0 for address books."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from typing import BinaryIO

from coffeechat.core.model import Contact

#: The CSV columns, in order (docs/export.md).
CSV_COLUMNS = (
    "id",
    "name",
    "emails",
    "phone",
    "linkedin",
    "company",
    "title",
    "seniority",
    "city",
    "timezone",
    "country",
    "how_met",
    "met_at",
    "met_on",
    "introduced_by",
    "tags",
    "note",
    "reason",
    "stage",
)

#: A cell starting with one of these is a formula to a spreadsheet (CSV injection):
#: such a cell is written with a leading apostrophe, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_row(c: Contact) -> list[str]:
    """One contact as the cells of its CSV row."""
    values: list[object] = [
        c.id,
        c.name,
        ";".join(c.emails),
        c.phone,
        c.linkedin,
        c.company,
        c.title,
        c.seniority.value if c.seniority else None,
        c.city,
        c.timezone,
        c.country,
        c.how_met.value if c.how_met else None,
        c.met_at,
        c.met_on.isoformat() if c.met_on else None,
        c.introduced_by,
        ";".join(c.tags),
        c.note,
        c.reason,
        c.stage.value,
    ]
    return [_cell(v) for v in values]


#: Write to the stream once this many characters are waiting.
BATCH = 1 << 16


def write_csv(stream: BinaryIO, contacts: Iterable[Contact]) -> int:
    """Contacts as CSV onto a binary stream as they come: a header row, one row each;
    UTF-8 with a BOM (so that Excel reads it as UTF-8), CRLF line ends, quoted by the csv
    module where needed. Returns how many rows were written."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    stream.write(codecs.BOM_UTF8)
    n = 0
    for c in contacts:
        writer.writerow(csv_row(c))
        n += 1
        if out.tell() >= BATCH:
            stream.write(out.getvalue().encode("utf-8"))
            out.seek(0)
            out.truncate()
    stream.write(out.getvalue().encode("utf-8"))
    return n


def contacts_csv(contacts: Iterable[Contact]) -> bytes:
    """Contacts as CSV (``write_csv``), as bytes."""
    out = io.BytesIO()
    write_csv(out, contacts)
    return out.getvalue()


# --- vCard 4.0 (RFC 6350) -----------------------------------------------------------------

_NEWLINE = re.compile(r"\r\n|\r|\n")
#: A content line is at most this many octets (CRLF not counted), continuations included.
LINE_OCTETS = 75


def escape(text: str) -> str:
    """A text value with backslash, comma, semicolon and line breaks escaped."""
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return _NEWLINE.sub("\\\\n", text)


def fold(line: str) -> str:
    """A content line folded at 75 octets (CRLF + a space before each continuation),
    never inside a UTF-8 sequence nor inside a backslash escape; ends with CRLF."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = LINE_OCTETS
    units = re.findall(r"\\.|.", line, re.DOTALL)
    for unit in units:
        octets = len(unit.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(unit)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


def split_name(name: str) -> tuple[str, str]:
    """(family, given) from a full name, split on its last space; a single word is the
    given name."""
    given, _, family = name.strip().rpartition(" ")
    if not given:
        return "", family
    return family, given


def _uri(value: str) -> str:
    return _NEWLINE.sub("", value)


def vcard(c: Contact) -> str:
    """One contact as a vCard 4.0 card (folded, CRLF)."""
    family, given = split_name(c.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"FN:{escape(c.name)}",
        f"N:{escape(family)};{escape(given)};;;",
    ]
    for n, address in enumerate(c.emails):
        lines.append(f"EMAIL;PREF=1:{escape(address)}" if n == 0 else f"EMAIL:{escape(address)}")
    if c.phone:
        lines.append(f"TEL;VALUE=text:{escape(c.phone)}")
    if c.company:
        lines.append(f"ORG:{escape(c.company)}")
    if c.title:
        lines.append(f"TITLE:{escape(c.title)}")
    if c.linkedin:
        lines.append(f"URL:{_uri(c.linkedin)}")
    if c.note:
        lines.append(f"NOTE:{escape(c.note)}")
    if c.tags:
        lines.append(f"CATEGORIES:{','.join(escape(t) for t in c.tags)}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def write_vcard(stream: BinaryIO, contacts: Iterable[Contact]) -> int:
    """Contacts as one vCard 4.0 file (UTF-8, CRLF), one card each, onto a binary stream
    as they come. Returns how many cards were written."""
    waiting: list[str] = []
    held = n = 0
    for c in contacts:
        card = vcard(c)
        waiting.append(card)
        held += len(card)
        n += 1
        if held >= BATCH:
            stream.write("".join(waiting).encode("utf-8"))
            waiting.clear()
            held = 0
    stream.write("".join(waiting).encode("utf-8"))
    return n


def contacts_vcard(contacts: Iterable[Contact]) -> bytes:
    """Contacts as one vCard 4.0 file (``write_vcard``), as bytes."""
    out = io.BytesIO()
    write_vcard(out, contacts)
    return out.getvalue()
