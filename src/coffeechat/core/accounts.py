"""The rules of team accounts: e-mail addresses as sign-in names, roles, passwords.

Pure: the list of common passwords is given by the caller (service/accounts.py reads
the bundled one)."""

from __future__ import annotations

import re
from collections.abc import Collection

from coffeechat.core import limits, validate

#: The roles of the team server: a job seeker, a career coach, an administrator (who
#: manages accounts, not content).
ROLES = ("seeker", "coach", "admin")
#: Passwords: at least this long; and at most this (far above 64: pass phrases fit).
PASSWORD_SHORTEST = 8
PASSWORD_LONGEST = 1024

_TAIL = re.compile(r"[\d\W_]+$")


def login_email(value: str) -> str:
    """A sign-in address: trimmed, checked, all in lower case (one account per address,
    however it is typed)."""
    return validate.email(value, "email").lower()


def role(value: str) -> str:
    """One of ROLES."""
    cleaned = value.strip().lower()
    if cleaned not in ROLES:
        from coffeechat.core.errors import InvalidValue

        raise InvalidValue("role", value, f"must be {'|'.join(ROLES)}", "seeker")
    return cleaned


def password_problem(password: str, common: Collection[str], *, email: str = "") -> str | None:
    """Why ``password`` is refused (None: it is fine): too short, too long, or one that
    everyone tries first (``common``, lower case; "Password123!" counts as "password"),
    or the account's own address."""
    if len(password) < PASSWORD_SHORTEST:
        return f"is too short: at least {PASSWORD_SHORTEST} characters"
    if len(password) > PASSWORD_LONGEST:
        return f"is too long: at most {PASSWORD_LONGEST} characters"
    folded = password.strip().lower()
    core = _TAIL.sub("", folded)
    local = email.partition("@")[0].lower()
    if (
        folded in common
        or core in common
        or len(set(folded)) < 3
        or (local and core == _TAIL.sub("", local))
    ):
        return "is one of the passwords tried first by anyone guessing: choose another"
    return None


def text_field(value: str, field: str, longest: int = limits.NAME) -> str:
    """A one-line name (a token's label, a cohort's name), trimmed and not empty."""
    return validate.name(value, field, longest)
