"""``worker``: the team server's daily digests, sent through the server's mail server
by a worker on a PostgreSQL job queue (or one pass at a time, ``--once``)."""

from __future__ import annotations

import click

from coffeechat.cli.options import settings_from
from coffeechat.cli.render import status_line


@click.command()
@click.option(
    "--once",
    is_flag=True,
    help="Send the digests due now and exit, without the job queue (any database; for "
    "cron or a trial on SQLite).",
)
@click.option(
    "--until-idle",
    is_flag=True,
    help="Run on the job queue until it is idle: look once for the digests due now, "
    "send them, and exit (exit status 1 when one failed). A check after setting up, "
    "or a test.",
)
@click.option(
    "--url",
    envvar="COFFEECHAT_SERVER_URL",
    metavar="URL",
    help="The address people open the team server at, for the links in the digests "
    "[env: COFFEECHAT_SERVER_URL].",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 32),
    default=1,
    show_default=True,
    metavar="N",
    help="Digests sent at the same time by this worker.",
)
def worker(once: bool, until_idle: bool, url: str | None, concurrency: int) -> None:
    """Send each seeker and coach their daily digest, at the hour they chose.

    A seeker's digest says what is due on their agenda today (and late) and the
    conversations of the next two days; a coach's lists the recaps waiting for their
    review, oldest first. Each person gets one a day, at the hour they chose in their
    own zone (08:00 unless they changed it in Settings), and none when nothing is due.

    The worker runs until stopped (SIGINT, SIGTERM) on the job queue in the team
    server's PostgreSQL database (procrastinate; its tables are made on first start).
    Several workers may run side by side. The mail server comes from the environment:
    COFFEECHAT_SMTP_HOST, _PORT, _SECURITY (starttls, ssl, none), _USER,
    _PASSWORD_FILE and _FROM (docs/team.md).

    --until-idle runs the same job queue for one round only: it looks for the digests
    due now, sends them, and exits once no job is left.

    \b
    Example:
        coffeechat worker --url https://coffee.bootcamp.example
        coffeechat worker --until-idle --url https://coffee.bootcamp.example
        coffeechat worker --once
    """
    from coffeechat.service.accounts import Accounts
    from coffeechat.service.digests import Digests, MailServer
    from coffeechat.service.sending import SendError

    settings = settings_from(click.get_current_context())
    if once and until_idle:
        raise click.UsageError("--once and --until-idle: give one of them")
    if not once:
        from coffeechat.service.worker import conninfo

        conninfo(settings.database_url)  # NeedsPostgres on SQLite, before anything else
    mail = MailServer.from_env()
    if mail is None:
        raise SendError(
            "no mail server for the digests: set COFFEECHAT_SMTP_HOST and COFFEECHAT_SMTP_FROM "
            "(see docs/team.md)"
        )
    with Accounts.open(settings) as accounts:
        digests = Digests(accounts, mail, url)
        if once:
            done = digests.run_once()
            for error in done.errors:
                click.echo(f"Error: {error}", err=True)
            status_line(
                f"{done.sent} digests sent, {done.empty} with nothing due (not sent), "
                f"{done.failed} failed."
            )
            if done.failed:
                raise SystemExit(1)
            return
        import asyncio
        import logging

        from coffeechat.service.worker import EVERY_MINUTES, run, run_round

        # the queue's own lines (jobs started, done, failed: never a message body), for
        # the journal, which adds the time
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
        if until_idle:
            round_ = asyncio.run(run_round(digests, concurrency=concurrency))
            status_line(
                f"{round_.sent} digests sent, {round_.failed} failed"
                + (f" ({round_.left} left for the next pass)." if round_.left else ".")
            )
            if round_.left or round_.failed:
                raise SystemExit(1)
            return

        status_line(
            f"Worker running: it looks for digests due every {EVERY_MINUTES} minutes. "
            "Stop it with Ctrl-C."
        )
        asyncio.run(run(digests, concurrency=concurrency))
