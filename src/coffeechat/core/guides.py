"""Question guides: the built-in ones, custom ones, tailoring to a contact, fitting to time.

A guide is an ordered list of questions, each with its purpose (DOMAIN.md, step 4). The
order is deliberate (them and their company first, the user second, next steps last) and
never changes; when time is short, questions are skipped from the middle, and the closing
questions (the ones that lead to the next step) are always kept.

- ``DEFAULT`` and ``TIARA`` are built in; ``guide_from_mapping`` checks a custom one.
- ``tailor`` words a guide for one contact (their seniority, company, title, first name).
- ``fit`` plans a guide into a chat of N minutes: an opening, the questions with their
  minutes, a "mind the time" cue and a short wrap-up.

Reading guide files (positions of fields, TOML/YAML) lives in ``coffeechat.formats``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from coffeechat.core.errors import CoffeechatError, InvalidValue, quoted

#: A question key or a custom guide's name: lowercase letters, digits and hyphens.
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
#: Keys a custom guide cannot use: "reflection" holds the user's own reflection notes
#: (the same string as ``coffeechat.core.recap.REFLECTION_TOPIC``).
RESERVED_KEYS = frozenset({"reflection"})
#: Placeholders a question's wording may use; ``tailor`` fills them.
PLACEHOLDERS = ("company", "name", "title")
#: What a placeholder becomes when the contact's value is unknown.
FALLBACKS = {"company": "your company", "title": "your role", "name": ""}

MIN_QUESTIONS = 3
MAX_QUESTIONS = 30
MIN_WEIGHT = 1
MAX_WEIGHT = 5
#: Every question planned into a chat gets at least this many minutes.
MIN_QUESTION_MINUTES = 2
#: Minutes per unit of weight a question is given when there is time (or no limit).
PACE_MINUTES = 3

#: What the opening and wrap-up of a chat are for (the printable guide shows them).
OPENING_TEXT = "Thank them for their time, and a little small talk before the questions."
WRAP_UP_TEXT = "Thank them again, repeat what each of you promised, and agree on the next step."
CUE_TEXT = "mind the time — move to the closing questions"

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class GuideError(CoffeechatError):
    """A custom guide that is not valid; the message names the source, line and field."""

    def __init__(self, location: str, problem: str, field: str | None = None) -> None:
        self.location = location
        self.field = field
        self.problem = problem
        where = f"{location}, {field}" if field else location
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Question:
    """One question of a guide: a key (its notes are filed under it), the wording, why ask."""

    key: str
    text: str
    purpose: str
    #: How much time it deserves, relative to the others (1 to 5).
    weight: int = 1


@dataclass(frozen=True)
class Guide:
    """An ordered list of questions; ``closing`` are the keys always kept when time is short."""

    name: str
    title: str
    questions: tuple[Question, ...]
    closing: tuple[str, ...]
    description: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        """The question keys, in order."""
        return tuple(q.key for q in self.questions)

    def question(self, key: str) -> Question:
        """The question of that key (KeyError when the guide has none)."""
        for q in self.questions:
            if q.key == key:
                return q
        raise KeyError(key)


# --- the built-in guides --------------------------------------------------------------

DEFAULT = Guide(
    name="default",
    title="Informational interview: nine topics",
    description=(
        "Get them talking about themselves and their company first, then about you, "
        "and finish on the next steps."
    ),
    questions=(
        Question(
            "journey",
            "How did you get to where you are today? And how do you keep your skills "
            "sharp outside of work: any resources you love?",
            "Let them tell their story, and find where it meets yours.",
        ),
        Question(
            "balance",
            "What is the balance between work and the rest of life like at {company}, and "
            "how does it compare with other places you have worked?",
            "See the person behind the job title.",
        ),
        Question(
            "challenges",
            "When you joined, what was the hardest part of adapting your technical skills "
            "to the way this team works?",
            "Hear about real projects and the day-to-day, from the inside.",
        ),
        Question(
            "workflow",
            "How is work organised at {company}? Do people stay with one department, or "
            "are projects shared out across everyone task by task?",
            "A thoughtful question about how the work flows, beyond the job title.",
        ),
        Question(
            "team",
            "What is the mix of experienced and newer people on your team, and how long "
            "does a new hire usually take to find their feet: three months, six?",
            "Show you understand how teams are built, and see whether there is room for you.",
        ),
        Question(
            "advice",
            "Could I ask your advice on my own search? Is there anything in my résumé or "
            "portfolio you would change, or something that would make me more competitive?",
            "Invite them to mentor you, even briefly.",
        ),
        Question(
            "break-in",
            "What would be the best way into {company}, whether there is an opening now or "
            "later on?",
            "Leave the door open, and let them say how best to come in.",
        ),
        Question(
            "network",
            "Is there anyone else you think I should talk to? I would be grateful for an "
            "introduction.",
            "Line up the next conversations.",
        ),
        Question(
            "stay-in-touch",
            "Would it be all right if I kept in touch and reached out again now and then?",
            "Start a relationship, not a one-off chat.",
        ),
    ),
    closing=("network", "stay-in-touch"),
)

TIARA = Guide(
    name="tiara",
    title="TIARA: Trends, Insights, Advice, Resources, Assignments",
    description=(
        "Small talk first, then questions on trends, insights and advice, and finish on "
        "resources and a small assignment as the next step."
    ),
    questions=(
        Question(
            "trends",
            "What changes are you seeing in your field at the moment, and how is {company} "
            "responding to them?",
            "Learn where the industry is heading, from someone inside it.",
        ),
        Question(
            "insights",
            "What do you know now about this work that you wish someone had told you when "
            "you started?",
            "Get the inside knowledge that no job posting gives.",
        ),
        Question(
            "advice",
            "If you were in my place and trying to get into this field, what would you "
            "focus on first?",
            "Invite them to mentor you, even briefly.",
        ),
        Question(
            "resources",
            "Is there anyone you think I should talk to, or a book, community or event you "
            "would point me to?",
            "Leave with the next conversations and places to learn.",
        ),
        Question(
            "assignments",
            "Is there a small project or task you would suggest I take on to test my "
            "interest or build the skills? I would love to tell you how it goes.",
            "A concrete next step, and a reason to follow up.",
        ),
    ),
    closing=("resources", "assignments"),
)

#: The built-in guides by name.
BUILTIN: dict[str, Guide] = {DEFAULT.name: DEFAULT, TIARA.name: TIARA}

#: Seniority bands: a peer of a job seeker, a senior person, an executive.
BANDS: dict[str, str] = {
    "entry": "peer",
    "mid": "peer",
    "senior": "senior",
    "lead": "senior",
    "executive": "executive",
}
_RANK = {"entry": 0, "mid": 1, "senior": 2, "lead": 3, "executive": 4}

#: Wordings of built-in questions by seniority band (guide name -> key -> band -> text);
#: a question without a variant for the band keeps its text.
VARIANTS: dict[str, dict[str, dict[str, str]]] = {
    "default": {
        "journey": {
            "peer": "How did you land your first role in this field, and how do you keep "
            "learning now that you are in? Any resources you would recommend?",
            "senior": "How did you grow into a senior role at {company}, and how have you "
            "kept your skills sharp along the way? Any favourite resources?",
            "executive": "What path led you to leading at {company}, and how do you keep "
            "learning at this point in your career? Anything you read or follow?",
        },
        "balance": {
            "executive": "How do you keep a balance between work and life in a leadership "
            "role, and how does {company} compare with other places you have led?",
        },
        "challenges": {
            "peer": "What surprised you most when you started at {company}? What was "
            "hardest about putting your technical skills to work on this team?",
            "executive": "What is the hardest technical challenge your teams at {company} "
            "are working through right now?",
        },
        "team": {
            "senior": "On your team, what is the mix of experienced and newer people, and "
            "how long does a new hire usually take to find their feet: three months, six?",
            "executive": "How do you build your teams at {company}: what mix of experienced "
            "and early-career people do you look for, and how long do you expect a new hire "
            "to take to ramp up?",
        },
        "advice": {
            "executive": "From where you sit as someone who hires, what makes a résumé or "
            "portfolio stand out? Is there anything in mine you would change?",
        },
        "break-in": {
            "executive": "If someone like me wanted to join {company}, now or later on, "
            "what route in would you suggest?",
        },
    },
    "tiara": {
        "insights": {
            "peer": "What do you know now about working at {company} that you wish someone "
            "had told you before your first day?",
        },
        "advice": {
            "executive": "When you hire for your teams at {company}, what makes someone "
            "stand out? What should I focus on first?",
        },
    },
}


# --- tailoring ------------------------------------------------------------------------


def band_of(seniority: str | None, user_seniority: str | None = None) -> str | None:
    """The wording band for a contact's seniority: "peer", "senior", "executive" or None.

    A contact no more senior than the user is spoken to as a peer, whatever their title.
    """
    if seniority not in _RANK:
        return None
    if user_seniority in _RANK and _RANK[seniority] <= _RANK[user_seniority]:
        return "peer"
    return BANDS[seniority]


def fill(text: str, values: Mapping[str, str | None]) -> str:
    """Fill the ``{company}``, ``{name}`` and ``{title}`` placeholders of a wording.

    An unknown value becomes neutral words ("your company", "your role"); an unknown
    first name is left out along with the comma next to it.
    """

    def value_of(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in FALLBACKS:
            return match.group(0)
        given = values.get(key)
        given = " ".join(given.split()) if given else ""
        return given or FALLBACKS[key]

    filled = _PLACEHOLDER.sub(value_of, text)
    if "{name}" not in text or values.get("name"):
        return filled
    # an unknown first name leaves "Thanks, !" or ", how did…": tidy what it leaves behind
    filled = re.sub(r"\s+", " ", filled)
    filled = re.sub(r"\s*,\s*(?=[,.!?;:])", "", filled)
    filled = re.sub(r"\s+(?=[,.!?;:])", "", filled)
    filled = re.sub(r"^[\s,]+", "", filled).strip()
    return filled[:1].upper() + filled[1:] if filled[:1].islower() else filled


def tailor(
    guide: Guide,
    *,
    seniority: str | None,
    company: str | None,
    title: str | None = None,
    user_seniority: str | None = None,
    name: str | None = None,
) -> Guide:
    """The guide worded for one contact: variants for their seniority band (built-in
    guides) and the placeholders filled with their company, title and first name."""
    band = band_of(seniority, user_seniority) or ""
    builtin = BUILTIN.get(guide.name)
    # a variant rewords a built-in question only where it is still the built-in wording
    original = {q.key: q.text for q in builtin.questions} if builtin else {}
    variants = VARIANTS.get(guide.name, {})
    first_name = name.split()[0] if name and name.split() else None
    values = {"company": company, "title": title, "name": first_name}
    questions = []
    for q in guide.questions:
        text = q.text
        if original.get(q.key) == q.text:
            text = variants.get(q.key, {}).get(band, q.text)
        questions.append(replace(q, text=fill(text, values), purpose=fill(q.purpose, values)))
    return replace(guide, questions=tuple(questions), description=fill(guide.description, values))


# --- fitting to the time --------------------------------------------------------------


@dataclass(frozen=True)
class PlannedQuestion:
    """A question placed in a chat: its minutes and the minute it starts at."""

    key: str
    text: str
    purpose: str
    minutes: int
    #: Minutes from the beginning of the chat.
    start: int

    @property
    def end(self) -> int:
        """The minute this question's time ends."""
        return self.start + self.minutes


