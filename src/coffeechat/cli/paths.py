"""``path add|step|list|show``: how applications into a company run, and what a referral
saves against the conventional route."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.options import emit_json, json_option, pass_workspace
from coffeechat.cli.render import say

if TYPE_CHECKING:
    from coffeechat.core.paths import KindSummary, Path


def path_document(p: Path) -> dict[str, Any]:
    """A path as JSON (docs/json.md)."""
    return {
        "id": p.id,
        "company": p.company,
        "company_id": p.company_id,
        "role": p.role,
        "via": (
            "conventional"
            if p.kind.value == "conventional"
            else {"id": p.via_contact_id, "name": p.via_contact}
        ),
        "steps": [
            {
                "step": s.step,
                "on": s.on.isoformat(),
                "note": s.note,
                "skipped": list(s.skipped),
                "since_previous": gap,
            }
            for s, gap in zip(p.steps, p.gaps(), strict=True)
        ],
        "steps_taken": p.steps_taken,
        "outcome": p.outcome,
        "days": p.days,
    }


def kind_document(k: KindSummary) -> dict[str, Any]:
    """One kind's numbers as JSON."""
    return {
        "via": k.kind.value,
        "paths": k.paths,
        "offers": k.offers,
        "offer_rate": k.offer_rate,
        "median_steps": k.median_steps,
        "median_steps_to_offer": k.median_steps_to_offer,
        "median_days_to_offer": k.median_days_to_offer,
        "median_days": k.median_days,
    }


def _via(p: Path) -> str:
    if p.kind.value == "conventional":
        return "conventional"
    return f"via {p.via_contact or 'a removed contact'}"


def _headline(p: Path) -> str:
    from coffeechat.core.paths import LABELS

    state = f"ended: {LABELS[p.outcome]}" if p.outcome else "open"
    days = f", {p.days} days" if p.days else ""
    count = f"{p.steps_taken} step{'' if p.steps_taken == 1 else 's'}"
    return f"#{p.id} {p.company} — {p.role} ({_via(p)}): {count}{days}, {state}"


def _steps_text(p: Path) -> list[str]:
    from coffeechat.core.paths import LABELS, next_steps

    lines = []
    for s, gap in zip(p.steps, p.gaps(), strict=True):
        after = f"+{gap}d" if gap is not None else ""
        line = f"  {s.on.isoformat()}  {after:>5}  {LABELS[s.step]}"
        if s.skipped:
            line += click.style(f"  (skipped: {', '.join(LABELS[k] for k in s.skipped)})", dim=True)
        lines.append(line)
        if s.note:
            lines.append(f"                     {click.style(s.note, dim=True)}")
    if not p.steps:
        lines.append("  No steps yet.")
    upcoming = next_steps(p)
    if upcoming:
        lines.append(
            f"  Next: coffeechat path step {p.id} {upcoming[0]} "
            f"(or any of {', '.join(upcoming[1:])})"
        )
    return lines


@click.group()
def path() -> None:
    """Record how applications into a company run, and compare referrals with applying.

    A conventional application goes through about seven steps (application, résumé
    screen, phone screen, technical challenge, hiring-manager review, final round,
    offer); an introduction by a contact usually skips to about four (introduction with
    résumé, technical challenge, final round, offer). Record yours with their dates and
    `path show` says what a referral saved you, in your own numbers.

    \b
    Example:
        coffeechat path add Acme --role "Data Analyst" --via ada
        coffeechat path step 1 introduction --on 2026-11-02
        coffeechat path show
    """


@path.command("add")
@click.argument("company", metavar="COMPANY")
@click.option("--role", required=True, help="The job you apply for.")
@click.option(
    "--via",
    required=True,
    metavar="conventional|CONTACT",
    help="conventional (you apply), or the contact who introduces you (id or name).",
)
@json_option
@pass_workspace
def path_add(workspace: Any, company: str, role: str, via: str, as_json: bool) -> None:
    """Start a path into COMPANY for a role, conventional or via a contact.

    COMPANY is one you track (`coffeechat company add` adds it); --via names the contact
    who introduces you, or says conventional when you apply like everyone else.

    \b
    Example:
        coffeechat path add Acme --role "Data Analyst" --via conventional
        coffeechat path add Acme --role "Data Analyst" --via "Ada Lovelace"
    """
    from coffeechat.core.paths import valid_steps

    created = workspace.add_path(company, role, via)
    if as_json:
        emit_json(path_document(created))
        return
    say(f"Added path {created.id}: {created.company} — {created.role} ({_via(created)}).")
    say(
        f"Record its steps as they happen: coffeechat path step {created.id} STEP "
        f"[--on DATE] (steps: {', '.join(valid_steps(created.kind))})"
    )


