"""POST /sync/status: a laptop's word on itself at each sync — its app version and the
changes it has not sent yet — for the console's stale-laptop flags (issue 14); the answer
tells the app the server's features and the current and minimum app versions (issue 16).
See docs/sync-protocol.md, "Status"."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from fastapi import APIRouter

from vss_core import app_version
from vss_core.tables import table_of
from vss_server import FEATURES
from vss_server import db as server_db
from vss_server.config import ServerConfig
from vss_server.deps import Auth, ClockDep, EngineDep, SettingsDep
from vss_server.errors import ApiError
from vss_server.models import Device
from vss_server.schemas import StatusIn, error_responses

router = APIRouter(tags=["sync"])
DEVICES = table_of(Device)
# A laptop clock ahead of the server's by more than this is not believed.
CLOCK_SLACK = timedelta(days=1)


@router.post("/sync/status", responses=error_responses(400, 401, 409, 422))
def report_status(
    body: StatusIn, auth: Auth, engine: EngineDep, clock: ClockDep, config: SettingsDep
) -> dict[str, object]:
    user, _token = auth
    now = clock()
    oldest = body.oldest_pending_at
    if oldest is not None:
        if oldest.tzinfo is None:
            raise ApiError(422, "invalid_request", "oldest_pending_at needs a time zone")
        if oldest > now + CLOCK_SLACK:
            oldest = now  # a laptop clock far ahead: "pending since now" is all we know
    values = {
        "app_version": body.app_version,
        "status_at": now,
        "pending_ops": body.pending,
        "oldest_pending_at": oldest if body.pending else None,
    }
    with server_db.write_session(engine, feed=False) as session:
        conn = session.connection()
        owner = conn.execute(
            sa.select(DEVICES.c.user_id).where(DEVICES.c.device_id == body.device_id)
        ).scalar_one_or_none()
        if owner is None:
            conn.execute(
                DEVICES.insert().values(device_id=body.device_id, user_id=user.id, **values)
            )
        elif owner != user.id:
            raise ApiError(409, "device_taken", "this device id belongs to another account")
        else:
            conn.execute(
                DEVICES.update().where(DEVICES.c.device_id == body.device_id).values(**values)
            )
    # The features tell the app, before it pushes, what this server accepts.
    return {
        "status": "received",
        "features": list(FEATURES),
        "app": app_versions(config, body.app_version),
    }


def app_versions(config: ServerConfig, reported: str) -> dict[str, str | bool]:
    """The current and minimum app versions (each left out when not set) and whether the
    app at ``reported`` must update (left out when its version is not one we can compare).
    Nothing is refused to an old app: it goes on pushing and pulling; it is told."""
    answer: dict[str, str | bool] = {}
    if config.app_version_current:
        answer["current"] = config.app_version_current
    if config.app_version_minimum:
        answer["minimum"] = config.app_version_minimum
    if app_version.is_valid(reported):
        answer["update_required"] = (
            app_version.standing(reported, minimum=config.app_version_minimum) == "required"
        )
    return answer
