"""On the team server, one person's cache refresh never holds up anyone else's writes.

A refresh of the agenda or stage cache keeps the writes that feed it out while it reads
and caches (``lock_feeds``). On PostgreSQL that is an advisory lock of the owner's
(``database.lock_owner_feeds``): exclusive for the refresh, shared for each write of the
same owner. It used to be a SHARE lock on the tables themselves, which made every
seeker's writes wait for any one seeker's refresh.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import text

from coffeechat.service.accounts import Accounts
from coffeechat.store import agenda_cache, stage_cache
from test_web_team import settings  # noqa: F401 (a fixture)


def _waiting_for_feeds(accounts: Accounts, owner_id: int) -> bool:
    with accounts.engine.connect() as conn:
        return bool(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                    "AND NOT granted AND objid = :owner"
                ),
                {"owner": owner_id},
            ).scalar()
        )


@pytest.mark.parametrize("cache", [agenda_cache, stage_cache], ids=["agenda", "stage"])
def test_a_refresh_holds_up_its_owners_writes_and_no_one_elses(
    settings: Any,  # noqa: F811
    cache: Any,
) -> None:
    accounts = Accounts.open(settings)
    try:
        if accounts.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has one writer at a time: its write lock does it")
        ids = {u.email: u.id for u in accounts.list_users()}
        ada = accounts.workspace_for(ids["ada@example.org"])
        bo = accounts.workspace_for(ids["bo@example.org"])
        done: list[str] = []

        def write(workspace: Any, name: str) -> None:
            workspace.add_contact(name=name)
            done.append(name)

        with ada.writing(refresh=True) as conn:
            cache.lock_feeds(conn, ada.owner_id)  # as a refresh of Ada's cache holds it
            other = threading.Thread(target=write, args=(bo, "Bo's contact"))
            other.start()
            other.join(timeout=60)
            assert not other.is_alive() and done == ["Bo's contact"]  # never waited
            same = threading.Thread(target=write, args=(ada, "Ada's contact"))
            same.start()
            for _ in range(600):  # until her write is seen waiting for the lock
                if _waiting_for_feeds(accounts, ada.owner_id):
                    break
                time.sleep(0.05)
            else:
                pytest.fail("Ada's write did not wait for her refresh")
            assert done == ["Bo's contact"]
        same.join(timeout=60)
        assert done == ["Bo's contact", "Ada's contact"]  # once the refresh ended
    finally:
        accounts.close()


def test_two_writes_of_one_owner_run_side_by_side(settings: Any) -> None:  # noqa: F811
    accounts = Accounts.open(settings)
    try:
        if accounts.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has one writer at a time")
        ada_id = next(u.id for u in accounts.list_users() if u.email == "ada@example.org")
        ada = accounts.workspace_for(ada_id)
        with ada.writing(record=False):  # a write holds the lock shared
            other = threading.Thread(target=ada.add_contact, kwargs={"name": "Meanwhile"})
            other.start()
            other.join(timeout=60)
            assert not other.is_alive()
        assert [c.name for c in ada.list_contacts()] == ["Meanwhile"]
    finally:
        accounts.close()
