"""A recap (``coffeechat.core.recap.Recap``) written out as Markdown, HTML, PDF or DOCX.

Every format says the same things in the same order: the title and a short lead, the facts
(who, how the user met them, when, how long, format and place, the guide used), what was
learnt under each topic of the guide, other notes, the takeaways by kind, the
introductions offered, the promises of both sides, the next contact and the user's
reflection, then a "Written on ... with coffeechat" footer. A reflection (no conversation
yet) puts the reflection first and has no conversation facts and no topics.

The Markdown is a contract: ``coffeechat.core.recapcheck.check_recap_text`` reads it back,
so its headings and line shapes are fixed (see ``recap_markdown``). Jinja2, python-docx
and WeasyPrint are imported only when their format is asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coffeechat.core.datetext import zone_info
from coffeechat.core.recap import Promise, PromiseBy, Recap, Variant
from coffeechat.core.recapcheck import marks_skipped, topic_noted

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

__all__ = [
    "MEDIA_TYPES",
    "RECAP_FORMATS",
    "SECTIONS",
    "RecapView",
    "recap_blocks",
    "recap_docx",
    "recap_filename",
    "recap_html",
    "recap_markdown",
    "recap_pdf",
    "recap_view",
    "render_recap",
]

#: The formats a recap can be written in, as ``--format`` values.
RECAP_FORMATS: tuple[str, ...] = ("md", "html", "pdf", "docx")

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January February March April May June July August September October November December"
)
_MONTHS = tuple(_MONTH_NAMES.split())


def long_date(day: dt.date) -> str:
    """A date in full: Tuesday 1 December 2026."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    """A date in short: Fri 4 Dec 2026."""
    return f"{_WEEKDAYS[day.weekday()][:3]} {day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


def plain_date(day: dt.date) -> str:
    """A date without its weekday: 1 December 2026."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _one_line(text: str) -> str:
    """A text on one line, its runs of whitespace (newlines included) made single spaces."""
    return " ".join(text.split())


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- the view


@dataclass(frozen=True)
class Fact:
    """One row of the facts box: a label and its value."""

    label: str
    value: str


@dataclass(frozen=True)
class TopicView:
    """One topic under "What I learnt": ``state`` is "notes", "skipped" or "empty" (its
    notes, if any, say nothing that counts, such as "TBD")."""

    question: str
    key: str
    notes: tuple[str, ...]
    state: str


@dataclass(frozen=True)
class PromiseView:
    """One promise as the recap words it."""

    text: str
    due: dt.date | None
    done: bool

    @property
    def when(self) -> str:
        """When it is due, in words: "by Fri 4 Dec 2026" or "no date"."""
        return f"by {short_date(self.due)}" if self.due else "no date"

    @property
    def markdown(self) -> str:
        """Its Markdown line: ``<text> — by YYYY-MM-DD`` or ``<text> — no date``, then
        `` (done)`` for a done one."""
        when = f"by {self.due.isoformat()}" if self.due else "no date"
        return f"{self.text} — {when}{' (done)' if self.done else ''}"


@dataclass(frozen=True)
class RecapView:
    """Everything a recap shows, worded and in order: what each format lays out."""

    variant: Variant
    eyebrow: str
    title: str
    lead: str
    facts: tuple[Fact, ...]
    #: Shown for an interview or a chat with someone known, never for a reflection.
    show_topics: bool
    topics: tuple[TopicView, ...]
    #: True when the guide had no topics and nothing was noted under "What I learnt".
    no_topic_notes: bool
    other_notes: tuple[str, ...]
    takeaway_groups: tuple[tuple[str, tuple[str, ...]], ...]
    introductions: tuple[str, ...]
    any_promises: bool
    my_promises: tuple[PromiseView, ...]
    their_heading: str
    their_promises: tuple[PromiseView, ...]
    next_contact: str | None
    next_contact_iso: str | None
    next_step: str | None
    reflection: tuple[str, ...]
    findings: tuple[str, ...]
    footer: str

    @property
    def sections(self) -> tuple[tuple[str, str], ...]:
        """(kind, heading) of each section, in the order every format writes them."""
        reflection = self.variant is Variant.REFLECTION
        kinds = [
            ("missing", bool(self.findings)),
            ("reflection", reflection),
            ("learnt", self.show_topics),
            ("other", bool(self.other_notes)),
            ("takeaways", True),
            ("introductions", bool(self.introductions)),
            ("promises", True),
            ("next", True),
            ("reflection", not reflection),
        ]
        return tuple((kind, SECTIONS[kind]) for kind, shown in kinds if shown)


