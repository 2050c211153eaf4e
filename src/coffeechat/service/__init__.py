"""The library API: use cases that tie core, store and formats together.

The CLI (and later the web UI) call this and nothing below it. ``Workspace`` is loaded
on first use, so a command that needs only a part of it (``ContactsView``) does not pay
for the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coffeechat.service.workspace import Workspace

__all__ = ["Workspace"]


def __getattr__(name: str) -> Any:
    if name == "Workspace":
        from coffeechat.service.workspace import Workspace

        return Workspace
    raise AttributeError(f"module 'coffeechat.service' has no attribute {name!r}")
