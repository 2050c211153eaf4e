"""Where one change of the workspace begins and ends, for ``undo``.

A command may run several write transactions (an import writes, then indexes); ``undo``
reverts them together. ``change(label)`` opens a change for the code it wraps: every
``writing()`` transaction inside, in this thread or task, records into it. The CLI wraps
each command in one (``cli/__init__.py``); a write outside any change (a web request
that names none) is a change of its own, labelled by ``writing(label=...)`` or
``DEFAULT_LABEL``.

This module imports nothing heavy: the CLI opens a change before it knows whether the
command will even open the workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

#: The label of a write made outside any change.
DEFAULT_LABEL = "a change"


@dataclass
class Change:
    """One change being made: its label, and the id the database gave it once a
    transaction of it committed (``recorded``: some transaction of it wrote entries)."""

    label: str
    id: int | None = None
    recorded: bool = False


_ACTIVE: ContextVar[Change | None] = ContextVar("coffeechat_change", default=None)


@contextmanager
def change(label: str, *, own: bool = False) -> Iterator[Change]:
    """Make every write transaction inside one change, labelled ``label`` (e.g. the
    command, "log meeting"), which ``undo`` reverts whole. Nested: the outer one holds,
    unless ``own``: then this is a change of its own (each request of the web server,
    which runs inside the ``coffeechat serve`` command's change)."""
    outer = _ACTIVE.get()
    if outer is not None and not own:
        yield outer
        return
    made = Change(label)
    token = _ACTIVE.set(made)
    try:
        yield made
    finally:
        _ACTIVE.reset(token)


def active() -> Change | None:
    """The change open here, if any."""
    return _ACTIVE.get()
