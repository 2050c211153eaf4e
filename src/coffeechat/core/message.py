"""The parts of a message the checker reads: body and signature, sentences, words.

A quoted reply (lines starting with ">", or from an "On ... wrote:" line on) is not the
message. A signature block is cut before counting and checking (see ``split_body``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_CLOSING = re.compile(
    r"\s*(?:best|best regards|regards|kind regards|warm regards|warmest regards|warmly|cheers"
    r"|thanks|thank you|many thanks|thanks again|thanks so much|thanks a lot|thank you again"
    r"|all the best|sincerely|yours|yours truly|yours sincerely|with gratitude|gratefully"
    r"|with best regards|with thanks|best wishes|take care|talk soon|respectfully|cordially"
    r"|speak soon|thx|ta|--|—|-)\s*[,.!]?\s*",
    re.IGNORECASE,
)
_QUOTE_START = re.compile(r"^\s*(?:On .{0,200} wrote:|-+\s*Original Message\s*-+)\s*$", re.I)
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|hiya|dear|good\s+(?:morning|afternoon|evening)|greetings)\b"
    r"[^!?\n]{0,40}?[,!:.—–-]?\s*$",
    re.IGNORECASE,
)
_INLINE_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|hiya|dear)\b[^,!\n.]{0,30}[,!]\s*", re.IGNORECASE
)
_ABBREVIATION_WORDS = (
    "dr mr mrs ms prof st e.g i.e vs etc jan feb mar apr jun jul aug sep sept oct nov dec "
    "mon tue tues wed thu thurs fri a.m p.m"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())


def _normalise(text: str) -> str:
    return (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )


def split_body(text: str, sender: str | None = None) -> tuple[str, str]:
    """(body, signature): the message without its quoted reply and its signature block."""
    lines = _normalise(text).split("\n")
    kept: list[str] = []
    for line in lines:
        if _QUOTE_START.match(line):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    nonblank = [i for i, line in enumerate(kept) if line.strip()]
    if len(nonblank) < 2:
        return "\n".join(kept).strip(), ""
    cut: int | None = None
    for i in nonblank[-6:]:
        if i != nonblank[0] and _CLOSING.fullmatch(kept[i]):
            cut = i
            break
    if cut is None:
        last = nonblank[-1]
        line = kept[last].strip()
        names = set()
        if sender:
            names = {sender.strip().lower(), sender.strip().split()[0].lower()}
        after_blank = last > 0 and not kept[last - 1].strip()
        looks_like_name = (
            len(line.split()) <= 3
            and not re.search(r"[.!?,:;]$", line)
            and (after_blank or line.startswith(("-", "—")))
        )
        if line.lower() in names or looks_like_name:
            cut = last
    if cut is None:
        return "\n".join(kept).strip(), ""
    return "\n".join(kept[:cut]).strip(), "\n".join(kept[cut:]).strip()


def count_words(body: str) -> int:
    """Words with at least one letter or digit (bullets and dashes do not count)."""
    return sum(1 for token in body.split() if any(ch.isalnum() for ch in token))


def split_sentences(body: str) -> list[str]:
    pieces = re.split(r"(?<=[.!?])\s+|\n+", body)
    sentences: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if sentences:
            last_word = sentences[-1].rstrip(".").split()[-1:] or [""]
            if sentences[-1].endswith(".") and last_word[0].lower() in _ABBREVIATIONS:
                sentences[-1] = f"{sentences[-1]} {piece}"
                continue
        sentences.append(piece)
    return sentences


def strip_greeting(body: str) -> str:
    lines = body.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and _GREETING.match(lines[0]) and len(lines[0].split()) <= 6:
        lines.pop(0)
    rest = "\n".join(lines).strip()
    return _INLINE_GREETING.sub("", rest, count=1)


def any_match(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    """Whether any of the patterns occurs in the text."""
    return any(p.search(text) for p in patterns)


def compile_patterns(*sources: str) -> tuple[re.Pattern[str], ...]:
    """Case-insensitive patterns."""
    return tuple(re.compile(p, re.IGNORECASE) for p in sources)
