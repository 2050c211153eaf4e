"""Alembic migrations, run from code (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

HERE = Path(__file__).parent


def config() -> object:
    """An Alembic Config pointing at this folder."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


def run_upgrade(connection: Connection, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` on ``connection``, in its transaction."""
    from alembic import command
    from alembic.config import Config

    cfg = config()
    assert isinstance(cfg, Config)
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, revision)


def head_revision() -> str:
    """The newest revision among the migration scripts."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = config()
    assert isinstance(cfg, Config)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every revision the migration scripts know."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = config()
    assert isinstance(cfg, Config)
    return {s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()}
