"""The rules of team accounts: e-mail addresses as sign-in names, roles, passwords.

Pure: the list of common passwords is given by the caller (service/accounts.py reads
the bundled one)."""

from __future__ import annotations

import ipaddress
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
_HEAD = re.compile(r"^[\d\W_]+")
#: Letters written as digits or signs ("p@ssw0rd", "dr4g0n"), read back two ways (a 1
#: or a ! is an i or an l).
_LEET = (
    str.maketrans("0134578@$!+|9", "oieastbasitlg"),
    str.maketrans("0134578@$!+|9", "oleastbasltlg"),
)
#: A season or a month and a year ("Summer2024!", "sept-25", "2026spring").
_DATED = re.compile(
    r"^[\W_]*(\d{2}|\d{4})?[\W_]*(spring|summer|autumn|fall|winter|jan(uary)?|feb(ruary)?"
    r"|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?"
    r"|dec(ember)?)[\W_]*(\d{2}|\d{4})?[\W_]*$"
)
#: Keyboard walks: a password that is a piece of one (4 characters or more) is refused.
_WALKS = (
    "1234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "qwertzuiop",
    "azertyuiop",
    "qazwsxedcrfvtgbyhnujmikolp",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "zaq1xsw2cde3vfr4bgt5nhy6mju7",
)


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


def _bases(folded: str) -> set[str]:
    """What a lower-cased password may be made of: itself, without the digits and signs
    around it ("dragon123" is "dragon"), and the same with digits and signs read as
    letters ("P@ssw0rd!" is "password", "dr4g0n" is "dragon")."""
    stripped = _HEAD.sub("", _TAIL.sub("", folded))
    found = {folded, stripped}
    for table in _LEET:
        for text in (folded, stripped):
            read = text.translate(table)
            found.update((read, _HEAD.sub("", _TAIL.sub("", read))))
    return {b for b in found if b}


def _walk(text: str) -> bool:
    """Whether ``text`` is a piece of a keyboard walk (either way), 4 characters or more."""
    return len(text) >= 4 and any(text in w or text in w[::-1] for w in _WALKS)


def password_problem(password: str, common: Collection[str], *, email: str = "") -> str | None:
    """Why ``password`` is refused (None: it is fine): too short, too long, or one that
    everyone tries first: one of ``common`` (lower case: common passwords, words and
    names), also with digits or signs around it and letters written as digits or signs
    ("Password123!", "dragon123", "Dr4g0n!" are "password" and "dragon"); a season or
    a month and a year ("Summer2024!"); a keyboard walk ("qwertyui"); a single
    character or two repeated; or the account's own address. Long pass phrases (a few
    random words) are welcome: only the whole phrase is compared, never its words."""
    if len(password) < PASSWORD_SHORTEST:
        return f"is too short: at least {PASSWORD_SHORTEST} characters"
    if len(password) > PASSWORD_LONGEST:
        return f"is too long: at most {PASSWORD_LONGEST} characters"
    folded = password.strip().lower()
    bases = _bases(folded)
    local = email.partition("@")[0].lower()
    own = _HEAD.sub("", _TAIL.sub("", local))
    if (
        any(b in common for b in bases)
        or len(set(folded)) < 3
        or any(_DATED.match(b) or _walk(b) for b in bases)
        or _walk(folded)
        or (own and own in bases)
    ):
        return (
            "is one of the passwords tried first by anyone guessing (a common word, "
            "name or pattern, also with digits or signs added): choose another, e.g. a "
            "few random words"
        )
    return None


def text_field(
    value: str, field: str, longest: int = limits.NAME, example: str = "Ada Lovelace"
) -> str:
    """A one-line name (a token's label, a cohort's name), trimmed and not empty (the
    error's example is ``example``: "laptop sync" for a label, "Spring 2027" for a
    cohort)."""
    if not value.split():
        from coffeechat.core.errors import InvalidValue

        raise InvalidValue(field, value, "cannot be empty", example)
    return validate.name(value, field, longest)


def network(address: str) -> str:
    """What failed sign-ins are counted against for a client's address: an IPv4
    address itself, an IPv6 address's /64 (one home or one machine usually holds a
    whole /64, so counting each address of it would give it billions of tries)."""
    try:
        found = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return address
    if isinstance(found, ipaddress.IPv6Address):
        if found.ipv4_mapped is not None:
            return str(found.ipv4_mapped)
        return str(ipaddress.ip_network(f"{found}/64", strict=False))
    return str(found)
