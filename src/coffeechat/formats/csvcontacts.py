"""Contacts from any spreadsheet export (CSV), with a column map or as Google/Outlook wrote it.

``read_csv_contacts(data, source, mapping)`` reads a CSV whose columns ``mapping`` names
(column → target, as ``parse_map`` reads ``--map "Full name=name,Mail=email"``). Targets
are ``TARGETS``; email, phone, linkedin, note and tags may take several columns, the others
one. Without a map, these exports are recognised by their header:

- Google Contacts, current ("First Name", "Middle Name", "Last Name", "E-mail 1 - Value",
  "Phone 1 - Value", "Organization Name", "Organization Title", "Notes", "Labels") and
  older ("Name", "Given Name", "Family Name", "Organization 1 - Name", "Group
  Membership"). Cells holding several values (" ::: ") are split; the system labels
  "* myContacts" and "* starred" are not tags; a website on linkedin.com is the profile.
- Outlook ("First Name", "Last Name", "E-mail Address", "Job Title", "Categories").
- coffeechat's own contacts CSV (``coffeechat.formats.exportcontacts``: "name", "emails",
  …, "how_met", "stage"); a leading apostrophe that guards a value from spreadsheets'
  formulas ("'+1 212 555 0100") is dropped in every file.

The delimiter (comma, semicolon or tab) is sniffed from the header, the first non-empty
line (after Excel's ``sep=;`` line, when there is one). Dates in a ``met_on`` column are
read by ``imported.parse_date``; 03/04/2026 is read day first when another row of the
column has a first number over 12, or, with no such clue, when the file uses semicolons
(the European spreadsheet default).
"""

from __future__ import annotations

import re

from coffeechat.bulk import gc_paused
from coffeechat.formats.imported import (
    Collector,
    Draft,
    ImportFileError,
    Progress,
    ReadResult,
    Table,
    check_size,
    decode,
    guess_day_first,
    join_name,
    lines_of,
    read_table,
    refuse_other_formats,
    shown,
    sniff_delimiter,
    warn_extra,
)

__all__ = ["TARGETS", "check_mapping", "parse_map", "read_csv_contacts"]

#: What a column can be mapped to.
TARGETS = (
    "name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "linkedin",
    "company",
    "title",
    "note",
    "met_on",
    "city",
    "tags",
)
#: Targets several columns may feed (the others take one column).
_REPEATABLE = frozenset({"email", "phone", "linkedin", "note", "tags"})
_MAP_EXAMPLE = '--map "Full name=name,Mail=email,Employer=company"'
_HINT = "save the spreadsheet as 'CSV UTF-8' and import that file"
_SEP_LINE = re.compile(r"sep=(.)\s*", re.IGNORECASE)
_FORMULA_STARTS = ("=", "+", "-", "@")
_LOOKS_LIKE_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")

#: target → the columns feeding it; "_website" and "_fallback" are internal targets
#: (a website kept only when it is on linkedin.com; a name used when there is no other).
Plan = dict[str, list[int]]


def parse_map(text: str) -> dict[str, str]:
    """A column map from ``COLUMN=TARGET,COLUMN=TARGET``: column name → target.

    Raises ``ImportFileError`` (source ``--map``) naming the item that is wrong.
    """
    mapping: dict[str, str] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        column, equals, target = item.rpartition("=")
        column, target = column.strip(), target.strip().lower().replace("-", "_")
        if not equals or not column:
            raise ImportFileError(
                "--map",
                None,
                f"{shown(item)} is not COLUMN=TARGET (e.g. {_MAP_EXAMPLE})",
            )
        if column in mapping:
            raise ImportFileError("--map", None, f"column {shown(column)} is mapped twice")
        mapping[column] = target
    check_mapping(mapping)
    return mapping