@dataclass(frozen=True)
class Plan:
    """A guide fitted to a chat of ``minutes`` (None: no time limit)."""

    guide: str
    title: str
    minutes: int | None
    #: Minutes of thanks and small talk before the first question.
    opening: int
    questions: tuple[PlannedQuestion, ...]
    #: Keys of the questions left out for lack of time, in guide order.
    skipped: tuple[str, ...]
    #: The minute to say "mind the time" and move to the closing questions (None: no limit).
    cue_at: int | None
    #: Minutes to thank them and agree on the next step after the last question.
    wrap_up: int
    #: The skipped questions in full, to ask if there is time after all.
    skipped_questions: tuple[Question, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """The planned question keys, in order."""
        return tuple(q.key for q in self.questions)

    @property
    def total(self) -> int:
        """The planned minutes: opening, questions and wrap-up."""
        return self.opening + sum(q.minutes for q in self.questions) + self.wrap_up

    @property
    def wrap_up_at(self) -> int:
        """The minute the wrap-up starts."""
        return self.opening + sum(q.minutes for q in self.questions)

    def question_at(self, elapsed_minutes: float) -> int:
        """The index of the question planned at that point of the chat (the first one
        during the opening, the last one during the wrap-up and after)."""
        index = 0
        for i, q in enumerate(self.questions):
            if q.start <= elapsed_minutes:
                index = i
        return index


def _opening(minutes: int | None) -> int:
    return 2 if minutes is None or minutes >= 20 else 1


def _wrap_up(minutes: int | None) -> int:
    return 1 if minutes is None or minutes >= 25 else 0


def _cue_lead(minutes: int) -> int:
    """How many minutes before the end the time cue is given."""
    if minutes >= 25:
        return 5
    if minutes >= 20:
        return 4
    return 3 if minutes >= 15 else 2


def _fixed(guide: Guide, minutes: int) -> int:
    """Minutes a chat of that length always spends: opening, closing questions, wrap-up."""
    return _opening(minutes) + _wrap_up(minutes) + MIN_QUESTION_MINUTES * len(guide.closing)


def minimum_minutes(guide: Guide) -> int:
    """The shortest chat the guide can be fitted to: its opening and closing questions."""
    minutes = 1
    while _fixed(guide, minutes) > minutes:
        minutes += 1
    return minutes


def drop_order(count: int) -> list[int]:
    """Indexes of ``count`` non-closing questions in the order they are dropped: the
    middle first, spreading outwards; of two equally central, the later one first, so
    the first question (rapport) goes last and the one before the closing ones just
    before it."""
    centre = (count - 1) / 2
    return sorted(range(count), key=lambda i: (abs(i - centre), -i))


def _share(extra: int, weights: Sequence[int]) -> list[int]:
    """``extra`` minutes shared in proportion to the weights (largest remainder; ties go
    to the earlier question)."""
    total = sum(weights)
    if not weights or extra <= 0:
        return [0] * len(weights)
    shares = [extra * w // total for w in weights]
    left = extra - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(extra * weights[i] % total), i))
    for i in by_remainder[:left]:
        shares[i] += 1
    return shares


