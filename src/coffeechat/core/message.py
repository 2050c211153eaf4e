"""The parts of a message the checker reads: body and signature, sentences, words.

A quoted reply (lines starting with ">", or from an "On ... wrote:" line on) is not the
message. A signature block is cut before counting and checking (see ``split_body``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_CLOSING_WORDS = (
    r"(?:best|best regards|regards|kind regards|warm regards|warmest regards|warmly|cheers"
    r"|thanks|thank you|many thanks|thanks again|thanks so much|thanks a lot|thank you again"
    r"|thanks a million|thanks heaps|thanks a bunch|thanks (?:&|and) regards|thanks in advance"
    r"|many thanks again|with many thanks|thank you so much|much appreciated|warm wishes"
    # the closings of other languages people sign off with
    r"|gracias|muchas gracias|saludos|un abrazo|abrazos|abraços|merci|cordialement|bien à vous"
    r"|danke|viele grüße|mit freundlichen grüßen|grazie|cordiali saluti|obrigad[oa]|groetjes"
    r"|met vriendelijke groet|ngā mihi|nga mihi|mahalo|vinaka|salamat|dhanyavaad|dhanyabad"
    r"|un saludo|fa'afetai|ngā mihi nui|nga mihi nui|vinaka vakalevu|mahalo nui|beijos"
    r"|fa'afetai tele lava|fa'afetai lava|faafetai tele lava|mahalo nui loa|malo 'aupito"
    r"|mālō 'aupito"
    r"|vielen dank|herzlichen dank|freundliche grüsse|freundliche grüße|liebe grüße|liebe grüsse"
    r"|bien cordialement|vänliga hälsningar|hartelijke groet|with warm regards|yours faithfully"
    r"|respectfully yours|yours respectfully|thank you very much|see you then"
    r"|all the best|sincerely|yours|yours truly|yours sincerely|with gratitude|gratefully"
    r"|with best regards|with thanks|best wishes|take care|talk soon|respectfully|cordially"
    r"|with (?:heartfelt|deep|deepest|sincere|much|great|warm|warmest|many|all my|real)"
    r" (?:gratitude|thanks|appreciation)"
    r"|speak soon|thx|ta|--|—|-)"
)
#: A sign-off line: one closing or several run together ("Thanks again and speak soon,").
_CLOSING = re.compile(
    rf"\s*{_CLOSING_WORDS}(?:\s*(?:,|and|&|\+|und|y|et|e)\s*{_CLOSING_WORDS})*\s*[,.!]?\s*",
    re.IGNORECASE,
)
_QUOTE_START = re.compile(r"^\s*(?:On .{0,200} wrote:|-+\s*Original Message\s*-+)\s*$", re.I)
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|hiya|dear|good\s+(?:morning|afternoon|evening)|greetings)\b"
    r"[^!?\n]{0,40}?[,!:.—–-]?\s*$",
    re.IGNORECASE,
)
#: A short first line that ends in a comma: a greeting in any words ("Mr. Lee,").
_NAME_LINE = re.compile(r"^\s*[^\s,.!?:;][^\n,!?:;]{0,38},\s*$")
_INLINE_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|hiya|dear)\b[^,!\n.]{0,30}[,!]\s*", re.IGNORECASE
)
_ABBREVIATION_WORDS = (
    "dr mr mrs ms prof st e.g i.e vs etc jan feb mar apr jun jul aug sep sept oct nov dec "
    "mon tue tues wed thu thurs fri a.m p.m p.s"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())


def _normalise(text: str) -> tuple[str, list[int]]:
    """The text with line ends as "\\n" and curly quotes straight, and where each of its
    characters was in ``text``."""
    out: list[str] = []
    origin: list[int] = []
    straight = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\r":
            out.append("\n")
            origin.append(i)
            i += 2 if text[i + 1 : i + 2] == "\n" else 1
            continue
        out.append(straight.get(ch, ch))
        origin.append(i)
        i += 1
    return "".join(out), origin


_PS = re.compile(r"^\s*p\.?\s?p?\.?\s?s\b\.?", re.IGNORECASE)


@dataclass(frozen=True)
class Body:
    """The body of a message and, for each of its characters, where it was in the text
    as given (so a finding can point at the words it is about)."""

    text: str
    origin: tuple[int, ...]
    signature: str = ""

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The range ``[start, end)`` of the body as a range of the text as given."""
        if not self.origin or end <= start:
            return None
        start = max(0, min(start, len(self.origin) - 1))
        end = max(start + 1, min(end, len(self.origin)))
        return self.origin[start], self.origin[end - 1] + 1


