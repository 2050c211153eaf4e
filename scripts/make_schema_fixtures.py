"""Write tests/data/schemas/<revision>.db: a small workspace as each earlier schema left it.

    .venv/bin/python scripts/make_schema_fixtures.py

Each file is built by that revision's own migrations and filled with raw SQL that uses
only the columns that revision had, so the files stay what an earlier release wrote even
as the code moves on. Run it once when a revision is released; the files are committed
and tests/test_schema_upgrades.py opens each with today's code.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

REVISIONS = (
    "0001_baseline",
    "0002_scheduling",
    "0003_smtp",
    "0004_conversation",
    "0005_followups",
    "0006_search_folded",
    "0007_indexes",
    "0008_stage_cache",
    "0009_cities",
    "0010_paper",
    "0011_introduced",
    "0012_undo",
    "0013_agenda_cache",
    "0014_agenda_text",
    "0015_reason",
    "0016_accounts",
    "0017_review",
    "0018_digests",
    "0019_submission_conversation",
)

T = "2026-11-01 12:00:00.000000"  # naive UTC, as the UTCDateTime type stores it

BASELINE = [
    """INSERT INTO "user" (id, name, email, timezone, country, availability, signature,
       weekly_goal, created_at) VALUES (1, 'Sam Rivera', 'sam@example.com',
       'America/New_York', 'US', 'Mon-Fri 08:00-20:00', 'Sam', 3, '{t}')""",
    """INSERT INTO company (id, owner_id, name, name_key, motivation, posting, created_at)
       VALUES (1, 1, 'Acme', 'acme', 3, 2, '{t}')""",
    """INSERT INTO contact (id, owner_id, name, company_id, title, seniority, timezone,
       work_hours, country, how_met, met_at, met_on, note, created_at)
       VALUES (1, 1, 'Ada Lovelace', 1, 'Engineer', 'senior', 'Europe/London',
       'Mon-Fri 09:00-17:00', 'GB', 'event', 'PyData', '2026-10-20', 'Likes Rust', '{t}')""",
    """INSERT INTO contact (id, owner_id, name, work_hours, introduced_by_id, how_met,
       created_at) VALUES (2, 1, 'Zoë Chen', 'Mon-Fri 09:00-17:00', 1, 'introduced', '{t}')""",
    """INSERT INTO contact_email (owner_id, contact_id, email, position)
       VALUES (1, 1, 'ada@acme.example', 0)""",
    """INSERT INTO contact_tag (owner_id, contact_id, tag) VALUES (1, 1, 'python')""",
    """INSERT INTO event (id, owner_id, contact_id, kind, at, zone, note, created_at)
       VALUES (1, 1, 1, 'outreach', '2026-10-21 14:00:00.000000', 'America/New_York',
       'LinkedIn note', '{t}')""",
    """INSERT INTO event (id, owner_id, contact_id, kind, at, zone, created_at)
       VALUES (2, 1, 1, 'reply', '2026-10-22 09:00:00.000000', 'America/New_York', '{t}')""",
    """INSERT INTO search_doc (owner_id, kind, ref_id, title, body)
       VALUES (1, 'contact', 1, 'Ada Lovelace', 'Acme Engineer PyData python Likes Rust')""",
]
SCHEDULING = [
    """INSERT INTO conversation (id, owner_id, contact_id, status, start, "end", zone, place,
       format, reschedules, uid, created_at, updated_at) VALUES (1, 1, 1, 'scheduled',
       '2026-10-27 12:00:00.000000', '2026-10-27 12:30:00.000000', 'Europe/London',
       'Video call', 'video', 0, 'x@coffeechat', '{t}', '{t}')""",
]
CONVERSATION = [
    """INSERT INTO note (owner_id, conversation_id, contact_id, topic, text, created_at,
       updated_at) VALUES (1, 1, 1, 'journey', 'Physics, then QA', '{t}', '{t}')""",
    """INSERT INTO takeaway (owner_id, conversation_id, contact_id, kind, text, created_at)
       VALUES (1, 1, 1, 'advice', 'Write about the pipeline', '{t}')""",
    """INSERT INTO promise (owner_id, conversation_id, contact_id, "by", text, due,
       created_at) VALUES (1, 1, 1, 'me', 'Send the portfolio', '2026-11-03', '{t}')""",
    """INSERT INTO introduction (owner_id, from_id, to_id, conversation_id, status,
       created_at, updated_at) VALUES (1, 1, 2, 1, 'offered', '{t}', '{t}')""",
]

WRITTEN_SEARCHED = [
    "UPDATE company SET target = 1 WHERE id = 1",
    """INSERT INTO search_doc (owner_id, kind, ref_id, title, body) VALUES
       (1, 'takeaway', 1, 'Ada Lovelace: takeaway (advice)', 'Write about the pipeline')""",
    """INSERT INTO search_doc (owner_id, kind, ref_id, title, body) VALUES
       (1, 'promise', 1, 'Ada Lovelace: promise by me', 'Send the portfolio')""",
]


def build(revision: str, target: Path) -> None:
    """The workspace file of one revision."""
    from coffeechat.store import database

    target.unlink(missing_ok=True)
    engine = database.open_engine(database.sqlite_url(target))
    with engine.begin() as conn:
        database.upgrade(conn, revision)
    engine.dispose()
    statements = list(BASELINE)
    if revision >= "0002":
        statements += SCHEDULING
    if revision >= "0004":
        statements += CONVERSATION
    if revision >= "0011":  # as that release wrote them: Acme was added with `company
        # add` (a target), and takeaways and promises are searched
        statements += WRITTEN_SEARCHED
    with sqlite3.connect(target) as conn:
        for sql in statements:
            conn.execute(sql.format(t=T))
        conn.execute("PRAGMA journal_mode = DELETE")
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")


def main() -> int:
    folder = ROOT / "tests" / "data" / "schemas"
    folder.mkdir(parents=True, exist_ok=True)
    for revision in REVISIONS:
        build(revision, folder / f"{revision}.db")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
