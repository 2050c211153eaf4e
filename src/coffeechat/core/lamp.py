"""LAMP ranking of target companies (List, Advocacy, Motivation, Posting).

Rank by motivation (0-3, higher first), then posting (1-3, higher first), then advocacy
(a contact who can advocate for you first), then name. Unscored values rank last. The top
``ACTIVE`` companies are the ones to work on now.

Only targets are ranked: companies the user added with `company add`, scored or marked.
An employer that came with a contact (typed, or imported from LinkedIn, a CSV file or a
vCard) is a company, not a target: it follows the ranked ones, by name, without a rank.
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
    """Targets in LAMP order with ``rank`` (1-based) and ``active`` filled in, then the
    other companies by name (no rank, not active)."""
    every = list(companies)
    ranked = sorted((c for c in every if c.target), key=_key)
    for i, company in enumerate(ranked, start=1):
        company.rank = i
        company.active = i <= active
    others = sorted((c for c in every if not c.target), key=lambda c: (c.name.casefold(), c.id))
    for company in others:
        company.rank, company.active = None, False
    return ranked + others
