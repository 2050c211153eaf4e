"""The ``coffeechat`` command: thin click commands over the service.

Start-up is kept fast: this module imports only click. Each command's module is imported
when that command runs (and the service, hence SQLAlchemy, only inside the command), so
``coffeechat --help`` never pays for the database layer. ``COMMANDS`` lists every
top-level command with its one-line help, so the top-level help needs no imports at all;
``tests/test_docs.py`` checks those lines against the commands themselves.
"""

from __future__ import annotations

from typing import Any

import click

#: name → (module, attribute, one-line help); the order is the order of ``--help``.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": ("coffeechat.cli.workspace", "init", "Create your workspace."),
    "status": ("coffeechat.cli.workspace", "status", "Show where you stand and what to do next."),
    "settings": (
        "coffeechat.cli.workspace",
        "settings",
        "Show or change your settings (name, zone, availability, signature...).",
    ),
    "contact": ("coffeechat.cli.contacts", "contact", "Record and look after the people you meet."),
    "company": (
        "coffeechat.cli.companies",
        "company",
        "Track the employers you target, ranked LAMP-style.",
    ),
    "log": (
        "coffeechat.cli.pipeline",
        "log",
        "Log what happened with a contact; their stage follows.",
    ),
    "board": (
        "coffeechat.cli.pipeline",
        "board",
        "Show contacts by stage, with how long each has waited.",
    ),
    "schedule": (
        "coffeechat.cli.scheduling",
        "schedule",
        "Offer times to a contact who agreed to chat, and confirm the one they choose.",
    ),
    "calendar": (
        "coffeechat.cli.scheduling",
        "calendar",
        "Keep the calendars whose busy time every proposal avoids.",
    ),
    "check": (
        "coffeechat.cli.check",
        "check",
        "Check a message you wrote and say exactly what to fix.",
    ),
    "draft": (
        "coffeechat.cli.drafts",
        "draft",
        "Draft a message of the workflow for a contact, from what you know about them.",
    ),
    "send": (
        "coffeechat.cli.send",
        "send",
        "Send a drafted e-mail through your mail server and log it on the contact's timeline.",
    ),
    "guide": (
        "coffeechat.cli.guides",
        "guide",
        "The questions to ask a contact, in order, fitted to the time you have.",
    ),
    "chat": (
        "coffeechat.cli.chat",
        "chat",
        "Hold the conversation: step through the guide, taking notes as you go.",
    ),
    "note": (
        "coffeechat.cli.conversation",
        "note",
        "Notes on a conversation, under the topics of its guide.",
    ),
    "takeaway": (
        "coffeechat.cli.conversation",
        "takeaway",
        "What you take away from a conversation, by kind (grouped so in the recap).",
    ),
    "promise": (
        "coffeechat.cli.conversation",
        "promise",
        "Promises made in a conversation, by you or by them, with their dates.",
    ),
    "intro": ("coffeechat.cli.conversation", "intro", "Introductions a contact offered to make."),
    "recap": (
        "coffeechat.cli.conversation",
        "recap",
        "Write the recap of a conversation, to share with a coach.",
    ),
    "agenda": (
        "coffeechat.cli.followups",
        "agenda",
        "What you owe to whom: overdue, today and coming, most urgent first.",
    ),
    "network": (
        "coffeechat.cli.network",
        "network",
        "Show who introduced you to whom: the chains from you, and what each introducer did.",
    ),
    "path": (
        "coffeechat.cli.paths",
        "path",
        "Record how applications into a company run, and compare referrals with applying.",
    ),
    "stats": (
        "coffeechat.cli.stats",
        "stats",
        "Show your progress: the funnel from met to offers, reply times, weekly chats.",
    ),
    "followup": (
        "coffeechat.cli.followups",
        "followup",
        "Mark done, dismiss or snooze an item of the agenda.",
    ),
    "search": (
        "coffeechat.cli.pipeline",
        "search",
        "Search contacts, companies and notes; every word must match (as a prefix).",
    ),
    "import": (
        "coffeechat.cli.imports",
        "import_",
        "Bring contacts in: LinkedIn, vCard, any spreadsheet (or a coffeechat JSON export).",
    ),
    "export": (
        "coffeechat.cli.exchange",
        "export",
        "Export your data: everything as JSON (a backup), contacts as CSV or vCard.",
    ),
    "backup": (
        "coffeechat.cli.maintenance",
        "backup",
        "Make a consistent copy of the workspace, even while it is in use.",
    ),
    "doctor": (
        "coffeechat.cli.maintenance",
        "doctor",
        "Check the workspace and say what to do: integrity, schema, orphans, the index.",
    ),
    "undo": ("coffeechat.cli.undo", "undo", "Revert the last change you made to the workspace."),
    "serve": (
        "coffeechat.cli.serve",
        "serve",
        "Start the web UI on this computer and open it in your browser.",
    ),
    "admin": (
        "coffeechat.cli.admin",
        "admin",
        "Manage the team server's accounts: users, passwords, API tokens, cohorts.",
    ),
    "worker": (
        "coffeechat.cli.worker",
        "worker",
        "Send each seeker and coach their daily digest, at the hour they chose.",
    ),
    "demo": (
        "coffeechat.cli.workspace",
        "demo",
        "Open a workspace with sample data, creating it on first run.",
    ),
}


