"""The network of introductions out: a text tree, JSON, and a drawing (SVG or PNG).

The drawing reads left to right: the user on the left, one column per step of
introduction, each person a rounded box with their name, company and stage (coloured by
stage), arrows from introducer to person (dashed while only offered, green once met), and
under each introducer what came of their offers. The layout is computed once, as a list of
shapes, and written either as SVG by hand or as PNG with matplotlib (imported lazily).

Text is measured with matplotlib's metrics for DejaVu Sans (the font it ships), so the
boxes fit the PNG exactly and leave room in the SVG, whose viewer may pick a narrower font.
"""

from __future__ import annotations

import functools
import io
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from coffeechat.core.model import Stage
from coffeechat.core.network import YOU, Network, Node

# --- text -----------------------------------------------------------------------------------


def counts_text(node: Node) -> str:
    """What came of an introducer's offers, e.g. ``3 offered · 2 made · 1 met``."""
    c = node.counts
    return f"{c.offered} offered · {c.made} made · {c.converted} met"


EMPTY_TEXT = "No introductions yet."
EMPTY_HINT = "When a contact offers to introduce you: coffeechat intro add CONTACT --to NAME"


def text(network: Network) -> str:
    """The chains as an indented tree, with each introducer's counts."""
    root = f"{network.root.name} ({network.user_name})"
    if network.empty:
        return f"{root}\n  {EMPTY_TEXT}\n  {EMPTY_HINT}"
    extra: dict[int, list[str]] = {}
    for e in network.edges:
        if not e.chain:
            extra.setdefault(e.to_id, []).append(network.nodes[e.from_id].name)
    lines = [root]
    root_children = network.root.children
    # (node, the prefix of its line, last among its siblings), depth first, no recursion
    stack = [(c, "", n == len(root_children) - 1) for n, c in enumerate(root_children)]
    stack.reverse()
    while stack:
        cid, prefix, last = stack.pop()
        node = network.nodes[cid]
        parts = [node.name + (f", {node.company}" if node.company else "")]
        parts.append(node.stage.value if node.stage else "")
        if node.status:
            parts.append(f"introduction {node.status}")
        if node.is_introducer:
            parts.append(counts_text(node))
        if cid in extra:
            parts.append("also via " + ", ".join(extra[cid]))
        mark = "  ◀" if cid == network.focus else ""
        lines.append(f"{prefix}{'└── ' if last else '├── '}{' · '.join(parts)}{mark}")
        inner = prefix + ("    " if last else "│   ")
        count = len(node.children)
        stack.extend(
            (c, inner, n == count - 1) for n, c in reversed(list(enumerate(node.children)))
        )
    return "\n".join(lines)


def to_json(network: Network) -> dict[str, Any]:
    """The JSON document of ``coffeechat network --json`` (docs/json.md)."""
    return {
        "chains": network.chains(),
        "contacts": [
            {
                "id": n.id,
                "name": n.name,
                "company": n.company,
                "introduced_by": n.parent if n.parent != YOU else None,
                "stage": n.stage.value if n.stage else None,
                "offered": n.counts.offered,
                "made": n.counts.made,
                "converted": n.counts.converted,
            }
            for n in network.contacts()
        ],
        "edges": [
            {"from": e.from_id, "to": e.to_id, "status": e.status, "chain": e.chain}
            for e in network.edges
        ],
    }


# --- the layout -----------------------------------------------------------------------------

FONT = "DejaVu Sans"
#: Fonts the SVG asks for, the drawn-with one first.
SVG_FONTS = "'DejaVu Sans', Verdana, Geneva, 'Noto Sans', 'Noto Sans CJK SC', sans-serif"
#: Fonts with CJK glyphs, used for the PNG when installed (otherwise missing glyphs show
#: as boxes, quietly).
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)