#: The heading of each section of a recap, by kind.
SECTIONS = {
    "missing": "Still missing",
    "learnt": "What I learnt",
    "other": "Other notes",
    "takeaways": "Takeaways",
    "introductions": "Introductions offered",
    "promises": "Promises",
    "next": "Next contact",
    "reflection": "My reflection",
}
MY_PROMISES = "I promised"

_EYEBROWS = {
    Variant.INTERVIEW: "Informational interview",
    Variant.KNOWN: "Fallback conversation",
    Variant.REFLECTION: "Written reflection",
}


def _lead(recap: Recap) -> str:
    first = recap.contact_first_name
    if recap.variant is Variant.KNOWN:
        return (
            f"The fallback conversation: no new contact was free this time, so I talked with "
            f"{first}, someone I already know who works close to the industry I'm aiming for."
        )
    if recap.variant is Variant.REFLECTION:
        return (
            f"No conversation with {first} has taken place yet. This is my own reflection: "
            "what I have learnt so far, my takeaways and what I will do next."
        )
    return (
        f"My notes from an informational interview with {first}: what I learnt, what I "
        "take away, and what each of us will do next."
    )


def _how_met(recap: Recap) -> str | None:
    first = _capital(recap.how_met) if recap.how_met else None
    if recap.met_at:
        first = f"{first} — {recap.met_at}" if first else f"At {recap.met_at}"
    parts = [first] if first else []
    if recap.met_on:
        parts.append(plain_date(recap.met_on) if parts else f"On {plain_date(recap.met_on)}")
    if recap.introduced_by:
        intro = f"introduced by {recap.introduced_by}"
        parts.append(intro if parts else _capital(intro))
    return ", ".join(_one_line(p) for p in parts) or None


def _clock_in(recap: Recap, zone: str | None) -> tuple[dt.date, str, str] | None:
    """The day, the clock ("17:00–17:30") and the zone name of the conversation in
    ``zone`` (the start's own offset when ``zone`` is None); None for an unknown zone."""
    assert recap.start is not None
    start = recap.start
    if zone:
        try:
            start = start.astimezone(zone_info(zone))
        except ValueError:
            return None
    clock = f"{start:%H:%M}"
    if recap.minutes:
        clock += f"–{start + dt.timedelta(minutes=recap.minutes):%H:%M}"
    return start.date(), clock, zone or start.tzname() or ""


def _when(recap: Recap) -> str | None:
    """The day and time in the conversation's zone, then in the user's and the contact's
    zones where the clock reads differently there (each zone's own DST rules):
    "Tuesday 1 December 2026, 17:00–17:30 (Europe/London) · 11:00–11:30 (America/Chicago)"."""
    if recap.start is None:
        return None
    first = _clock_in(recap, recap.zone) or _clock_in(recap, None)
    assert first is not None
    day, clock, zone = first
    text = f"{long_date(day)}, {clock}" + (f" ({zone})" if zone else "")
    shown = {(day, clock)}
    for other in (recap.user_zone, recap.contact_zone):
        seen = _clock_in(recap, other) if other and other != zone else None
        if seen is None or seen[:2] in shown:
            continue
        shown.add(seen[:2])
        other_day, other_clock, other_zone = seen
        on = f"{long_date(other_day)}, " if other_day != day else ""
        text += f" · {on}{other_clock} ({other_zone})"
    return text


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w+", text)}


