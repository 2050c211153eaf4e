"""The printable guide: Markdown, one-page HTML and PDF."""

from __future__ import annotations

import pytest

from coffeechat.core.guides import DEFAULT, TIARA, Guide, fit, tailor
from coffeechat.formats.guidedoc import document, guide_html, guide_markdown, guide_pdf
from coffeechat.formats.pdf import PdfUnavailable

WHO = {"contact_name": "Ada Lovelace", "company": "Analytical Engines", "when": "Tue 1 Dec, 12:30"}


def plan_for(
    minutes: int | None, guide: Guide = DEFAULT, company: str | None = "Analytical Engines"
):
    return fit(tailor(guide, seniority="senior", company=company), minutes)


def test_markdown_has_the_header_and_the_questions_in_order():
    plan = plan_for(30)
    text = guide_markdown(plan, **WHO)
    assert text.startswith("# Coffee chat with Ada Lovelace\n")
    assert "Analytical Engines · Tue 1 Dec, 12:30 · 30 minutes" in text
    positions = [text.index(q.text) for q in plan.questions]
    assert positions == sorted(positions)
    assert "1. **How did you grow into a senior role at Analytical Engines" in text
    assert "(4 min, min 2-6)" in text
    assert "   *Let them tell their story, and find where it meets yours.*" in text
    assert "**Opening** (2 min, min 0-2)" in text
    assert "**Wrap-up** (1 min, min 29-30)" in text
    assert "If there is time" not in text


def test_the_cue_comes_just_before_the_closing_questions():
    text = guide_markdown(plan_for(30), **WHO)
    cue = text.index("> **At min 25: mind the time — move to the closing questions**")
    assert text.index("7. **What would be the best way into") < cue
    assert cue < text.index("8. **Is there anyone else") < text.index("9. **Would it be")


def test_skipped_questions_are_listed_if_there_is_time():
    plan = plan_for(20)
    text = guide_markdown(plan, **WHO)
    spare = text.index("**If there is time:**")
    assert tuple(q.key for q in plan.skipped_questions) == plan.skipped
    for question in plan.skipped_questions:
        assert text.index(f"- {question.text}") > spare
    assert "min 16: mind the time" in text


def test_no_time_limit_has_no_cue_and_no_clock():
    text = guide_markdown(plan_for(None, TIARA), contact_name="Ada", company=None, when=None)
    assert "mind the time" not in text
    assert "about 3 min" in text
    assert "no time limit" in text
    assert "None" not in text


def test_user_text_cannot_break_the_markdown():
    text = guide_markdown(plan_for(30), contact_name="Ada *Bold*", company="A_B", when=None)
    assert "Ada \\*Bold\\*" in text
    assert "A\\_B" in text


def test_html_escapes_and_highlights_the_cue():
    html = guide_html(plan_for(30, company="<Acme & Co>"), **{**WHO, "company": "<Acme & Co>"})
    assert "&lt;Acme &amp; Co&gt;" in html
    assert "<Acme" not in html
    assert '<tr class="cue"><td colspan="3">At min 25: mind the time' in html
    assert "size: A4;" in html
    assert "size: letter;" in guide_html(plan_for(30), **WHO, paper="letter")


def test_note_lines_shrink_as_questions_grow():
    nine = document(plan_for(30), **WHO).rows[0].lines
    three = document(plan_for(10), **WHO).rows[0].lines
    assert 1 <= nine < three <= 5


def weasyprint_or_skip():
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        pytest.skip(f"PDF: WeasyPrint cannot be imported here ({error})")
    return weasyprint


def test_the_pdf_is_a_pdf():
    weasyprint_or_skip()
    try:
        pdf = guide_pdf(plan_for(30), **WHO)
    except PdfUnavailable as error:  # pragma: no cover - depends on the machine
        pytest.skip(str(error))
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize(
    ("guide", "seniority", "minutes"),
    [
        (DEFAULT, "executive", 30),
        (DEFAULT, "entry", 20),
        (DEFAULT, None, None),
        (TIARA, "lead", 10),
    ],
)
def test_the_guide_fits_on_one_page(paper, guide, seniority, minutes):
    weasyprint = weasyprint_or_skip()
    plan = fit(tailor(guide, seniority=seniority, company="Analytical Engines Ltd"), minutes)
    html = guide_html(
        plan,
        contact_name="Augusta Ada King-Noel",
        company="Analytical Engines Ltd",
        when="Tuesday 1 December 2026, 12:30 (Europe/London)",
        paper=paper,
    )
    assert len(weasyprint.HTML(string=html).render().pages) == 1
