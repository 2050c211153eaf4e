"""``contact_list``: the lean page the web's Contacts list reads (one query on the stage
cache) answers what ``contacts_page`` answers (every timeline derived), stages included,
whatever the cache holds: nothing, rows gone stale with time or with the user's zone, or
a cache that cannot be written."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from coffeechat.core.errors import CoffeechatError
from coffeechat.core.model import Stage
from coffeechat.service import Workspace
from coffeechat.store import stage_cache
from coffeechat.store.schema import stage_cache as stage_cache_table
from test_stage_cache import Walk, set_now

COMPANIES = ["Acme", "Globex", "Initech"]
TAGS = ["rust", "design"]


def shown(page: Any) -> tuple[list[tuple[int, str, str | None, Stage | None]], int | None]:
    return [(c.id, c.name, c.company, c.stage) for c in page.items], page.next_offset


def asked(ws: Workspace) -> Iterator[dict[str, Any]]:
    """Every filter the list offers, a few pages of each (3 rows a page)."""
    for offset in (0, 3, 6, 30):
        yield {"limit": 3, "offset": offset}
    yield {"limit": 50}
    for stage in Stage:
        yield {"stage": stage.value, "limit": 2}
        yield {"stage": stage.value, "limit": 2, "offset": 2}
    for tag in TAGS:
        yield {"tag": tag, "limit": 3}
        yield {"tag": tag, "stage": Stage.MET_UP.value, "limit": 3}
    for company in COMPANIES:
        yield {"company": company, "limit": 2, "offset": 1}


def same(ws: Workspace) -> None:
    """The lean page is the full one, for every filter (lean first: it fills the cache)."""
    for filters in asked(ws):
        try:
            lean = shown(ws.contact_list(**filters))
        except CoffeechatError as problem:  # a company not there yet: refused by both
            with pytest.raises(type(problem)):
                ws.contacts_page(**filters)
            continue
        assert lean == shown(ws.contacts_page(**filters)), filters


class ListWalk(Walk):
    """The stage cache's walk, with companies and tags to filter by."""

    def join(self) -> None:
        self.ws.edit_contact(self.someone(), company=self.rng.choice(COMPANIES))

    def tag(self) -> None:
        self.ws.edit_contact(self.someone(), tags=self.rng.sample(TAGS, self.rng.randint(0, 2)))

    def step(self) -> str:
        if self.ids and self.rng.random() < 0.25:
            move = self.rng.choice(["join", "tag"])
            getattr(self, move)()
            return move
        return super().step()


@pytest.mark.parametrize("seed", range(3))
def test_the_lean_list_is_the_full_one_along_random_walks(workspace: Workspace, seed: int):
    walk = ListWalk(workspace, random.Random(seed))
    for _ in range(4):
        walk.add()
    done, seen = [], set()
    for _ in range(40):
        done.append(walk.step())
        same(workspace)
        seen |= {c.stage for c in workspace.list_contacts()}
    assert {"time", "join", "tag"} <= set(done)
    assert len(seen) >= 3


def _stages(ws: Workspace) -> dict[str, Stage]:
    """A workspace with contacts at several stages (names in list order)."""
    ada = ws.add_contact(name="Ada", company="Acme", tags=["rust"])
    bo = ws.add_contact(name="bo", company="Acme")
    cy = ws.add_contact(name="Cy")
    ws.add_contact(name="Di", tags=["rust"])
    ws.log(str(ada.id), "reply", at="2026-11-20T10:00:00+00:00")
    ws.log(str(bo.id), "outreach", at="2026-11-10T10:00:00+00:00")
    ws.log(str(bo.id), "follow-up", at="2026-11-13T10:00:00+00:00")
    ws.confirm(str(cy.id), at="2026-11-30T15:00:00+00:00")
    return {c.name: c.stage for c in ws.list_contacts()}


def test_rows_gone_stale_with_time_or_the_zone_are_derived_again(workspace: Workspace):
    stages = _stages(workspace)
    assert len(set(stages.values())) >= 3
    same(workspace)  # the cache filled
    set_now(workspace, dt.datetime(2026, 11, 30, 15, 1, tzinfo=dt.UTC))  # Cy met up
    assert workspace.contact_list(limit=2, offset=2).items[0].stage is Stage.MET_UP
    same(workspace)
    workspace.update_settings(timezone="Asia/Tokyo")  # every row for New York: stale
    same(workspace)
    set_now(workspace, dt.datetime(2026, 11, 20, tzinfo=dt.UTC))  # back: before it all
    same(workspace)


@pytest.fixture
def statements(workspace: Workspace) -> Iterator[list[str]]:
    """Every statement the workspace's engine runs from now on."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(workspace.engine, "before_cursor_execute", record)
    yield seen
    event.remove(workspace.engine, "before_cursor_execute", record)


def test_a_page_whose_rows_are_valid_is_one_read(workspace: Workspace, statements: list[str]):
    _stages(workspace)
    first = workspace.contact_list(limit=50)
    statements.clear()
    assert workspace.contact_list(limit=50) == first
    reads = [s for s in statements if re.match(r"\s*SELECT", s, re.IGNORECASE)]
    assert len(reads) == 1  # the page, with the user's zone
    assert not [s for s in statements if re.search(r'\bFROM\s+"?event"?\b', s, re.I)]


def test_only_the_page_is_derived(workspace: Workspace):
    for name in ("Ada", "Bo", "Cy", "Di"):
        workspace.add_contact(name=name)
    workspace.contact_list(limit=2, offset=1)
    with workspace.reading() as conn:
        cached = conn.execute(select(stage_cache_table.c.contact_id)).scalars().all()
    assert sorted(cached) == sorted(c.id for c in workspace.contact_list(limit=2, offset=1).items)


def test_a_cache_that_cannot_be_written_still_gives_the_page(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
):
    _stages(workspace)

    def refuse(*_: Any) -> None:
        raise OperationalError("INSERT INTO stage_cache", {}, Exception("readonly database"))

    monkeypatch.setattr(stage_cache, "save", refuse)
    same(workspace)
    with workspace.reading() as conn:
        assert conn.execute(select(func.count()).select_from(stage_cache_table)).scalar() == 0


def test_bad_filters_are_refused_as_by_contacts_page(workspace: Workspace):
    _stages(workspace)
    for filters in ({"stage": "nope"}, {"company": "Nobody Inc"}, {"offset": -1}):
        with pytest.raises(CoffeechatError) as full:
            workspace.contacts_page(**filters, limit=3)  # type: ignore[arg-type]
        with pytest.raises(type(full.value)):
            workspace.contact_list(**filters, limit=3)  # type: ignore[arg-type]
