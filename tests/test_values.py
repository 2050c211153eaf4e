"""Sane values (issue 12, item 9, and the field limits of item 4): one set of limits for
every way in, dates from 1900 to 2100, ``--limit`` within bounds, no loops of
introductions, no terminal escapes from stored text, short errors, header-safe settings,
accent folding in PostgreSQL search, and the backup before a PostgreSQL import."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import String, Text, text

from coffeechat.core import limits, validate
from coffeechat.core.errors import IntroductionCycle, InvalidValue
from coffeechat.core.introductions import cycle_made
from coffeechat.formats import exportjson
from coffeechat.service import Workspace
from coffeechat.store import undo
from coffeechat.store.schema import metadata, search_doc
from conftest import CLI, OWNER, make_settings

BIG = "x" * 120_000
#: What stored text may hold that must never reach a terminal raw.
HOSTILE = "\x1b]0;pwned\x07\x1b[31m\u202eevil\x1b[0m\x07\x9b2J"
RAW = ("\x1b", "\x07", "\u202e", "\x9b")


@pytest.fixture
def both(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> CLI:
    """The CLI on the ``workspace`` fixture's database: SQLite, and PostgreSQL when set."""
    monkeypatch.setenv("COFFEECHAT_HOME", str(workspace.settings.home))
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", workspace.settings.database_url)
    return CLI()


def short_error(result: object) -> str:
    """The one line of a failed command, which must be short whatever the input was."""
    stderr: str = result.stderr  # type: ignore[attr-defined]
    assert len(stderr) < 400, stderr[:500]
    return stderr


# --- one set of field limits -------------------------------------------------------------

#: Text columns that hold a choice, a zone, a key or an internal value: checked against
#: their choices (or written by coffeechat itself), not given a length of their own.
NOT_FREE_TEXT = {
    "user.timezone", "user.country", "user.smtp_security", "user.paper",
    "user.role", "user.password_hash", "user.login_email",
    "company.name_key",
    "contact.seniority", "contact.timezone", "contact.country", "contact.how_met",
    "event.kind", "event.zone", "event.value",
    "search_doc.kind", "search_doc.title", "search_doc.body", "search_doc.folded",
    "conversation.status", "conversation.zone", "conversation.format", "conversation.uid",
    "conversation.guide", "conversation.skipped", "conversation.variant",
    "proposal.status", "proposal.zone",
    "proposal_option.kind", "proposal_option.format", "proposal_option.place",
    "proposal_option.reason",
    "note.topic", "takeaway.kind", "promise.by", "introduction.status",
    "guide.definition",
    "followup_state.item", "followup_state.action",
    "path_step.step",
    "stage_cache.stage", "stage_cache.user_zone", "agenda_cache.user_zone",
    "agenda_cache.name", "agenda_cache.item",
    "agenda_cache.reason", "agenda_cache.command",  # the rules' words, derived: unbounded Text
}  # fmt: skip


def test_every_text_column_has_a_limit_that_fits_it():
    """Walk the schema: each free-text column has a limit, never longer than the column
    (PostgreSQL refuses a longer text), and every limit names a real column."""
    seen = set()
    for table in metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, String | Text):
                continue
            key = f"{table.name}.{column.name}"
            seen.add(key)
            if key in NOT_FREE_TEXT:
                continue
            assert key in limits.COLUMNS, f"{key} has no limit in core/limits.py"
            size = column.type.length
            if size is not None:
                assert limits.COLUMNS[key] <= size, f"{key}: {limits.COLUMNS[key]} > {size}"
    assert set(limits.COLUMNS) <= seen


def test_the_json_export_reads_with_the_same_limits():
    """formats/exportjson takes its lengths from core/limits: a backup of what `contact
    add` accepts restores, and nothing longer comes in."""
    sections = [("user", exportjson.SETTINGS)] + [(s.table, s.fields) for s in exportjson.SECTIONS]
    checked = 0
    while sections:
        table, fields = sections.pop()
        for f in fields:
            if f.kind == "objects":
                assert f.table is not None
                sections.append((f.table, f.fields))
                continue
            key = f"{f.table}.{f.column}" if f.kind == "strings" else f"{table}.{f.key}"
            if key in limits.COLUMNS:
                assert f.length == limits.COLUMNS[key], key
                checked += 1
    assert checked == len(limits.COLUMNS)


