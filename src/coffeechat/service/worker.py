"""``coffeechat worker`` on a PostgreSQL job queue (procrastinate), in the database of
the team server.

A periodic job (``find_due``, every ``EVERY_MINUTES`` minutes; procrastinate defers it
once per tick however many workers run) writes the heartbeat and defers one ``send``
job per user whose digest is due (service/digests.py says who); each ``send`` job takes
the digest's row before it mails it, so a digest goes out once a day even when two
workers or a restart meet. Procrastinate's own tables (``procrastinate_*``) live in the
same database, made when the worker first starts."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coffeechat.core.errors import CoffeechatError

if TYPE_CHECKING:
    import procrastinate

    from coffeechat.service.digests import Digests

#: How often the worker looks for digests that are due (a digest arrives within this
#: many minutes after its hour).
EVERY_MINUTES = 5
FIND_DUE = "coffeechat.digests.find_due"
SEND = "coffeechat.digests.send"


class NeedsPostgres(CoffeechatError):
    """The job queue runs on PostgreSQL only."""

    def __init__(self) -> None:
        super().__init__(
            "the worker needs PostgreSQL: set COFFEECHAT_DATABASE_URL=postgresql+psycopg://… "
            "(on SQLite, run `coffeechat worker --once` from cron instead)"
        )


def conninfo(database_url: str) -> str:
    """The libpq connection string of a SQLAlchemy URL (``postgresql+psycopg://…``);
    NeedsPostgres for any other database."""
    from psycopg.conninfo import make_conninfo
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise NeedsPostgres
    parts: dict[str, Any] = {
        "host": url.host,
        "port": url.port,
        "dbname": url.database,
        "user": url.username,
        "password": url.password,
    }
    parts.update({k: v if isinstance(v, str) else v[-1] for k, v in url.query.items()})
    return make_conninfo("", **{k: v for k, v in parts.items() if v is not None})


class NeedsProcrastinate(CoffeechatError):
    """The job queue's package is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "the worker needs the procrastinate package: pip install 'coffeechat[team]'"
        )


def make_app(digests: Digests) -> procrastinate.App:
    """The job queue's app over the database of ``digests``, with its two tasks."""
    try:
        import procrastinate
        from procrastinate.exceptions import AlreadyEnqueued
    except ImportError:
        raise NeedsProcrastinate from None

    connector = procrastinate.PsycopgConnector(
        conninfo=conninfo(digests.accounts.settings.database_url)
    )
    app = procrastinate.App(connector=connector)

    @app.task(name=SEND)
    async def send(user_id: int, day: str, pass_id: str | None = None) -> str:
        """Send one user's digest of ``day`` (ISO date, their zone's); its outcome counts
        in the pass ``pass_id`` (the tick of ``find_due`` that deferred it)."""
        return await asyncio.to_thread(digests.send, user_id, dt.date.fromisoformat(day), pass_id)

    @app.periodic(cron=f"*/{EVERY_MINUTES} * * * *", periodic_id="digests")
    @app.task(name=FIND_DUE, queueing_lock=FIND_DUE)
    async def find_due(timestamp: int, pass_id: str | None = None) -> int:
        """The heartbeat, and one ``send`` job per digest due now, whose outcomes count
        in the pass ``pass_id`` (by default the tick's: ``tick-TIMESTAMP``)."""
        pass_id = pass_id or f"tick-{timestamp}"
        due = await asyncio.to_thread(_beat_and_find, digests)
        for user_id, day in due:
            lock = f"digest:{user_id}:{day.isoformat()}"
            # AlreadyEnqueued: deferred by an earlier tick and not run yet
            with contextlib.suppress(AlreadyEnqueued):
                await send.configure(queueing_lock=lock).defer_async(
                    user_id=user_id, day=day.isoformat(), pass_id=pass_id
                )
        return len(due)

    return app


def _beat_and_find(digests: Digests) -> list[tuple[int, dt.date]]:
    digests.beat()
    return digests.due()


def queue_ready(digests: Digests) -> bool:
    """Whether procrastinate's tables are in the database."""
    from coffeechat.store.digests import has_table

    with digests.accounts.reading() as conn:
        return has_table(conn, "procrastinate_jobs")


async def apply_queue_schema(app: procrastinate.App, digests: Digests) -> bool:
    """Make procrastinate's tables when they are missing; whether they were made."""
    if await asyncio.to_thread(queue_ready, digests):
        return False
    try:
        await app.schema_manager.apply_schema_async()
    except Exception:  # another worker made them at the same instant: fine if there
        if await asyncio.to_thread(queue_ready, digests):
            return False
        raise
    return True


@dataclass(frozen=True)
class Round:
    """What one round of the queue did (``coffeechat worker --until-idle``): the
    digests its pass sent and failed, and how many due now are left unsent (given back
    for the next pass)."""

    sent: int
    failed: int
    left: int


async def run_round(digests: Digests, *, concurrency: int = 1) -> Round:
    """One round on the job queue: defer ``find_due`` for now, run the worker until no
    job is left, and say what the round did."""
    from coffeechat.service.digests import last_pass

    app = make_app(digests)  # NeedsProcrastinate without it
    from procrastinate.exceptions import AlreadyEnqueued

    tick = int(digests.accounts.now().timestamp())
    pass_id = f"round-{uuid.uuid4().hex[:12]}"  # this round's own, whatever the clock says
    async with app.open_async():
        await apply_queue_schema(app, digests)
        # AlreadyEnqueued: a running worker's tick waits in the queue; this round runs it
        with contextlib.suppress(AlreadyEnqueued):
            await app.tasks[FIND_DUE].defer_async(timestamp=tick, pass_id=pass_id)
        await app.run_worker_async(
            wait=False,
            concurrency=concurrency,
            delete_jobs="successful",
            install_signal_handlers=False,
            listen_notify=False,
        )
    done = await asyncio.to_thread(last_pass, digests.accounts, pass_id)
    left = await asyncio.to_thread(digests.due)
    return Round(done.sent, done.failed, len(left))


async def run(digests: Digests, *, wait: bool = True, concurrency: int = 1) -> None:
    """Run the worker: until stopped (SIGINT, SIGTERM), or with ``wait`` False until
    the queue is empty (tests)."""
    app = make_app(digests)
    async with app.open_async():
        await apply_queue_schema(app, digests)
        await app.run_worker_async(
            wait=wait,
            concurrency=concurrency,
            delete_jobs="successful",
            install_signal_handlers=wait,
            listen_notify=wait,
        )