class CoffeechatGroup(click.Group):
    """Loads commands lazily and turns domain/database errors into one line, exit 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        import importlib

        module, attribute, _ = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, short) for name, (_, _, short) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from coffeechat.core.errors import CoffeechatError
        from coffeechat.service.changes import change

        try:
            with change(_label(self, ctx)):  # what this command writes, undo reverts whole
                return super().invoke(ctx)
        except click.UsageError as error:  # click quotes the bad value: keep it short
            from coffeechat.cli.render import shortened

            raise click.UsageError(shortened(error.format_message()), error.ctx) from None
        except CoffeechatError as error:
            from coffeechat.cli.render import line

            # one line, shown safely: the message may quote the user's own text
            raise click.ClickException(line(str(error))) from None
        except Exception as error:  # database trouble gets one line, not a traceback
            from sqlalchemy.exc import OperationalError

            from coffeechat.service.maintenance import damage_found

            damaged = damage_found(_settings(ctx), error)
            if damaged is not None:  # a damaged file met mid-command: remembered, one line
                raise click.ClickException(str(damaged)) from None
            if isinstance(error, OperationalError):
                reason = str(error.orig).splitlines()[0] if error.orig else str(error)
                raise click.ClickException(f"database: {reason}") from None
            raise


def _label(group: click.Group, ctx: click.Context) -> str:
    """How undo names this run: the command's words, and the kind of a log ("log
    meeting"), read from the arguments without running anything (an option where a
    command's name would be, such as --help, ends the words: resolving it would act)."""
    from coffeechat.cli.options import DefaultGroup

    args = [*ctx._protected_args, *ctx.args]
    words: list[str] = []
    command: click.Command = group
    while isinstance(command, click.Group) and args and not args[0].startswith("-"):
        default = command.default_command if isinstance(command, DefaultGroup) else None
        if default is not None and isinstance(command, DefaultGroup):
            args = command.routed(args)
        try:
            name, found, args = command.resolve_command(ctx, args)
        except click.UsageError:
            break
        if found is None or name is None:
            break
        if name != default:  # `log ada reply` is named "log reply", not "log add reply"
            words.append(name)
        command = found
    if not isinstance(command, click.Group) and any(
        isinstance(p, click.Argument) and p.name == "kind" for p in command.params
    ):
        try:
            parsed = command.make_context(words[-1], list(args), resilient_parsing=True)
            kind = parsed.params.get("kind")
            if isinstance(kind, str) and kind:
                words.append(kind)
        except (click.ClickException, click.exceptions.Exit):
            pass
    return " ".join(words) or "status"


def _settings(ctx: click.Context) -> Any:
    """The settings of this run, or None when the environment itself is wrong."""
    from coffeechat.cli.options import settings_from
    from coffeechat.core.errors import CoffeechatError

    try:
        return settings_from(ctx)
    except CoffeechatError:
        return None


@click.group(
    cls=CoffeechatGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    help="Workspace folder (default: $COFFEECHAT_HOME or your user data folder).",
)
@click.version_option(package_name="coffeechat", prog_name="coffeechat")
@click.pass_context
def cli(ctx: click.Context, home: str | None) -> None:
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
        status = cli.get_command(ctx, "status")
        assert status is not None
        ctx.invoke(status)


def main() -> None:
    """Entry point of the ``coffeechat`` script."""
    cli(prog_name="coffeechat")
