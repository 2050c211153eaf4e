"""LinkedIn's "Connections" export (Connections.csv in the data archive) as contacts.

The file as LinkedIn writes it: a UTF-8 byte order mark, a few lines of notes ("Notes:",
a sentence in quotes, a blank line), then the header
``First Name,Last Name,URL,Email Address,Company,Position,Connected On`` and one row per
connection. E-mail addresses are often empty (members choose whether to share them);
"Connected On" is written "05 Nov 2026". The header is looked for in the first
``HEADER_SEARCH`` non-empty lines, so older exports (no notes) and newer ones both read; a file
re-saved by a spreadsheet with semicolons or tabs reads too.

Each connection becomes an ``ImportedContact`` with ``how_met="online"``, ``met_on`` the
"Connected On" date, ``linkedin`` the profile URL, ``title`` the position.
"""

from __future__ import annotations

import csv
from itertools import islice
from operator import itemgetter

from coffeechat.bulk import gc_paused
from coffeechat.formats.imported import (
    Collector,
    ImportFileError,
    Progress,
    ReadResult,
    check_size,
    decode,
    join_name,
    lines_of,
    read_table,
    refuse_other_formats,
    shown,
    sniff_delimiter,
    warn_extra,
)

__all__ = ["HEADER", "HEADER_SEARCH", "connections_in_archive", "read_linkedin"]

#: The header of LinkedIn's Connections export.
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
#: Within how many non-empty lines from the top the header must be.
HEADER_SEARCH = 20
_HINT = (
    "LinkedIn writes Connections.csv as UTF-8: use the file from the data archive as it "
    "came, or save it again as 'CSV UTF-8'"
)
_ALIASES = {
    "first": ("First Name",),
    "last": ("Last Name",),
    "url": ("URL", "Profile URL"),
    "email": ("Email Address", "E-mail Address", "Email"),
    "company": ("Company",),
    "position": ("Position", "Title"),
    "connected": ("Connected On",),
}


@gc_paused()
def read_linkedin(data: bytes, source: str, progress: Progress | None = None) -> ReadResult:
    """The connections of a LinkedIn Connections.csv export.

    ``source`` names the file in messages; ``progress(done, total)`` is called every 500
    rows and at the end. Raises ``ImportFileError`` for a file that is not this export
    (no "First Name" / "Last Name" header), not UTF-8, or badly quoted.
    """
    check_size(data, source)
    if data[:4] == b"PK\x03\x04":  # the whole data archive, as LinkedIn sends it
        data = connections_in_archive(data, source)
    lines = lines_of(decode(data, source, _HINT))
    refuse_other_formats(lines, source, "LinkedIn's Connections.csv")
    start = _header_index(lines, source)
    table = read_table(lines, start, source, sniff_delimiter(lines[start]))
    columns = {key: table.column(*names) for key, names in _ALIASES.items()}
    for key in ("first", "last"):
        if columns[key] is None:
            raise ImportFileError(
                source,
                table.header_line,
                f'no "{_ALIASES[key][0]}" column in the header (is this LinkedIn\'s '
                f"Connections export? Its header is {HEADER})",
            )
    collector = Collector(len(table.rows), progress)
    width = len(table.header)
    # a column the file lacks reads as the empty cell put at the end of short rows
    indexes = [columns[key] if columns[key] is not None else width for key in _ALIASES]
    values = itemgetter(*indexes)
    pad = width in indexes
    add = collector.add_simple
    for line, cells in table.rows:
        if pad or len(cells) != width:
            if len(cells) > width:
                warn_extra(collector, width, line, cells)
            # exactly the header's columns, then the empty cell a missing column reads
            cells = [*cells[:width], *[""] * (width + 1 - min(len(cells), width))]
        first, last, url, email, company, position, connected = values(cells)
        add(
            line,
            join_name(first, last),
            email.strip(),
            url.strip(),
            company,
            position,
            connected,
            "online",
        )
    return collector.result()


def connections_in_archive(data: bytes, source: str) -> bytes:
    """The bytes of Connections.csv inside LinkedIn's data archive (a zip), read at most
    ``MAX_BYTES`` of it (a small archive may unpack to a huge file); ImportFileError when
    the archive cannot be read or holds no Connections.csv."""
    import io
    import zipfile
    import zlib

    from coffeechat.formats import imported

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1] == "Connections.csv"]
        if not names:
            raise ImportFileError(
                source,
                None,
                "is a zip archive without Connections.csv: download LinkedIn's archive with "
                "Connections, or give the Connections.csv file itself",
            )
        with archive.open(min(names, key=len)) as member:
            inner = member.read(imported.MAX_BYTES + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError, zlib.error):
        raise ImportFileError(
            source, None, "is a zip archive that cannot be read (damaged, or with a password)"
        ) from None
    check_size(inner, f"{source}: Connections.csv")
    return inner


def _header_index(lines: list[str], source: str) -> int:
    """The index of the header line: the first of the top non-empty lines naming "First
    Name"."""
    filled = list(islice((i for i, line in enumerate(lines) if line.strip()), HEADER_SEARCH))
    for index in filled:
        line = lines[index]
        if "first name" in line.casefold():
            try:
                cells = next(csv.reader([line], delimiter=sniff_delimiter(line)), [])
            except csv.Error:  # e.g. a line over the csv module's field limit
                continue
            if "first name" in (cell.strip().lstrip("\ufeff").casefold() for cell in cells):
                return index
    if not filled:
        raise ImportFileError(source, None, "is empty: download the Connections export again")
    tabular = [i for i in filled if sum(lines[i].count(d) for d in ",;\t") >= 2]
    index = tabular[0] if tabular else filled[0]
    raise ImportFileError(
        source,
        index + 1,
        f'no "First Name" column in the header {shown(lines[index], 60)} (is this '
        f"LinkedIn's Connections export? Its header is {HEADER})",
    )
