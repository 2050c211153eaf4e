"""LAMP ranking of target companies (List, Advocacy, Motivation, Posting).

Rank by motivation (0-3, higher first), then posting (1-3, higher first), then advocacy
(a contact who can advocate for you first), then name. Unscored values rank last. The top
``ACTIVE`` companies are the ones to work on now.
"""

from __future__ import annotations

from collections.abc import Iterable

from coffeechat.core.model import Company

ACTIVE = 5


def _key(company: Company) -> tuple[int, int, int, str]:
    motivation = company.motivation if company.motivation is not None else -1
    posting = company.posting if company.posting is not None else 0
    advocacy = {True: 0, None: 1, False: 2}[company.advocacy]
    return (-motivation, -posting, advocacy, company.name.casefold())


def rank_companies(companies: Iterable[Company], active: int = ACTIVE) -> list[Company]:
    """Companies in LAMP order with ``rank`` (1-based) and ``active`` filled in."""
    ranked = sorted(companies, key=_key)
    for i, company in enumerate(ranked, start=1):
        company.rank = i
        company.active = i <= active
    return ranked
