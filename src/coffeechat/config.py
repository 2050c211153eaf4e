"""Where the workspace lives and what time it is: the environment contracts.

- ``COFFEECHAT_HOME``: the data folder (default: the platform's user data dir).
- ``COFFEECHAT_DATABASE_URL``: another database (e.g. ``postgresql+psycopg://…``).
- ``COFFEECHAT_NOW``: an ISO 8601 instant with offset that is "now" for every command.

The clock here is the only place coffeechat reads the wall clock.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from coffeechat.core import limits
from coffeechat.core.errors import CoffeechatError, quoted

DB_FILENAME = "coffeechat.db"


class BadEnvironment(CoffeechatError):
    """An environment variable holds a value coffeechat cannot use."""


@dataclass(frozen=True)
class Clock:
    """The one source of "now": fixed when ``COFFEECHAT_NOW`` is set, else the wall clock."""

    fixed: dt.datetime | None = None

    def now(self) -> dt.datetime:
        """The current instant, aware, in UTC."""
        if self.fixed is not None:
            return self.fixed.astimezone(dt.UTC)
        return dt.datetime.now(dt.UTC)


def parse_now(value: str) -> dt.datetime:
    """Read ``COFFEECHAT_NOW``: ISO 8601 with an offset (``Z`` allowed)."""
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise BadEnvironment(
            f"COFFEECHAT_NOW: {quoted(value)} is not an ISO 8601 instant with an offset "
            "(example: 2026-11-27T09:00:00-05:00)"
        )
    if not limits.FIRST_DAY <= parsed.date() <= limits.LAST_DAY:
        raise BadEnvironment(
            f"COFFEECHAT_NOW: {quoted(value)} is outside the years "
            f"{limits.FIRST_DAY.year}-{limits.LAST_DAY.year} coffeechat accepts"
        )
    return parsed


def local_zone() -> str:
    """This machine's IANA zone, best effort (``TZ``, then /etc/localtime; else UTC)."""
    if os.environ.get("TZ", "").count("/"):
        return os.environ["TZ"].lstrip(":")
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return "UTC"
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else "UTC"


def default_home() -> Path:
    """The platform's user data folder for coffeechat."""
    import platformdirs

    return Path(platformdirs.user_data_dir("coffeechat", appauthor=False))


@dataclass(frozen=True)
class Settings:
    """Where the data is and which clock to use, resolved once per command."""

    home: Path
    database_url: str
    clock: Clock

    @property
    def uses_default_database(self) -> bool:
        """Whether the database is the SQLite file inside ``home``."""
        return self.database_url == f"sqlite:///{self.home / DB_FILENAME}"

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, home: Path | None = None
    ) -> Settings:
        """Settings from the environment; ``home`` (e.g. ``--home``) wins over it."""
        env = os.environ if environ is None else environ
        if home is None:
            home = Path(env["COFFEECHAT_HOME"]) if env.get("COFFEECHAT_HOME") else default_home()
        home = home.expanduser()
        url = env.get("COFFEECHAT_DATABASE_URL") or f"sqlite:///{home / DB_FILENAME}"
        now = env.get("COFFEECHAT_NOW")
        return cls(home=home, database_url=url, clock=Clock(parse_now(now) if now else None))

    def describe(self) -> str:
        """Where the data lives, for messages (a URL's password is hidden)."""
        if self.uses_default_database:
            return str(self.home / DB_FILENAME)
        from sqlalchemy.engine import make_url

        return make_url(self.database_url).render_as_string(hide_password=True)
