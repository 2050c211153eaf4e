"""Choosing a varied set of options from the proposal engine's candidate slots.

Generic over the candidate type: each candidate names the preference rank of its kind
(0 = the kind most wanted), its local day, its local start clock and its rank among the
times of its kind (0 = best). ``choose`` decides, in this order:

1. as many options as asked for, at most one per day and no two at the same clock time;
2. then as many different kinds as possible, the most preferred kinds first;
3. then days spread out (fewest pairs of consecutive days), the best-ranked times of
   each kind, and the earliest days.

The search is exhaustive for a normal request (three options in a week or two) and
bounded for large ones, and always deterministic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import combinations, combinations_with_replacement, pairwise
from typing import Protocol, TypeVar

#: How many day assignments one kind mix may enumerate before the best one found wins.
LEAF_BUDGET = 20_000


class Slot(Protocol):
    """What ``choose`` needs to know about a candidate."""

    @property
    def kind_rank(self) -> int: ...
    @property
    def day(self) -> dt.date: ...
    @property
    def clock(self) -> dt.time: ...
    @property
    def rank(self) -> int: ...


S = TypeVar("S", bound=Slot)
_Cells = dict[int, dict[dt.date, list[S]]]


def choose(candidates: Sequence[S], count: int) -> list[S]:
    """Pick up to ``count`` candidates: distinct days and clocks, varied kinds, spread."""
    cells: dict[int, dict[dt.date, list[S]]] = {}
    for slot in candidates:
        cells.setdefault(slot.kind_rank, {}).setdefault(slot.day, []).append(slot)
    for by_day in cells.values():
        for slots in by_day.values():
            slots.sort(key=lambda s: (s.rank, s.clock))
    kinds = sorted(cells)
    days = {slot.day for slot in candidates}
    for n in range(min(count, len(days)), 0, -1):
        for k in range(min(n, len(kinds)), 0, -1):
            for distinct in combinations(kinds, k):
                for extra in combinations_with_replacement(distinct, n - k):
                    mix = sorted(distinct + extra)
                    if any(mix.count(kind) > len(cells[kind]) for kind in distinct):
                        continue
                    found = _assign(mix, cells)
                    if found is not None:
                        return found
    return []


def _assign(mix: list[int], cells: _Cells[S]) -> list[S] | None:
    """The best placement of one mix of kinds on distinct days, or None if none fits."""
    # Scarce kinds first so that dead ends show early; equal kinds stay side by side.
    order = sorted(mix, key=lambda kind: (len(cells[kind]), kind))
    days_of = {kind: sorted(cells[kind]) for kind in set(order)}
    leaves: list[tuple[tuple[int, int, int], tuple[dt.date, ...]]] = []
    chosen: list[dt.date] = []

    def walk(i: int) -> None:
        if len(leaves) >= LEAF_BUDGET:
            return
        if i == len(order):
            leaves.append((_score(order, chosen, cells), tuple(chosen)))
            return
        kind = order[i]
        # Two options of the same kind: take their days in increasing order only once.
        floor = chosen[i - 1] if i and order[i - 1] == kind else None
        for day in days_of[kind]:
            if day in chosen or (floor is not None and day <= floor):
                continue
            chosen.append(day)
            walk(i + 1)
            chosen.pop()

    walk(0)
    leaves.sort()
    for _, days in leaves:
        picked = _clocks([cells[kind][day] for kind, day in zip(order, days, strict=True)])
        if picked is not None:
            return picked
    return None


def _score(order: list[int], days: list[dt.date], cells: _Cells[S]) -> tuple[int, int, int]:
    ordinals = sorted(day.toordinal() for day in days)
    adjacent = sum(1 for a, b in pairwise(ordinals) if b - a == 1)
    ranks = sum(cells[kind][day][0].rank for kind, day in zip(order, days, strict=True))
    return adjacent, ranks, sum(ordinals)


def _clocks(cells: list[list[S]]) -> list[S] | None:
    """One candidate per cell, no two at the same clock, lowest total rank first."""
    n = len(cells)
    # n distinct clocks per cell are always enough to dodge the other n - 1 cells.
    shortlists: list[list[S]] = []
    for cell in cells:
        seen: set[dt.time] = set()
        short: list[S] = []
        for slot in cell:
            if slot.clock not in seen:
                seen.add(slot.clock)
                short.append(slot)
                if len(short) == n:
                    break
        shortlists.append(short)
    best: list[S] | None = None
    best_total = -1
    picked: list[S] = []

    def walk(i: int, total: int) -> None:
        nonlocal best, best_total
        if best is not None and total >= best_total:
            return
        if i == n:
            best, best_total = list(picked), total
            return
        for slot in shortlists[i]:
            if any(p.clock == slot.clock for p in picked):
                continue
            picked.append(slot)
            walk(i + 1, total + slot.rank)
            picked.pop()

    walk(0, 0)
    return best
