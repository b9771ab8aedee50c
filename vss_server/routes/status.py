"""POST /sync/status: a laptop's word on itself at each sync — its app version and the
changes it has not sent yet — for the console's stale-laptop flags (issue 14).
See docs/sync-protocol.md, "Status"."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from fastapi import APIRouter

from vss_core.tables import table_of
from vss_server import FEATURES
from vss_server import db as server_db
from vss_server.deps import Auth, ClockDep, EngineDep
from vss_server.errors import ApiError
from vss_server.models import Device
from vss_server.schemas import StatusIn, error_responses

router = APIRouter(tags=["sync"])
DEVICES = table_of(Device)
# A laptop clock ahead of the server's by more than this is not believed.
CLOCK_SLACK = timedelta(days=1)


@router.post("/sync/status", responses=error_responses(400, 401, 409, 422))
def report_status(
    body: StatusIn, auth: Auth, engine: EngineDep, clock: ClockDep
) -> dict[str, str | list[str]]:
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
    return {"status": "received", "features": list(FEATURES)}
