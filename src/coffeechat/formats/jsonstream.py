"""Reading one large JSON document a piece at a time (``import json`` of a big backup).

``Reader`` decodes UTF-8 from a binary stream into a sliding text buffer and hands out the
document's top-level object key by key; a list value can be walked item by item, each
item parsed on its own by ``json.JSONDecoder.raw_decode``, so only the item being read
(and the stream's next chunk) is held, never the whole text nor every item. Errors are
those of ``json.loads`` (same messages, line and column counted from the start of the
document), raised as ``SyntaxProblem``; bytes that are not UTF-8 raise ``NotText``.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import Any, Protocol

#: Bytes read from the stream at a time (more when one item is larger).
CHUNK = 1 << 20
#: An error this close to the end of the text read so far may only mean that the rest of
#: the item has not been read yet (a number, ``true``, an escape cut in two).
_TAIL = 32
_SPACE = " \t\n\r"


class Stream(Protocol):
    """What is read from: ``read(n)`` up to n bytes, ``b""`` at the end."""

    def read(self, size: int = -1, /) -> bytes: ...  # pragma: no cover


class SyntaxProblem(Exception):
    """Not JSON: ``problem`` as json.loads says it, at ``line`` and ``column`` (from 1)."""

    def __init__(self, problem: str, line: int, column: int) -> None:
        self.problem = problem
        self.line = line
        self.column = column
        super().__init__(f"line {line} column {column}: {problem}")


class NotText(Exception):
    """The bytes are not UTF-8 (``byte`` is the offset of the first bad one)."""

    def __init__(self, byte: int) -> None:
        self.byte = byte
        super().__init__(f"not UTF-8 text (byte {byte})")


class TooDeep(Exception):
    """Nested deeper than the parser can follow."""


class Reader:
    """A JSON document read from ``stream`` as it is needed (UTF-8, a BOM allowed)."""

    def __init__(self, stream: Stream, chunk: int | None = None) -> None:
        self._stream = stream
        self._chunk = chunk or CHUNK
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._json = json.JSONDecoder()
        self._bytes = 0
        self._text = ""
        self._at = 0
        self._eof = False
        #: line and column (from 1) of ``_text[0]`` in the document
        self._line = 1
        self._column = 1

    # --- the buffer -----------------------------------------------------------------

    def _more(self) -> bool:
        """Read another piece (at least as much as is pending, so one large item takes a
        few reads, not one per chunk); False at the end of the stream."""
        if self._eof:
            return False
        self._drop_read()
        want = max(self._chunk, len(self._text))
        data = self._stream.read(want)
        pending = len(self._decoder.getstate()[0])
        try:
            text = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            raise NotText(self._bytes - pending + error.start) from None
        self._bytes += len(data)
        if not data:
            self._eof = True
        self._text += text
        return bool(data) or bool(text)

    def _drop_read(self) -> None:
        """Forget the text already read, keeping count of its lines."""
        if not self._at:
            return
        gone = self._text[: self._at]
        newlines = gone.count("\n")
        if newlines:
            self._line += newlines
            self._column = len(gone) - gone.rindex("\n")
        else:
            self._column += len(gone)
        self._text = self._text[self._at :]
        self._at = 0

    def _error(self, problem: str, at: int) -> SyntaxProblem:
        """A syntax error at position ``at`` of the buffer, placed in the document."""
        before = self._text[:at]
        newlines = before.count("\n")
        column = at - before.rindex("\n") if newlines else self._column + at
        return SyntaxProblem(problem, self._line + newlines, column)

    def _skip_space(self) -> None:
        while True:
            text, at = self._text, self._at
            while at < len(text) and text[at] in _SPACE:
                at += 1
            self._at = at
            if at < len(text) or not self._more():
                return

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        self._skip_space()
        return self._text[self._at] if self._at < len(self._text) else ""

    def _take(self, char: str, problem: str) -> None:
        if self.peek() != char:
            raise self._error(problem, self._at)
        self._at += 1

    # --- values ---------------------------------------------------------------------

    def value(self) -> Any:
        """The next JSON value, whole."""
        self._skip_space()
        while True:
            try:
                found, end = self._json.raw_decode(self._text, self._at)
            except json.JSONDecodeError as error:
                # placed now: reading more moves the buffer under ``error.pos``
                problem = self._error(error.msg, error.pos)
                unfinished = error.msg.startswith("Unterminated string") or (
                    error.pos >= len(self._text) - _TAIL
                )
                if unfinished and self._more():
                    continue
                raise problem from None
            except RecursionError:
                raise TooDeep from None
            # a number (or a word) at the very end may go on in the next piece: read on,
            # then decode again (reading moves the buffer, even when nothing comes)
            at_end = end == len(self._text) and not isinstance(found, dict | list | str)
            if at_end and not self._eof:
                self._more()
                continue
            self._at = end
            return found

    def members(self) -> Iterator[str]:
        """The keys of the object that comes next; after each, read its value (``value``
        or ``items``) before asking for the next key."""
        self._take("{", "Expecting value")
        if self.peek() == "}":
            self._at += 1
            return
        while True:
            if self.peek() != '"':
                raise self._error("Expecting property name enclosed in double quotes", self._at)
            key = self.value()
            self._take(":", "Expecting ':' delimiter")
            yield key
            following = self.peek()
            if following == "}":
                self._at += 1
                return
            self._take(",", "Expecting ',' delimiter")

    def items(self) -> Iterator[Any]:
        """The items of the list that comes next, one at a time."""
        self._take("[", "Expecting value")
        if self.peek() == "]":
            self._at += 1
            return
        while True:
            yield self.value()
            if self.peek() == "]":
                self._at += 1
                return
            self._take(",", "Expecting ',' delimiter")

    def end(self) -> None:
        """Nothing but white space is left."""
        if self.peek():
            raise self._error("Extra data", self._at)