PAD = 24  # around everything
HEADER = 62  # title and legend
BOX_H = 40
CAPTION = 15  # the counts line under an introducer
ROW_GAP = 13
PITCH = BOX_H + CAPTION + ROW_GAP
COL_GAP = 60
PAD_X = 10  # inside a box
MIN_W, MAX_W = 120, 260
NAME, SUB, SMALL, TITLE = 13.0, 11.0, 10.5, 15.0  # font sizes, px
ARROW = 7.0

INK, MUTED, FAINT = "#212529", "#495057", "#868e96"

#: Box colours by stage: (fill, border, label).
_GREY = ("#f1f3f5", "#868e96", "met, not contacted yet")
_BLUE = ("#e7f0fd", "#3b7dd8", "in touch")
_GREEN = ("#e6f6ea", "#2f9e44", "meeting set or held")
_RED = ("#fbeeee", "#c47272", "no reply or declined")
_GROUPS = (_GREY, _BLUE, _GREEN, _RED)
_STAGE_COLOURS = {
    Stage.MET: _GREY,
    Stage.INTRO_OFFERED: _GREY,  # not contacted yet either: the introduction comes first
    Stage.REACHED_OUT: _BLUE,
    Stage.AGREED: _BLUE,
    Stage.SCHEDULING: _BLUE,
    Stage.SCHEDULED: _GREEN,
    Stage.MET_UP: _GREEN,
    Stage.RECAPPED: _GREEN,
    Stage.FOLLOWING_UP: _GREEN,
    Stage.NO_REPLY: _RED,
    Stage.DECLINED: _RED,
}
_ROOT = ("#343a40", "#212529")
_FOCUS = "#e8590c"

#: Arrow styles by introduction status: (colour, width, dashed).
_LINKS: dict[str | None, tuple[str, float, bool]] = {
    None: ("#adb5bd", 1.2, False),
    "offered": ("#868e96", 1.4, True),
    "asked": ("#868e96", 1.4, True),
    "made": ("#495057", 1.6, False),
    "met": ("#2f9e44", 2.0, False),
}
_LINK_LEGEND = (("offered or asked", "offered"), ("made", "made"), ("met up", "met"))


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str
    width: float = 1.0
    radius: float = 7.0
    tip: str | None = None  # the SVG tooltip


@dataclass(frozen=True)
class _Text:
    x: float
    y: float  # baseline
    text: str
    size: float
    colour: str = INK
    bold: bool = False


@dataclass(frozen=True)
class _Link:
    x1: float
    y1: float
    x2: float  # the tip of the arrow (None: no arrow)
    y2: float
    colour: str
    width: float
    dashed: bool
    arrow: bool = True


@dataclass
class Scene:
    """What to draw, in pixels, y downwards."""

    width: float
    height: float
    title: str
    rects: list[_Rect] = field(default_factory=list)
    texts: list[_Text] = field(default_factory=list)
    links: list[_Link] = field(default_factory=list)


Measure = Callable[[str, float, bool], float]


def _families() -> list[str]:
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [FONT, *(f for f in CJK_FONTS if f in installed)]


@contextmanager
def _quiet_glyphs() -> Iterator[None]:
    """No "Glyph ... missing from font" warnings: a missing glyph is drawn as a box."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"(?s).*Glyph .* missing", category=UserWarning)
        yield


@functools.cache
def _measurer() -> Measure:
    """Text width in px with matplotlib's font metrics."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    engine = TextToPath()
    props = {
        bold: FontProperties(family=_families(), weight="bold" if bold else "normal", size=100)
        for bold in (False, True)
    }

    @functools.lru_cache(maxsize=4096)
    def measure(value: str, size: float, bold: bool) -> float:
        if not value:
            return 0.0
        with _quiet_glyphs():
            width, _, _ = engine.get_text_width_height_descent(value, props[bold], ismath=False)
        return float(width) * size / 100

    return measure


