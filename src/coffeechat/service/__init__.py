"""The library API: use cases that tie core, store and formats together.

The CLI (and later the web UI) call this and nothing below it.
"""

from coffeechat.service.workspace import Workspace

__all__ = ["Workspace"]
