"""Reading and writing the user's files safely: every read bounded by the bytes actually
read, every output file whole or absent.

Reads: a file, a pipe, a device or standard input is read with a cap on what was really
read (``st_size`` says 0 for a pipe and for ``/dev/zero``), so no input can take the
machine's memory; past the cap, ``TooLarge``.

Writes: a regular file (or a new one) is written to a temporary file made by ``tempfile``
in the same folder, flushed, fsync'd and renamed over the target, so a reader sees the old
file or the new one, never half of one. Anything else (``-``, a device such as
``/dev/full``, a named pipe, the target of a symlink) is written through, not replaced.
Every failure is a ``FileTrouble`` that says which file and what went wrong, and leaves
no partial file behind.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from coffeechat.core.errors import CoffeechatError

# Each kind of input has its own cap (docs/guide.md, "Files coffeechat reads and writes"):
# a contacts file (``import csv|linkedin|vcard``): ``formats.imported.MAX_BYTES``, 50 MB;
# a calendar, file or download: ``service.calendars.MAX_CALENDAR_BYTES``, 50 MB;
# a message, a guide, a template, a line of a piped chat: below.

#: The cap when a caller names none.
DEFAULT_LIMIT = 50 * 1024 * 1024
#: A message checked or sent (``check``, ``send FILE.eml``).
MESSAGE_LIMIT = 10 * 1024 * 1024
#: A question guide (``guide add``), a draft template, a line of notes piped to ``chat``.
TEXT_LIMIT = 1024 * 1024

#: How much is read at a time from a stream.
CHUNK = 1024 * 1024


class FileTrouble(CoffeechatError):
    """A file could not be read or written; the message names it and says why."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")


class TooLarge(FileTrouble):
    """An input went past its cap (counted on the bytes read, not the reported size).

    ``what`` names the kind of input in the message ("a calendar"), ``hint`` says what
    to do instead ("split it into smaller files").
    """

    def __init__(self, where: str, limit: int, what: str = "", hint: str = "") -> None:
        self.limit = limit
        self.what = what
        self.hint = hint
        kind = f" (the limit for {what})" if what else ""
        advice = f": {hint}" if hint else ""
        super().__init__(where, f"larger than {_size(limit)}{kind}, not read{advice}")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:,.0f} MB"
    if n >= 1024:
        return f"{n / 1024:,.0f} KB"
    return f"{n:,} bytes"


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def describe(file: str | Path) -> str:
    """How messages name a file given as ``-`` (standard input) or a path."""
    return "standard input" if str(file) == "-" else str(file)


def read_stream(
    stream: BinaryIO, where: str, limit: int = DEFAULT_LIMIT, what: str = "", hint: str = ""
) -> bytes:
    """Everything in an open binary stream, refusing more than ``limit`` bytes (``what``
    and ``hint`` go into the ``TooLarge`` message)."""
    buffer = bytearray()
    try:
        while True:
            part = stream.read(min(CHUNK, limit + 1 - len(buffer)))
            if not part:
                break
            buffer += part
            if len(buffer) > limit:
                raise TooLarge(where, limit, what, hint)
    except OSError as error:
        raise FileTrouble(where, _reason(error)) from None
    return bytes(buffer)


def read_bytes(
    file: str | Path, limit: int = DEFAULT_LIMIT, what: str = "", hint: str = ""
) -> bytes:
    """The bytes of a file (``-`` is standard input), at most ``limit`` of them.

    A pipe, a device (``/dev/zero``) or standard input is counted as it is read, so a
    stream that never ends stops at the cap with ``TooLarge``; a file that cannot be read
    (missing, a folder, no permission) is ``FileTrouble``.
    """
    where = describe(file)
    if str(file) == "-":
        return read_stream(sys.stdin.buffer, where, limit, what, hint)
    try:
        with open(file, "rb") as handle:
            return read_stream(handle, where, limit, what, hint)
    except IsADirectoryError:
        raise FileTrouble(where, "is a folder, not a file") from None
    except OSError as error:
        raise FileTrouble(where, _reason(error)) from None