def _fit(value: str, size: float, bold: bool, room: float, measure: Measure) -> str:
    """``value``, cut with an ellipsis when it is wider than ``room``."""
    if measure(value, size, bold) <= room:
        return value
    low, high = 0, len(value)  # the longest prefix that fits with the ellipsis
    while low < high:
        mid = (low + high + 1) // 2
        if measure(value[:mid].rstrip() + "…", size, bold) <= room:
            low = mid
        else:
            high = mid - 1
    return value[:low].rstrip() + "…"


def _subtitle(node: Node, user_name: str) -> str:
    if node.id == YOU:
        return user_name
    stage = node.stage.value if node.stage else ""
    return f"{node.company} · {stage}" if node.company else stage


def _rows(network: Network) -> dict[int, float]:
    """Each node's row (leaves one after another, parents centred on their children)."""
    row: dict[int, float] = {}
    leaves = 0
    stack: list[tuple[int, bool]] = [(YOU, False)]  # iterative: deep chains need no recursion
    while stack:
        cid, expanded = stack.pop()
        node = network.nodes[cid]
        if not node.children:
            row[cid] = leaves
            leaves += 1
        elif expanded:
            row[cid] = (row[node.children[0]] + row[node.children[-1]]) / 2
        else:
            stack.append((cid, True))
            stack.extend((c, False) for c in reversed(node.children))
    return row


def layout(network: Network, measure: Measure | None = None) -> Scene:
    """Where every box, label and arrow goes."""
    measure = measure or _measurer()
    focus = network.nodes.get(network.focus) if network.focus is not None else None
    title = f"Introductions of {network.user_name}"
    if focus is not None:
        title += f", through {focus.name}"
    title = _fit(title, TITLE, True, 900, measure)

    columns: dict[int, list[Node]] = {}
    for node in network.walk():
        columns.setdefault(node.depth, []).append(node)
    widths: list[float] = []
    for depth in sorted(columns):
        wanted: float = MIN_W
        for node in columns[depth]:
            need = max(
                measure(node.name, NAME, True),
                measure(_subtitle(node, network.user_name), SUB, False),
                measure(counts_text(node), SMALL, False) if node.is_introducer else 0,
            )
            wanted = max(wanted, min(need + 2 * PAD_X + 6, MAX_W))
        widths.append(wanted)
    xs = [PAD + COL_GAP * d + before for d, before in enumerate(accumulate(widths[:-1], initial=0))]

    rows = _rows(network)
    top = PAD + HEADER
    legend_w = _legend_width(measure)
    tree_w = xs[-1] + widths[-1] + PAD
    tree_h = top + (max(rows.values()) + 1) * PITCH - ROW_GAP + PAD
    if network.empty:  # no legend: nothing to explain
        legend_w = 0
        top -= 26
        tree_h -= 26
    scene = Scene(
        max(tree_w, legend_w + 2 * PAD, measure(title, TITLE, True) + 2 * PAD), tree_h, title
    )
    scene.texts.append(_Text(PAD, PAD + TITLE, title, TITLE, INK, True))
    if not network.empty:
        _legend(scene, PAD, PAD + TITLE + 22, measure)

    boxes: dict[int, tuple[float, float, float]] = {}  # id → x, y top, width
    for node in network.walk():
        x, w = xs[node.depth], widths[node.depth]
        y = top + rows[node.id] * PITCH
        boxes[node.id] = (x, y, w)
        room = w - 2 * PAD_X
        name = _fit(node.name, NAME, True, room, measure)
        sub = _fit(_subtitle(node, network.user_name), SUB, False, room, measure)
        if node.id == YOU:
            fill, stroke, ink, soft = *_ROOT, "#ffffff", "#dee2e6"
        else:
            fill, stroke, _ = _STAGE_COLOURS.get(node.stage or Stage.MET, _GREY)
            ink, soft = INK, MUTED
        focused = node.id == network.focus
        tip = ", ".join(p for p in (node.name, _subtitle(node, network.user_name)) if p)
        scene.rects.append(
            _Rect(
                x,
                y,
                w,
                BOX_H,
                fill,
                _FOCUS if focused else stroke,
                2.5 if focused else 1.0,
                7.0,
                tip,
            )
        )
        scene.texts.append(_Text(x + PAD_X, y + 17, name, NAME, ink, True))
        scene.texts.append(_Text(x + PAD_X, y + 32, sub, SUB, soft))
        if node.is_introducer:
            caption = _fit(counts_text(node), SMALL, False, w, measure)
            scene.texts.append(_Text(x + 2, y + BOX_H + 12, caption, SMALL, MUTED))

    for node in network.walk():
        if node.parent is None:
            continue
        px, py, pw = boxes[node.parent]
        cx, cy, _ = boxes[node.id]
        colour, width, dashed = _LINKS.get(node.status, _LINKS["made"])
        scene.links.append(
            _Link(px + pw, py + BOX_H / 2, cx, cy + BOX_H / 2, colour, width, dashed)
        )

    if network.empty:
        x, y, w = boxes[YOU]
        hint_x = x + w + 20
        scene.texts.append(_Text(hint_x, y + 17, EMPTY_TEXT, NAME, INK, True))
        scene.texts.append(_Text(hint_x, y + 32, EMPTY_HINT, SUB, MUTED))
        scene.width = max(scene.width, hint_x + measure(EMPTY_HINT, SUB, False) + PAD)
    return scene


