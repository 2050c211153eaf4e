"""What routes get from the app: the workspace (passed in at ``create_app``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request

if TYPE_CHECKING:
    from coffeechat.service.workspace import Workspace


def workspace_of(request: Request) -> Workspace:
    """The workspace this app serves."""
    workspace: Workspace = request.app.state.workspace
    return workspace
