"""Progress charts as SVG or PNG bytes: the funnel, and conversations per week against
the weekly goal.

matplotlib is imported here, lazily, and only its object API is used (no pyplot, so no
global figures to close and no GUI backend): each chart is a ``Figure`` on an Agg
canvas. SVG output is deterministic: fixed hash salt, no date in the metadata, text
drawn as paths (no dependence on the reader's fonts).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

    from coffeechat.core.stats import Progress

#: The formats a chart can be written in.
CHART_FORMATS = ("svg", "png")

_INK = "#1f2933"
_MUTED = "#7b8794"
_GRID = "#e4e7eb"
_FUNNEL = "#2f6fb3"
_OUTCOME = "#1f8a8a"
_MET_GOAL = "#2e9d62"
_BELOW_GOAL = "#9fb3c8"
_GOAL = "#d9822b"

_RC: dict[RcKeyType, Any] = {
    "svg.hashsalt": "coffeechat",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.edgecolor": _GRID,
    "axes.labelcolor": _INK,
    "xtick.color": _INK,
    "ytick.color": _INK,
}


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{rate:.0%}"


def _empty(ax: Any, message: str) -> None:
    ax.text(
        0.5,
        0.5,
        message,
        transform=ax.transAxes,
        ha="center",
        va="center",
        color=_MUTED,
        bbox={"facecolor": "white", "edgecolor": "none"},
    )


def _funnel(ax: Any, progress: Progress) -> None:
    from coffeechat.core.stats import STAGE_LABELS

    stages = progress.funnel
    labels = [STAGE_LABELS[s.stage] for s in stages]
    counts = [s.count for s in stages]
    positions = list(range(len(stages)))[::-1]  # the first stage on top
    top = max(counts, default=0) or 1
    # people (met .. met up) in one colour, what they lead to in another
    colours = [_FUNNEL if i < 4 else _OUTCOME for i in range(len(stages))]
    ax.barh(positions, counts, color=colours, height=0.62, zorder=2)
    ax.set_yticks(positions, labels)
    ax.set_xlim(0, top * 1.3)
    for y, s in zip(positions, stages, strict=True):
        text = f"{s.count}"
        if s.rate is not None:
            text += f"   {_percent(s.rate)} of previous"
        ax.text(s.count + top * 0.02, y, text, va="center", ha="left", color=_INK, fontsize=9)
    if not any(counts):
        _empty(ax, "Nothing recorded yet: add the people you meet and log what happens")
    ax.set_title("Funnel", loc="left", color=_INK, fontweight="bold")
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", colors=_MUTED)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="x", color=_GRID, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _weeks(ax: Any, progress: Progress) -> None:
    weeks = progress.weeks
    goal = progress.weekly_goal
    xs = list(range(len(weeks)))
    counts = [w.conversations for w in weeks]
    colours = [_MET_GOAL if goal and c >= goal else _BELOW_GOAL for c in counts]
    ax.bar(xs, counts, color=colours, width=0.66, zorder=2)
    top = max([*counts, goal, 1])
    ax.set_ylim(0, top * 1.2)
    label_box = {"facecolor": "white", "edgecolor": "none", "pad": 1.0}
    for x, c in zip(xs, counts, strict=True):
        if c and len(weeks) <= 26:  # over half a year the bars are too thin to label
            ax.annotate(
                str(c),
                (x, c),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                color=_INK,
                fontsize=9,
                bbox=label_box,
                zorder=4,
            )
    if goal:
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        ax.axhline(goal, color=_GOAL, linestyle="--", linewidth=1.6, zorder=3)
        handles = [
            Line2D([], [], color=_GOAL, linestyle="--", linewidth=1.6),
            Patch(color=_MET_GOAL),
            Patch(color=_BELOW_GOAL),
        ]
        ax.legend(
            handles,
            [f"goal: {goal} a week", "goal met", "below goal"],
            loc="lower right",
            bbox_to_anchor=(1.0, 1.0),
            ncols=3,
            frameon=False,
            fontsize=8,
        )
    if not any(counts):
        _empty(ax, "No conversations held in these weeks")
    step = -(-len(weeks) // 8)  # at most eight labels
    ax.set_xticks(xs[::step], [w.week for w in weeks][::step], rotation=0, fontsize=8)
    ax.set_xlim(-0.6, len(weeks) - 0.4)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(axis="y", colors=_MUTED)
    ax.tick_params(axis="x", length=0)
    ax.grid(axis="y", color=_GRID, zorder=0)
    ax.set_title("Conversations per week", loc="left", color=_INK, fontweight="bold")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def progress_chart(progress: Progress, fmt: str) -> bytes:
    """The funnel above the weekly conversations, as ``svg`` or ``png`` bytes."""
    if fmt not in CHART_FORMATS:
        raise ValueError(f"chart format must be one of {CHART_FORMATS}, not {fmt!r}")
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(8, 7.5), dpi=100, layout="constrained")
        FigureCanvasAgg(figure)
        top, bottom = figure.subplots(2, 1, height_ratios=[1.1, 1])
        _funnel(top, progress)
        _weeks(bottom, progress)
        window = f"since {progress.since}" if progress.since else "all time"
        facts = [f"coffeechat progress, {window} (to {progress.today})"]
        if progress.median_days_to_reply is not None:
            facts.append(f"median days to reply: {progress.median_days_to_reply:g}")
        if progress.median_days_to_meeting is not None:
            facts.append(f"to meeting: {progress.median_days_to_meeting:g}")
        if progress.booster_rate is not None:
            facts.append(f"booster rate: {progress.booster_rate:.0%}")
        figure.suptitle("  ·  ".join(facts), x=0.02, ha="left", color=_MUTED, fontsize=9)
        out = io.BytesIO()
        if fmt == "svg":
            figure.savefig(out, format="svg", metadata={"Date": None})
        else:
            figure.savefig(out, format="png", dpi=120, metadata={"Software": None})
    return out.getvalue()
