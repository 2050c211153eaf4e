"""The shortcuts that make a 30,000-row import fast agree with the plain paths they stand
in for: the collector's quick path with ``Collector.add``, the line splitter with its
regex, the accent folding with its first definition, the bulk writes with one-by-one
writes and a sound search index (on SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.bulk import gc_paused
from coffeechat.formats.imported import (
    Collector,
    Draft,
    ImportedContact,
    ReadResult,
    iter_lines,
    lines_of,
)
from coffeechat.formats.linkedin import read_linkedin
from coffeechat.service.base import folded
from coffeechat.store import companies as company_store

QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NAMES = ["Ada Lovelace", " Ada  Lovelace ", "", "   ", "x" * 201, "Zoë Chen", "李雷", "A\nB"]
EMAILS = [
    "", "ada@example.com", "Ada@Example.COM", " ada@example.com ", "mailto:ada@example.com",
    "a@x.com; b@y.com", "a@x.com, b@y.com", "a@x.com ::: b@y.com", "not an email",
    "a:b@x.com", "ada@example", "  ",
]  # fmt: skip
LINKS = [
    "", "https://www.linkedin.com/in/ada", "linkedin.com/in/ada", "ada-l", "https://x.com/a",
    "https://www.linkedin.com/in/a;https://www.linkedin.com/in/b",
    "https://www.linkedin.com/in/a ::: https://www.linkedin.com/in/b", "  ", "in/ada",
]  # fmt: skip
WORDS = ["", "Initech", " Initech  Ltd ", "  ", "A" * 201, "Senior Engineer, Platform", "é"]
DATES = ["", "05 Nov 2026", "2026-11-05", "31 Feb 2026", "soon", "Nov 5, 2026", " 5 nov 2026 "]


def some(values: list[str]) -> st.SearchStrategy[str]:
    """One of the awkward values above, or any short text."""
    return st.one_of(st.sampled_from(values), st.text(max_size=25))


def _both(name, email, link, company, title, met_on, how_met):
    """What the quick path and ``add`` make of the same row, given twice (the second
    time meets the values the collector remembers)."""
    quick, plain = Collector(2, None), Collector(2, None)
    for line in (3, 4):
        quick.add_simple(line, name, email, link, company, title, met_on, how_met)
        plain.add(
            Draft(
                line=line,
                name=name,
                emails=[email] if email else [],
                linkedin=[link] if link else [],
                company=company,
                title=title,
                met_on=met_on,
                how_met=how_met,
            )
        )
    return quick.result(), plain.result()


USUAL = ("Ada Lovelace", "ada@example.com", "linkedin.com/in/ada", "Initech", "CTO", "05 Nov 2026")
AWKWARD = [
    (field, value)
    for field, values in enumerate([NAMES, EMAILS, LINKS, WORDS, WORDS, DATES])
    for value in values
]


@pytest.mark.parametrize(("field", "value"), AWKWARD)
@pytest.mark.parametrize("how_met", [None, "online", "carrier pigeon"])
def test_each_awkward_value_reads_the_same_either_way(field, value, how_met):
    row = [*USUAL]
    row[field] = value
    quick, plain = _both(*row, how_met)
    assert quick == plain


@QUICK
@given(
    name=some(NAMES),
    email=some(EMAILS),
    link=some(LINKS),
    company=some(WORDS),
    title=some(WORDS),
    met_on=some(DATES),
    how_met=st.sampled_from([None, "online", "event", "carrier pigeon"]),
)
def test_the_quick_path_reads_a_row_as_add_does(name, email, link, company, title, met_on, how_met):
    quick, plain = _both(name, email, link, company, title, met_on, how_met)
    assert quick == plain


def test_the_quick_path_takes_the_usual_row_itself():
    collector = Collector(1, None)
    collector.add_simple(
        9, "Ada Lovelace", "Ada@Example.COM", "linkedin.com/in/ada", " Initech ", "CTO",
        "05 Nov 2026", "online",
    )  # fmt: skip
    assert collector.result().records == [
        ImportedContact(
            9,
            "Ada Lovelace",
            emails=("Ada@example.com",),
            linkedin="https://linkedin.com/in/ada",
            company="Initech",
            title="CTO",
            met_on=dt.date(2026, 11, 5),
            how_met="online",
        )
    ]


@QUICK
@given(st.text(alphabet="ab \r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029\"',", max_size=60))
def test_lines_split_where_the_csv_module_splits_them(text):
    assert lines_of(text) == list(iter_lines(text))


def _folded_first(name: str | None) -> str:
    """``folded`` as it was first written: every character tested for a mark."""
    spaced = " ".join((name or "").split()).casefold()
    decomposed = unicodedata.normalize("NFKD", spaced)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@QUICK
@given(st.one_of(st.none(), st.text(max_size=30), st.sampled_from(["Tomás", "Zoë", "ﬁx", "Ǆ"])))
def test_folding_is_what_it_was(name):
    assert folded(name) == _folded_first(name)


def test_the_collector_is_paused_and_back_after():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the outer one turns it back on
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError
    assert gc.isenabled()


def test_companies_inserted_together_get_their_own_ids(workspace):
    names = ["Initech", "Globex", "Umbrella", "Hooli"]
    with workspace.engine.begin() as conn:
        ids, inserted = company_store.insert_companies(
            conn, workspace.owner_id, names, workspace.now()
        )
        assert dict(company_store.company_names(conn, workspace.owner_id)) == dict(
            zip(ids, names, strict=True)
        )
        assert inserted == set(ids)
        # one made meanwhile (by another writer) keeps its id and is not inserted again
        again = company_store.insert_companies(
            conn, workspace.owner_id, ["Pied Piper", "globex"], workspace.now()
        )
        assert again[0][1] == ids[1] and again[1] == {again[0][0]}
        empty = company_store.insert_companies(conn, workspace.owner_id, [], workspace.now())
        assert empty == ([], set())


def test_a_bulk_import_leaves_a_sound_search_index(workspace):
    firms = ["Initech", "Globex", "Umbrella", "Hooli", "Acme", "Wonka", "Stark"]
    records = [
        ImportedContact(i + 2, f"Person {i}", (f"p{i}@example.com",), company=firms[i % 7])
        for i in range(300)
    ]
    workspace.import_contacts(ReadResult(records, [], len(records)), "people.csv", "csv")
    found = {h.title for h in workspace.search("globex", limit=1000)}
    assert found == {f"Person {i}" for i in range(1, 300, 7)} | {"Globex"}
    if workspace.engine.dialect.name == "sqlite":
        with workspace.engine.connect() as conn:  # FTS5's own check of index and content
            conn.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")


def test_the_import_reports_progress_while_it_writes(workspace):
    from coffeechat.formats.imported import ReadResult
    from coffeechat.service.imports import WRITE_CHUNK

    count = 2 * WRITE_CHUNK + 7
    records = [ImportedContact(i + 2, f"Person {i}", (f"p{i}@example.com",)) for i in range(count)]
    calls: list[tuple[int, int]] = []
    summary = workspace.import_contacts(
        ReadResult(records, [], count), "people.csv", "csv", progress=lambda *c: calls.append(c)
    )
    assert summary.count("created") == count
    assert {total for _, total in calls} == {2 * count}
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[-1] == 2 * count
    writing = [d for d in done if count < d < 2 * count]
    assert len(writing) >= 2  # after each chunk but the last, not only at the end
    ids = [r.contact_id for r in summary.rows]
    assert len(set(ids)) == count and ids == sorted(ids)  # chunks keep file order


def test_companies_are_created_once_in_the_order_the_file_names_them(workspace):
    firms = ["Zeta", "Acme", "zeta", "Mu", "ACME", "Beta"]
    records = [ImportedContact(i + 2, f"Person {i}", company=f) for i, f in enumerate(firms)]
    workspace.import_contacts(ReadResult(records, [], len(records)), "people.csv", "csv")
    with workspace.engine.connect() as conn:
        names = [n for _, n in company_store.company_names(conn, workspace.owner_id)]
    assert names == ["Zeta", "Acme", "Mu", "Beta"]
    people = {c.name: c.company for c in workspace.list_contacts()}
    assert people == {
        "Person 0": "Zeta",
        "Person 1": "Acme",
        "Person 2": "Zeta",
        "Person 3": "Mu",
        "Person 4": "Acme",
        "Person 5": "Beta",
    }


LINKEDIN_COLUMNS = [
    "First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On",
    "Notes", "Tags",
]  # fmt: skip


def _linkedin_as_first_written(raw: bytes) -> ReadResult:
    """The LinkedIn reader's row loop as it was first written: a ``Draft`` a row, each
    cell looked up by column, through ``Collector.add``."""
    from coffeechat.formats import imported, linkedin

    lines = imported.lines_of(raw.decode())
    table = imported.read_table(lines, 0, "Connections.csv", ",")
    columns = {key: table.column(*names) for key, names in linkedin._ALIASES.items()}
    collector = Collector(len(table.rows), None)
    for line, cells in table.rows:
        imported.warn_extra(collector, len(table.header), line, cells)

        def cell(key: str, cells: list[str] = cells) -> str:
            index = columns[key]
            return cells[index].strip() if index is not None and index < len(cells) else ""

        email, url = cell("email"), cell("url")
        collector.add(
            Draft(
                line=line,
                name=imported.join_name(cell("first"), cell("last")),
                emails=[email] if email else [],
                linkedin=[url] if url else [],
                company=cell("company"),
                title=cell("position"),
                met_on=cell("connected"),
                how_met="online",
            )
        )
    return collector.result()


@st.composite
def linkedin_tables(draw: st.DrawFn) -> bytes:
    """A Connections.csv with the name columns, any of the others in any order, and rows
    shorter or longer than the header."""
    others = draw(st.lists(st.sampled_from(LINKEDIN_COLUMNS[2:]), unique=True))
    header = draw(st.permutations(["First Name", "Last Name", *others]))
    value = st.one_of(
        st.sampled_from(NAMES[:3] + EMAILS[:6] + LINKS[:4] + WORDS[:3] + DATES[:4]),
        st.text(alphabet="ab é,;:@.\"'", max_size=12),
    )
    rows = draw(st.lists(st.lists(value, max_size=len(header) + 2), max_size=8))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue().encode()


@QUICK
@given(linkedin_tables())
def test_the_linkedin_reader_reads_any_table_as_first_written(raw):
    assert read_linkedin(raw, "Connections.csv") == _linkedin_as_first_written(raw)
