"""``guide``: the question guide for a contact, and the user's own guides."""

from __future__ import annotations

from typing import Any

import click

from coffeechat.cli.options import (
    CONTACT_HELP,
    DefaultGroup,
    emit_json,
    json_option,
    paper_option,
    pass_workspace,
    write_file,
    write_stdout,
)
from coffeechat.cli.render import say, status_line


class GuideGroup(DefaultGroup):
    """``guide CONTACT`` shows a contact's guide; ``guide list|show|add|remove`` manage
    guides. A first argument that is not one of those subcommands is a contact."""

    default_command = "for"

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(
            ctx.command_path, "CONTACT [--minutes N] [--guide NAME] [--format md|pdf] [--json]"
        )
        formatter.write_usage(ctx.command_path, "list|show|add|remove ...", prefix="   or: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options of `guide CONTACT` (the hidden ``for`` command), then the
        subcommands: --help shows what the main use takes, not just -h."""
        params = self.commands["for"].get_params(ctx)
        for title, kind in (("Positional arguments", click.Argument), ("Options", click.Option)):
            rows = [
                record
                for p in params
                if isinstance(p, kind) and (record := p.get_help_record(ctx)) is not None
            ]
            with formatter.section(title):
                formatter.write_dl(rows)
        self.format_commands(ctx, formatter)


@click.group(cls=GuideGroup)
def guide() -> None:
    """The questions to ask a contact, in order, fitted to the time you have.

    `coffeechat guide CONTACT` shows the guide for a chat with them: tailored to their
    seniority and company, fitted to --minutes (default: the scheduled length, else 30)
    with an opening and a "mind the time" cue. When time is short, questions drop from
    the middle first; the closing ones (next steps) are always kept.

    Built-in guides: `default` (nine topics, them first, you second, ending on next
    steps) and `tiara` (trends, insights, advice, resources, assignments). Write your own
    as a TOML or YAML file (`coffeechat guide show default --toml` is a start) and add it.

    \b
    Example:
        coffeechat guide ada --minutes 20
        coffeechat guide ada --guide tiara --format pdf -o ada-guide.pdf
        coffeechat guide add my-guide.toml
    """


@guide.command("for", hidden=True)
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@click.option(
    "--minutes",
    type=int,
    metavar="N",
    help="How long the chat is (default: as scheduled, else 30).",
)
@click.option(
    "--guide", "name", metavar="NAME", help="Which guide: default, tiara, one of yours, or a file."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "pdf"]),
    default="text",
    show_default=True,
    help="text for the terminal, md (Markdown) or pdf to print.",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (a PDF needs one).")
@paper_option
@json_option
@pass_workspace
def guide_for(
    workspace: Any,
    ref: str,
    minutes: int | None,
    name: str | None,
    fmt: str,
    output: str | None,
    paper: str | None,
    as_json: bool,
) -> None:
    """Show the guide for a chat with CONTACT."""
    view = workspace.guide_for(ref, minutes=minutes, guide=name)
    plan = view.plan
    if as_json:
        from coffeechat.formats import jsonout

        document = jsonout.plan(plan)
        document["contact"] = {"id": view.contact.id, "name": view.contact.name}
        document["conversation"] = view.conversation.id if view.conversation else None
        emit_json(document)
        return
    when = f"{view.when:%a %d %b %Y %H:%M} ({view.conversation.zone})" if view.when else None
    if fmt in ("md", "pdf"):
        from coffeechat.formats import guidedoc

        kwargs = {"contact_name": view.contact.name, "company": view.contact.company, "when": when}
        if fmt == "md":
            data = guidedoc.guide_markdown(plan, **kwargs).encode()
        else:
            data = guidedoc.guide_pdf(plan, **kwargs, paper=workspace.paper_size(paper))
        if output:
            write_file(output, data)
            status_line(f"Guide written to {output}.")
        else:
            write_stdout(data, binary="PDF" if fmt == "pdf" else None)
        return
    click.echo(_text(view, when))


def _text(view: Any, when: str | None) -> str:
    """The plan for a terminal: minutes on the left, questions wrapped beside them."""
    import shutil
    import textwrap

    from coffeechat.core.guides import CUE_TEXT, OPENING_TEXT, WRAP_UP_TEXT

    plan = view.plan
    width = max(50, min(shutil.get_terminal_size((100, 24)).columns, 100))
    length = f"{plan.minutes} minutes" if plan.minutes else "no time limit"
    lines = [f"{plan.title} — {view.contact.name}, {length}"]
    if when:
        lines.append(f"When: {when}")
    lines += ["", "  min"]

    def row(span: str, text: str, *, dim: bool = False, indent: str = "", hang: str = "") -> None:
        body = textwrap.wrap(
            text,
            width - 10,
            initial_indent=indent,
            subsequent_indent=indent + hang,
            break_on_hyphens=False,
        )
        for n, part in enumerate(body or [""]):
            left = span if n == 0 else ""
            lines.append(f"  {left:<7} {click.style(part, dim=True) if dim else part}")

    row(f"0-{plan.opening}", OPENING_TEXT)
    for i, q in enumerate(plan.questions, 1):
        if plan.cue_at is not None and q.start >= plan.cue_at > (q.start - q.minutes):
            lines.append(click.style(f"  {plan.cue_at:<7} ⏰ {CUE_TEXT.capitalize()}", bold=True))
        row(f"{q.start}-{q.start + q.minutes}", f"{i}. {q.text} [{q.key}]", hang="   ")
        row("", q.purpose, dim=True, indent="   ")
    if plan.wrap_up:
        row(f"{plan.wrap_up_at}-{plan.wrap_up_at + plan.wrap_up}", WRAP_UP_TEXT)
    if plan.skipped:
        lines.append("")
        lines.append(f"Left out for time (ask if there is room): {', '.join(plan.skipped)}")
    return "\n".join(lines)


@guide.command("list")
@json_option
@pass_workspace
def guide_list(workspace: Any, as_json: bool) -> None:
    """List the built-in guides and yours.

    \b
    Example:
        coffeechat guide list
    """
    guides = workspace.list_guides()
    if as_json:
        emit_json(
            {
                "guides": [
                    {
                        "name": g.name,
                        "title": g.title,
                        "builtin": g.builtin,
                        "questions": g.questions,
                        "closing": list(g.closing),
                    }
                    for g in guides
                ]
            }
        )
        return
    for g in guides:
        origin = "built-in" if g.builtin else "yours"
        say(f"{g.name:<16} {g.title} ({g.questions} questions, {origin})")


@guide.command("show")
@click.argument("name", metavar="NAME", help="A guide's name (`coffeechat guide list`).")
@click.option("--toml", is_flag=True, help="Print it as a TOML file you can edit and add.")
@json_option
@pass_workspace
def guide_show(workspace: Any, name: str, toml: bool, as_json: bool) -> None:
    """Show a guide's questions and purposes (not fitted to anyone).

    \b
    Example:
        coffeechat guide show tiara
        coffeechat guide show default --toml > my-guide.toml
    """
    found = workspace.get_guide(name)
    if toml:
        from coffeechat.formats.guidefile import dump_toml

        click.echo(dump_toml(found), nl=False)
        return
    if as_json:
        from coffeechat.core.guides import guide_to_mapping

        emit_json(guide_to_mapping(found))
        return
    say(f"{found.title} ({found.name})")
    for i, q in enumerate(found.questions, 1):
        closing = "  (closing: always kept)" if q.key in found.closing else ""
        say(f"{i:>2}. [{q.key}] {q.text}{closing}")
        click.echo(f"    {click.style(q.purpose, dim=True)}")


@guide.command("add")
@click.argument("file", metavar="FILE", help="A guide as a .toml, .yaml or .yml file.")
@click.option("--name", metavar="NAME", help="Its name (default: from the file, else its stem).")
@pass_workspace
def guide_add(workspace: Any, file: str, name: str | None) -> None:
    """Add your own guide from a TOML or YAML file (one of the same name is replaced).

    The file has a `title`, optional `name`, `description` and `closing` (the keys
    always kept, default the last two), and `questions`, each with `key`, `text` and
    `purpose` (and an optional `weight`, 1-5). Errors name the line and the field.

    \b
    Example:
        coffeechat guide show default --toml > my-guide.toml   # edit it, then:
        coffeechat guide add my-guide.toml --name my-guide
    """
    added, replaced = workspace.add_guide(file, name=name)
    verb = "Replaced" if replaced else "Added"
    click.echo(
        f"{verb} guide {added.name!r}: {added.title}, {len(added.questions)} questions. "
        f"Use it: coffeechat guide CONTACT --guide {added.name}"
    )


@guide.command("remove")
@click.argument("name", metavar="NAME", help="A guide's name (`coffeechat guide list`).")
@pass_workspace
def guide_remove(workspace: Any, name: str) -> None:
    """Remove one of your guides (conversations that used it fall back to the default).

    \b
    Example:
        coffeechat guide remove product
    """
    removed = workspace.remove_guide(name)
    click.echo(f"Removed guide {removed!r}.")