def _signature_cut(kept: list[str], sender: str | None) -> int | None:
    """Where the signature block starts among ``kept`` lines, if there is one."""
    nonblank = [i for i, line in enumerate(kept) if line.strip()]
    if len(nonblank) < 2:
        return None
    for i in nonblank[-6:]:
        if i != nonblank[0] and _CLOSING.fullmatch(kept[i]):
            return i
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
        return last
    return None


def read_body(text: str, sender: str | None = None) -> Body:
    """The message without its quoted reply and its signature block; a P.S. after the
    signature is part of the message (an ask written there counts)."""
    norm, origin = _normalise(text)
    lines: list[tuple[int, int]] = []
    at = 0
    for line in norm.split("\n"):
        lines.append((at, at + len(line)))
        at += len(line) + 1
    kept: list[tuple[int, int]] = []
    for start, end in lines:
        line = norm[start:end]
        if _QUOTE_START.match(line):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append((start, end))
    texts = [norm[s:e] for s, e in kept]
    ps = next((i for i, t in enumerate(texts) if i > 0 and _PS.match(t)), len(texts))
    main, postscript = kept[:ps], kept[ps:]
    while main and not texts[len(main) - 1].strip():
        main.pop()
    cut = _signature_cut(texts[: len(main)], sender)
    if cut is None and postscript:
        # a P.S. before any sign-off: the message as one, its signature cut as usual
        main, postscript = kept, []
        while main and not texts[len(main) - 1].strip():
            main.pop()
        cut = _signature_cut(texts[: len(main)], sender)
    signature = ""
    if cut is not None:
        signature = "\n".join(texts[cut : len(main)]).strip()
        main = main[:cut]
    chars: list[str] = []
    where: list[int] = []
    for n, (start, end) in enumerate([*main, *postscript]):
        if n:
            chars.append("\n")
            where.append(origin[start - 1] if start > 0 else 0)
        chars.extend(norm[start:end])
        where.extend(origin[start:end])
    # strip, keeping the two lists in step
    lo, hi = 0, len(chars)
    while lo < hi and chars[lo].isspace():
        lo += 1
    while hi > lo and chars[hi - 1].isspace():
        hi -= 1
    return Body("".join(chars[lo:hi]), tuple(where[lo:hi]), signature)


def split_body(text: str, sender: str | None = None) -> tuple[str, str]:
    """(body, signature): the message without its quoted reply and its signature block
    (a P.S. after the signature stays in the body)."""
    body = read_body(text, sender)
    return body.text, body.signature


def count_words(body: str) -> int:
    """Words with at least one letter or digit (bullets and dashes do not count)."""
    return sum(1 for token in body.split() if any(ch.isalnum() for ch in token))


def split_sentences(body: str) -> list[str]:
    """The sentences of ``body`` (a line is a sentence too), stripped."""
    return [text for _start, text in sentence_spans(body)]


def sentence_spans(body: str) -> list[tuple[int, str]]:
    """The sentences of ``body`` with where each starts in it: ``body[start:start +
    len(text)] == text``."""
    sentences: list[tuple[int, str]] = []
    at = 0
    for match in re.finditer(r"(?<=[.!?])\s+|\n+|$", body):
        raw = body[at : match.start()]
        piece = raw.strip()
        start = at + (len(raw) - len(raw.lstrip()))
        at = match.end()
        if not piece:
            continue
        if sentences:
            first, last = sentences[-1]
            last_word = last.rstrip(".").split()[-1:] or [""]
            if last.endswith(".") and last_word[0].lower() in _ABBREVIATIONS:
                sentences[-1] = (first, body[first : start + len(piece)])
                continue
        sentences.append((start, piece))
    return sentences


def strip_greeting(body: str) -> str:
    """The body without its greeting ("Hi Maria," on its own line, or inline)."""
    return body[greeting_end(body) :].strip()


def greeting_end(body: str) -> int:
    """Where the body starts after its greeting ("Hi Maria," on its own line, or "Hi
    Maria, " before the first sentence); 0 when there is none."""
    at = len(body) - len(body.lstrip())
    line_end = body.find("\n", at)
    first_line = body[at : line_end if line_end >= 0 else len(body)]
    if _GREETING.match(first_line) and len(first_line.split()) <= 6:
        at = line_end if line_end >= 0 else len(body)
    elif _NAME_LINE.match(first_line) and line_end >= 0 and len(first_line.split()) <= 4:
        at = line_end  # "Mr. Lee,", "Hallo Jonas,", "Team," on a line of their own
    at += len(body[at:]) - len(body[at:].lstrip())
    inline = _INLINE_GREETING.match(body[at:])
    if inline:
        at += inline.end()
    return at


def any_match(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    """Whether any of the patterns occurs in the text."""
    return any(p.search(text) for p in patterns)


def compile_patterns(*sources: str) -> tuple[re.Pattern[str], ...]:
    """Case-insensitive patterns."""
    return tuple(re.compile(p, re.IGNORECASE) for p in sources)
