"""Guide files: TOML and YAML read with line numbers in every error, and written back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coffeechat.core.guides import BUILTIN, Guide, GuideError, Question
from coffeechat.formats.guidefile import dump_toml, read_guide

DATA = Path(__file__).parent / "data" / "guides"


def read(file: str, **kw: str) -> Guide:
    return read_guide((DATA / file).read_bytes(), file, **kw)


def error_of(name: str) -> str:
    with pytest.raises(GuideError) as caught:
        read(name)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


@pytest.mark.parametrize(
    ("name", "start", "words"),
    [
        ("bad-syntax.toml", "bad-syntax.toml, line 6: ", "not valid TOML"),
        ("bad-yaml-syntax.yaml", "bad-yaml-syntax.yaml, line 6: ", "not valid YAML"),
        (
            "bad-missing-purpose.toml",
            "bad-missing-purpose.toml, line 9, questions[1].purpose: ",
            "is missing (write what the question is for)",
        ),
        (
            "bad-duplicate-key.yaml",
            "bad-duplicate-key.yaml, line 10, questions[2].key: ",
            '"start" is used twice',
        ),
        (
            "bad-unknown-field.toml",
            "bad-unknown-field.toml, line 17, questions[2].purpse: ",
            'unknown field (did you mean "purpose"?)',
        ),
        (
            "bad-reserved-key.yaml",
            "bad-reserved-key.yaml, line 7, questions[1].key: ",
            '"reflection" is reserved',
        ),
        (
            "bad-closing-unknown.toml",
            "bad-closing-unknown.toml, line 3, closing[1]: ",
            '"stay-in-touch" is not a question of this guide',
        ),
        ("bad-too-few.yaml", "bad-too-few.yaml, line 3, questions: ", "has 2 questions"),
        (
            "bad-placeholder.yaml",
            "bad-placeholder.yaml, line 5, questions[0].text: ",
            "unknown placeholder {firm}",
        ),
        ("bad-encoding.toml", "bad-encoding.toml, line 2: ", "not UTF-8"),
        ("bad-empty.yaml", "bad-empty.yaml: ", "is empty"),
    ],
)
def test_a_bad_guide_file_names_the_file_the_line_and_the_field(name, start, words):
    message = error_of(name)
    assert message.startswith(start), message
    assert words in message


def test_the_good_toml_file():
    guide = read("good-engineers.toml")
    assert guide.name == "engineers"
    assert guide.keys == ("first-job", "stack", "on-call", "hiring", "referrals", "keep-in-touch")
    assert guide.closing == ("referrals", "keep-in-touch")
    assert guide.questions[0].weight == 2
    # a multi-line string with a line-ending backslash reads as one line
    assert guide.questions[2].text == "What is on-call like for you as {title}?"


def test_the_good_yaml_file():
    guide = read("good-designers.yaml")
    assert guide.name == "designers"
    assert guide.keys == ("path", "critique", "portfolio", "intros")
    assert guide.closing == ("intros",)
    assert guide.questions[2].text == (
        "If you were hiring, what would you look for in a junior designer's portfolio?"
    )
    assert guide.questions[2].weight == 3
    assert guide.description.startswith("For a chat with a designer; portfolio")


@pytest.mark.parametrize("name", ["good-engineers.toml", "good-designers.yaml"])
def test_good_files_round_trip_through_toml(name):
    guide = read(name)
    assert read_guide(dump_toml(guide), "copy.toml") == guide
    assert read_guide(dump_toml(guide).encode(), "copy.toml") == guide


@pytest.mark.parametrize("guide", list(BUILTIN.values()), ids=lambda g: g.name)
def test_a_builtin_guide_is_a_template_to_start_from(guide):
    text = dump_toml(guide)
    assert text.startswith("# Question guide")
    assert "{company}" in text
    back = read_guide(text, "mine.toml", name=f"my-{guide.name}")
    assert back == replace(guide, name=f"my-{guide.name}")
    # as it is, the name is the built-in's: the user is told to change it
    with pytest.raises(GuideError, match=r"mine\.toml, line \d+, name: .*built-in guide"):
        read_guide(text, "mine.toml")


def test_the_callers_name_wins_over_the_files():
    assert read("good-engineers.toml", name="eng").name == "eng"


def test_the_format_is_sniffed_without_an_extension():
    toml_text = (DATA / "good-engineers.toml").read_text(encoding="utf-8")
    yaml_text = (DATA / "good-designers.yaml").read_text(encoding="utf-8")
    assert read_guide(toml_text, "pasted").name == "engineers"
    assert read_guide(yaml_text, "pasted").name == "designers"


def test_a_byte_order_mark_is_fine():
    data = "\ufeff".encode() + (DATA / "good-engineers.toml").read_bytes()
    assert read_guide(data, "bom.toml").name == "engineers"


def test_a_yaml_list_is_not_a_guide():
    with pytest.raises(GuideError, match=r"^list\.yaml, line 1: a guide must be a mapping"):
        read_guide("- a\n- b\n", "list.yaml")


def test_a_yaml_field_given_twice_is_an_error():
    text = (
        "name: twice\ntitle: T\nquestions:\n"
        "  - key: a\n    text: A?\n    purpose: P.\n    purpose: Q.\n"
    )
    with pytest.raises(GuideError) as caught:
        read_guide(text, "twice.yaml")
    assert str(caught.value).startswith("twice.yaml, line 7, questions[0].purpose: is given twice")


def test_a_missing_top_level_field_names_the_file():
    text = 'name = "x"\n\n[[questions]]\nkey = "a"\ntext = "A?"\npurpose = "P."\n'
    with pytest.raises(GuideError) as caught:
        read_guide(text, "x.toml")
    assert str(caught.value).startswith("x.toml, title: is missing")


def test_questions_as_an_inline_toml_array_point_at_the_array():
    text = (
        'name = "inline"\ntitle = "Inline"\nquestions = [\n'
        '  { key = "a", text = "A?", purpose = "P." },\n'
        '  { key = "b", text = "B?", purpose = "" },\n'
        '  { key = "c", text = "C?", purpose = "P." },\n]\n'
    )
    with pytest.raises(GuideError) as caught:
        read_guide(text, "inline.toml")
    assert str(caught.value).startswith("inline.toml, line 3, questions[1].purpose: is empty")


def test_a_header_inside_a_multiline_string_is_not_a_question():
    text = (
        'name = "tricky"\ntitle = "Tricky"\n\n[[questions]]\nkey = "a"\n'
        'text = """A?\n[[questions]]\npurpose = "not this one"\n"""\npurpose = "P."\n\n'
        '[[questions]]\nkey = "b"\ntext = "B?"\n\n'
        '[[questions]]\nkey = "c"\ntext = "C?"\npurpose = "P."\n'
    )
    with pytest.raises(GuideError) as caught:
        read_guide(text, "tricky.toml")
    assert str(caught.value).startswith("tricky.toml, line 12, questions[1].purpose: is missing")


# the wording a user might type: quotes, backslashes, accents, emoji; no braces (they
# are placeholders) and no control characters
WORDS = (
    st.text(
        st.characters(
            blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="{}\x85\xa0"
        ),
        min_size=1,
        max_size=60,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
KEYS = st.from_regex(r"\A[a-z][a-z0-9-]{0,12}\Z")


@st.composite
def custom_guides(draw: st.DrawFn) -> Guide:
    keys = draw(
        st.lists(KEYS, min_size=3, max_size=8, unique=True).filter(
            lambda ks: "reflection" not in ks
        )
    )
    questions = tuple(Question(k, draw(WORDS), draw(WORDS), draw(st.integers(1, 5))) for k in keys)
    closing = tuple(keys[-draw(st.integers(1, 2)) :])
    name = draw(KEYS.filter(lambda n: n not in BUILTIN))
    description = draw(st.one_of(st.just(""), WORDS))
    return Guide(name, draw(WORDS), questions, closing, description)


@given(guide=custom_guides())
def test_dump_toml_then_read_guide_gives_the_same_guide(guide):
    assert read_guide(dump_toml(guide), "g.toml") == guide


@given(guide=custom_guides())
def test_a_guide_written_as_yaml_reads_back(guide):
    import yaml

    from coffeechat.core.guides import guide_to_mapping

    text = yaml.safe_dump(guide_to_mapping(guide), allow_unicode=True, sort_keys=False)
    assert read_guide(text, "g.yaml") == guide