def _legend_items(measure: Measure) -> Iterator[tuple[str, Any, float]]:
    """(label, what to draw: a colour group or a link style, the label's width)."""
    for group in _GROUPS:
        yield group[2], group, measure(group[2], SMALL, False)
    for label, status in _LINK_LEGEND:
        yield label, status, measure(label, SMALL, False)


def _legend_width(measure: Measure) -> float:
    return sum(22 + w + 16 for _, _, w in _legend_items(measure)) + 16


def _legend(scene: Scene, x: float, y: float, measure: Measure) -> None:
    """Stage colours, then arrow styles, on one line; ``y`` is the text baseline."""
    for n, (label, what, width) in enumerate(_legend_items(measure)):
        if n == len(_GROUPS):
            x += 16  # a gap between the boxes and the arrows
        if isinstance(what, tuple):
            scene.rects.append(_Rect(x, y - 9, 14, 11, what[0], what[1], 1.0, 3.0))
        else:
            colour, line, dashed = _LINKS[what]
            scene.links.append(_Link(x, y - 4, x + 18, y - 4, colour, line, dashed, arrow=False))
        scene.texts.append(_Text(x + 22, y, label, SMALL, MUTED))
        x += 22 + width + 16


def _curve(link: _Link) -> tuple[tuple[float, float], ...]:
    """The four points of the arrow's cubic Bézier (it ends where the head begins)."""
    end = link.x2 - ARROW if link.arrow else link.x2
    mid = (link.x1 + end) / 2
    return ((link.x1, link.y1), (mid, link.y1), (mid, link.y2), (end, link.y2))


def _head(link: _Link) -> tuple[tuple[float, float], ...]:
    half = ARROW / 2 + link.width / 2
    return (
        (link.x2, link.y2),
        (link.x2 - ARROW, link.y2 - half),
        (link.x2 - ARROW, link.y2 + half),
    )


