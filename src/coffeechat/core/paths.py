"""Paths into a company: how an application runs, conventionally or through a contact.

A conventional application goes through about seven steps; knowing someone who
introduces the user's résumé to the hiring manager shortens it to about four. The user
records the steps a path actually took, with their dates; the comparison across their
own paths then says, in their numbers, how much a referral saves.

Rules for recording a step:

- the step is one of its kind's steps (or an outcome, ``rejected`` or ``withdrawn``,
  which either kind may end with); ``offer`` ends a path too;
- steps go forward in the kind's order: a later step may skip earlier ones (the skipped
  steps are derived from the order, not stored), but never come back to one;
- a step's date is not before the previous step's, and not after today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from coffeechat.core.errors import CoffeechatError, InvalidValue, quoted


class PathKind(StrEnum):
    """How an application runs: the conventional way, or through a contact."""

    CONVENTIONAL = "conventional"
    CONTACT = "contact"


OFFER = "offer"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"

#: The steps of each kind, in order (stable keys: a public contract).
STEPS: dict[PathKind, tuple[str, ...]] = {
    PathKind.CONVENTIONAL: (
        "application",
        "resume-screen",
        "phone-screen",
        "technical-challenge",
        "hiring-manager-review",
        "final-round",
        OFFER,
    ),
    PathKind.CONTACT: ("introduction", "technical-challenge", "final-round", OFFER),
}

#: Outcomes either kind may end with (an offer is the last step proper).
OUTCOMES: tuple[str, ...] = (REJECTED, WITHDRAWN)

#: Steps after which nothing more is recorded.
ENDINGS = frozenset({OFFER, *OUTCOMES})

#: How each step reads in a sentence.
LABELS: dict[str, str] = {
    "application": "application",
    "resume-screen": "résumé screen",
    "phone-screen": "phone screen",
    "technical-challenge": "technical challenge",
    "hiring-manager-review": "hiring-manager review",
    "final-round": "final round",
    "introduction": "introduction with résumé",
    OFFER: "offer",
    REJECTED: "rejected",
    WITHDRAWN: "withdrawn",
}


class UnknownPath(CoffeechatError):
    """No path has the id the user gave."""

    def __init__(self, ref: str) -> None:
        super().__init__(
            f"path: no path with id {quoted(ref)}; see `coffeechat path list` for the ids"
        )


class StepRefused(CoffeechatError):
    """A step that cannot be recorded on this path; the message says why and what to do."""


@dataclass(frozen=True)
class PathStep:
    """One recorded step: its key, the day it happened, a note, the steps it skipped."""

    step: str
    on: dt.date
    note: str | None = None
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class Path:
    """An application into a company for a role, with the steps it took so far."""

    id: int
    company_id: int
    company: str
    role: str
    kind: PathKind
    via_contact_id: int | None = None
    via_contact: str | None = None
    steps: tuple[PathStep, ...] = ()
    created_at: dt.datetime | None = None

    @property
    def outcome(self) -> str | None:
        """``offer``, ``rejected`` or ``withdrawn`` once the path ended; None while open."""
        if self.steps and self.steps[-1].step in ENDINGS:
            return self.steps[-1].step
        return None

    @property
    def steps_taken(self) -> int:
        """The process steps gone through (an outcome such as ``rejected`` is not one)."""
        return sum(1 for s in self.steps if s.step not in OUTCOMES)

    @property
    def days(self) -> int | None:
        """Days from the first step to the last one recorded (None before any step)."""
        if not self.steps:
            return None
        return (self.steps[-1].on - self.steps[0].on).days

    @property
    def days_to_offer(self) -> int | None:
        """Days from the first step to the offer (None without an offer)."""
        return self.days if self.outcome == OFFER else None

    @property
    def started_on(self) -> dt.date | None:
        """The day of the first step."""
        return self.steps[0].on if self.steps else None

    def gaps(self) -> list[int | None]:
        """Days since the previous step, for each step (None for the first)."""
        out: list[int | None] = []
        for i, s in enumerate(self.steps):
            out.append(None if i == 0 else (s.on - self.steps[i - 1].on).days)
        return out


def valid_steps(kind: PathKind) -> tuple[str, ...]:
    """Every key a path of this kind accepts, in order, outcomes last."""
    return (*STEPS[kind], *OUTCOMES)


def with_skips(kind: PathKind, steps: Iterable[tuple[str, dt.date, str | None]]) -> list[PathStep]:
    """Recorded (step, on, note) rows, in order, each with the steps it skipped."""
    order = STEPS[kind]
    out = []
    reached = -1
    for step, on, note in steps:
        skipped: tuple[str, ...] = ()
        if step in order:
            at = order.index(step)
            skipped = order[reached + 1 : at]
            reached = max(reached, at)
        out.append(PathStep(step, on, note, skipped))
    return out


def check_step(path: Path, step: str, on: dt.date, today: dt.date) -> tuple[str, tuple[str, ...]]:
    """Check that ``step`` on ``on`` may come next on ``path``; returns the cleaned key and
    the steps it skips. Raises InvalidValue or StepRefused (nothing is written then)."""
    key = "-".join(step.strip().lower().replace("_", "-").split())
    key = {"resume": "resume-screen", "résumé-screen": "resume-screen"}.get(key, key)
    accepted = valid_steps(path.kind)
    if key not in accepted:
        other = PathKind.CONTACT if path.kind is PathKind.CONVENTIONAL else PathKind.CONVENTIONAL
        where = (
            f" ({key} is a step of a path via {_kind_words(other)})" if key in STEPS[other] else ""
        )
        nxt = next_steps(path)
        raise InvalidValue(
            "step",
            step,
            f"not a step of a path via {_kind_words(path.kind)}{where}; "
            f"one of {'|'.join(accepted)}",
            nxt[0] if nxt else accepted[0],
        )
    if path.outcome is not None:
        last = path.steps[-1]
        raise StepRefused(
            f"path {path.id} ended with {last.step} on {last.on}: nothing comes after it; "
            "start a new one with `coffeechat path add`"
        )
    order = STEPS[path.kind]
    done = [s for s in path.steps if s.step in order]
    if key in order and done:
        furthest = max(done, key=lambda s: order.index(s.step))
        if order.index(key) <= order.index(furthest.step):
            if key == furthest.step:
                problem = f"{key} is already recorded (on {furthest.on})"
            else:
                problem = f"{key} comes before {furthest.step}, recorded on {furthest.on}"
            raise StepRefused(
                f"step: {problem}; steps are recorded in order, next could be "
                f"{'|'.join(next_steps(path))}"
            )
    if on > today:
        raise InvalidValue("on", on.isoformat(), f"is in the future (today is {today})", str(today))
    if path.steps and on < path.steps[-1].on:
        last = path.steps[-1]
        raise InvalidValue(
            "on",
            on.isoformat(),
            f"is before the previous step ({last.step} on {last.on}); steps go forward in time",
            str(last.on),
        )
    reached = max((order.index(s.step) for s in done), default=-1)
    skipped = order[reached + 1 : order.index(key)] if key in order else ()
    return key, skipped


def next_steps(path: Path) -> tuple[str, ...]:
    """The keys that may be recorded next (empty once the path ended)."""
    if path.outcome is not None:
        return ()
    order = STEPS[path.kind]
    reached = max((order.index(s.step) for s in path.steps if s.step in order), default=-1)
    return (*order[reached + 1 :], *OUTCOMES)


def _kind_words(kind: PathKind) -> str:
    return "a contact" if kind is PathKind.CONTACT else "the conventional route"


# --- the comparison -----------------------------------------------------------------------


@dataclass(frozen=True)
class KindSummary:
    """The user's paths of one kind, in numbers (medians None when there is nothing)."""

    kind: PathKind
    paths: int
    started: int
    offers: int
    offer_rate: float | None
    median_steps: float | None
    median_steps_to_offer: float | None
    median_days_to_offer: float | None
    median_days: float | None