def _choose(questions: Sequence[Question], budget: int) -> set[int]:
    """Indexes of the non-closing questions kept in ``budget`` minutes: as many as fit at
    a comfortable pace, in the reverse of the drop order; at least the first question when
    it fits at the minimum."""
    keep: set[int] = set()
    used = 0
    for i in reversed(drop_order(len(questions))):
        need = PACE_MINUTES * questions[i].weight
        if used + need > budget:
            break
        keep.add(i)
        used += need
    if not keep and questions and budget >= MIN_QUESTION_MINUTES:
        keep.add(0)
    return keep


def fit(guide: Guide, minutes: int | None) -> Plan:
    """Plan the guide into a chat of ``minutes`` (None: no time limit).

    An opening (2 minutes, 1 under 20), the questions in guide order, then a wrap-up
    (1 minute from 25). The closing questions always stay, at 2 minutes each; the other
    questions share the rest at a comfortable pace (3 minutes per unit of weight), those
    in the middle skipped first, each kept one at least 2 minutes. The time cue comes 5
    minutes before the end (fewer in short chats), and never after the closing questions
    start.
    """
    closing = set(guide.closing)
    if minutes is None:
        planned = _place([(q, PACE_MINUTES * q.weight) for q in guide.questions], _opening(None))
        return Plan(
            guide.name, guide.title, None, _opening(None), planned, (), None, _wrap_up(None)
        )
    if minutes <= 0:
        raise InvalidValue("minutes", minutes, "must be a positive number of minutes", "30")
    needed = minimum_minutes(guide)
    if minutes < needed or _fixed(guide, minutes) > minutes:
        raise InvalidValue(
            "minutes",
            minutes,
            f"a {guide.name!r} chat needs at least {needed} minutes for its opening and "
            "closing questions",
            str(max(needed, 30)),
        )
    opening, wrap_up = _opening(minutes), _wrap_up(minutes)
    body = [q for q in guide.questions if q.key not in closing]
    budget = minutes - _fixed(guide, minutes)
    kept = sorted(_choose(body, budget))
    kept_body = [body[i] for i in kept]
    extra = budget - MIN_QUESTION_MINUTES * len(kept_body)
    shares = _share(extra, [q.weight for q in kept_body])
    minutes_of = {
        q.key: MIN_QUESTION_MINUTES + s for q, s in zip(kept_body, shares, strict=True)
    } | {key: MIN_QUESTION_MINUTES for key in closing}
    chosen = [(q, minutes_of[q.key]) for q in guide.questions if q.key in minutes_of]
    planned = _place(chosen, opening)
    closing_start = next((p.start for p in planned if p.key in closing), minutes)
    skipped = tuple(q for q in guide.questions if q.key not in minutes_of)
    return Plan(
        guide=guide.name,
        title=guide.title,
        minutes=minutes,
        opening=opening,
        questions=planned,
        skipped=tuple(q.key for q in skipped),
        cue_at=min(minutes - _cue_lead(minutes), closing_start),
        wrap_up=wrap_up,
        skipped_questions=skipped,
    )


