"""The printable question guide for one chat: Markdown, HTML (one page) and PDF.

A fitted, tailored plan (``coffeechat.core.guides.fit``) becomes a document to take to
the conversation: who and when, the opening, each question with its minutes and purpose
(with ruled lines to write notes on, on paper), the "mind the time" cue before the closing
questions, the wrap-up, and the skipped questions to ask if there is time after all.
Jinja and WeasyPrint are imported only when a document is rendered.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from coffeechat.core.guides import CUE_TEXT, OPENING_TEXT, WRAP_UP_TEXT, Plan

#: Paper sizes the HTML/PDF can be laid out for (CSS ``@page size``).
PAPER = {"a4": "A4", "letter": "letter"}
#: The page's usable height, in rem of the template's 9pt type (A4 272mm, Letter 254mm),
#: less a safety margin; and how many characters of a question fit on one line.
_PAGE_HEIGHT = {"A4": 84.0, "letter": 78.5}
_LINE_CHARS = {"A4": 80, "letter": 83}
#: Heights in the template (rem): header, opening/wrap-up row, cue, one ruled line, etc.
_HEADER, _ASIDE, _CUE, _RULED = 6.0, 2.2, 2.7, 1.6


@dataclass(frozen=True)
class Row:
    """One question of the document, numbered, with its time."""

    number: int
    text: str
    purpose: str
    minutes: int
    #: "min 2-6" (empty without a time limit).
    span: str
    #: The time cue comes just before this question.
    cue_before: bool
    #: Ruled lines to write notes on (HTML/PDF).
    lines: int


@dataclass(frozen=True)
class Spare:
    """A question skipped for lack of time, to ask if there is time after all."""

    text: str
    purpose: str


@dataclass(frozen=True)
class GuideDocument:
    """Everything the printable guide shows, ready for a template."""

    title: str
    contact_name: str
    company: str | None
    when: str | None
    length: str
    guide_title: str
    opening_span: str
    opening_minutes: int
    opening_text: str
    rows: tuple[Row, ...]
    cue: str | None
    wrap_up_span: str
    wrap_up_minutes: int
    wrap_up_text: str
    spare: tuple[Spare, ...]
    paper: str

    @property
    def facts(self) -> list[str]:
        """The line under the title: company, when, length."""
        return [f for f in (self.company, self.when, self.length) if f]


def _rows_of(text: str, chars: int) -> int:
    """About how many lines a text takes at ``chars`` characters a line."""
    return max(1, math.ceil(len(text) / chars))


def _note_lines(plan: Plan, size: str, facts: int = 1) -> int:
    """Ruled lines under each question so that the guide fills one page (1 to 5)."""
    chars = _LINE_CHARS[size]
    used = _HEADER + 2 * _ASIDE + (_CUE if plan.cue_at is not None else 0) + 1.3 * (facts - 1)
    for q in plan.questions:
        used += 0.7 + 1.3 * _rows_of(q.text, chars) + 1.18 * _rows_of(q.purpose, chars + 20)
    if plan.skipped_questions:
        used += 2.2 + sum(
            1.2 * _rows_of(f"{q.text} ({q.purpose})", chars + 25) for q in plan.skipped_questions
        )
    free = _PAGE_HEIGHT[size] - used
    return max(1, min(5, int(free // (_RULED * max(1, len(plan.questions))))))


def _span(start: int, end: int, sep: str = "-") -> str:
    return f"min {start}{sep}{end}"


def document(
    plan: Plan,
    *,
    contact_name: str,
    company: str | None,
    when: str | None,
    paper: str = "a4",
) -> GuideDocument:
    """The contents of the printable guide for a plan."""
    timed = plan.minutes is not None
    closing_start = next(
        (q.start for q in plan.questions if plan.cue_at is not None and q.start >= plan.cue_at),
        None,
    )
    size = PAPER.get(paper.lower(), "A4")
    facts_text = " · ".join(f for f in (company, when, plan.title) if f)
    lines = _note_lines(plan, size, _rows_of(facts_text, _LINE_CHARS[size] + 25))
    rows = tuple(
        Row(
            number=i,
            text=q.text,
            purpose=q.purpose,
            minutes=q.minutes,
            span=_span(q.start, q.end) if timed else "",
            cue_before=timed and q.start == closing_start,
            lines=lines,
        )
        for i, q in enumerate(plan.questions, start=1)
    )
    cue = f"At min {plan.cue_at}: {CUE_TEXT}" if plan.cue_at is not None else None
    length = f"{plan.minutes} minutes" if timed else "no time limit"
    return GuideDocument(
        title=f"Coffee chat with {contact_name}",
        contact_name=contact_name,
        company=company or None,
        when=when or None,
        length=length,
        guide_title=plan.title,
        opening_span=_span(0, plan.opening) if timed else "",
        opening_minutes=plan.opening,
        opening_text=OPENING_TEXT,
        rows=rows,
        cue=cue,
        wrap_up_span=_span(plan.wrap_up_at, plan.total) if timed else "",
        wrap_up_minutes=plan.wrap_up,
        wrap_up_text=WRAP_UP_TEXT,
        spare=tuple(Spare(q.text, q.purpose) for q in plan.skipped_questions),
        paper=size,
    )


# --- Markdown -------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    """User text made safe inside Markdown (no accidental emphasis, links or HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _timing(minutes: int, span: str) -> str:
    return f"{minutes} min, {span}" if span else f"about {minutes} min"


def guide_markdown(plan: Plan, *, contact_name: str, company: str | None, when: str | None) -> str:
    """The guide as Markdown: header, opening, numbered questions, cue, wrap-up, extras."""
    doc = document(plan, contact_name=contact_name, company=company, when=when)
    out = [f"# {_md(doc.title)}", ""]
    out += [" · ".join(_md(f) for f in doc.facts), "", f"Guide: {_md(doc.guide_title)}", ""]
    if doc.opening_minutes:
        timing = _timing(doc.opening_minutes, doc.opening_span)
        out += [f"**Opening** ({timing}): {doc.opening_text}", ""]
    for row in doc.rows:
        if row.cue_before and doc.cue:
            out += [f"> **{doc.cue}**", ""]
        out += [
            f"{row.number}. **{_md(row.text)}** ({_timing(row.minutes, row.span)})",
            "",
            f"   *{_md(row.purpose)}*",
            "",
        ]
    if doc.wrap_up_minutes:
        timing = _timing(doc.wrap_up_minutes, doc.wrap_up_span)
        out += [f"**Wrap-up** ({timing}): {doc.wrap_up_text}", ""]
    if doc.spare:
        out += ["**If there is time:**", ""]
        out += [f"- {_md(s.text)} *({_md(s.purpose)})*" for s in doc.spare]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --- HTML and PDF ---------------------------------------------------------------------


def template_folder() -> Path:
    """The folder of the packaged guide template."""
    return Path(__file__).resolve().parent.parent / "templates" / "guide"


def guide_html(
    plan: Plan,
    *,
    contact_name: str,
    company: str | None,
    when: str | None,
    paper: str = "a4",
) -> str:
    """The guide as one printable HTML page (A4 or Letter), with room to write notes."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_folder()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    doc = document(plan, contact_name=contact_name, company=company, when=when, paper=paper)
    return env.get_template("guide.html").render(doc=doc)


def guide_pdf(
    plan: Plan,
    *,
    contact_name: str,
    company: str | None,
    when: str | None,
    paper: str = "a4",
) -> bytes:
    """The guide as a one-page PDF (needs WeasyPrint: ``pip install 'coffeechat[pdf]'``)."""
    from coffeechat.formats.pdf import html_to_pdf

    html = guide_html(plan, contact_name=contact_name, company=company, when=when, paper=paper)
    return html_to_pdf(html)
