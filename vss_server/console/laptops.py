"""The collectors' laptops as the console shows them: what each said at its last sync
(POST /sync/status) and whether it needs a supervisor's attention (issue 14)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from vss_core.tables import table_of
from vss_server.areas import Scope, collectors_in_scope
from vss_server.models import Device, DeviceToken, UserAccount

STALE_SYNC = timedelta(days=3)  # no sync for this long: the laptop may be lost or broken
STALE_PENDING = timedelta(days=2)  # a change waiting this long: visits not reaching us


@dataclass(frozen=True)
class Laptop:
    username: str
    full_name: str
    device_id: str
    device_name: str
    app_version: str
    last_sync: datetime | None
    pending: int
    oldest_pending: datetime | None
    stale_sync: bool
    stale_pending: bool

    @property
    def flagged(self) -> bool:
        return self.stale_sync or self.stale_pending


def laptops(session: Session, scope: Scope, now: datetime) -> list[Laptop]:
    """Every collector laptop in the scope that ever reported, flagged ones first."""
    devices, users, tokens = table_of(Device), table_of(UserAccount), table_of(DeviceToken)
    allowed = collectors_in_scope(session, scope)
    names: dict[str, str] = {
        device: name
        for device, name in session.execute(
            sa.select(tokens.c.device_id, sa.func.max(tokens.c.device_name)).group_by(
                tokens.c.device_id
            )
        )
    }
    rows = session.execute(
        sa.select(
            users.c.username,
            users.c.full_name,
            devices.c.device_id,
            devices.c.app_version,
            devices.c.status_at,
            devices.c.pending_ops,
            devices.c.oldest_pending_at,
        )
        .select_from(devices.join(users, users.c.id == devices.c.user_id))
        .where(users.c.role == "collector", devices.c.status_at.is_not(None))
    )
    out = []
    for r in rows:
        if allowed is not None and r.username not in allowed:
            continue
        out.append(
            Laptop(
                r.username,
                r.full_name,
                r.device_id,
                names.get(r.device_id, ""),
                r.app_version,
                r.status_at,
                r.pending_ops,
                r.oldest_pending_at,
                stale_sync=r.status_at is None or now - r.status_at > STALE_SYNC,
                stale_pending=bool(r.oldest_pending_at)
                and now - r.oldest_pending_at > STALE_PENDING,
            )
        )
    return sorted(out, key=lambda lap: (not lap.flagged, lap.username, lap.device_id))
