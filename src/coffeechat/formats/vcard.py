"""vCard files (.vcf) as contacts: 2.1, 3.0 and 4.0, as phones, Google and iCloud write them.

A small parser of its own rather than vobject, so that every value knows its line and a
damaged file fails with that line. What it reads:

- several cards per file; lines folded RFC 6350 style (a continuation starts with a space
  or tab) and vCard 2.1's quoted-printable soft line breaks (a value ending in ``=``
  continues on the next line); ``ENCODING=QUOTED-PRINTABLE`` (or 2.1's bare
  ``QUOTED-PRINTABLE``) with ``CHARSET``; the escapes ``\\n \\, \\; \\\\``; group prefixes
  (``item1.URL``).
- FN (the name; built from N when FN is missing or empty, family name first for CJK
  names), every EMAIL and TEL, ORG (first component), TITLE, NOTE, URL or iCloud's
  X-SOCIALPROFILE on linkedin.com (the profile), CATEGORIES (tags), the city of the first
  ADR. Everything else (PHOTO, BDAY, X- fields, …) is skipped as it is read, without being
  kept in memory, however large.

``ImportFileError`` for: bytes that are not UTF-8 in a value that is used (unless the
property names its CHARSET), a file that does not start with BEGIN:VCARD, a card that
begins before the last one ended or never ends, END:VCARD without BEGIN:VCARD, and lines
between cards. A line inside a card that is not ``NAME:VALUE`` is a warning.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from coffeechat.bulk import gc_paused
from coffeechat.formats.imported import (
    Collector,
    Draft,
    ImportFileError,
    Progress,
    ReadResult,
    check_count,
    check_size,
    iter_lines,
    join_name,
    shown,
)

__all__ = ["read_vcard"]

#: The properties read; every other one is skipped without keeping its value.
_USED = frozenset(
    {
        "BEGIN",
        "END",
        "FN",
        "N",
        "EMAIL",
        "TEL",
        "ORG",
        "TITLE",
        "NOTE",
        "URL",
        "CATEGORIES",
        "ADR",
        "X-SOCIALPROFILE",
    }
)
_BEGIN = re.compile(r"^BEGIN[ \t]*:[ \t]*VCARD[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_NAME = re.compile(r"[A-Z0-9-]+")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_SURROGATE = re.compile("[\udc80-\udcff]")
_ANY_SURROGATE = re.compile("[\ud800-\udfff]")
_HINT = "vCard files are UTF-8: export the contacts again, or save the file as UTF-8"


@dataclass(slots=True)
class _Property:
    """One content line, unfolded: its first line, name, parameters and raw value."""

    line: int
    name: str  # upper case, group removed; "" for a line that is not NAME:VALUE
    params: str
    parts: list[str] = field(default_factory=list)
    quoted_printable: bool = False

    @property
    def raw(self) -> str:
        return "".join(self.parts)

    def param(self, key: str) -> str | None:
        """The first value of a parameter (``CHARSET``, ``ENCODING``), or None."""
        if key not in self.params.upper():
            return None
        for piece in _split_unquoted(self.params, ";"):
            name, equals, value = piece.partition("=")
            if equals and name.strip().upper() == key:
                return value.strip().strip('"')
        return None


@gc_paused()
def read_vcard(data: bytes, source: str, progress: Progress | None = None) -> ReadResult:
    """The contacts of a vCard file (one or many cards; vCard 2.1, 3.0 or 4.0).

    ``source`` names the file in messages; ``progress(done, total)`` is called every 500
    cards and at the end. Each record's ``line`` is the line of its BEGIN:VCARD.
    """
    check_size(data, source)
    text = _decode(data, source)
    total = len(_BEGIN.findall(text))
    check_count(total, source, "cards")
    collector = Collector(total, progress)
    card: Draft | None = None
    names: tuple[str, list[str]] = ("", [])
    started = False
    for prop in _properties(text):
        kind = prop.raw.strip().upper() if prop.name in ("BEGIN", "END") else ""
        if prop.name == "BEGIN" and kind == "VCARD":
            if card is not None:
                raise ImportFileError(
                    source,
                    prop.line,
                    f"BEGIN:VCARD, but the card begun on line {card.line} has no END:VCARD: "
                    "the file is damaged; export the contacts again",
                )
            check_count(collector.done + 1, source, "cards", prop.line)  # CR-only files
            card, names, started = Draft(line=prop.line), ("", []), True
        elif prop.name == "END" and kind == "VCARD":
            if card is None:
                raise ImportFileError(
                    source, prop.line, "END:VCARD without a BEGIN:VCARD before it"
                )
            card.name = _full_name(*names)
            collector.add(card)
            card = None
        elif card is not None:
            names = _take(card, names, prop, source, collector)
        elif not started:
            raise _not_a_vcard(text, source, prop)
        else:
            raise ImportFileError(
                source,
                prop.line,
                f"{shown(_first_line(text, prop.line))} is outside a card (expected "
                "BEGIN:VCARD): the file is damaged; export the contacts again",
            )
    if card is not None:
        raise ImportFileError(
            source,
            card.line,
            "the card begun on this line has no END:VCARD: the file seems cut off; "
            "export the contacts again",
        )
    if not started:
        raise ImportFileError(source, None, "is empty: export the contacts again")
    return collector.result()


def _decode(data: bytes, source: str) -> str:
    """The text; bytes that are not UTF-8 become surrogates, checked where values are used."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFileError(source, None, f"is not UTF-16 text ({exc.reason})") from None
    else:
        text = data.decode("utf-8-sig", "surrogateescape")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFileError(source, line, f"holds binary data (a NUL character); {_HINT}")
    return text


