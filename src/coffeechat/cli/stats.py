"""``stats``: progress in numbers, as text, JSON, or an SVG/PNG chart."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.options import emit_json, json_option, pass_workspace, write_file, write_stdout
from coffeechat.cli.render import say, status_line

if TYPE_CHECKING:
    from coffeechat.core.stats import Progress


def progress_document(p: Progress) -> dict[str, Any]:
    """Progress as JSON (docs/json.md)."""
    return {
        "since": p.since.isoformat() if p.since else None,
        "funnel": [
            {"stage": s.stage, "count": s.count, "rate": s.rate, "through": s.through}
            for s in p.funnel
        ],
        "median_days_to_reply": p.median_days_to_reply,
        "median_days_to_meeting": p.median_days_to_meeting,
        "weeks": [
            {"week": w.week, "conversations": w.conversations, "goal": w.goal} for w in p.weeks
        ],
        "weekly_goal": p.weekly_goal,
        "booster_rate": p.booster_rate,
    }


def _days(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g} day" + ("" if value == 1 else "s")


def progress_text(p: Progress) -> str:
    """Progress for a terminal: the funnel, the medians, a bar per week."""
    from coffeechat.core.stats import STAGE_LABELS

    window = f"since {p.since}" if p.since else "all time"
    lines = [f"Progress, {window} (to {p.today})", "", "Funnel"]
    previous = None
    for s in p.funnel:
        label = STAGE_LABELS[s.stage]
        share = ""
        if s.rate is not None and previous is not None:
            share = f"{s.rate:>5.0%} of {STAGE_LABELS[previous.stage]}"
            if s.through is not None and s.through != s.count:  # some skipped a step
                share += f" ({s.through} of {previous.count})"
        elif previous is not None:
            share = "    —"
        lines.append(f"  {label:<14}{s.count:>5}   {share}".rstrip())
        previous = s
    lines += [
        "",
        f"Median time from outreach to reply: {_days(p.median_days_to_reply)}; "
        f"to meeting: {_days(p.median_days_to_meeting)}",
    ]
    answered = p.boosters + p.obligates
    if p.booster_rate is None:
        lines.append("Booster rate: — (no replies yet)")
    else:
        lines.append(
            f"Booster rate: {p.booster_rate:.0%} ({p.boosters} of {answered} replies came "
            "within 3 business days)"
        )
    goal = p.weekly_goal
    lines += ["", f"Conversations per week (goal {goal})" if goal else "Conversations per week"]
    for w in p.weeks:
        bar = "█" * w.conversations + "·" * max(goal - w.conversations, 0)
        mark = " ✓" if goal and w.conversations >= goal else ""
        lines.append(f"  {w.week}  {bar:<{max(goal, 1)}}  {w.conversations}{mark}")
    if p.weeks and goal:
        hit = sum(1 for w in p.weeks if w.conversations >= goal)
        lines.append(f"  Goal met in {hit} of {len(p.weeks)} weeks.")
    return "\n".join(lines)


@click.command("stats")
@click.option("--since", metavar="DATE", help="Count from this day (default: all time, 8 weeks).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "svg", "png"]),
    help="Text, or a chart (funnel and weekly conversations); default: from the -o "
    "file's extension (.svg, .png), else text.",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (a PNG needs one).")
@json_option
@pass_workspace
def stats(
    workspace: Any, since: str | None, fmt: str | None, output: str | None, as_json: bool
) -> None:
    """Show your progress: the funnel from met to offers, reply times, weekly chats.

    The funnel counts, from your timelines: people met, reached out to, who replied, met
    up with; introductions offered; paths into a company via a contact (referrals) and
    the offers they led to. Each rate is the share of the stage before that went on to
    this one (someone you already knew who met up without an outreach counts as met
    up, not in its rate). The median days run from an outreach to the reply and to the
    meeting. Weeks count conversations held against your weekly goal (`coffeechat
    settings set weekly_goal 2`). The booster rate is the share of replies that came
    within 3 business days.

    \b
    Example:
        coffeechat stats
        coffeechat stats --since 2026-10-01 --json
        coffeechat stats -o progress.png
    """
    if fmt is None:
        suffix = Path(output).suffix.lower() if output else ""
        fmt = {".svg": "svg", ".png": "png"}.get(suffix, "text")
    found = workspace.progress(since)
    if as_json and fmt != "text" and not output:
        raise click.ClickException(f"--json prints JSON: add -o FILE.{fmt} to write the chart")
    if fmt == "text":
        data = (progress_text(found) + "\n").encode()
    else:
        from coffeechat.formats.charts import progress_chart

        data = progress_chart(found, fmt)
    if output:
        write_file(output, data)
    if as_json:
        emit_json(progress_document(found))
    elif output:
        status_line(f"Progress written to {output}.")
    elif fmt == "text":
        say(progress_text(found))
    else:
        write_stdout(data, binary="PNG" if fmt == "png" else None)