def _place(chosen: Sequence[tuple[Question, int]], start: int) -> tuple[PlannedQuestion, ...]:
    """The chosen questions one after the other from ``start``."""
    planned = []
    for q, length in chosen:
        planned.append(PlannedQuestion(q.key, q.text, q.purpose, length, start))
        start += length
    return tuple(planned)


# --- custom guides --------------------------------------------------------------------

_TOP_FIELDS = ("name", "title", "description", "closing", "questions")
_QUESTION_FIELDS = ("key", "text", "purpose", "weight")
_LIMITS = {"title": 100, "description": 1000, "text": 500, "purpose": 300}
_HINTS = {
    "name": 'a short name such as "my-guide"',
    "title": 'a title such as "Questions for engineers"',
    "key": 'a short id such as "first-job"',
    "text": "write the question as you would ask it",
    "purpose": "write what the question is for",
    "description": "a sentence on when to use this guide",
}


def path_text(path: Sequence[str | int]) -> str:
    """A field path as the user reads it: ``questions[2].purpose``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class _Checker:
    """Raises GuideError at a field path, using the reader's ``where`` for its location."""

    def __init__(self, where: Callable[[tuple[str | int, ...]], str]) -> None:
        self.where = where

    def fail(self, path: tuple[str | int, ...], problem: str) -> GuideError:
        return GuideError(self.where(path), problem, path_text(path) or None)

    def fields(
        self, data: Mapping[str, object], known: Sequence[str], path: tuple[str | int, ...]
    ) -> None:
        for field in data:
            if field not in known:
                close = difflib.get_close_matches(str(field), known, n=1)
                hint = f'did you mean "{close[0]}"?' if close else f"known: {', '.join(known)}"
                raise self.fail((*path, str(field)), f"unknown field ({hint})")

    def text(
        self,
        data: Mapping[str, object],
        field: str,
        path: tuple[str | int, ...],
        *,
        required: bool = True,
    ) -> str:
        where = (*path, field)
        hint = _HINTS.get(field, "")
        if field not in data or data[field] is None:
            if not required:
                return ""
            raise self.fail(where, f"is missing ({hint})")
        value = data[field]
        if not isinstance(value, str):
            raise self.fail(where, f"must be text, not {_kind(value)} ({hint})")
        cleaned = " ".join(value.split())
        if not cleaned and required:
            raise self.fail(where, f"is empty ({hint})")
        bad = [c for c in cleaned if unicodedata.category(c) in ("Cc", "Cs")]
        if bad:
            raise self.fail(where, f"holds a control character ({bad[0]!r}); remove it")
        limit = _LIMITS.get(field)
        if limit and len(cleaned) > limit:
            raise self.fail(where, f"is {len(cleaned)} characters long; keep it under {limit}")
        for placeholder in _PLACEHOLDER.findall(cleaned):
            if placeholder not in PLACEHOLDERS:
                known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
                raise self.fail(where, f"unknown placeholder {{{placeholder}}} (known: {known})")
        return cleaned

    def key(self, value: str, path: tuple[str | int, ...], what: str) -> str:
        if not KEY_PATTERN.match(value):
            raise self.fail(
                path,
                f"{quoted(value)} is not a valid {what}: use lowercase letters, digits and "
                'hyphens, starting with a letter, at most 40 characters (e.g. "first-job")',
            )
        return value