def _role(recap: Recap) -> str:
    """Title, company and seniority; the seniority is left out when the title already says
    it ("Senior Data Engineer" and "senior")."""
    role = recap.title or ""
    if recap.company:
        role = f"{role} at {recap.company}" if role else recap.company
    seniority = recap.seniority
    if seniority and not (recap.title and _words(seniority) <= _words(recap.title)):
        role = f"{role} · {_capital(seniority)}" if role else _capital(seniority)
    return role


def _setting(recap: Recap) -> str | None:
    """Format and place; the format is said once when the place already names it
    ("Video call (or phone, if you prefer)", not "Video — Video call ...")."""
    place = _one_line(recap.place) if recap.place and recap.place.strip() else None
    fmt = _one_line(recap.format) if recap.format and recap.format.strip() else None
    if fmt and place and _words(fmt) <= _words(place):
        fmt = None
    setting = " — ".join(p for p in (fmt, place) if p)
    return _capital(setting) if setting else None


def _facts(recap: Recap) -> tuple[Fact, ...]:
    facts = [Fact("Who", _one_line(recap.contact_name))]
    role = _role(recap)
    if role:
        facts.append(Fact("Role", _one_line(role)))
    how = _how_met(recap)
    if how:
        label = "How we know each other" if recap.variant is Variant.KNOWN else "How we met"
        facts.append(Fact(label, how))
    if recap.variant is not Variant.REFLECTION:
        when = _when(recap)
        if when:
            facts.append(Fact("When", when))
        if recap.minutes:
            facts.append(
                Fact("Length", f"{recap.minutes} minute{'s' if recap.minutes != 1 else ''}")
            )
        setting = _setting(recap)
        if setting:
            facts.append(Fact("Format", setting))
    if recap.guide:
        facts.append(Fact("Guide", _one_line(recap.guide)))
    return tuple(facts)


