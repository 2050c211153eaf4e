"""``company add|edit|list|show``: the LAMP target list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from coffeechat.cli import render
from coffeechat.cli.options import emit_json, json_option, pass_workspace
from coffeechat.cli.render import say


def company_fields(f: Callable[..., Any]) -> Callable[..., Any]:
    """The LAMP options shared by ``company add`` and ``company edit``."""
    options = [
        click.option(
            "--advocacy",
            metavar="[yes|no]",
            help="Do you know someone there who can advocate for you?",
        ),
        click.option(
            "--motivation", metavar="0-3", help='How much you want to work there ("" clears).'
        ),
        click.option(
            "--posting", metavar="1-3", help='How relevant their job postings are ("" clears).'
        ),
        click.option("--website", help="Their web site."),
        click.option("--note", help="A free note."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


@click.group()
def company() -> None:
    """Track the employers you target, ranked LAMP-style.

    \b
    Example:
        coffeechat company add Acme --advocacy yes --motivation 3 --posting 2
        coffeechat company list
    """


@company.command("add")
@click.argument("name", help="The company's name.")
@company_fields
@json_option
@pass_workspace
def company_add(workspace: Any, name: str, as_json: bool, **kwargs: Any) -> None:
    """Add a target company to the LAMP list.

    A company that came with a contact (typed or imported) is not on the list until you
    add it here, score it, or mark it with `company edit NAME --target`.

    \b
    Example:
        coffeechat company add Acme --advocacy yes --motivation 3 --posting 2
    """
    from coffeechat.formats.jsonout import company as company_json

    created = workspace.add_company(name, **kwargs)
    if as_json:
        emit_json(company_json(created))
    else:
        say(f"Added {created.name} (id {created.id}), {_rank(created)}.")


@company.command("edit")
@click.argument("ref", metavar="COMPANY", help="Its name, whole or in part, or its id.")
@click.option("--name", help="A new name.")
@company_fields
@click.option(
    "--target/--no-target",
    default=None,
    help="Put it on the LAMP target list, or take it off (a score puts it on too).",
)
@json_option
@pass_workspace
def company_edit(workspace: Any, ref: str, as_json: bool, **kwargs: Any) -> None:
    """Change a company's name, scores, site or note, or whether it is a target.

    \b
    Example:
        coffeechat company edit Acme --posting 3
        coffeechat company edit "Grubhub, Inc." --no-target
    """
    from coffeechat.formats.jsonout import company as company_json

    changed = workspace.edit_company(ref, **kwargs)
    if as_json:
        emit_json(company_json(changed))
    else:
        say(f"Updated {changed.name} (id {changed.id}), {_rank(changed)}.")


@company.command("list")
@json_option
@pass_workspace
def company_list(workspace: Any, as_json: bool) -> None:
    """List your target companies by LAMP rank: motivation, then posting, then advocacy.

    The top five are marked active: work on those now. Only targets are ranked (added
    with `company add`, scored, or marked with `company edit --target`); the employers
    that came with your contacts follow, unranked.

    \b
    Example:
        coffeechat company list --json
    """
    from coffeechat.formats.jsonout import company as company_json

    items = workspace.list_companies()
    if as_json:
        emit_json({"companies": [company_json(c) for c in items]})
    else:
        click.echo(render.companies(items))


@company.command("show")
@click.argument("ref", metavar="COMPANY", help="Its name, whole or in part, or its id.")
@json_option
@pass_workspace
def company_show(workspace: Any, ref: str, as_json: bool) -> None:
    """Show a company, its rank and the contacts who work there.

    \b
    Example:
        coffeechat company show Acme
    """
    from coffeechat.formats.jsonout import company as company_json

    found = workspace.show_company(ref)
    if as_json:
        emit_json(company_json(found))
    else:
        click.echo(render.company_detail(found))


def _rank(c: Any) -> str:
    if c.rank is None:
        return f"not on your target list (add it: coffeechat company edit {c.id} --target)"
    return f"rank {c.rank}"
