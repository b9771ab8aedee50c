"""GET /updates/{metadata|targets}/NAME: the app's signed update repository, read-only.

No login: the packages hold no secret and no personal data, their integrity comes from the
TUF signatures the app checks, and an app whose token expired, or that must update before
it can log in again, still gets its update. Range requests are answered by Starlette's
FileResponse (206 with Content-Range), so an app resumes a download cut midway.
See docs/updates.md.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from vss_server.deps import SettingsDep
from vss_server.errors import ApiError
from vss_server.updates import cache_control, served_file

router = APIRouter(tags=["updates"])


# Files, not an API operation: left out of the OpenAPI document (docs/updates.md says what
# is served); its security and fuzz tests cover the operations, tests/test_updates.py this.
@router.get("/updates/{relative:path}", response_class=FileResponse, include_in_schema=False)
def update_file(relative: str, config: SettingsDep) -> FileResponse:
    path = served_file(config.updates_dir, relative) if config.updates_dir else None
    if path is None:
        raise ApiError(404, "not_found", "no such update file")
    media = "application/json" if path.suffix == ".json" else "application/octet-stream"
    return FileResponse(path, media_type=media, headers={"Cache-Control": cache_control(relative)})
