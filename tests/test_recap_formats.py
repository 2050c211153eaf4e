"""A recap written out as Markdown, HTML, PDF and DOCX (formats/recap.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coffeechat.core.recap import (
    Introduction,
    Promise,
    PromiseBy,
    Recap,
    Takeaway,
    TakeawayKind,
    TopicNotes,
    Variant,
)
from coffeechat.formats.recap import (
    RECAP_FORMATS,
    recap_docx,
    recap_html,
    recap_markdown,
    recap_pdf,
    render_recap,
)
from conftest import system_tool

GUIDE = (
    ("path", "How did you get to where you are now, and how do you keep your skills sharp?"),
    ("balance", "What is work/life balance like here, compared with other jobs you have had?"),
    ("adapting", "What was hardest about adapting your technical skills to this team?"),
    ("workflow", "How are work and projects managed: one department each, or spread by task?"),
    ("team", "What is the mix of senior and entry-level people, and how long does ramp-up take?"),
    ("advice", "What advice do you have on my search, résumé or portfolio?"),
    ("way-in", "What is the best way into your company, now or later?"),
    ("network", "Is there anyone else in your network I should talk to?"),
    ("stay-in-touch", "May I stay in touch and reach out again?"),
)
NOTES = {
    "path": (
        "Started in QA at a fintech, moved to data engineering after two years.",
        "Keeps sharp with a weekly reading group and the dbt Slack.",
    ),
    "balance": ("Core hours 10–4, no meetings on Fridays.", "On-call one week in six."),
    "adapting": ("Hardest part was moving from batch jobs to streaming (Kafka, Flink).",),
    "workflow": ("Squads own a domain end to end; a platform team serves them all.",),
    "team": ("About a third are juniors; ramp-up takes roughly three months with a buddy.",),
    "advice": ("Put one end-to-end project at the top of the portfolio, with a write-up.",),
    "network": ("Suggested Grace (analytics lead) and Linus at a partner agency.",),
    "stay-in-touch": ("Yes — happy to look at my portfolio again in January.",),
}
TAKEAWAYS = (
    Takeaway(TakeawayKind.ADVICE, "Lead the portfolio with one end-to-end streaming project."),
    Takeaway(TakeawayKind.INSIGHT, "Streaming skills are scarce; batch-only profiles common."),
    Takeaway(TakeawayKind.MENTOR, "Ada offered to review my portfolio once a quarter."),
    Takeaway(TakeawayKind.INTRODUCTION, "Two introductions offered: Grace and Linus."),
    Takeaway(TakeawayKind.PATH, "Apply through her referral; the junior cohort opens in March."),
    Takeaway(TakeawayKind.RESOURCE, "Designing Data-Intensive Applications."),
)
PROMISES = (
    Promise(PromiseBy.ME, "Send Ada my revised portfolio", dt.date(2026, 12, 4)),
    Promise(PromiseBy.ME, "Thank-you note naming the streaming advice", dt.date(2026, 12, 2), True),
    Promise(PromiseBy.ME, "Read chapters 1–3 of DDIA"),
    Promise(PromiseBy.THEM, "Introduce me to Grace Hopper", dt.date(2026, 12, 8)),
    Promise(PromiseBy.THEM, "Share the team's onboarding doc"),
)


def sample(variant: Variant = Variant.INTERVIEW, name: str = "Ada Lovelace", many: int = 1):
    """A full recap: nine topics (one skipped), every takeaway kind, both sides' promises."""
    talked = variant is not Variant.REFLECTION
    topics = tuple(
        TopicNotes(key, question, "why", NOTES.get(key, ()) * many, skipped=key == "way-in")
        for key, question in GUIDE
    )
    return Recap(
        variant=variant,
        user_name="Sam Rivera",
        contact_name=name,
        title="Staff Data Engineer",
        company="Analytical Engines",
        seniority="senior",
        how_met="someone I already know" if variant is Variant.KNOWN else "at an event",
        met_at="PyData NYC meetup",
        met_on=dt.date(2026, 11, 12),
        introduced_by="Grace Hopper" if variant is Variant.INTERVIEW else None,
        start=dt.datetime(2026, 12, 1, 17, 0, tzinfo=dt.UTC) if talked else None,
        zone="America/New_York" if talked else None,
        minutes=30 if talked else None,
        format="coffee" if talked else None,
        place="Blue Bottle, 54 W 40th St" if talked else None,
        guide="Default guide (9 topics)" if talked else None,
        topics=topics if talked else (),
        other_notes=("Her team is moving to a lakehouse next year.",) * many,
        takeaways=TAKEAWAYS,
        promises=PROMISES,
        introductions=(
            Introduction("Grace Hopper", "Analytical Engines"),
            Introduction("Linus Torvalds", "Kernel & Co", "asked"),
        ),
        next_contact=dt.date(2026, 12, 10),
        next_step="Report back on the portfolio changes.",
        reflection="Streaming, not SQL, is what I lack.\n\nI will build one Kafka project.",
        written_on=dt.date(2026, 12, 1),
    )