def _first_line(text: str, number: int) -> str:
    """The text of a line, for a message (lines are few before the error is found)."""
    for index, line in enumerate(iter_lines(text), 1):
        if index == number:
            return line
    return ""


def _not_a_vcard(text: str, source: str, prop: _Property) -> ImportFileError:
    first = _first_line(text, prop.line).strip()
    if first.upper().startswith("BEGIN:VCALENDAR"):
        problem = "is an iCalendar file, not a vCard: export the contacts (.vcf) instead"
    else:
        problem = (
            f"is not a vCard file: it starts with {shown(first)} instead of BEGIN:VCARD; "
            "export the contacts as vCard (.vcf)"
        )
    return ImportFileError(source, prop.line, problem)


def _properties(text: str) -> Iterator[_Property]:
    """The content lines of the text, unfolded, each with the line it starts on."""
    current: _Property | None = None
    keep = base64 = False
    tail = ""  # the last physical piece of the current property
    for number, raw in enumerate(iter_lines(text), 1):
        line = raw.rstrip("\r\n")
        if current is not None:
            if current.quoted_printable and tail.endswith("="):  # a soft line break
                if keep:
                    current.parts[-1] = current.parts[-1][:-1]
                    current.parts.append(line)
                tail = line
                continue
            if line[:1] in (" ", "\t"):
                if keep:
                    current.parts.append(line[1:])
                tail = line[1:]
                continue
            if base64 and not keep and line.strip() and ":" not in line:
                continue  # vCard 2.1 base64 data written without folding
            yield current
            current = None
        if not line.strip():
            continue
        current = _start(number, line.lstrip(" \t"))
        keep = current.name in _USED or not current.name
        upper = current.params.upper()
        base64 = "BASE64" in upper or "ENCODING=B" in upper
        tail = current.parts[0]
        if not keep:
            current.parts = []
    if current is not None:
        yield current


def _start(number: int, line: str) -> _Property:
    """A property from its first line (name "" when the line is not NAME:VALUE)."""
    colon = line.find(":")
    if colon >= 0 and '"' in line[:colon]:
        colon = _unquoted_index(line, ":")
    if colon < 0:
        return _Property(number, "", "", [line])
    name, _, params = line[:colon].partition(";")
    name = name.strip().upper().rpartition(".")[2]
    if not _NAME.fullmatch(name):
        return _Property(number, "", "", [line])
    upper = params.upper()
    quoted_printable = "QUOTED-PRINTABLE" in upper
    return _Property(number, name, params, [line[colon + 1 :]], quoted_printable)


def _unquoted_index(text: str, char: str) -> int:
    quoted = False
    for index, c in enumerate(text):
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            return index
    return -1


def _split_unquoted(text: str, sep: str) -> list[str]:
    if '"' not in text:
        return [piece for piece in text.split(sep) if piece.strip()]
    pieces, quoted, start = [], False, 0
    for index, c in enumerate(text):
        if c == '"':
            quoted = not quoted
        elif c == sep and not quoted:
            pieces.append(text[start:index])
            start = index + 1
    pieces.append(text[start:])
    return [piece for piece in pieces if piece.strip()]