def test_a_long_title_is_one_short_line_on_every_backend(both: CLI):
    """A 120 KB --title was taken on SQLite (then refused by `import json`) and was a
    StringDataRightTruncation traceback on PostgreSQL."""
    error = short_error(both.fails("contact", "add", "Ada", "--title", BIG))
    assert "title: is longer than 200 characters (120,000)" in error
    assert both.json("contact", "list")["contacts"] == []
    both("contact", "add", "Ada", "--title", "t" * limits.NAME)
    short_error(both.fails("contact", "edit", "ada", "--city", BIG))
    short_error(both.fails("contact", "edit", "ada", "--note", "n" * (limits.NOTE + 1)))
    short_error(both.fails("contact", "edit", "ada", "--email", f"{'a' * 400}@example.com"))
    short_error(both.fails("company", "add", "Acme", "--note", "n" * (limits.NOTE + 1)))
    short_error(both.fails("log", "ada", "note", "--note", "n" * (limits.NOTE + 1)))
    short_error(both.fails("company", "add", BIG))
    short_error(both.fails("contact", "add", "Bo", "--company", BIG))
    short_error(both.fails("contact", "add", "Bo", "--linkedin", f"linkedin.com/in/{BIG}"))
    short_error(both.fails("contact", "show", BIG))
    short_error(both.fails("intro", "add", "ada", "--to", BIG))
    short_error(both.fails("path", "add", "Acme", "--role", BIG, "--via", "conventional"))
    assert [c["name"] for c in both.json("contact", "list")["contacts"]] == ["Ada"]


def test_what_add_takes_at_its_limits_restores(workspace: Workspace, tmp_path: Path):
    """Everything it writes, it reads back: values at every limit survive a round trip."""
    workspace.add_contact(
        name="n" * limits.NAME,
        title="t" * limits.NAME,
        city="c" * limits.NAME,
        met_at="m" * limits.MET_AT,
        note="o" * limits.NOTE,
        emails=[f"{'e' * 64}@{'d' * 60}.example" for _ in range(1)],
        tags=[f"{n}{'g' * (limits.TAG - 2)}" for n in range(10, 10 + limits.TAGS)],
    )
    workspace.log("1", "note", note="z" * limits.NOTE)
    data = workspace.export_json()
    target = Workspace.create(make_settings(tmp_path / "b"), **OWNER)
    try:
        target.import_json(data, "backup.json")
        assert json.loads(target.export_json())["contacts"] == json.loads(data)["contacts"]
    finally:
        target.close()
    with pytest.raises(InvalidValue, match="more than 50 items"):
        workspace.edit_contact("1", add_tags=["one-too-many"])


def test_an_import_drops_an_overlong_value_with_a_warning(ccw: CLI, tmp_path: Path):
    people = tmp_path / "people.csv"
    people.write_text(
        "name,email,title,note\n"
        f"Ada Lovelace,ada@example.com,{'t' * 201},ok\n"
        f"Bo Chen,bo@example.com,Engineer,{'n' * (limits.NOTE + 1)}\n",
        encoding="utf-8",
    )
    report = ccw.json(
        "import", "csv", str(people), "--map", "name=name,email=email,title=title,note=note"
    )
    warnings = {(w["line"], w["reason"].split(":")[0]) for w in report["warnings"]}
    assert warnings == {(2, "title"), (3, "note")}
    ada = ccw.json("contact", "show", "ada")
    assert ada["title"] is None and ada["note"] == "ok"
    assert ccw.json("contact", "show", "bo")["note"] is None


# --- dates from 1900 to 2100 -------------------------------------------------------------


def test_dates_outside_1900_2100_are_one_line_everywhere(both: CLI):
    both("contact", "add", "Ada")
    for at in ("9999-12-31T23:59", "0001-01-01T00:00", "1899-12-31T23:59", "2101-01-01T00:00"):
        error = short_error(both.fails("log", "ada", "outreach", "--at", at))
        assert "outside the years 1900-2100" in error
    for day in ("0001-01-01", "9999-12-31"):
        assert "1900-2100" in short_error(both.fails("contact", "add", "Bo", "--met-on", day))
        assert "1900-2100" in short_error(
            both.fails("promise", "add", "ada", "--by", "me", "--due", day, "Call")
        )
    both("log", "ada", "outreach", "--at", "1900-01-01T10:00")
    both("contact", "add", "Bo", "--met-on", "1900-01-01")


