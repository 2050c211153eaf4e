"""The agenda feed: the agenda and the conversations coming up as one calendar a
calendar app subscribes to (``/agenda.ics?key=…``), so reminders arrive through it.

The feed's key and when it was last fetched are files in the workspace folder, beside
the web's access token (service/access.py): not data of the workspace, so ``undo`` and
the tables stay out of it. On the team server, each user has a key of their own, in the
database (``team_feed_key``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coffeechat.service.accounts import Accounts
    from coffeechat.service.workspace import Workspace
    from coffeechat.store.digests import Feed

#: How far ahead the feed looks: far enough for a calendar app to show the month.
FEED_DAYS = 30


def agenda_feed(workspace: Workspace, days: int = FEED_DAYS) -> bytes:
    """The feed: every agenda item due within ``days`` (late ones on today), and the
    conversations coming up in that time, with alarms; stable UIDs, so each fetch
    updates the entries already there."""
    from coffeechat.formats.agendaics import Meeting, agenda_ics

    result = workspace.agenda(days)
    meetings = []
    for row, name in workspace.coming_conversations(days):
        assert row.start is not None
        end = row.end or row.start + dt.timedelta(minutes=30)
        what = f"Conversation with {name}"
        meetings.append(
            Meeting(f"conversation-{row.id}", what, row.start, end, row.place, row.link or "")
        )
    return agenda_ics(
        result.items,
        workspace.now(),
        workspace.get_settings().name,
        meetings=meetings,
        today=result.today,
    )


# --- team mode: a feed per user ----------------------------------------------------------------
#
# On the team server the key is a row of ``feed_key`` per user (store/digests.py), not a
# file of the shared folder: a key opens its owner's agenda only, and the same address
# never shows anyone else's.

#: The most of a calendar app's User-Agent kept (it is shown on Today).
AGENT_LONGEST = 120


def team_feed_key(accounts: Accounts, user_id: int, *, renew: bool = False) -> str:
    """The user's feed key, made on first use; ``renew`` replaces it (the old address
    stops working at once)."""
    return team_feed(accounts, user_id, renew=renew).key


def team_feed(accounts: Accounts, user_id: int, *, renew: bool = False) -> Feed:
    """The user's feed: its key (made on first use; ``renew`` replaces it), and when and
    by what it was last fetched, in one read."""
    import secrets

    from coffeechat.store import digests as store

    if not renew:  # every Today asks: a read, and a write only the first time
        with accounts.reading() as conn:
            found = store.feed_of(conn, user_id)
        if found is not None:
            return found
    now = accounts.now()
    with accounts.writing(record=False) as conn:
        if renew:
            store.renew_feed(conn, user_id, secrets.token_urlsafe(24), now)
        else:  # unless another request made it meanwhile: then that one
            store.add_feed(conn, user_id, secrets.token_urlsafe(24), now)
        made = store.feed_of(conn, user_id)
    assert made is not None
    return made


def team_feed_user(accounts: Accounts, key: str) -> int | None:
    """Whose feed ``key`` opens (an active account's), or None."""
    from coffeechat.store import digests as store

    if not key or len(key) > 64:
        return None
    with accounts.reading() as conn:
        return store.feed_user(conn, key)


def team_feed_fetched(accounts: Accounts, user_id: int, agent: str | None) -> None:
    """Remember that a calendar app fetched the user's feed now, and which."""
    from coffeechat.store import digests as store

    name = " ".join((agent or "").split())[:AGENT_LONGEST] or None
    with accounts.writing(record=False) as conn:
        store.feed_fetched(conn, user_id, accounts.now(), name)


def team_feed_seen(accounts: Accounts, user_id: int) -> tuple[dt.datetime, str] | None:
    """When the user's feed was last fetched and by what (None: never)."""
    from coffeechat.store import digests as store

    with accounts.reading() as conn:
        found = store.feed_of(conn, user_id)
    if found is None or found.fetched_at is None:
        return None
    return found.fetched_at, found.agent or ""