def _kind(value: object) -> str:
    """How a wrong value's type reads in an error."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    return type(value).__name__


def guide_from_mapping(
    data: Mapping[str, object],
    *,
    name: str | None,
    where: Callable[[tuple[str | int, ...]], str],
) -> Guide:
    """A custom guide from a parsed document, checked; ``name`` (when given) wins over the
    document's own. ``where(path)`` says where a field is ("my-guide.toml, line 12")."""
    check = _Checker(where)
    if not isinstance(data, Mapping):
        raise check.fail((), "a guide must be a table of fields (name, title, questions)")
    check.fields(data, _TOP_FIELDS, ())
    if name is not None:
        guide_name = check.key(name.strip(), ("name",), "guide name")
    else:
        guide_name = check.key(check.text(data, "name", ()), ("name",), "guide name")
    if guide_name in BUILTIN:
        raise check.fail(
            ("name",),
            f'"{guide_name}" is a built-in guide; choose another name (e.g. "my-{guide_name}")',
        )
    title = check.text(data, "title", ())
    description = check.text(data, "description", (), required=False)
    questions = _questions(check, data.get("questions"))
    keys = [q.key for q in questions]
    closing = _closing(check, data, keys)
    return Guide(guide_name, title, tuple(questions), closing, description)


def _questions(check: _Checker, raw: object) -> list[Question]:
    if raw is None:
        raise check.fail(
            ("questions",), "is missing (add [[questions]] tables with key, text, purpose)"
        )
    if not isinstance(raw, list):
        raise check.fail(("questions",), f"must be a list of questions, not {_kind(raw)}")
    if not MIN_QUESTIONS <= len(raw) <= MAX_QUESTIONS:
        raise check.fail(
            ("questions",),
            f"has {len(raw)} question{'s' if len(raw) != 1 else ''}; a guide needs "
            f"{MIN_QUESTIONS} to {MAX_QUESTIONS}",
        )
    questions: list[Question] = []
    first_at: dict[str, int] = {}
    for i, item in enumerate(raw):
        path: tuple[str | int, ...] = ("questions", i)
        if not isinstance(item, Mapping):
            raise check.fail(path, f"must be a table with key, text and purpose, not {_kind(item)}")
        check.fields(item, _QUESTION_FIELDS, path)
        key = check.key(check.text(item, "key", path), (*path, "key"), "key")
        if key in RESERVED_KEYS:
            raise check.fail(
                (*path, "key"),
                f'"{key}" is reserved for your own reflection notes; choose another key '
                '(e.g. "lessons")',
            )
        if key in first_at:
            raise check.fail(
                (*path, "key"),
                f'"{key}" is used twice (first at questions[{first_at[key]}]); keys must be unique',
            )
        first_at[key] = i
        text = check.text(item, "text", path)
        purpose = check.text(item, "purpose", path)
        weight = item.get("weight", 1)
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int)
            or not (MIN_WEIGHT <= weight <= MAX_WEIGHT)
        ):
            raise check.fail(
                (*path, "weight"),
                f"must be a whole number from {MIN_WEIGHT} to {MAX_WEIGHT} (got {quoted(weight)})",
            )
        questions.append(Question(key, text, purpose, weight))
    return questions