def test_a_fact_dated_in_the_future_is_refused(both: CLI):
    """A reply in 2099 is a typo; a meeting ahead is a plan (logged as before)."""
    both("contact", "add", "Ada")
    error = short_error(both.fails("log", "ada", "reply", "--at", "2099-01-01T10:00"))
    assert "in the future" in error
    short_error(both.fails("contact", "add", "Bo", "--met-on", "2099-01-01"))
    both("log", "ada", "meeting", "--at", "2026-12-03T12:30", "--future")  # planned
    both("log", "ada", "reply", "--at", "2026-11-28T08:00")  # tomorrow: another zone's today
    both("contact", "add", "Cy", "--met-on", "2026-11-27")


def test_imports_drop_impossible_dates_with_a_warning(ccw: CLI, tmp_path: Path):
    people = tmp_path / "people.csv"
    people.write_text(
        "name,met_on\nAda Lovelace,0001-01-01\nBo Chen,9999-12-31\nCy Diaz,2099-01-01\n"
        "Di Ewa,2026-11-01\n",
        encoding="utf-8",
    )
    report = ccw.json("import", "csv", str(people), "--map", "name=name,met_on=met_on")
    reasons = {w["line"]: w["reason"] for w in report["warnings"]}
    assert "outside the years 1900-2100" in reasons[2]
    assert "outside the years 1900-2100" in reasons[3]
    assert "in the future" in reasons[4]
    met = {c["name"]: c["met_on"] for c in ccw.json("contact", "list")["contacts"]}
    assert met == {"Ada Lovelace": None, "Bo Chen": None, "Cy Diaz": None, "Di Ewa": "2026-11-01"}


def test_import_json_refuses_a_date_outside_the_range(ccw: CLI, tmp_path: Path):
    ccw("contact", "add", "Ada", "--met-on", "2026-11-01")
    document = json.loads(ccw("export", "json").stdout)
    document["contacts"][0]["met_on"] = "0001-01-01"
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(document), encoding="utf-8")
    Workspace.create(make_settings(tmp_path / "empty"), **OWNER).close()
    error = CLI().fails("--home", str(tmp_path / "empty"), "import", "json", str(backup)).stderr
    assert "contacts[0].met_on" in error and "1900-2100" in error


