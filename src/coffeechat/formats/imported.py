"""What the contact readers share: the record they return, their one error, their limits.

The readers (``coffeechat.formats.linkedin.read_linkedin``,
``coffeechat.formats.vcard.read_vcard``, ``coffeechat.formats.csvcontacts.read_csv_contacts``)
turn the bytes of an export into ``ImportedContact`` records and leave matching
duplicates and writing the database to the service. Each returns a ``ReadResult``:

- ``records``: one ``ImportedContact`` per row or card that has a name; ``line`` is the
  1-based line the row (CSV) or card (``BEGIN:VCARD``) starts on.
- ``skipped``: the rows or cards that cannot become a contact (no name at all), each with
  its line and the reason; nothing is dropped silently. Rows whose every cell is empty
  (the padding spreadsheets leave) are not rows and are not counted.
- ``warnings``: values dropped from a contact that was kept (an e-mail that is not an
  e-mail address, a date that cannot be read), each with its line and the field.
- ``total``: the rows or cards read, ``len(records) + len(skipped)``.

A file that is malformed as a whole (not UTF-8, no header, not a vCard, a quote that
never closes, a card that never ends) raises ``ImportFileError``, one line naming the
file, the line and the column or property where it applies. Inputs over ``MAX_BYTES``
bytes or ``MAX_RECORDS`` rows/cards are refused with ``ImportFileError`` too, before they
are turned into records. ``progress(done, total)``, when given, is called every
``PROGRESS_EVERY`` records and once at the end.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from coffeechat.core import limits, validate
from coffeechat.core.errors import CoffeechatError, InvalidValue
from coffeechat.core.model import HowMet

__all__ = [
    "MAX_BYTES",
    "MAX_RECORDS",
    "PROGRESS_EVERY",
    "Collector",
    "Draft",
    "ImportFileError",
    "ImportedContact",
    "Progress",
    "ReadResult",
    "Skipped",
    "Table",
    "check_size",
    "decode",
    "guess_day_first",
    "iter_lines",
    "join_name",
    "lines_of",
    "one_line",
    "parse_date",
    "read_table",
    "refuse_other_formats",
    "shown",
    "sniff_delimiter",
    "warn_extra",
]

#: The largest file a reader accepts, in bytes (read at call time, so tests can lower it).
MAX_BYTES = 50 * 1024 * 1024
#: The most rows (CSV) or cards (vCard) a reader accepts.
MAX_RECORDS = 200_000
#: How often ``progress`` is called, in records.
PROGRESS_EVERY = 500

Progress = Callable[[int, int], None]

#: Google writes several values in one cell joined by " ::: ".
_MULTI_EMAIL = re.compile(r"\s*(?::::|[;,])\s*")
_MULTI_PHONE = re.compile(r"\s*(?::::|;)\s*")
_HOW_MET = frozenset(h.value for h in HowMet)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")
_SURROGATES = re.compile("[\ud800-\udfff]")
#: The line breaks of str.splitlines that the csv module does not break at.
_OTHER_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
#: Google's system groups, not labels a user chose.
_SYSTEM_TAGS = frozenset({"mycontacts", "my contacts", "starred"})


class ImportFileError(CoffeechatError):
    """A contacts file cannot be read as a whole; one line naming the file and the line."""

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        where = f"{source}, line {line}" if line is not None else source
        # A file name or a quoted cell may hold a line break or bytes that were not UTF-8
        # (surrogates): the message never does.
        super().__init__(one_line(f"{where}: {problem}"))


class ImportedContact(NamedTuple):
    """One person read from an export, its values checked with ``core.validate``.

    ``line`` is the 1-based line the row or card starts on; ``how_met`` is a
    ``core.model.HowMet`` value ("online" for LinkedIn connections) or None. A named
    tuple, not a dataclass: a 200,000-row file makes as many of them.
    """

    line: int
    name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    linkedin: str | None = None
    company: str | None = None
    title: str | None = None
    note: str | None = None
    met_on: dt.date | None = None
    how_met: str | None = None
    city: str | None = None
    tags: tuple[str, ...] = ()


class Skipped(NamedTuple):
    """A row or card not imported (in ``skipped``), or a value dropped (in ``warnings``)."""

    line: int
    reason: str


@dataclass
class ReadResult:
    """What a reader found: the contacts, what it skipped, what it dropped, rows read."""

    records: list[ImportedContact]
    skipped: list[Skipped]
    total: int
    warnings: list[Skipped] = field(default_factory=list)


@dataclass
class Draft:
    """The raw values of one row or card, before they are checked."""

    line: int
    name: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    linkedin: list[str] = field(default_factory=list)
    company: str = ""
    title: str = ""
    notes: list[str] = field(default_factory=list)
    met_on: str = ""
    how_met: str | None = None
    city: str = ""
    tags: list[str] = field(default_factory=list)


def one_line(text: str) -> str:
    """A message as one line of text that can be printed: line breaks become spaces, and
    bytes that were not UTF-8 (lone surrogates) become U+FFFD."""
    return _SURROGATES.sub("\ufffd", " ".join(text.splitlines()))


def join_name(given: str, family: str) -> str:
    """A full name from its parts: "Ada Lovelace", but "李雷" (family first) for CJK names."""
    if given.isascii():  # most names: no CJK rule to apply
        return " ".join(f"{given} {family}".split())
    given, family = " ".join(given.split()), " ".join(family.split())
    if given and family and _CJK.fullmatch(given) and _CJK.fullmatch(family):
        return family + given
    return " ".join(part for part in (given, family) if part)


def shown(text: str, limit: int = 40) -> str:
    """A value quoted for a one-line message: whitespace collapsed, long text cut."""
    cleaned = _SURROGATES.sub("\ufffd", " ".join(text.split()))
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return '"' + cleaned.replace('"', "'") + '"'


# -- limits and text ---------------------------------------------------------------------


def check_size(data: bytes, source: str) -> None:
    """Refuse a file over ``MAX_BYTES`` before reading it."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            source,
            None,
            f"is {len(data) / 1024 / 1024:,.1f} MB, over the {MAX_BYTES / 1024 / 1024:,.0f} MB "
            "an import reads: split it into smaller files",
        )