def median(values: Iterable[float]) -> float | None:
    """The median, or None for no values."""
    found = list(values)
    import statistics  # ~20 ms (random, fractions): only when a median is wanted

    return float(statistics.median(found)) if found else None


def summarize(kind: PathKind, paths: Sequence[Path]) -> KindSummary:
    """One kind's numbers: steps taken to the furthest point, days, offers."""
    mine = [p for p in paths if p.kind is kind]
    started = [p for p in mine if p.steps]
    offered = [p for p in mine if p.outcome == OFFER]
    return KindSummary(
        kind=kind,
        paths=len(mine),
        started=len(started),
        offers=len(offered),
        offer_rate=round(len(offered) / len(mine), 3) if mine else None,
        median_steps=median(p.steps_taken for p in started),
        median_steps_to_offer=median(p.steps_taken for p in offered),
        median_days_to_offer=median(p.days_to_offer or 0 for p in offered),
        median_days=median(p.days or 0 for p in started),
    )


def compare(paths: Sequence[Path]) -> list[KindSummary]:
    """Both kinds' numbers, conventional first."""
    return [summarize(kind, paths) for kind in PathKind]


def _n(value: float) -> str:
    return f"{value:g}"


def _plural(value: float, word: str) -> str:
    return f"{_n(value)} {word}" + ("" if value == 1 else "s")


