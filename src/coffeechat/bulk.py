"""What bulk work (reading an export, importing it) shares: holding off the collector.

Reading a 30,000-row export and importing it make a few hundred thousand small tuples,
lists and strings, none of them in a reference cycle. Python's cyclic collector counts
them as they are made and walks every live object again and again while they pile up:
on an import that was about half of the time. ``gc_paused`` turns it off for the
duration and back on after (reference counting still frees everything as usual).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run a block (or, as a decorator, a function) with the cyclic collector off; it is
    turned back on after, unless it was off already."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
