"""Cohorts in the API (team mode only; 404 on a local server): ``GET /api/v1/cohorts``
(the cohorts you may see) and ``GET /api/v1/cohorts/{cohort_id}/dashboard`` (for the
cohort's coach only: anyone else gets the 404 of a cohort that does not exist).
docs/json.md has their shapes; they come from the same service calls as the pages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request

from coffeechat.formats import cohort_report
from coffeechat.web.routers.cohorts import cohorts_of, viewer_of
from coffeechat.web.security import check_csrf

router = APIRouter(prefix="/api/v1", tags=["api"], dependencies=[Depends(check_csrf)])


@router.get("/cohorts")
def list_cohorts(request: Request) -> dict[str, Any]:
    """The cohorts you may see: a coach's own, a seeker's (with ``membership``), every
    cohort for an admin; no numbers of anyone."""
    service = cohorts_of(request)
    viewer = viewer_of(request)
    code = viewer.role in ("coach", "admin")
    return {
        "cohorts": [cohort_report.cohort_document(c, code=code) for c in service.visible(viewer)]
    }


@router.get("/cohorts/{cohort_id}/dashboard")
def cohort_dashboard(request: Request, cohort_id: int) -> dict[str, Any]:
    """A cohort's dashboard: a row of counts per seeker (its coach only)."""
    board = cohorts_of(request).dashboard(viewer_of(request), cohort_id)
    if board is None:
        raise HTTPException(404)
    return cohort_report.dashboard_document(board.cohort, board.rows, board.left)