def _value(prop: _Property, source: str, collector: Collector) -> str | None:
    """The decoded value (quoted-printable, base64, CHARSET), still escaped; None if bad."""
    raw = prop.raw
    encoding = (prop.param("ENCODING") or "").upper()
    charset = prop.param("CHARSET")
    if prop.quoted_printable:
        data = quopri.decodestring(raw.encode("utf-8", "surrogateescape"))
    elif encoding in ("B", "BASE64"):
        try:
            data = base64.b64decode("".join(raw.split()))
        except (binascii.Error, ValueError):
            collector.warn(prop.line, f"{prop.name}: the base64 value cannot be read; ignored")
            return None
    elif _SURROGATE.search(raw):
        if charset is None:
            byte = ord(_SURROGATE.findall(raw)[0]) - 0xDC00
            raise ImportFileError(
                source, prop.line, f"{prop.name} is not UTF-8 text (byte 0x{byte:02X}); {_HINT}"
            )
        data = raw.encode("utf-8", "surrogateescape")
    else:
        return raw
    for codec in dict.fromkeys([charset or "utf-8", "utf-8"]):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            break
        except (LookupError, ValueError):  # an unknown charset, or a name that is not ASCII
            continue
        if not _ANY_SURROGATE.search(text):  # "unicode_escape" can make them
            return text
        break
    collector.warn(
        prop.line,
        f"{prop.name}: the value is not {shown(charset or 'UTF-8')} text; imported without it",
    )
    return None


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], text)


def _split_escaped(text: str, sep: str) -> list[str]:
    """Split at ``sep`` unless it is escaped with a backslash; escapes are kept."""
    if "\\" not in text:
        return text.split(sep)
    pieces: list[str] = []
    current: list[str] = []
    escaped = False
    for c in text:
        if escaped:
            current.append(c)
            escaped = False
        elif c == "\\":
            current.append(c)
            escaped = True
        elif c == sep:
            pieces.append("".join(current))
            current = []
        else:
            current.append(c)
    pieces.append("".join(current))
    return pieces


def _take(
    card: Draft,
    names: tuple[str, list[str]],
    prop: _Property,
    source: str,
    collector: Collector,
) -> tuple[str, list[str]]:
    """Put one property of a card into its draft; returns the (FN, N parts) seen so far."""
    if prop.name == "":
        collector.warn(prop.line, f"cannot read {shown(prop.raw)} (expected NAME:VALUE); ignored")
        return names
    if prop.name not in _USED or prop.name in ("BEGIN", "END"):
        return names
    value = _value(prop, source, collector)
    if value is None:
        return names
    fn, n = names
    name = prop.name
    if name == "FN" and not fn.strip():
        fn = _unescape(value)
    elif name == "N" and not n:
        n = [
            " ".join(_unescape(part) for part in _split_escaped(component, ","))
            for component in _split_escaped(value, ";")
        ]
    elif name == "EMAIL":
        card.emails.append(_unescape(value))
    elif name == "TEL":
        phone = _unescape(value).strip()
        card.phones.append(phone.split(";")[0] if phone.lower().startswith("tel:") else phone)
    elif name == "ORG" and not card.company:
        card.company = _unescape(_split_escaped(value, ";")[0])
    elif name == "TITLE" and not card.title:
        card.title = _unescape(value)
    elif name == "NOTE":
        card.notes.append(_unescape(value))
    elif name in ("URL", "X-SOCIALPROFILE") and "linkedin.com" in value.lower():
        card.linkedin.append(_unescape(value).strip())
    elif name == "CATEGORIES":
        card.tags.extend(_unescape(tag) for tag in _split_escaped(value, ","))
    elif name == "ADR" and not card.city:
        components = _split_escaped(value, ";")
        card.city = _unescape(components[3]) if len(components) > 3 else ""
    return fn, n


def _full_name(fn: str, n: list[str]) -> str:
    """FN, else given, additional and family names from N (family first for CJK names)."""
    if fn.strip():
        return fn
    family, given, additional = [*n, "", "", ""][:3]
    return join_name(f"{given} {additional}", family)