def check_count(count: int, source: str, what: str, line: int | None = None) -> None:
    """Refuse a file with more than ``MAX_RECORDS`` rows or cards."""
    if count > MAX_RECORDS:
        raise ImportFileError(
            source,
            line,
            f"has more than {MAX_RECORDS:,} {what}, over what an import reads: "
            "split it into smaller files",
        )


def decode(data: bytes, source: str, hint: str) -> str:
    """The text of a UTF-8 file (with or without a BOM) or a UTF-16 one with a BOM.

    ``hint`` says how to save the file as UTF-8 in the tool that writes this format.
    """
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    try:
        text = data.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as exc:
        line = None if utf16 else data.count(b"\n", 0, exc.start) + 1
        raise ImportFileError(
            source,
            line,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02X} at offset {exc.start}); {hint}",
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        raise ImportFileError(
            source,
            text.count("\n", 0, offset) + 1,
            f"holds binary data (a NUL character), not text; {hint}",
        )
    return text


def iter_lines(text: str) -> Iterator[str]:
    """The physical lines of a text, ends kept, split where the csv module splits them
    (CR, LF, CRLF); one at a time, without copying the text (``io.StringIO`` would)."""
    for match in _LINE.finditer(text):
        if match.end() == match.start():  # the empty match at the very end
            return
        yield match[0]


def lines_of(text: str) -> list[str]:
    """The physical lines of a text, ends kept (see ``iter_lines``)."""
    if not any(brk in text for brk in _OTHER_BREAKS):
        # str.splitlines also splits at form feeds, U+2028 and the like: without any,
        # it splits exactly where the csv module does, ten times faster than the regex
        return text.splitlines(keepends=True)
    return list(iter_lines(text))


def sniff_delimiter(line: str) -> str:
    """The delimiter of a header line: the most frequent of , ; and tab outside quotes."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


@dataclass
class Table:
    """A CSV table: its header, the header's line, and each row with its first line."""

    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]
    delimiter: str

    def column(self, *names: str) -> int | None:
        """The index of the first column called one of ``names`` (case-insensitive)."""
        folded = [cell.casefold() for cell in self.header]
        for name in names:
            if name.casefold() in folded:
                return folded.index(name.casefold())
        return None

    def columns(self, pattern: str) -> list[int]:
        """The indexes of the columns whose name matches a regex (case-insensitive)."""
        compiled = re.compile(pattern, re.IGNORECASE)
        return [i for i, cell in enumerate(self.header) if compiled.fullmatch(cell)]


def refuse_other_formats(lines: list[str], source: str, reader: str) -> None:
    """Fail early, saying which import to use, when a CSV reader is given a vCard or
    iCalendar file (``reader`` is the kind of file expected, for the message)."""
    first = next((line.strip() for line in lines[:50] if line.strip()), "").upper()
    for begin, kind, command in (
        ("BEGIN:VCARD", "a vCard file", "coffeechat import vcard"),
        ("BEGIN:VCALENDAR", "an iCalendar file", None),
    ):
        if first.startswith(begin):
            use = f"import it with `{command}`" if command else f"give {reader}"
            raise ImportFileError(source, None, f"is {kind}, not {reader}: {use}")