def _texts(texts: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(_one_line(t) for t in texts if t.strip())


def _promises(items: list[Promise]) -> tuple[PromiseView, ...]:
    return tuple(PromiseView(_one_line(p.text), p.due, p.done) for p in items if p.text.strip())


def _paragraphs(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return tuple(b.strip("\n") for b in blocks if b.strip())


def recap_view(recap: Recap) -> RecapView:
    """The recap worded for display: what every format lays out."""
    topics = []
    for topic in recap.topics:
        notes = _texts(topic.notes)
        # Noted and skipped as the checker counts them: "TBD" is no note, "Skipped" skips.
        skipped = topic.skipped or any(marks_skipped(note) for note in notes)
        state = "notes" if topic_noted(notes) else ("skipped" if skipped else "empty")
        topics.append(TopicView(_one_line(topic.question), _one_line(topic.key), notes, state))
    introductions = []
    for intro in recap.introductions:
        line = _one_line(intro.name)
        if intro.company:
            line += f" ({_one_line(intro.company)})"
        if intro.status:
            line += f" — {_one_line(intro.status)}"
        introductions.append(line)
    mine = _promises(recap.promises_by(PromiseBy.ME))
    theirs = _promises(recap.promises_by(PromiseBy.THEM))
    other_notes = _texts(recap.other_notes)
    show_topics = recap.variant is not Variant.REFLECTION
    written = f"Written on {plain_date(recap.written_on)}" if recap.written_on else "Written"
    return RecapView(
        variant=recap.variant,
        eyebrow=_EYEBROWS[recap.variant],
        title=_one_line(recap.title_line),
        lead=_lead(recap),
        facts=_facts(recap),
        show_topics=show_topics,
        topics=tuple(topics),
        no_topic_notes=show_topics and not topics,
        other_notes=other_notes,
        takeaway_groups=tuple(
            (heading, _texts(texts))
            for _kind, heading, texts in recap.takeaway_groups()
            if _texts(texts)
        ),
        introductions=tuple(introductions),
        any_promises=bool(mine or theirs),
        my_promises=mine,
        their_heading=f"{_one_line(recap.contact_first_name)} promised",
        their_promises=theirs,
        next_contact=long_date(recap.next_contact) if recap.next_contact else None,
        next_contact_iso=recap.next_contact.isoformat() if recap.next_contact else None,
        next_step=_one_line(recap.next_step)
        if recap.next_step and recap.next_step.strip()
        else None,
        reflection=_paragraphs(recap.reflection),
        findings=_texts(recap.findings),
        footer=f"{written} with coffeechat",
    )


# --------------------------------------------------------------------------- Markdown

#: One piece of the recap's body: ("section", name), ("topic", TopicView), ("group" or
#: "side", heading), ("bullet", text), ("promise", PromiseView), ("muted", text),
#: ("next", (date or None, step or None)) or ("paragraph", text).
Block = tuple[str, Any]


def recap_blocks(view: RecapView) -> list[Block]:
    """The body of the recap (after the facts) as blocks, in order: what Markdown and DOCX
    write out one by one."""
    blocks: list[Block] = []

    def bullets(kind: str, items: Sequence[object]) -> None:
        blocks.extend((kind, item) for item in items)

    for kind, name in view.sections:
        blocks.append(("section", name))
        if kind == "missing":
            bullets("bullet", view.findings)
        elif kind == "learnt":
            if view.no_topic_notes:
                blocks.append(("muted", "No guide topics"))
            for topic in view.topics:
                blocks.append(("topic", topic))
                bullets("bullet", topic.notes)
                if topic.state != "notes":
                    blocks.append(("muted", "Skipped" if topic.state == "skipped" else "No notes"))
        elif kind == "other":
            bullets("bullet", view.other_notes)
        elif kind == "takeaways":
            if not view.takeaway_groups:
                blocks.append(("muted", "None yet"))
            for heading, texts in view.takeaway_groups:
                blocks.append(("group", heading))
                bullets("bullet", texts)
        elif kind == "introductions":
            bullets("bullet", view.introductions)
        elif kind == "promises":
            if not view.any_promises:
                blocks.append(("muted", "None recorded"))
                continue
            for heading, promises in (
                (MY_PROMISES, view.my_promises),
                (view.their_heading, view.their_promises),
            ):
                blocks.append(("side", heading))
                bullets("promise", promises)
                if not promises:
                    blocks.append(("muted", "None"))
        elif kind == "next":
            blocks.append(("next", (view.next_contact, view.next_step)))
        elif kind == "reflection":
            if not view.reflection:
                blocks.append(("muted", "Not written yet"))
            bullets("paragraph", view.reflection)
    return blocks


_CHECKBOX_START = re.compile(r"\[[ xX]\]")
_BOLD_ONLY = re.compile(r"(?:\*\*|__).+(?:\*\*|__)\s*:?\s*")


def _md_item(text: str) -> str:
    """User text on a line of its own, read as written: not a checkbox, not a comment."""
    text = text.replace("<!--", "<\\!--")
    return "\\" + text if _CHECKBOX_START.match(text) else text


def _md_text(line: str) -> str:
    """A line of free text that cannot be read as a heading, a rule or a code fence."""
    stripped = _md_item(line).lstrip()
    if (
        stripped.startswith(("#", "```", "~~~"))
        or _BOLD_ONLY.fullmatch(stripped)
        or (stripped and set(stripped) <= set("-=_* "))
    ):
        return "\\" + stripped
    return _md_item(line)


def recap_markdown(recap: Recap) -> str:
    """The recap in Markdown, with fixed headings a checker can read back.

    ``# <title>``, then the lead and the facts as ``- **Label:** value`` lines; then the
    sections ``## What I learnt`` (``### <question> (<key>)`` per topic, its notes as
    bullets, ``_Skipped._`` or ``_No notes._``), ``## Other notes``, ``## Takeaways``
    (``### <group>``), ``## Introductions offered``, ``## Promises`` (``### I promised``,
    ``### <First name> promised``; lines ``- <text> — by YYYY-MM-DD`` or ``- <text> — no
    date``, `` (done)`` after done ones), ``## Next contact`` (``**Date:** ...``) and
    ``## My reflection``. A reflection has no "What I learnt" and starts with its reflection.
    """
    view = recap_view(recap)
    lines = [f"# {view.title}", "", view.lead, ""]
    lines += [f"- **{fact.label}:** {_md_item(fact.value)}" for fact in view.facts]
    for kind, value in recap_blocks(view):
        if kind in ("bullet", "promise"):
            lines.append(f"- {_md_item(value.markdown if kind == 'promise' else value)}")
            continue
        lines.append("")  # a list ends, or a block starts, with a blank line
        if kind == "section":
            lines += [f"## {value}", ""]
        elif kind == "topic":
            lines += [f"### {_md_item(value.question)} ({value.key})", ""]
        elif kind in ("group", "side"):
            lines += [f"### {value}", ""]
        elif kind == "muted":
            lines.append(f"_{value}._")
        elif kind == "next":
            date, step = value
            lines.append(f"**Date:** {date or 'not set'}")
            lines += ["", _md_text(step)] if step else []
        else:
            lines += [_md_text(line) for line in value.split("\n")]
    lines += ["", "---", "", f"_{view.footer}._", ""]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


# --------------------------------------------------------------------------- HTML, PDF


def template_folder() -> Path:
    """The folder of the packaged recap template and its stylesheet."""
    return Path(__file__).resolve().parent.parent / "templates" / "recap"


#: The CSS page size and the DOCX page (width, height in cm) of each paper.
PAGE_SIZES = {"a4": "A4", "letter": "letter"}
_DOCX_PAGE = {"a4": (21.0, 29.7), "letter": (21.59, 27.94)}


def recap_html(recap: Recap, paper: str = "a4") -> str:
    """The recap as a whole HTML5 document, its print stylesheet inline, for ``paper``
    (``a4`` or ``letter``) when printed."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_folder()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    view = recap_view(recap)
    page_size = PAGE_SIZES[paper]
    return env.get_template("recap.html").render(view=view, mine=MY_PROMISES, page_size=page_size)


def recap_pdf(recap: Recap, paper: str = "a4") -> bytes:
    """The recap as a PDF (A4 or Letter, page numbers in the footer), drawn from its HTML."""
    from coffeechat.formats.pdf import html_to_pdf

    return html_to_pdf(recap_html(recap, paper))


# --------------------------------------------------------------------------- DOCX

_INK, _MUTED, _ACCENT, _SHADE = "1F2933", "6B7785", "2F5D8A", "F1F4F8"
_FONT = "Arial"
_MARGIN = 2.4  # cm, left and right, on A4
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _style(
    run: Run, size: float | None = None, colour: str = _MUTED, bold: bool | None = None
) -> Run:
    from docx.shared import Pt, RGBColor

    if size is not None:
        run.font.size = Pt(size)
    run.font.color.rgb = RGBColor.from_string(colour)
    if bold is not None:
        run.bold = bold
    return run


def _xml(tag: str, **attributes: str) -> Any:
    """A WordprocessingML element, e.g. ``_xml("w:shd", val="clear", fill="F1F4F8")``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}" if ":" not in name else name), value)
    return element


def _docx_styles(document: DocxDocument) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = _FONT, Pt(10.5)
    normal.font.color.rgb = RGBColor.from_string(_INK)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.2
    # name: (size, colour, space before, space after)
    looks = {
        "Title": (22, _INK, 0, 6),
        "Heading 1": (15, _ACCENT, 20, 6),
        "Heading 2": (11.5, _INK, 11, 3),
    }
    for name, (size, colour, before, after) in looks.items():
        style = styles[name]
        # The template's theme fonts would win over a font name: drop them first.
        fonts = style.element.get_or_add_rPr()
        for child in fonts.findall(f"{_W}rFonts"):
            fonts.remove(child)
        style.font.name, style.font.size = _FONT, Pt(size)
        style.font.bold, style.font.italic = True, False
        style.font.color.rgb = RGBColor.from_string(colour)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
    title = styles["Title"].element.pPr
    for border in title.findall(f"{_W}pBdr") if title is not None else ():
        title.remove(border)  # the default template's rule under the title
    styles["List Bullet"].paragraph_format.space_after = Pt(2)
    muted = styles.add_style("Muted", WD_STYLE_TYPE.PARAGRAPH)
    muted.base_style = normal
    muted.font.italic = True
    muted.font.color.rgb = RGBColor.from_string(_MUTED)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in runs styled like the footer's text."""
    code = _xml("w:instrText", **{"xml:space": "preserve"})
    code.text = f" {instruction} "
    begin, separate, end = (_xml("w:fldChar", fldCharType=t) for t in ("begin", "separate", "end"))
    parts = [begin, code, separate, None, end]  # None: the number shown until Word updates it
    for part in parts:
        run = _style(paragraph.add_run("1" if part is None else ""), 8)
        if part is not None:
            run._r.append(part)


def _docx_footer(document: DocxDocument, view: RecapView) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm, Twips

    paragraph = document.sections[0].footer.paragraphs[0]
    stops = paragraph.paragraph_format.tab_stops
    # The Footer style's centre and right stops are for Letter paper: cleared, one of ours.
    for position in (Twips(4680), Twips(9360)):
        stops.add_tab_stop(position, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(Cm(21 - 2 * _MARGIN), WD_TAB_ALIGNMENT.RIGHT)
    _style(paragraph.add_run(f"{view.title}\tPage "), 8)
    _field(paragraph, "PAGE")
    _style(paragraph.add_run(" of "), 8)
    _field(paragraph, "NUMPAGES")


def _callout(paragraph: Paragraph) -> None:
    """Shade a paragraph and rule its left edge, like the boxes of the HTML recap."""
    from docx.shared import Cm

    paragraph.paragraph_format.left_indent = Cm(0.45)
    paragraph.paragraph_format.right_indent = Cm(0.3)
    properties = paragraph._p.get_or_add_pPr()
    borders = _xml("w:pBdr")
    # Rules in the fill colour pad the box; the left one is the accent.
    for side in ("top", "left", "bottom", "right"):
        colour, size = (_ACCENT, "18") if side == "left" else (_SHADE, "4")
        borders.append(_xml(f"w:{side}", val="single", sz=size, space="7", color=colour))
    properties.append(borders)
    properties.append(_xml("w:shd", val="clear", color="auto", fill=_SHADE))


def _docx_facts(document: DocxDocument, view: RecapView) -> None:
    from docx.shared import Cm, Pt

    table = document.add_table(rows=0, cols=2)
    table.autofit = False
    widths = (Cm(4.4), Cm(21 - 2 * _MARGIN - 4.4))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for fact in view.facts:
        cells = table.add_row().cells
        _style(cells[0].paragraphs[0].add_run(fact.label.upper()), 8, bold=True)
        cells[1].paragraphs[0].add_run(fact.value)
        for cell, width in zip(cells, widths, strict=True):
            cell.width = width
            cell._tc.get_or_add_tcPr().append(_xml("w:shd", val="clear", color="auto", fill=_SHADE))
            cell.paragraphs[0].paragraph_format.space_before = Pt(3)
            cell.paragraphs[0].paragraph_format.space_after = Pt(3)


def recap_docx(recap: Recap, paper: str = "a4") -> bytes:
    """The recap as a Word document on ``paper``: headings, bullet lists, a facts table."""
    import docx
    from docx.shared import Cm, Pt

    view = recap_view(recap)
    document = docx.Document()
    section = document.sections[0]
    width, height = _DOCX_PAGE[paper]
    section.page_width, section.page_height = Cm(width), Cm(height)
    section.left_margin = section.right_margin = Cm(_MARGIN)
    section.top_margin = section.bottom_margin = Cm(2.2)
    _docx_styles(document)
    document.core_properties.title = view.title
    document.core_properties.author = recap.user_name

    eyebrow = document.add_paragraph()
    _style(eyebrow.add_run(view.eyebrow.upper()), 8.5, _ACCENT, bold=True)
    eyebrow.paragraph_format.space_after = Pt(2)
    document.add_heading(view.title, level=0)
    lead = document.add_paragraph()
    _style(lead.add_run(view.lead))
    lead.paragraph_format.space_after = Pt(10)
    _docx_facts(document, view)
    for kind, value in recap_blocks(view):
        if kind == "section":
            document.add_heading(value, level=1)
        elif kind == "topic":
            heading = document.add_heading(value.question + " ", level=2)
            _style(heading.add_run(f"({value.key})"), 8.5, bold=False)
        elif kind in ("group", "side"):
            document.add_heading(value, level=2)
        elif kind == "bullet":
            document.add_paragraph(value, style="List Bullet")
        elif kind == "promise":
            item = document.add_paragraph(style="List Bullet")
            item.add_run(("✓ " if value.done else "") + value.text)
            _style(item.add_run(f" — {value.when}" + (" (done)" if value.done else "")))
        elif kind == "muted":
            document.add_paragraph(value, style="Muted")
        elif kind == "next":
            date, step = value
            callout = document.add_paragraph()
            _style(callout.add_run(date or "Not set"), 12, _INK, bold=True)
            if step:
                callout.add_run("\n" + step)
            callout.paragraph_format.space_before = Pt(4)
            callout.paragraph_format.space_after = Pt(6)
            _callout(callout)
        else:  # a paragraph of the reflection; its line breaks kept
            paragraph = document.add_paragraph(value)
            paragraph.paragraph_format.space_after = Pt(8)
            if view.variant is Variant.REFLECTION:
                paragraph.runs[0].font.size = Pt(11.5)
    closing = document.add_paragraph()
    _style(closing.add_run(view.footer), 8.5)
    closing.paragraph_format.space_before = Pt(24)
    _docx_footer(document, view)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


#: The media type of each recap format (for downloads).
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def recap_filename(recap: Recap, fmt: str) -> str:
    """The file a recap is saved as by default: ``recap-ada-lovelace-2026-12-01.pdf``
    (the day of the conversation, else the day it was written)."""
    slug = "-".join("".join(c for c in w if c.isalnum()) for w in recap.contact_name.split())
    day = recap.start.date().isoformat() if recap.start else recap.written_on
    return f"recap-{slug.lower()}-{day}.{fmt}"


# --------------------------------------------------------------------------- any format


def render_recap(recap: Recap, fmt: str, paper: str = "a4") -> bytes:
    """The recap in ``fmt`` (one of ``RECAP_FORMATS``) as bytes, laid out for ``paper``
    (``a4`` or ``letter``) when it is printed; text formats in UTF-8."""
    if fmt == "md":
        return recap_markdown(recap).encode("utf-8")
    if fmt == "html":
        return recap_html(recap, paper).encode("utf-8")
    if fmt == "pdf":
        return recap_pdf(recap, paper)
    if fmt == "docx":
        return recap_docx(recap, paper)
    raise ValueError(f"unknown recap format {fmt!r}: choose one of {', '.join(RECAP_FORMATS)}")