SECTIONS = [
    "## What I learnt",
    *(f"### {question} ({key})" for key, question in GUIDE),
    "## Other notes",
    "## Takeaways",
    "### Industry insight",
    "### Mentoring",
    "### Introductions",
    "### Path into the company",
    "### Resources",
    "### Advice",
    "## Introductions offered",
    "## Promises",
    "### I promised",
    "### {first} promised",
    "## Next contact",
    "## My reflection",
]


def headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("#")]


def section(markdown: str, heading: str) -> list[str]:
    """The non-blank lines under a heading, up to the next heading."""
    lines = markdown.splitlines()
    start = lines.index(heading) + 1
    out = []
    for line in lines[start:]:
        if line.startswith("#") or line == "---":
            break
        if line.strip():
            out.append(line)
    return out


# --------------------------------------------------------------------------- Markdown


def test_markdown_headings_are_fixed_and_in_order():
    text = recap_markdown(sample())
    assert headings(text) == [
        "# Conversation with Ada Lovelace",
        *(h.format(first="Ada") for h in SECTIONS),
    ]


def test_markdown_facts_lead_and_footer():
    text = recap_markdown(sample())
    assert text.splitlines()[2].startswith("My notes from an informational interview with Ada")
    facts = [line for line in text.splitlines() if line.startswith("- **")]
    assert facts == [
        "- **Who:** Ada Lovelace",
        "- **Role:** Staff Data Engineer at Analytical Engines · Senior",
        "- **How we met:** At an event — PyData NYC meetup, 12 November 2026, introduced by "
        "Grace Hopper",
        "- **When:** Tuesday 1 December 2026, 12:00–12:30 (America/New_York)",
        "- **Length:** 30 minutes",
        "- **Format:** Coffee — Blue Bottle, 54 W 40th St",
        "- **Guide:** Default guide (9 topics)",
    ]
    assert text.endswith("---\n\n_Written on 1 December 2026 with coffeechat._\n")
    assert "\n\n\n" not in text


def test_markdown_topics_notes_skipped_and_empty():
    recap = sample()
    topics = list(recap.topics)
    topics[2] = dataclasses.replace(topics[2], notes=())  # adapting: not noted, not skipped
    text = recap_markdown(dataclasses.replace(recap, topics=tuple(topics)))
    assert section(text, f"### {GUIDE[0][1]} (path)") == [f"- {n}" for n in NOTES["path"]]
    assert section(text, f"### {GUIDE[6][1]} (way-in)") == ["_Skipped._"]
    assert section(text, f"### {GUIDE[2][1]} (adapting)") == ["_No notes._"]