def _closing(check: _Checker, data: Mapping[str, object], keys: list[str]) -> tuple[str, ...]:
    raw = data.get("closing")
    if raw is None:
        return tuple(keys[-2:])
    if not isinstance(raw, list) or not raw:
        raise check.fail(
            ("closing",), 'must be a list of question keys, e.g. ["network", "stay-in-touch"]'
        )
    closing: list[str] = []
    for i, key in enumerate(raw):
        if not isinstance(key, str) or key not in keys:
            shown = repr(key) if not isinstance(key, str) else f'"{key}"'
            raise check.fail(
                ("closing", i), f"{shown} is not a question of this guide (keys: {', '.join(keys)})"
            )
        if key in closing:
            raise check.fail(("closing", i), f'"{key}" is listed twice')
        closing.append(key)
    tail = set(keys[-len(closing) :])
    misplaced = [k for k in closing if k not in tail]
    if misplaced:
        raise check.fail(
            ("closing", closing.index(misplaced[0])),
            f'"{misplaced[0]}" is not among the last questions; the closing questions come at '
            "the end of the guide (move it down, or leave it out of closing)",
        )
    # planned in guide order, so keep them in guide order
    return tuple(k for k in keys if k in closing)


def guide_to_mapping(guide: Guide) -> dict[str, object]:
    """A guide as plain data (for storing or exporting); ``guide_from_mapping`` reads it back."""
    questions: list[dict[str, object]] = []
    for q in guide.questions:
        item: dict[str, object] = {"key": q.key, "text": q.text, "purpose": q.purpose}
        if q.weight != 1:
            item["weight"] = q.weight
        questions.append(item)
    data: dict[str, object] = {"name": guide.name, "title": guide.title}
    if guide.description:
        data["description"] = guide.description
    data["closing"] = list(guide.closing)
    data["questions"] = questions
    return data