class BoundedReader:
    """A binary stream that refuses to give more than ``limit`` bytes in all: wrap a
    file, a pipe or a download before handing it to a parser that streams."""

    def __init__(
        self, stream: BinaryIO, where: str, limit: int, what: str = "", hint: str = ""
    ) -> None:
        self._stream = stream
        self.where = where
        self.limit = limit
        self.what = what
        self.hint = hint
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all that is left when negative), counted against the cap."""
        room = self.limit + 1 - self.count
        want = room if size is None or size < 0 else min(size, room)
        try:
            if size is None or size < 0:
                data = read_stream(self._stream, self.where, self.limit - self.count)
            else:
                data = self._stream.read(want)
        except TooLarge:
            raise TooLarge(self.where, self.limit, self.what, self.hint) from None
        except OSError as error:
            raise FileTrouble(self.where, _reason(error)) from None
        self.count += len(data)
        if self.count > self.limit:
            raise TooLarge(self.where, self.limit, self.what, self.hint)
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:
        """``read`` into a buffer (for ``io.BufferedReader``/``TextIOWrapper``)."""
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readable(self) -> bool:
        """Always: this is a reader."""
        return True


def _unwritable(error: OSError) -> str:
    return f"cannot be written ({_reason(error)})"


def _target(file: str | Path) -> tuple[Path, bool]:
    """The file really written (a symlink's target, followed to the end) and whether it
    is written through: anything that exists and is not a plain file (a device such as
    ``/dev/full``, a named pipe, a socket)."""
    where = str(file)
    target = Path(file)
    try:
        if target.is_symlink():
            target = target.resolve(strict=False)
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target, False
    except RuntimeError:  # a symlink loop, on Pythons that do not say OSError
        raise FileTrouble(where, "is a symlink that loops") from None
    except OSError as error:
        raise FileTrouble(where, _unwritable(error)) from None
    if stat.S_ISDIR(mode):
        raise FileTrouble(where, "is a folder: give a file name")
    return target, not stat.S_ISREG(mode)


@contextlib.contextmanager
def output(file: str | Path, mode: int | None = None) -> Iterator[BinaryIO]:
    """An open binary stream for an output file; on a clean exit the file is complete.

    ``-`` is standard output. A regular file (or a new one) goes through a temporary file
    made by ``tempfile`` in the same folder, flushed, fsync'd and renamed into place; a
    symlink's target is the file written (the link stays a link); a device or a pipe is
    written through. When the body raises, or a write, the flush, the fsync or the rename
    fails, the temporary file is removed and the target is left as it was; an ``OSError``
    becomes ``FileTrouble`` (one line: the file and the reason).
    ``mode`` (e.g. 0o600) is the new file's permission bits, whatever the umask; by
    default a new file gets the umask's usual bits and a replaced one keeps its own.
    """
    if str(file) == "-":
        sys.stdout.flush()
        try:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        except OSError as error:
            raise FileTrouble("standard output", _unwritable(error)) from None
        return
    where = str(file)
    target, through = _target(file)
    if through:
        try:
            handle = open(target, "wb")  # noqa: SIM115
        except OSError as error:
            raise FileTrouble(where, _unwritable(error)) from None
        try:
            yield handle
            handle.flush()
        except OSError as error:
            raise FileTrouble(where, _unwritable(error)) from None
        finally:
            with contextlib.suppress(OSError):
                handle.close()
        return
    folder = target.parent
    if not folder.is_dir():
        problem = "is not a folder" if folder.exists() else "does not exist"
        raise FileTrouble(where, f"cannot be written: the folder {folder} {problem}")
    if target.exists() and not os.access(target, os.W_OK):
        raise FileTrouble(where, "cannot be written (the file is read-only)")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise FileTrouble(where, _unwritable(error)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode if mode is not None else _default_mode(target))
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise FileTrouble(where, _unwritable(error)) from None
        raise
    _sync_folder(folder)


def _default_mode(target: Path) -> int:
    """The bits a new file would get under the current umask (0o666 minus the umask), or
    the replaced file's own bits."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make a rename durable (best effort: not every file system lets a folder be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_bytes(file: str | Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to an output file whole (see ``output``)."""
    with output(file, mode) as handle:
        handle.write(data)
