"""The ``coffeechat`` command: thin click commands over the service.

Only click and the light core modules are imported at start-up; each command imports the
service (and so SQLAlchemy) when it runs, so ``coffeechat --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from coffeechat.cli import companies, contacts, pipeline, workspace
from coffeechat.core.errors import CoffeechatError


class CoffeechatGroup(click.Group):
    """Turns domain and database errors into one clear line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CoffeechatError as error:
            raise click.ClickException(str(error)) from None
        except Exception as error:  # database trouble gets one line, not a traceback
            from sqlalchemy.exc import OperationalError

            if isinstance(error, OperationalError):
                reason = str(error.orig).splitlines()[0] if error.orig else str(error)
                raise click.ClickException(f"database: {reason}") from None
            raise


@click.group(
    cls=CoffeechatGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    help="Workspace folder (default: $COFFEECHAT_HOME or your user data folder).",
)
@click.version_option(package_name="coffeechat", prog_name="coffeechat")
@click.pass_context
def cli(ctx: click.Context, home: Path | None) -> None:
    """Turn the people you meet into conversations, introductions and referrals.

    Record a contact, log what happens, and see where every relationship stands.
    Run without a command to see where you are and what to do next.

    \b
    Example:
        coffeechat init --name "Sam Rivera" --timezone America/New_York
        coffeechat contact add "Ada Lovelace" --company Acme --met-at "PyData NYC"
        coffeechat log ada outreach
        coffeechat board
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(workspace.status)


for module in (workspace, contacts, companies, pipeline):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    """Entry point of the ``coffeechat`` script."""
    cli(prog_name="coffeechat")