def test_coffeechat_now_outside_the_range_is_one_line(ccw: CLI, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COFFEECHAT_NOW", "9999-12-31T23:59:00+00:00")
    assert "1900-2100" in short_error(ccw.fails("contact", "list"))


# --- --limit -----------------------------------------------------------------------------


def test_search_limit_is_bounded(ccw: CLI):
    ccw("contact", "add", "Ada")
    for bad in ("0", "-1", "99999999999999999999", "10001"):
        result = ccw("search", "ada", "--limit", bad, ok=False)
        assert result.exit_code == 2, (bad, result.output)
        assert "1<=x<=10000" in result.stderr and "Traceback" not in result.output
    assert ccw.json("search", "ada", "--limit", "10000")["results"]
    assert len(ccw.json("search", "ada", "--limit", "1")["results"]) == 1


def test_the_cli_and_the_service_agree_on_the_largest_limit(workspace: Workspace):
    from coffeechat.cli.options import LIMIT

    assert (LIMIT.min, LIMIT.max) == (1, validate.LIMIT_MAX)
    for bad in (0, -1, validate.LIMIT_MAX + 1):
        with pytest.raises(InvalidValue, match="limit"):
            workspace.search("ada", limit=bad)


# --- no loops of introductions -----------------------------------------------------------


def test_the_cycle_rule():
    assert cycle_made([(1, 2)], 2, 1) == [2, 1, 2]
    assert cycle_made([(1, 2), (2, 3)], 3, 1) == [3, 1, 2, 3]
    assert cycle_made([(1, 2), (2, 3)], 1, 3) is None
    assert cycle_made([], 4, 4) == [4, 4]


def test_two_contacts_cannot_introduce_each_other(both: CLI):
    both("contact", "add", "Ada")
    both("contact", "add", "Bo", "--introduced-by", "ada")
    error = short_error(both.fails("contact", "edit", "ada", "--introduced-by", "bo"))
    assert "loop of introductions ('Bo' → 'Ada' → 'Bo')" in error
    both("contact", "add", "Cy", "--introduced-by", "bo")
    error = short_error(both.fails("contact", "edit", "ada", "--introduced-by", "cy"))
    assert "'Cy' → 'Ada' → 'Bo' → 'Cy'" in error
    assert both.json("contact", "show", "ada")["introduced_by"] is None
    both("contact", "edit", "cy", "--introduced-by", "ada")  # one way: fine


def test_an_offer_cannot_close_a_loop(workspace: Workspace):
    workspace.add_contact(name="Ada Lovelace")
    workspace.add_introduction("ada", "Bo Chen")  # Ada offers to introduce Bo
    with pytest.raises(IntroductionCycle, match="loop of introductions"):
        workspace.add_introduction("bo", "Ada Lovelace")
    assert workspace.show_contact("ada").contact.introduced_by_id is None


# --- control characters never reach the terminal -----------------------------------------


def test_stored_escapes_are_not_printed_but_exported(ccw: CLI):
    ccw(
        "contact", "add", f"Eve {HOSTILE}", "--title", f"Boss{HOSTILE}", "--company",
        f"Evil{HOSTILE} Corp", "--note", f"line one\nbell{HOSTILE}", "--tag", "x\x1b[2Jy",
    )  # fmt: skip
    ccw("log", "eve", "outreach", "--note", f"hi{HOSTILE}")
    for args in (
        ("contact", "list"),
        ("contact", "show", "eve"),
        ("board",),
        ("status",),
        ("search", "eve"),
        ("company", "list"),
        ("company", "show", "1"),
    ):
        out = ccw(*args).stdout
        assert "Eve" in out or "Evil" in out, args
        for raw in RAW:
            assert raw not in out, (args, raw, out)
    assert "line one\nbell" in ccw("contact", "show", "eve").stdout  # line breaks stay
    shown = ccw.json("contact", "show", "eve")
    assert shown["name"] == f"Eve {HOSTILE}" and shown["note"] == f"line one\nbell{HOSTILE}"
    exported = json.loads(ccw("export", "json").stdout)
    assert exported["contacts"][0]["title"] == f"Boss{HOSTILE}"


def test_errors_show_no_escape_either(ccw: CLI):
    error = ccw.fails("contact", "show", f"nobody{HOSTILE}").stderr
    for raw in RAW:
        assert raw not in error


# --- errors quote at most ~60 characters -------------------------------------------------


def test_an_error_quotes_a_short_part_of_a_long_value(ccw: CLI):
    ccw("contact", "add", "Ada")
    error = short_error(ccw.fails("contact", "edit", "ada", "--tag", BIG))
    assert "(120,000 characters)" in error
    short_error(ccw.fails("contact", "show", BIG))
    short_error(ccw.fails("company", "show", BIG))
    short_error(ccw.fails("log", "ada", BIG))
    short_error(ccw.fails("log", "ada", "outreach", "--at", BIG))


def test_quoted_values():
    from coffeechat.core.errors import quoted

    assert quoted("abc") == "'abc'"
    long = quoted("y" * 1000)
    assert long.endswith("… (1,000 characters)") and len(long) < 90
    assert len(str(InvalidValue("tag", BIG, "too long", "x"))) < 200


# --- header-safe settings ----------------------------------------------------------------


def test_smtp_settings_refuse_line_breaks(both: CLI):
    for key, value in (
        ("smtp_host", "evil\r\nhost"),
        ("smtp_host", "evil host"),
        ("smtp_host", "h" * 300),
        ("smtp_user", "sam\r\nRCPT TO:<x@evil.example>"),
        ("email", "sam\r\n@example.com"),
        ("name", "Sam\x1b[2J"),
    ):
        error = short_error(both.fails("settings", "set", key, value))
        assert key in error
    both("settings", "set", "smtp_host", "smtp.example.com")
    both("settings", "set", "smtp_host", "[2001:db8::1]")
    both("settings", "set", "smtp_user", "sam@example.com")
    assert both.json("settings", "show")["smtp_host"] == "[2001:db8::1]"


def test_eml_headers_hold_no_line_breaks():
    from coffeechat.formats.eml import write_eml

    data = write_eml(
        sender=("Sam\r\nBcc: everyone@example.com", "sam@example.com"),
        recipient=("Ada\x1b[2J\nLovelace", "ada@example.com"),
        subject="Coffee?\r\nBcc: x@example.com",
        body="Hello",
        kind="outreach",
        contact_id=1,
    )
    head = data.split(b"\n\n", 1)[0].decode()
    assert "\nBcc:" not in head and "\x1b" not in head
    assert "Ada [2J Lovelace" in head


# --- accent folding in search ------------------------------------------------------------


def test_search_folds_accents_both_ways(workspace: Workspace):
    workspace.add_contact(name="Ñandú Pérez", city="São Paulo")
    workspace.add_contact(name="Nandu Perez")
    assert {r.title for r in workspace.search("nandu")} == {"Ñandú Pérez", "Nandu Perez"}
    assert {r.title for r in workspace.search("Ñandú")} == {"Ñandú Pérez", "Nandu Perez"}
    assert [r.title for r in workspace.search("sao paulo")] == ["Ñandú Pérez"]
    workspace.log("2", "note", note="Café à Montréal")
    assert [r.kind for r in workspace.search("montreal cafe")] == ["note"]


def test_an_older_postgresql_index_is_folded_on_upgrade(database_url: str, tmp_path: Path):
    """0006 fills the folded column of documents written before it."""
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite's FTS5 folds by itself: nothing to fill")
    ws = Workspace.create(make_settings(tmp_path / "ws", database_url), **OWNER)
    ws.add_contact(name="Ñandú Pérez")
    with ws.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_search_doc_fts"))
        undo.drop_triggers(conn, search_doc)  # 0009's: they name the column
        conn.execute(text("ALTER TABLE search_doc DROP COLUMN folded"))
        conn.execute(
            text(
                "CREATE INDEX ix_search_doc_fts ON search_doc USING GIN "
                "(to_tsvector('simple', title || ' ' || body))"
            )
        )
        conn.execute(text("UPDATE alembic_version SET version_num = '0005_followups'"))
    ws.close()
    again = Workspace.open(make_settings(tmp_path / "ws", database_url))
    try:
        assert [r.title for r in again.search("nandu")] == ["Ñandú Pérez"]
    finally:
        again.close()


# --- the backup before an import -----------------------------------------------------------


def test_an_import_leaves_a_backup_on_every_backend(both: CLI, workspace: Workspace, tmp_path):
    both("contact", "add", "Ada Lovelace", "--title", "Engineer")
    people = tmp_path / "people.csv"
    people.write_text("name,email\nBo Chen,bo@example.com\n", encoding="utf-8")
    report = both.json("import", "csv", str(people), "--map", "name=name,email=email")
    backup = Path(report["backup"])
    assert backup.parent == workspace.settings.home / "backups"
    if workspace.settings.database_url.startswith("sqlite"):
        assert backup.suffix == ".db"  # a copy of the file (its mode: store/backup.py)
        return
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert backup.suffix == ".json"  # PostgreSQL: the JSON export, which import json reads
    saved = json.loads(backup.read_bytes())
    assert [c["name"] for c in saved["contacts"]] == ["Ada Lovelace"]  # before the import
    target = Workspace.create(make_settings(tmp_path / "restored"), **OWNER)
    try:
        target.import_json(backup.read_bytes(), str(backup))
        assert [c.name for c in target.list_contacts()] == ["Ada Lovelace"]
    finally:
        target.close()


def test_a_merge_keeps_within_the_limits_and_makes_no_loop(workspace: Workspace):
    workspace.add_contact(name="Ada Lovelace", note="a" * (limits.NOTE - 10))
    workspace.add_contact(name="Ada L.", note="b" * 100)
    with pytest.raises(InvalidValue, match="the two notes together are longer"):
        workspace.merge_contacts("Ada Lovelace", "Ada L.")
    workspace.add_contact(name="Bo Chen")
    workspace.add_contact(name="Cy Diaz", introduced_by="Bo Chen")
    workspace.edit_contact("Bo Chen", introduced_by="Ada Lovelace")
    # Cy's introducer (Bo) was introduced by Ada: Ada keeping Cy's "introduced by Bo"
    # would make Ada → Bo → Ada; the merge leaves that one field out
    merged = workspace.merge_contacts("Ada Lovelace", "Cy Diaz")
    assert merged.introduced_by_id is None


def test_a_merge_preview_says_what_the_merge_does_and_changes_nothing(workspace: Workspace):
    keep = workspace.add_contact(name="Ada Lovelace", emails=["ada@acme.example"], tags=["python"])
    other = workspace.add_contact(
        name="Ada L.",
        emails=["ada@home.example"],
        company="Acme",
        seniority="senior",
        tags=["data"],
    )
    workspace.log(str(other.id), "outreach", at="2026-11-16T10:00")
    before = workspace.last_change()
    preview = workspace.merge_preview(str(keep.id), str(other.id))
    assert preview.filled == [("company", "Acme"), ("seniority", "senior")]
    assert preview.emails == ["ada@acme.example", "ada@home.example"]
    assert preview.tags == ["data", "python"] and preview.events == 1
    assert workspace.last_change() == before and len(workspace.list_contacts()) == 2
    merged = workspace.merge_contacts(str(keep.id), str(other.id))
    assert (merged.company, merged.seniority.value if merged.seniority else None) == (
        "Acme",
        "senior",
    )
    assert merged.emails == preview.emails and merged.tags == preview.tags
    with pytest.raises(InvalidValue):
        workspace.merge_preview(str(keep.id), str(keep.id))


def test_a_calendar_path_too_long_is_one_line(ccw: CLI):
    short_error(ccw.fails("calendar", "add", "/" + "c" * 3000 + ".ics"))


def test_a_piped_chat_prints_no_stored_escape(ccw: CLI):
    ccw("contact", "add", f"Eve {HOSTILE}", "--company", f"Evil{HOSTILE}")
    out = ccw("chat", "eve", input=f"note one{HOSTILE}\n/end\n").stdout
    assert "Eve" in out
    for raw in RAW:
        assert raw not in out, (raw, out)


def test_errors_about_hours_guides_and_paths_stay_short(ccw: CLI):
    ccw("contact", "add", "Ada")
    short_error(ccw.fails("contact", "edit", "ada", "--work-hours", "Mon " + BIG))
    short_error(ccw.fails("settings", "set", "availability", f"Mon-Fri 09:00-17:00, {BIG}"))
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    many = "; ".join(
        f"{d} 0{h}:{5 * k:02d}-0{h}:{5 * k + 2:02d}" for k, d in enumerate(days) for h in range(4)
    )
    error = short_error(ccw.fails("settings", "set", "availability", many))
    assert "longer than 200 characters" in error  # even once written the short way
    short_error(ccw.fails("path", "show", BIG))
    short_error(ccw.fails("guide", "show", BIG))


def test_a_usage_error_quotes_a_short_part_too(ccw: CLI):
    result = ccw("search", "ada", "--limit", "9" * 50 + "x" * 300, ok=False)
    assert result.exit_code == 2
    assert "(350 characters)" in result.stderr and len(result.stderr) < 400


def test_a_vcard_import_keeps_to_the_same_limits(ccw: CLI, tmp_path: Path):
    tags = ",".join(f"tag{n}" for n in range(limits.TAGS + 5))
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\n"
        f"TITLE:{'t' * 201}\r\nNOTE:{'n' * (limits.NOTE + 1)}\r\nCATEGORIES:{tags}\r\n"
        "BDAY:0001-01-01\r\nEND:VCARD\r\n"
    )
    contacts = tmp_path / "contacts.vcf"
    contacts.write_text(card, encoding="utf-8")
    report = ccw.json("import", "vcard", str(contacts))
    fields = sorted(w["reason"].split(":")[0] for w in report["warnings"])
    assert fields == ["note", "tags", "title"], report["warnings"]
    ada = ccw.json("contact", "show", "ada")
    assert ada["title"] is None and ada["note"] is None and len(ada["tags"]) == limits.TAGS
