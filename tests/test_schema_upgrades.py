"""Every earlier schema upgrades itself when opened, keeping its data, after a backup.

tests/data/schemas/<revision>.db are workspaces as each earlier revision left them
(built by scripts/make_schema_fixtures.py with that revision's columns only).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from coffeechat.store.schema import SCHEMA_REVISION

SCHEMAS = Path(__file__).parent / "data" / "schemas"
EARLIER = sorted(p.stem for p in SCHEMAS.glob("*.db"))


def test_there_is_a_fixture_for_every_earlier_revision():
    from coffeechat.store.migrations import known_revisions

    assert set(EARLIER) == known_revisions() - {SCHEMA_REVISION}


@pytest.mark.parametrize("revision", EARLIER)
def test_an_earlier_workspace_opens_upgraded_with_its_data(revision, cc, home):
    home.mkdir(parents=True, mode=0o700)
    shutil.copy(SCHEMAS / f"{revision}.db", home / "coffeechat.db")
    (home / "coffeechat.db").chmod(0o600)  # as coffeechat makes it (the doctor checks)
    contacts = {c["name"]: c for c in cc.json("contact", "list")["contacts"]}
    assert set(contacts) == {"Ada Lovelace", "Zoë Chen"}
    ada = cc.json("contact", "show", "ada")
    assert ada["emails"] == ["ada@acme.example"] and ada["company"] == "Acme"
    assert [e["kind"] for e in ada["timeline"]][:2] == ["outreach", "reply"]
    assert cc.json("contact", "show", "zoë")["introduced_by"]["name"] == "Ada Lovelace"
    assert cc.json("search", "rust")["results"]
    with sqlite3.connect(home / "coffeechat.db") as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            SCHEMA_REVISION
        )
    [backup] = (home / "backups").glob("auto-*.db")
    # the copy made before the upgrade (its reason cut at 40 characters: store/backup.py)
    assert f"before-upgrade-from-{revision}"[:40] in backup.name
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == revision
    if revision >= "0002":
        assert ada["conversations"][0]["place"] == "Video call"
    companies = {c["name"]: c for c in cc.json("company", "list")["companies"]}
    assert companies["Acme"]["target"] and companies["Acme"]["rank"] == 1  # scored: a target
    if revision >= "0004":
        # 0009: what was written before is searched, and the person offered stands at
        # intro-offered (the stage cache was emptied, the introduction feeds it)
        assert [r["kind"] for r in cc.json("search", "pipeline")["results"]] == ["takeaway"]
        assert [r["kind"] for r in cc.json("search", "portfolio")["results"]] == ["promise"]
        assert contacts["Zoë Chen"]["stage"] == "intro-offered"
        recap = cc.json("recap", "ada")["recap"]
        assert recap["topics"][0]["notes"] == ["Physics, then QA"]
        assert recap["promises"][0]["text"] == "Send the portfolio"
    assert cc.json("doctor")["ok"]