def read_table(lines: list[str], start: int, source: str, delimiter: str) -> Table:
    """Read ``lines[start:]`` as CSV: the first row is the header.

    Rows whose cells are all empty are left out. Raises ``ImportFileError`` for a quote
    that never closes, damaged quoting, or more than ``MAX_RECORDS`` rows.
    """
    reader = csv.reader(iter(lines[start:]), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    header_line = start + 1
    rows: list[tuple[int, list[str]]] = []
    append = rows.append
    done = 0  # physical lines read so far, counted from start
    try:
        for cells in reader:
            first = start + done + 1
            done = reader.line_num
            if header is None:
                header = [cell.strip().lstrip("\ufeff") for cell in cells]
                header_line = first
            elif "".join(cells).strip():  # not a row of empty cells
                append((first, cells))
                if len(rows) > MAX_RECORDS:
                    check_count(len(rows), source, "rows", first)
    except csv.Error as exc:
        raise _csv_error(source, start + done + 1, start + reader.line_num, exc) from None
    if header is None:
        raise ImportFileError(source, None, "is empty: export the contacts again")
    return Table(header, header_line, rows, delimiter)


def warn_extra(collector: Collector, width: int, line: int, cells: list[str]) -> None:
    """Warn when a row has more values than the header has columns (an unquoted comma)."""
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        collector.warn(
            line,
            f"row has {len(cells)} values but the header has {width} columns (a value with "
            "an unquoted delimiter?); the extra values are ignored",
        )


def _csv_error(source: str, first: int, current: int, exc: csv.Error) -> ImportFileError:
    message = str(exc)
    if "unexpected end of data" in message:
        return ImportFileError(
            source,
            first,
            'a quoted value starting on this line never ends (a closing " is missing): '
            "fix the quotes, or export the file again",
        )
    if "field larger than field limit" in message:
        return ImportFileError(
            source,
            first,
            "a value starting on this line is longer than 131,072 characters (a quote "
            "that never closes?): fix the quotes, or export the file again",
        )
    return ImportFileError(
        source,
        current,
        f"cannot be read as CSV ({shown(message, 80)}): a quoted value must be followed by "
        "the delimiter; fix the quotes, or export the file again",
    )


# -- dates -------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ]\S.*)?")
_YEAR_FIRST = re.compile(r"(\d{4})([/.])(\d{1,2})\2(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]{3,9})\.?,?[ -](\d{4})")
_MONTH_DAY = re.compile(r"([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})")


def parse_date(text: str, day_first: bool = False) -> dt.date | None:
    """A date as exports write it; None for an empty text.

    Reads ISO (``2026-11-05``, with or without a time), ``2026/11/05``, ``05 Nov 2026``,
    ``5 November 2026``, ``05-Nov-2026``, ``Nov 5, 2026``, ``05.11.2026`` (day first)
    and ``11/05/2026`` (month first, unless ``day_first`` or the first number is over
    12); two-digit years are 2000-2069 or 1970-1999. Raises ValueError for anything else.
    """
    cleaned = " ".join(text.split()).lower()
    if not cleaned:
        return None
    if match := _ISO.fullmatch(cleaned):
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    if match := _YEAR_FIRST.fullmatch(cleaned):
        return dt.date(int(match[1]), int(match[3]), int(match[4]))
    if match := _NUMERIC.fullmatch(cleaned):
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        if len(match[4]) == 2:
            year += 2000 if year < 70 else 1900
        dmy = match[2] == "." or first > 12 or (day_first and second <= 12)
        return dt.date(year, second, first) if dmy else dt.date(year, first, second)
    if match := _DAY_MONTH.fullmatch(cleaned):
        return dt.date(int(match[3]), _month(match[2]), int(match[1]))
    if match := _MONTH_DAY.fullmatch(cleaned):
        return dt.date(int(match[3]), _month(match[1]), int(match[2]))
    raise ValueError(text)


def guess_day_first(values: Iterable[str], default: bool) -> bool:
    """Whether a column's numeric dates (03/04/2026) are day first, from the column itself.

    A first number over 12 anywhere means day first, a second one over 12 month first;
    with no clue, or clues both ways, ``default``.
    """
    day = month = False
    for value in values:
        match = _NUMERIC.fullmatch(" ".join(value.split()))
        if match and match[2] != ".":
            day = day or int(match[1]) > 12
            month = month or int(match[3]) > 12
    return default if day == month else day


def _month(name: str) -> int:
    if name in _MONTHS:
        return _MONTHS[name]
    raise ValueError(name)


# -- checking values ---------------------------------------------------------------------


class _OutOfRange(ValueError):
    """A date read, but outside the years ``core.limits`` allows."""


class _Unsure(Exception):
    """A row the quick path of ``Collector.add_simple`` leaves to ``Collector.add``."""


class Collector:
    """Checks drafts into records, skips and warnings, and reports progress."""

    def __init__(self, total: int, progress: Progress | None, day_first: bool = False) -> None:
        self.total = total
        self.progress = progress
        self.day_first = day_first
        self.records: list[ImportedContact] = []
        self.skipped: list[Skipped] = []
        self.warnings: list[Skipped] = []
        self._reported = 0
        # Exports repeat companies, titles and dates on row after row: each distinct text
        # is checked once (only what passed is kept, so every bad value is still warned).
        self._names: dict[str, str] = {}
        self._dates: dict[str, dt.date] = {}

    @property
    def done(self) -> int:
        """Rows or cards handled so far."""
        return len(self.records) + len(self.skipped)

    def warn(self, line: int, reason: str) -> None:
        """Note a value dropped from a contact that is kept."""
        self.warnings.append(Skipped(line, one_line(reason)))

    def skip(self, line: int, reason: str) -> None:
        """Note a row or card that cannot become a contact."""
        self.skipped.append(Skipped(line, one_line(reason)))
        self._tick()

    def add(self, draft: Draft) -> None:
        """Check a draft: a contact when it has a name, else a skip; bad values warned."""
        line = draft.line
        try:
            name = validate.name(draft.name)
        except InvalidValue as exc:
            self.skip(line, _no_name(draft) if not draft.name.strip() else str(exc))
            return
        emails = self._emails(line, draft.emails)
        phones = self._phones(line, draft.phones)
        linkedin = self._linkedin(line, draft.linkedin)
        company = self._single(line, draft.company, "company")
        title = self._single(line, draft.title, "title")
        city = self._single(line, draft.city, "city")
        tags = self._tags(line, draft.tags)
        how_met = draft.how_met
        if how_met is not None and how_met not in _HOW_MET:
            self.warn(
                line,
                f"how_met: {shown(how_met)} is not one of {'|'.join(HowMet)}; dropped",
            )
            how_met = None
        met_on = None
        try:
            met_on = self._date(draft.met_on)
        except _OutOfRange:
            self.warn(
                line,
                f"met_on: {shown(draft.met_on)} is outside the years {validate.DATE_RANGE}; "
                "imported without it",
            )
        except ValueError:
            self.warn(line, f"met_on: {shown(draft.met_on)} is not a date; imported without it")
        note = _note(draft.notes)
        if note is not None and len(note) > limits.NOTE:
            self.warn(
                line,
                f"note: longer than {limits.NOTE:,} characters ({len(note):,}); "
                "imported without it",
            )
            note = None
        self.records.append(
            ImportedContact(
                line=line,
                name=name,
                emails=emails,
                phones=phones,
                linkedin=linkedin,
                company=company,
                title=title,
                note=note,
                met_on=met_on,
                how_met=how_met,
                city=city,
                tags=tags,
            )
        )
        self._tick()

    def add_simple(
        self,
        line: int,
        name: str,
        email: str = "",
        linkedin: str = "",
        company: str = "",
        title: str = "",
        met_on: str = "",
        how_met: str | None = None,
    ) -> None:
        """``add`` for a row holding one value at most per field (LinkedIn's export).

        The usual row is checked here, without a ``Draft`` and at a fraction of the
        cost; a row this path is not sure of (a value to split, anything to warn about)
        goes through ``add`` with the same values, so both always agree.
        """
        try:
            checked = validate.name(name)
            mail = link = None
            if email:
                if ":" in email:  # "mailto:" or Google's ":::" between addresses
                    raise _Unsure
                mail = validate.email(email)
            if linkedin:
                if ";" in linkedin or ":::" in linkedin:  # several profiles
                    raise _Unsure
                link = validate.linkedin(linkedin)
            firm = self._name(company, "company")
            role = self._name(title, "title")
            day = self._date(met_on)
            if how_met is not None and how_met not in _HOW_MET:
                raise _Unsure
        except (_Unsure, InvalidValue, ValueError):
            self.add(
                Draft(
                    line=line,
                    name=name,
                    emails=[email] if email else [],
                    linkedin=[linkedin] if linkedin else [],
                    company=company,
                    title=title,
                    met_on=met_on,
                    how_met=how_met,
                )
            )
            return
        self.records.append(
            ImportedContact(
                line, checked, (mail,) if mail else (), (), link, firm, role, None, day, how_met
            )
        )
        if self.progress is not None:
            self._tick()

    def result(self) -> ReadResult:
        """The records, skips and warnings; calls ``progress`` a last time."""
        if self.progress is not None and self._reported != self.done:
            self.progress(self.done, max(self.total, self.done))
        return ReadResult(self.records, self.skipped, self.done, self.warnings)

    def _tick(self) -> None:
        if self.progress is not None and self.done % PROGRESS_EVERY == 0:
            self._reported = self.done
            self.progress(self.done, max(self.total, self.done))

    def _emails(self, line: int, values: Iterable[str]) -> tuple[str, ...]:
        found: dict[str, str] = {}
        for value in _split(values, _MULTI_EMAIL):
            candidate = value[7:] if value.lower().startswith("mailto:") else value
            try:
                checked = validate.email(candidate)
            except InvalidValue:
                self.warn(
                    line, f"email: {shown(value)} is not an e-mail address; imported without it"
                )
                continue
            found.setdefault(checked.casefold(), checked)
        return tuple(self._at_most(line, list(found.values()), limits.EMAILS, "email"))

    def _at_most(self, line: int, values: list[str], limit: int, field_name: str) -> list[str]:
        """The first ``limit`` values of a list a contact holds; a warning for the rest."""
        if len(values) > limit:
            self.warn(
                line,
                f"{field_name}: {len(values)} values, more than the {limit} a contact holds; "
                f"the first {limit} imported",
            )
        return values[:limit]

    def _phones(self, line: int, values: Iterable[str]) -> tuple[str, ...]:
        found: dict[str, str] = {}
        for value in _split(values, _MULTI_PHONE):
            candidate = value[4:] if value.lower().startswith("tel:") else value
            try:
                checked = validate.phone(candidate)
            except InvalidValue:
                self.warn(line, f"phone: {shown(value)} is not a phone number; imported without it")
                continue
            found.setdefault("".join(c for c in checked if c.isdigit() or c == "+"), checked)
        return tuple(found.values())

    def _linkedin(self, line: int, values: Iterable[str]) -> str | None:
        for value in _split(values, _MULTI_PHONE):
            try:
                return validate.linkedin(value)
            except InvalidValue:
                self.warn(
                    line, f"linkedin: {shown(value)} is not a LinkedIn profile; imported without it"
                )
        return None

    def _single(self, line: int, value: str, field_name: str) -> str | None:
        try:
            return self._name(value, field_name)
        except InvalidValue as exc:
            self.warn(line, f"{exc}; imported without it")
            return None

    def _name(self, value: str, field_name: str) -> str | None:
        """A company, title or city checked (None when empty), remembered when valid."""
        known = self._names.get(value)
        if known is not None:
            return known
        if not value.strip():
            return None
        checked = validate.name(value, field_name)
        self._names[value] = checked
        return checked

    def _date(self, text: str) -> dt.date | None:
        """A date read (None when empty), remembered; ValueError when it is not one."""
        known = self._dates.get(text)
        if known is not None:
            return known
        day = parse_date(text, self.day_first)
        if day is not None:
            if not limits.FIRST_DAY <= day <= limits.LAST_DAY:
                raise _OutOfRange(text)
            self._dates[text] = day
        return day

    def _tags(self, line: int, values: Iterable[str]) -> tuple[str, ...]:
        found: dict[str, None] = {}
        for value in _split(values, _MULTI_EMAIL):
            label = value[2:] if value.startswith("* ") else value
            if label.strip().casefold() in _SYSTEM_TAGS:
                continue
            try:
                found.setdefault(validate.tag(label))
            except InvalidValue:
                self.warn(
                    line, f"tags: {shown(value)} is not a tag (1-{limits.TAG} characters); dropped"
                )
        return tuple(self._at_most(line, list(found), limits.TAGS, "tags"))


def _split(values: Iterable[str], separator: re.Pattern[str]) -> list[str]:
    return [part for value in values for part in separator.split(value.strip()) if part.strip()]


def _note(notes: list[str]) -> str | None:
    kept = [note.replace("\r\n", "\n").replace("\r", "\n").strip() for note in notes]
    joined = "\n".join(note for note in kept if note)
    return joined or None


def _no_name(draft: Draft) -> str:
    """Why a row has no name, with what it does hold so the user can find it."""
    held = next((v.strip() for v in [*draft.emails, draft.company, *draft.phones] if v.strip()), "")
    return f"no name ({shown(held)})" if held else "no name"