def check_mapping(mapping: dict[str, str], source: str = "--map") -> None:
    """Fail unless every target is known, single targets are used once, a name is mapped."""
    if not mapping:
        raise ImportFileError(source, None, f"the map is empty (e.g. {_MAP_EXAMPLE})")
    seen: dict[str, str] = {}
    for column, target in mapping.items():
        if target not in TARGETS:
            raise ImportFileError(
                source,
                None,
                f"unknown target {shown(target)} for column {shown(column)}; "
                f"targets are {', '.join(TARGETS)}",
            )
        if target in seen and target not in _REPEATABLE:
            raise ImportFileError(
                source,
                None,
                f"{target} is mapped from two columns ({shown(seen[target])} and "
                f"{shown(column)}); only {', '.join(sorted(_REPEATABLE))} take several",
            )
        seen[target] = column
    if not {"name", "first_name", "last_name"} & set(seen):
        raise ImportFileError(
            source,
            None,
            "no column is mapped to name (or first_name and last_name): map the column "
            f"holding people's names, e.g. {_MAP_EXAMPLE}",
        )


@gc_paused()
def read_csv_contacts(
    data: bytes,
    source: str,
    mapping: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> ReadResult:
    """The contacts of a CSV file, by ``mapping`` (column → target) or a known header.

    ``source`` names the file in messages; ``progress(done, total)`` is called every 500
    rows and at the end. Raises ``ImportFileError`` for a map naming a column the header
    lacks, a header no map is given for and that is not a known export, a file that is
    not UTF-8 or is badly quoted.
    """
    check_size(data, source)
    if mapping is not None:
        check_mapping(mapping)
    lines = lines_of(decode(data, source, _HINT))
    refuse_other_formats(lines, source, "a CSV file")
    start, delimiter = _header_start(lines, source)
    if mapping is None:
        _refuse_linkedin(lines, source)
    table = read_table(lines, start, source, delimiter)
    plan = _mapped(table, mapping, source) if mapping is not None else _known(table, source)
    dates = [_first(cells, plan.get("met_on", [])) for _, cells in table.rows]
    collector = Collector(
        len(table.rows), progress, day_first=guess_day_first(dates, delimiter == ";")
    )
    for line, cells in table.rows:
        warn_extra(collector, len(table.header), line, cells)
        collector.add(_draft(line, cells, plan))
    return collector.result()


def _header_start(lines: list[str], source: str) -> tuple[int, str]:
    """The index of the header line and the file's delimiter."""
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        sep = _SEP_LINE.fullmatch(line.strip())
        if sep is None:
            return index, sniff_delimiter(line)
        following = [i for i in range(index + 1, len(lines)) if lines[i].strip()]
        if not following:
            break
        return following[0], sep[1]
    raise ImportFileError(source, None, "is empty: export the contacts again")


def _refuse_linkedin(lines: list[str], source: str) -> None:
    """LinkedIn's Connections export has its own reader (notes above the header, dates)."""
    for number, line in enumerate(lines[:20], 1):
        folded = line.casefold()
        if "first name" in folded and "connected on" in folded:
            raise ImportFileError(
                source,
                number,
                "this is LinkedIn's Connections export: import it with "
                "`coffeechat import linkedin`",
            )


def _columns(table: Table) -> str:
    listed = ", ".join(shown(name, 30) for name in table.header[:12])
    more = f" and {len(table.header) - 12} more" if len(table.header) > 12 else ""
    return listed + more


def _mapped(table: Table, mapping: dict[str, str], source: str) -> Plan:
    """The plan for a user's map; every column it names must be in the header."""
    plan: Plan = {}
    for column, target in mapping.items():
        exact = [i for i, name in enumerate(table.header) if name == column.strip()]
        folded = [
            i for i, name in enumerate(table.header) if name.casefold() == column.strip().casefold()
        ]
        indexes = exact or folded
        if not indexes:
            raise ImportFileError(
                source,
                table.header_line,
                f"--map names the column {shown(column)}, which is not in the header "
                f"(columns: {_columns(table)})",
            )
        plan.setdefault(target, []).extend(indexes)
    return plan


def _known(table: Table, source: str) -> Plan:
    """The plan for a Google Contacts or Outlook header; else an error asking for --map."""
    column, columns = table.column, table.columns

    def some(*names: str) -> list[int]:
        return [i for name in names if (i := column(name)) is not None]

    emails, phones = columns(r"e-mail \d+ - value"), columns(r"phone \d+ - value")
    common: Plan = {
        "email": emails,
        "phone": phones,
        "_website": columns(r"website \d+ - value"),
        "note": some("Notes"),
        "city": columns(r"address \d+ - city")[:1],
    }
    if column("First Name") is not None and (emails or phones or some("Organization Name")):
        return common | {
            "first_name": some("First Name", "Middle Name"),
            "last_name": some("Last Name"),
            "_fallback": some("Nickname", "File As"),
            "company": some("Organization Name"),
            "title": some("Organization Title"),
            "tags": some("Labels"),
        }
    if some("Given Name", "Family Name") or (some("Name") and (emails or phones)):
        return common | {
            "name": some("Name"),
            "first_name": some("Given Name", "Additional Name"),
            "last_name": some("Family Name"),
            "_fallback": some("Nickname", "Short Name"),
            "company": columns(r"organization \d+ - name")[:1],
            "title": columns(r"organization \d+ - title")[:1],
            "tags": some("Group Membership"),
        }
    if some("name") and some("emails") and some("stage"):  # coffeechat's own export
        return {
            target: some(column)
            for target, column in (
                ("name", "name"),
                ("email", "emails"),
                ("phone", "phone"),
                ("linkedin", "linkedin"),
                ("company", "company"),
                ("title", "title"),
                ("city", "city"),
                ("_how_met", "how_met"),
                ("met_on", "met_on"),
                ("tags", "tags"),
                ("note", "note"),
            )
        }
    if some("First Name", "Last Name") and some("E-mail Address", "Job Title"):
        return {
            "first_name": some("First Name", "Middle Name"),
            "last_name": some("Last Name"),
            "email": some("E-mail Address", "E-mail 2 Address", "E-mail 3 Address"),
            "phone": columns(r"(mobile|business|home|primary|other|car|company main) phone"),
            "_website": some("Web Page"),
            "company": some("Company"),
            "title": some("Job Title"),
            "note": some("Notes"),
            "tags": some("Categories"),
            "city": some("Business City", "Home City", "Other City")[:1],
        }
    if any(_LOOKS_LIKE_EMAIL.fullmatch(name) for name in table.header):
        raise ImportFileError(
            source,
            table.header_line,
            "this first line holds a contact, not a header naming the columns: add a header "
            f"line, then pass --map (e.g. {_MAP_EXAMPLE})",
        )
    named = [name for name in table.header if name.strip()][:2] or ["Name", "Email"]
    example = ",".join(
        f"{name}={target}" for name, target in zip(named, ("name", "email"), strict=False)
    )
    raise ImportFileError(
        source,
        table.header_line,
        "not a Google Contacts or Outlook export, so say which column is which with "
        f"--map, e.g. --map {shown(example, 80)} (columns: {_columns(table)}; "
        f"targets: {', '.join(TARGETS)})",
    )


def _values(cells: list[str], indexes: list[int]) -> list[str]:
    """The non-empty cells at ``indexes``, without the apostrophe that keeps a value such
    as "+1 212 555 0100" from being read as a formula ("'+1 212 555 0100")."""
    values = [cells[i].strip() for i in indexes if i < len(cells) and cells[i].strip()]
    return [v[1:] if v[:1] == "'" and v[1:2] in _FORMULA_STARTS else v for v in values]


def _first(cells: list[str], indexes: list[int]) -> str:
    """The first non-empty value, and of a Google cell holding several, the first one."""
    values = _values(cells, indexes)
    return values[0].split(" ::: ")[0].strip() if values else ""


def _draft(line: int, cells: list[str], plan: Plan) -> Draft:
    """The raw values of one row, as the plan reads them."""

    def values(target: str) -> list[str]:
        return _values(cells, plan.get(target, []))

    name = " ".join(values("name"))
    name = name or join_name(" ".join(values("first_name")), " ".join(values("last_name")))
    name = name or _first(cells, plan.get("_fallback", []))
    websites = [
        part.strip()
        for value in values("_website")
        for part in value.split(":::")
        if "linkedin.com" in part.lower()
    ]
    return Draft(
        line=line,
        name=name,
        emails=values("email"),
        phones=values("phone"),
        linkedin=values("linkedin") + websites,
        company=_first(cells, plan.get("company", [])),
        title=_first(cells, plan.get("title", [])),
        notes=values("note"),
        met_on=_first(cells, plan.get("met_on", [])),
        city=_first(cells, plan.get("city", [])),
        tags=values("tags"),
        how_met=_first(cells, plan.get("_how_met", [])) or None,
    )