def test_markdown_takeaways_grouped_in_recap_order():
    text = recap_markdown(sample())
    assert section(text, "### Industry insight") == [
        "- Streaming skills are scarce; batch-only profiles common."
    ]
    assert section(text, "### Advice") == [
        "- Lead the portfolio with one end-to-end streaming project."
    ]


def test_markdown_promises_by_side_dated_first_done_marked():
    text = recap_markdown(sample())
    assert section(text, "### I promised") == [
        "- Thank-you note naming the streaming advice — by 2026-12-02 (done)",
        "- Send Ada my revised portfolio — by 2026-12-04",
        "- Read chapters 1–3 of DDIA — no date",
    ]
    assert section(text, "### Ada promised") == [
        "- Introduce me to Grace Hopper — by 2026-12-08",
        "- Share the team's onboarding doc — no date",
    ]
    assert section(text, "## Introductions offered") == [
        "- Grace Hopper (Analytical Engines) — offered",
        "- Linus Torvalds (Kernel & Co) — asked",
    ]


def test_markdown_next_contact_and_reflection():
    text = recap_markdown(sample())
    assert section(text, "## Next contact") == [
        "**Date:** Thursday 10 December 2026",
        "Report back on the portfolio changes.",
    ]
    assert section(text, "## My reflection") == [
        "Streaming, not SQL, is what I lack.",
        "I will build one Kafka project.",
    ]


def test_markdown_known_variant_says_how_they_know_each_other():
    text = recap_markdown(sample(Variant.KNOWN, "Zoë Müller"))
    assert headings(text)[0] == "# Conversation with Zoë Müller"
    lead = text.splitlines()[2]
    assert "fallback" in lead and "already know" in lead and "industry" in lead
    assert "- **How we know each other:** Someone I already know — PyData NYC meetup" in text
    assert "How we met" not in text
    assert "### Zoë promised" in headings(text)


def test_markdown_reflection_variant_has_no_conversation_facts_or_topics():
    text = recap_markdown(sample(Variant.REFLECTION, "李雷"))
    assert headings(text) == [
        "# Reflection: 李雷",
        "## My reflection",
        "## Other notes",
        "## Takeaways",
        "### Industry insight",
        "### Mentoring",
        "### Introductions",
        "### Path into the company",
        "### Resources",
        "### Advice",
        "## Introductions offered",
        "## Promises",
        "### I promised",
        "### 李雷 promised",
        "## Next contact",
    ]
    assert "No conversation with 李雷 has taken place yet" in text
    for label in ("When", "Length", "Format", "Guide"):
        assert f"**{label}:**" not in text


def test_markdown_empty_parts_say_so_and_findings_come_first():
    recap = dataclasses.replace(
        sample(),
        other_notes=(),
        takeaways=(),
        promises=(),
        introductions=(),
        next_contact=None,
        next_step=None,
        reflection=None,
        findings=("No next contact date is set.",),
    )
    text = recap_markdown(recap)
    assert headings(text)[1] == "## Still missing"
    assert section(text, "## Still missing") == ["- No next contact date is set."]
    assert section(text, "## Takeaways") == ["_None yet._"]
    assert section(text, "## Promises") == ["_None recorded._"]
    assert section(text, "## Next contact") == ["**Date:** not set"]
    assert section(text, "## My reflection") == ["_Not written yet._"]
    assert "## Other notes" not in text and "## Introductions offered" not in text


def test_markdown_free_text_cannot_break_the_structure():
    recap = dataclasses.replace(
        sample(),
        reflection="# Not a heading\n---\nline two",
        topics=(TopicNotes("path", "Path?", "why", ("two\nlines  of   note",)),),
    )
    text = recap_markdown(recap)
    assert "\\# Not a heading" in text and "\\---" in text
    assert section(text, "### Path? (path)") == ["- two lines of note"]


def test_markdown_is_stable():
    assert recap_markdown(sample()) == recap_markdown(sample())


