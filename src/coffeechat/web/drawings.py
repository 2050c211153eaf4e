"""Where the web's server-drawn pictures put things: the network of introductions as a
tree read left to right, and the bar charts of Stats. Geometry only (numbers and words);
the templates write the SVG, autoescaped like every page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coffeechat.core.network import Network
    from coffeechat.core.stats import Progress

#: The most people the network page draws: past it the picture stops being readable (and
#: the page fast); the page says how many are left out and how to see them.
MAX_NODES = 120

# The tree: one column per step of introduction, one row per person without children.
_MARGIN = 12
_COLUMN = 210
_BOX_W = 190
_BOX_H = 46
_ROW = 58
#: Characters of a name (and of the line under it) that fit a box.
_NAME_CHARS = 24


def _cut(text: str, room: int = _NAME_CHARS) -> str:
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


@dataclass(frozen=True)
class NodeBox:
    """A person (or the user, ``id`` 0) as a box: where, and what it says."""

    id: int
    x: float
    y: float
    name: str
    detail: str
    #: The accessible name of the person's link: the whole name and what they did.
    label: str
    stage: str
    root: bool
    focus: bool


@dataclass(frozen=True)
class Link:
    """A line from an introducer's box to a person's (``d`` is an SVG path)."""

    d: str
    status: str


@dataclass(frozen=True)
class NetworkDrawing:
    """The drawing of the network: its size, boxes and links, and how many people were
    left out of it."""

    width: float
    height: float
    boxes: list[NodeBox]
    links: list[Link]
    total: int
    hidden: int
    box_w: float = _BOX_W
    box_h: float = _BOX_H


def _describe(name: str, company: str | None, stage: str, status: str | None, counts: str) -> str:
    parts = [name]
    if company:
        parts.append(company)
    if stage:
        parts.append(f"stage {stage}")
    if status:
        parts.append(f"introduction {status}")
    if counts:
        parts.append(counts)
    return ", ".join(parts)


def network_drawing(network: Network, most: int | None = None) -> NetworkDrawing:
    """The first ``most`` people of the tree (``MAX_NODES``; depth first, so everyone
    shown hangs off someone shown), laid out left to right: the user, then one column per
    step."""
    from coffeechat.core.network import YOU

    most = MAX_NODES if most is None else most
    people = network.contacts()
    shown = {YOU, *(n.id for n in people[:most])}
    nodes = network.nodes
    children = {i: [c for c in nodes[i].children if c in shown] for i in shown}
    row: dict[int, float] = {}
    leaves = 0
    stack: list[tuple[int, bool]] = [(YOU, False)]  # iterative: deep chains need no recursion
    while stack:
        cid, expanded = stack.pop()
        kids = children[cid]
        if not kids:
            row[cid] = leaves
            leaves += 1
        elif expanded:
            row[cid] = (row[kids[0]] + row[kids[-1]]) / 2
        else:
            stack.append((cid, True))
            stack.extend((c, False) for c in reversed(kids))
    boxes = []
    for cid in shown:
        node = nodes[cid]
        x = _MARGIN + node.depth * _COLUMN
        y = _MARGIN + row[cid] * _ROW
        stage = node.stage.value if node.stage else ""
        c = node.counts
        counts = f"{c.offered} offered, {c.made} made, {c.converted} met" if c.offered else ""
        if cid == YOU:
            detail, label = network.user_name, f"You ({network.user_name})"
        else:
            detail = " · ".join(p for p in (node.company, stage) if p)
            label = _describe(node.name, node.company, stage, node.status, counts)
        boxes.append(
            NodeBox(
                cid,
                x,
                y,
                _cut(node.name),
                _cut(detail, 30),
                label,
                stage,
                cid == YOU,
                cid == network.focus,
            )
        )
    boxes.sort(key=lambda b: (b.x, b.y))
    links = []
    for cid in shown:
        parent = nodes[cid].parent
        if cid == YOU or parent is None or parent not in shown:
            continue
        x1 = _MARGIN + nodes[parent].depth * _COLUMN + _BOX_W
        y1 = _MARGIN + row[parent] * _ROW + _BOX_H / 2
        x2 = _MARGIN + nodes[cid].depth * _COLUMN
        y2 = _MARGIN + row[cid] * _ROW + _BOX_H / 2
        middle = (x1 + x2) / 2
        d = f"M{x1:g} {y1:g} C{middle:g} {y1:g} {middle:g} {y2:g} {x2:g} {y2:g}"
        links.append(Link(d, nodes[cid].status or "own"))
    depth = max(nodes[i].depth for i in shown)
    return NetworkDrawing(
        width=2 * _MARGIN + depth * _COLUMN + _BOX_W,
        height=2 * _MARGIN + max(leaves - 1, 0) * _ROW + _BOX_H,
        boxes=boxes,
        links=links,
        total=len(people),
        hidden=max(len(people) - most, 0),
    )


# --- Stats ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: where it is, its value and what it is called."""

    label: str
    value: int
    x: float
    y: float
    w: float
    h: float
    #: Extra words beside the value (a rate, "goal met").
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """A bar chart: its size, its bars, and (for the weeks) where the goal line runs."""

    width: float
    height: float
    bars: list[Bar]
    goal_y: float | None = None
    goal: int = 0


_LABEL_W = 130  # the funnel's stage names
_BAR_ROOM = 220
_FUNNEL_ROW = 34


def funnel_chart(progress: Progress) -> Chart:
    """The funnel as horizontal bars, one per stage, longest for the largest count."""
    from coffeechat.core.stats import STAGE_LABELS

    top = max((s.count for s in progress.funnel), default=0) or 1
    bars = []
    for i, s in enumerate(progress.funnel):
        w = _BAR_ROOM * s.count / top
        note = f"{s.rate:.0%}" if s.rate is not None else ""
        bars.append(Bar(STAGE_LABELS[s.stage], s.count, _LABEL_W, 8 + i * _FUNNEL_ROW, w, 22, note))
    height = 16 + len(bars) * _FUNNEL_ROW
    return Chart(_LABEL_W + _BAR_ROOM + 90, height, bars)


_WEEK_W = 44
_WEEK_ROOM = 140  # the tallest bar
_WEEK_TOP = 22


def weeks_chart(progress: Progress) -> Chart:
    """Conversations per week as upright bars, with the weekly goal as a line."""
    goal = progress.weekly_goal
    top = max([w.conversations for w in progress.weeks] + [goal, 1])
    bars = []
    for i, w in enumerate(progress.weeks):
        h = _WEEK_ROOM * w.conversations / top
        note = "goal met" if goal and w.conversations >= goal else ""
        x = 36 + i * _WEEK_W
        bars.append(Bar(w.week[-3:], w.conversations, x, _WEEK_TOP + _WEEK_ROOM - h, 28, h, note))
    goal_y = _WEEK_TOP + _WEEK_ROOM - _WEEK_ROOM * goal / top if goal else None
    width = 36 + max(len(bars), 1) * _WEEK_W + 64  # room for "goal N" after the line
    return Chart(width, _WEEK_TOP + _WEEK_ROOM + 30, bars, goal_y, goal)
