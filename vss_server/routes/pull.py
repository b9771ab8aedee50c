"""GET /sync/pull: the change feed a collector may see, one page after a cursor.
See docs/sync-protocol.md."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from vss_server.deps import Auth, SessionDep, SettingsDep
from vss_server.errors import ApiError
from vss_server.pull import CursorGone, pull_page
from vss_server.schemas import ChangeOut, PullOut, error_responses

router = APIRouter(tags=["sync"])


@router.get(
    "/sync/pull",
    response_model=PullOut,
    response_model_exclude_none=True,
    responses=error_responses(401, 410, 422),
)
def pull(
    auth: Auth,
    session: SessionDep,
    settings: SettingsDep,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> PullOut:
    user, _token = auth
    try:
        page = pull_page(session, user, cursor, min(limit, settings.max_pull_limit))
    except CursorGone as gone:
        raise ApiError(410, "cursor_gone", str(gone)) from gone
    return PullOut(
        changes=[ChangeOut(**c) for c in page.changes],
        cursor=page.cursor,
        has_more=page.has_more,
    )