def _kind_line(k: KindSummary) -> str:
    name = "via a contact" if k.kind is PathKind.CONTACT else "the conventional way"
    if not k.paths:
        return f"no paths {name} yet"
    line = f"{k.offers} offer{'' if k.offers == 1 else 's'} from {_plural(k.paths, 'path')} {name}"
    if k.offers:
        assert k.median_steps_to_offer is not None and k.median_days_to_offer is not None
        line += (
            f", after a median of {_plural(k.median_steps_to_offer, 'step')} and "
            f"{_plural(k.median_days_to_offer, 'day')}"
        )
    elif k.median_steps is not None:
        line += f" (a median of {_plural(k.median_steps, 'step')} so far)"
    return line


def verdict(kinds: Sequence[KindSummary]) -> str:
    """What the user's own paths say about a referral against the conventional route."""
    by = {k.kind: k for k in kinds}
    conv, via = by[PathKind.CONVENTIONAL], by[PathKind.CONTACT]
    typical = (
        "a referral usually skips most of a conventional process "
        f"(about {len(STEPS[PathKind.CONTACT])} steps instead of "
        f"{len(STEPS[PathKind.CONVENTIONAL])})"
    )
    if not conv.paths and not via.paths:
        return f"Record your paths to compare them in your own numbers: {typical}."
    if via.offers and conv.offers:
        assert via.median_steps_to_offer is not None and conv.median_steps_to_offer is not None
        assert via.median_days_to_offer is not None and conv.median_days_to_offer is not None
        fewer_steps = conv.median_steps_to_offer - via.median_steps_to_offer
        fewer_days = conv.median_days_to_offer - via.median_days_to_offer
        text = (
            f"Through a contact, your offers came after a median of "
            f"{_plural(via.median_steps_to_offer, 'step')} and "
            f"{_plural(via.median_days_to_offer, 'day')}, against "
            f"{_plural(conv.median_steps_to_offer, 'step')} and "
            f"{_plural(conv.median_days_to_offer, 'day')} the conventional way"
        )
        saved = []
        if fewer_steps > 0:
            saved.append(f"{_plural(fewer_steps, 'step')} fewer")
        if fewer_days > 0:
            saved.append(f"{_plural(fewer_days, 'day')} sooner")
        if saved:
            text += f": {' and '.join(saved)}"
        assert via.offer_rate is not None and conv.offer_rate is not None
        return (
            f"{text}. Offers came from {via.offer_rate:.0%} of your referral paths and "
            f"{conv.offer_rate:.0%} of your conventional ones."
        )
    text = f"So far: {_kind_line(via)}; {_kind_line(conv)}."
    if not conv.paths or not via.paths:
        text += f" Record both kinds to compare them: {typical}."
    return text