def test_when_is_shown_in_the_conversation_zone_and_without_length():
    recap = dataclasses.replace(sample(), minutes=None, zone="Europe/London")
    text = recap_markdown(recap)
    assert "- **When:** Tuesday 1 December 2026, 17:00 (Europe/London)" in text
    assert "**Length:**" not in text


# --------------------------------------------------------------------------- HTML


class Outline(HTMLParser):
    """Headings in order, open/close balance, and the start tags seen."""

    VOID = frozenset({"meta", "br", "hr", "img", "link", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)
        if re.fullmatch(r"h[1-3]", tag):
            self._heading = []

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (self.stack[-3:], tag)
        self.stack.pop()
        if re.fullmatch(r"h[1-3]", tag) and self._heading is not None:
            self.headings.append((tag, " ".join("".join(self._heading).split())))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    parser.close()
    assert parser.stack == []
    return parser


def test_html_is_a_whole_document_with_print_css():
    html = recap_html(sample())
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html and "@page" in html and "counter(pages)" in html
    parsed = outline(html)
    assert parsed.tags[:2] == ["html", "head"]
    heads = parsed.headings
    assert heads[0] == ("h1", "Conversation with Ada Lovelace")
    assert [text for tag, text in heads if tag == "h2"] == [
        "What I learnt",
        "Other notes",
        "Takeaways",
        "Introductions offered",
        "Promises",
        "Next contact",
        "My reflection",
    ]
    assert ("h3", f"{GUIDE[0][1]} path") in heads
    assert ("h3", "Ada promised") in heads


def test_html_escapes_what_the_user_wrote():
    recap = dataclasses.replace(
        sample(),
        topics=(TopicNotes("path", "Path <b>?", "why", ("<script>alert(1)</script>",)),),
        contact_name="Bobby <img src=x> Tables",
    )
    html = recap_html(recap)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Path &lt;b&gt;?" in html
    parsed = outline(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "b" not in parsed.tags


def test_html_variants_and_states():
    known = recap_html(sample(Variant.KNOWN, "Zoë Müller"))
    assert "Fallback conversation" in known and "How we know each other" in known
    reflection = recap_html(sample(Variant.REFLECTION, "李雷"))
    heads = outline(reflection).headings
    assert next(t for tag, t in heads if tag == "h2") == "My reflection"
    assert "What I learnt" not in reflection and "When</th>" not in reflection
    assert "No conversation with 李雷 has taken place yet" in reflection
    full = recap_html(sample())
    assert 'class="muted state">Skipped</p>' in full
    assert "by Fri 4 Dec 2026" in full and "no date" in full


# --------------------------------------------------------------------------- PDF


def page_count(pdf: bytes, tmp_path: Path, name: str = "recap") -> int:
    """The pages pdftoppm draws from the PDF (fails, naming the package, without poppler)."""
    pdftoppm = system_tool("pdftoppm")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run([pdftoppm, "-png", "-r", "20", str(path), str(tmp_path / name)], check=True)
    return len(list(tmp_path.glob(f"{name}-*.png")))


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    pdftotext = system_tool("pdftotext")
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    done = subprocess.run([pdftotext, str(path), "-"], check=True, capture_output=True)
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def weasyprint_ready() -> None:
    """WeasyPrint is a dev dependency: `make test` installs it, so it is never skipped."""
    import weasyprint  # noqa: F401


@pytest.mark.parametrize(
    ("variant", "name"),
    [
        (Variant.INTERVIEW, "Ada Lovelace"),
        (Variant.KNOWN, "Zoë Müller"),
        (Variant.REFLECTION, "李雷"),
    ],
)
def test_pdf_pages_are_numbered_and_hold_the_recap(variant, name, tmp_path, weasyprint_ready):
    pdf = recap_pdf(sample(variant, name))
    assert pdf.startswith(b"%PDF")
    pages = page_count(pdf, tmp_path)
    assert 1 <= pages <= 4
    text = pdf_text(pdf, tmp_path)
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
    assert name in text
    assert "Written on 1 December 2026 with coffeechat" in text


def test_a_long_pdf_breaks_over_more_pages(tmp_path, weasyprint_ready):
    short = page_count(recap_pdf(sample()), tmp_path, "short")
    long_pdf = recap_pdf(sample(many=4))
    pages = page_count(long_pdf, tmp_path, "long")
    assert pages > short
    text = pdf_text(long_pdf, tmp_path)
    assert text.count("Her team is moving to a lakehouse next year.") == 4


# --------------------------------------------------------------------------- DOCX


def docx_paragraphs(data: bytes) -> list[tuple[str, str]]:
    import docx

    document = docx.Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]


def test_docx_has_real_headings_bullets_and_a_facts_table():
    import docx

    data = recap_docx(sample())
    paragraphs = docx_paragraphs(data)
    heads = [(style, text) for style, text in paragraphs if style in ("Title", "Heading 1")]
    assert heads == [
        ("Title", "Conversation with Ada Lovelace"),
        ("Heading 1", "What I learnt"),
        ("Heading 1", "Other notes"),
        ("Heading 1", "Takeaways"),
        ("Heading 1", "Introductions offered"),
        ("Heading 1", "Promises"),
        ("Heading 1", "Next contact"),
        ("Heading 1", "My reflection"),
    ]
    topics = [text for style, text in paragraphs if style == "Heading 2"][:9]
    assert topics == [f"{question} ({key})" for key, question in GUIDE]
    texts = [text for _style, text in paragraphs]
    first = texts.index(f"{GUIDE[0][1]} (path)")
    assert texts[first + 1 : first + 3] == list(NOTES["path"])
    assert paragraphs[first + 1][0] == "List Bullet"
    assert texts[texts.index(f"{GUIDE[6][1]} (way-in)") + 1] == "Skipped"
    mine = texts.index("I promised")
    assert texts[mine + 1 : mine + 4] == [
        "✓ Thank-you note naming the streaming advice — by Wed 2 Dec 2026 (done)",
        "Send Ada my revised portfolio — by Fri 4 Dec 2026",
        "Read chapters 1–3 of DDIA — no date",
    ]
    assert texts[mine + 4] == "Ada promised"
    assert "Thursday 10 December 2026\nReport back on the portfolio changes." in texts
    assert texts[-1] == "Written on 1 December 2026 with coffeechat"

    document = docx.Document(io.BytesIO(data))
    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["WHO", "Ada Lovelace"]
    assert ["WHEN", "Tuesday 1 December 2026, 12:00–12:30 (America/New_York)"] in rows
    footer = document.sections[0].footer.paragraphs[0]
    assert "Page" in footer.text and "PAGE" in footer._p.xml and "NUMPAGES" in footer._p.xml


def test_docx_variants_and_non_ascii_names():
    known = docx_paragraphs(recap_docx(sample(Variant.KNOWN, "Zoë Müller")))
    assert ("Title", "Conversation with Zoë Müller") in known
    assert ("Heading 2", "Zoë promised") in known
    assert any("fallback" in text for _style, text in known)
    reflection = docx_paragraphs(recap_docx(sample(Variant.REFLECTION, "李雷")))
    heads = [text for style, text in reflection if style == "Heading 1"]
    assert heads[0] == "My reflection" and "What I learnt" not in heads
    assert ("Title", "Reflection: 李雷") in reflection
    assert any("No conversation with 李雷" in text for _style, text in reflection)


# --------------------------------------------------------------------------- any format


@pytest.mark.parametrize("fmt", RECAP_FORMATS)
def test_render_recap_gives_bytes_in_each_format(fmt, weasyprint_ready):
    data = render_recap(sample(Variant.KNOWN, "Zoë Müller"), fmt)
    assert isinstance(data, bytes) and data
    if fmt in ("md", "html"):
        assert "Zoë Müller" in data.decode("utf-8")
    elif fmt == "pdf":
        assert data.startswith(b"%PDF")
    else:
        assert data.startswith(b"PK")


def test_render_recap_refuses_an_unknown_format():
    with pytest.raises(ValueError, match="md, html, pdf, docx"):
        render_recap(sample(), "odt")


# --------------------------------------------------------------------------- wording of the facts


def stripe_recap(**changes: object) -> Recap:
    """The issue's example: a Senior Data Engineer at Stripe in San Francisco, met by
    video from Chicago."""
    base = dataclasses.replace(
        sample(),
        title="Senior Data Engineer",
        company="Stripe",
        seniority="senior",
        start=dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.UTC),
        zone="America/Los_Angeles",
        user_zone="America/Chicago",
        contact_zone="America/Los_Angeles",
        format="video",
        place="Video call (or phone, if you prefer)",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def facts_in_every_format(recap: Recap) -> dict[str, dict[str, str]]:
    """The facts box as each format shows it: {format: {label: value}}."""
    import docx

    markdown = {}
    for line in recap_markdown(recap).splitlines():
        found = re.fullmatch(r"- \*\*(.+?):\*\* (.*)", line)
        if found:
            markdown[found[1]] = found[2].replace("\\", "")
    rows = docx.Document(io.BytesIO(recap_docx(recap))).tables[0].rows
    word = {row.cells[0].text.title(): row.cells[1].text for row in rows}
    html = recap_html(recap)
    cells = re.findall(r"<th[^>]*>(.*?)</th>\s*<td[^>]*>(.*?)</td>", html, re.S)
    page = {re.sub(r"<[^>]+>", "", k).strip(): re.sub(r"<[^>]+>", "", v).strip() for k, v in cells}
    return {"md": markdown, "docx": word, "html": page}


def test_when_is_shown_in_the_contacts_zone_and_the_users():
    for fmt, facts in facts_in_every_format(stripe_recap()).items():
        assert facts["When"] == (
            "Tuesday 1 December 2026, 10:00–10:30 (America/Los_Angeles) "
            "· 12:00–12:30 (America/Chicago)"
        ), fmt


def test_when_in_both_zones_follows_each_zones_summer_time():
    # 15 March 2027: New York is on summer time, London not yet (four hours apart, not five).
    recap = stripe_recap(
        start=dt.datetime(2027, 3, 15, 17, 0, tzinfo=dt.UTC),
        zone="Europe/London",
        contact_zone="Europe/London",
        user_zone="America/New_York",
    )
    assert facts_in_every_format(recap)["md"]["When"] == (
        "Monday 15 March 2027, 17:00–17:30 (Europe/London) · 13:00–13:30 (America/New_York)"
    )


def test_when_across_the_date_line_names_both_days():
    recap = stripe_recap(zone="Pacific/Auckland", contact_zone="Pacific/Auckland")
    assert facts_in_every_format(recap)["md"]["When"] == (
        "Wednesday 2 December 2026, 07:00–07:30 (Pacific/Auckland) "
        "· Tuesday 1 December 2026, 12:00–12:30 (America/Chicago)"
    )


def test_when_in_one_zone_is_said_once():
    recap = stripe_recap(user_zone="America/Los_Angeles")
    assert facts_in_every_format(recap)["md"]["When"] == (
        "Tuesday 1 December 2026, 10:00–10:30 (America/Los_Angeles)"
    )


def test_role_and_format_repeat_no_word():
    for fmt, facts in facts_in_every_format(stripe_recap()).items():
        assert facts["Role"] == "Senior Data Engineer at Stripe", fmt
        assert facts["Format"] == "Video call (or phone, if you prefer)", fmt
    other = facts_in_every_format(
        stripe_recap(seniority="lead", format="coffee", place="Blue Bottle")
    )
    assert other["md"]["Role"] == "Senior Data Engineer at Stripe · Lead"
    assert other["md"]["Format"] == "Coffee — Blue Bottle"