@path.command("step")
@click.argument("path_id", metavar="PATH")
@click.argument("step", metavar="STEP", help="The step it reached (listed below).")
@click.option("--on", "on", metavar="DATE", help="The day it happened (default: today).")
@click.option("--note", metavar="TEXT", help="A note about this step.")
@json_option
@pass_workspace
def path_step(
    workspace: Any, path_id: str, step: str, on: str | None, note: str | None, as_json: bool
) -> None:
    """Record the next step a path took, with its date.

    PATH is the path's id (`coffeechat path list`); --on defaults to today. Steps go in
    order: a later step may skip earlier ones (the skipped ones are shown), but none
    comes back, and dates never go back or into the future.

    Steps of a conventional path: application, resume-screen, phone-screen,
    technical-challenge, hiring-manager-review, final-round, offer. Via a contact:
    introduction, technical-challenge, final-round, offer. Either may end with
    rejected or withdrawn.

    \b
    Example:
        coffeechat path step 1 phone-screen --on 2026-11-12 --note "30 min with HR"
        coffeechat path step 1 rejected
    """
    from coffeechat.core.paths import LABELS

    changed = workspace.add_path_step(path_id, step, on=on, note=note)
    if as_json:
        emit_json(path_document(changed))
        return
    last = changed.steps[-1]
    skipped = f" (skipped: {', '.join(LABELS[k] for k in last.skipped)})" if last.skipped else ""
    say(f"Path {changed.id}: {LABELS[last.step]} on {last.on}{skipped}.")
    say(_headline(changed))


@path.command("list")
@json_option
@pass_workspace
def path_list(workspace: Any, as_json: bool) -> None:
    """List your paths with how far each got.

    \b
    Example:
        coffeechat path list
    """
    items = workspace.list_paths()
    if as_json:
        emit_json({"paths": [path_document(p) for p in items]})
        return
    if not items:
        click.echo('No paths yet: coffeechat path add COMPANY --role "..." --via conventional')
        return
    for p in items:
        say(_headline(p))


@path.command("show")
@click.argument("path_id", metavar="[PATH]", required=False)
@json_option
@pass_workspace
def path_show(workspace: Any, path_id: str | None, as_json: bool) -> None:
    """Compare referral paths with conventional ones, or show one path.

    Without PATH, the comparison of your own paths; with PATH (its id), its steps with
    their dates and the days between them.

    For each kind: how many paths, the median steps taken and days, offers and the
    offer rate.

    \b
    Example:
        coffeechat path show
        coffeechat path show 1
    """
    if path_id is not None:
        found = workspace.show_path(path_id)
        if as_json:
            emit_json(path_document(found))
            return
        say(_headline(found))
        click.echo("\n".join(_steps_text(found)))
        return
    result = workspace.compare_paths()
    if as_json:
        emit_json(
            {
                "kinds": [kind_document(k) for k in result.kinds],
                "paths": [path_document(p) for p in result.paths],
            }
        )
        return
    click.echo(_comparison_text(result))


def _comparison_text(result: Any) -> str:
    def cell(value: float | None, unit: str = "") -> str:
        return "—" if value is None else f"{value:g}{unit}"

    rows = [("", "paths", "offers", "rate", "steps", "steps→offer", "days→offer", "days")]
    for k in result.kinds:
        rows.append(
            (
                "conventional" if k.kind.value == "conventional" else "via a contact",
                str(k.paths),
                str(k.offers),
                "—" if k.offer_rate is None else f"{k.offer_rate:.0%}",
                cell(k.median_steps),
                cell(k.median_steps_to_offer),
                cell(k.median_days_to_offer),
                cell(k.median_days),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)
        ).rstrip()
        for r in rows
    ]
    import textwrap

    lines.insert(0, click.style("Your paths (medians; days count from the first step)", bold=True))
    lines += ["", textwrap.fill(result.verdict, 92)]
    if result.paths:
        lines.append("")
        lines += [_headline(p) for p in result.paths]
    return "\n".join(lines)