# --- SVG ------------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(value: str) -> str:
    """Text for an XML text node: escaped, with characters XML cannot hold dropped."""
    return escape(_NOT_XML.sub("", value))


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def svg(network: Network) -> bytes:
    """The drawing as a standalone SVG document."""
    scene = layout(network)
    w, h = _n(scene.width), _n(scene.height)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family={quoteattr(SVG_FONTS)}>',
        f"<title>{_xml(scene.title)}</title>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    for link in scene.links:
        (x1, y1), (c1x, c1y), (c2x, c2y), (x2, y2) = _curve(link)
        dash = f' stroke-dasharray="{_n(link.width * 3)} {_n(link.width * 2.5)}"' * link.dashed
        out.append(
            f'<path d="M{_n(x1)} {_n(y1)} C{_n(c1x)} {_n(c1y)} {_n(c2x)} {_n(c2y)} '
            f'{_n(x2)} {_n(y2)}" fill="none" stroke="{link.colour}" '
            f'stroke-width="{_n(link.width)}"{dash}/>'
        )
        if link.arrow:
            points = " ".join(f"{_n(px)},{_n(py)}" for px, py in _head(link))
            out.append(f'<polygon points="{points}" fill="{link.colour}"/>')
    for r in scene.rects:
        rect = (
            f'<rect x="{_n(r.x)}" y="{_n(r.y)}" width="{_n(r.w)}" height="{_n(r.h)}" '
            f'rx="{_n(r.radius)}" fill="{r.fill}" stroke="{r.stroke}" '
            f'stroke-width="{_n(r.width)}"/>'
        )
        out.append(f"<g><title>{_xml(r.tip)}</title>{rect}</g>" if r.tip else rect)
    for t in scene.texts:
        weight = ' font-weight="bold"' if t.bold else ""
        out.append(
            f'<text x="{_n(t.x)}" y="{_n(t.y)}" font-size="{_n(t.size)}"{weight} '
            f'fill="{t.colour}" xml:space="preserve">{_xml(t.text)}</text>'
        )
    out.append("</svg>")
    return ("\n".join(out) + "\n").encode("utf-8")


# --- PNG ------------------------------------------------------------------------------------

#: Largest PNG drawn, in pixels (per side, and in all); bigger networks are drawn smaller.
MAX_SIDE = 30_000
MAX_PIXELS = 16_000_000


def png(network: Network, scale: float = 1.5) -> bytes:
    """The drawing as a PNG image (``scale`` output pixels per layout pixel)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch, PathPatch, Polygon
    from matplotlib.path import Path

    scene = layout(network)
    scale = min(
        scale,
        MAX_SIDE / max(scene.width, scene.height),
        (MAX_PIXELS / (scene.width * scene.height)) ** 0.5,
    )
    pt = 72 / 96  # points per layout pixel at 96 dpi
    figure = Figure(figsize=(scene.width / 96, scene.height / 96), dpi=96 * scale)
    FigureCanvasAgg(figure)
    figure.patch.set_facecolor("#ffffff")
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, scene.width)
    axes.set_ylim(scene.height, 0)
    axes.set_axis_off()
    families = _families()

    for link in scene.links:
        codes = [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4]
        width = link.width * pt
        dashes = (0, (3 * link.width * pt / width, 2.5 * link.width * pt / width))
        axes.add_patch(
            PathPatch(
                Path(_curve(link), codes),
                fill=False,
                edgecolor=link.colour,
                linewidth=width,
                linestyle=dashes if link.dashed else "solid",
                capstyle="butt",
            )
        )
        if link.arrow:
            axes.add_patch(Polygon(_head(link), closed=True, facecolor=link.colour, linewidth=0))
    for r in scene.rects:
        axes.add_patch(
            FancyBboxPatch(
                (r.x, r.y),
                r.w,
                r.h,
                boxstyle=f"round,pad=0,rounding_size={r.radius}",
                facecolor=r.fill,
                edgecolor=r.stroke,
                linewidth=r.width * pt,
            )
        )
    for t in scene.texts:
        axes.text(
            t.x,
            t.y,
            t.text,
            fontsize=t.size * pt,
            color=t.colour,
            fontweight="bold" if t.bold else "normal",
            family=families,
            ha="left",
            va="baseline",
            parse_math=False,
        )
    buffer = io.BytesIO()
    with _quiet_glyphs():
        figure.savefig(buffer, format="png", dpi=96 * scale, metadata={"Software": None})
    return buffer.getvalue()
