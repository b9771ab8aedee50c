"""Targets per metric and period (issue 5): set by supervisors, read by collectors.

A target is for one collector or, with ``collector`` None, for every collector. A
collector reads their own rows and the rows for every collector; where both exist for
one (metric, period), their own wins. Supervisors read every row. A set of changes is
checked whole before anything is written, and applied in one transaction with one
audit line per row changed (names of what changed, never the value).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from vss_core.clock import utcnow
from vss_core.enums import TARGET_VALUE_MAX, Metric, PeriodKind
from vss_core.periods import period_bounds
from vss_server import db as server_db
from vss_server.inputs import is_clean_text, safe_name
from vss_server.models import AuditEntry, ServerMeta, Target, UserAccount

VALUE_MAX = TARGET_VALUE_MAX  # the app's bound too
_METRICS = frozenset(m.value for m in Metric)
_KINDS = frozenset(k.value for k in PeriodKind)
MAX_CHANGES = 1000  # per request: 6 metrics x 12 months for 14 collectors
VERSION_KEY = "target_version"  # server_meta: the counter every change moves on
LOCK_KEY = 0x5653_5354  # "VSST": the advisory lock of target writers on PostgreSQL


class TargetRefused(ValueError):
    """A set of changes that cannot be applied; nothing of it was written."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class TargetChange:
    metric: str
    period_kind: str
    day: date  # any day of the period
    value: int | None  # None: remove the target
    collector: str | None = None  # None: every collector


@dataclass
class TargetOutcome:
    set: int = 0  # created or given a new value
    cleared: int = 0
    unchanged: int = 0  # already had that value, or nothing to clear
    version: int = 0  # the counter after the change


def period_start(kind: PeriodKind | str, day: date) -> date:
    """First day of the month, quarter or year holding ``day``."""
    return period_bounds(kind, day)[0]


Key = tuple[str | None, str, str, date]


def _check(changes: list[TargetChange]) -> list[tuple[Key, int | None]]:
    """Each change as (collector, metric, period_kind, period_start) and value; or refused."""
    if len(changes) > MAX_CHANGES:
        raise TargetRefused("too_many_targets", f"send at most {MAX_CHANGES} targets at once")
    checked: dict[Key, int | None] = {}
    for n, change in enumerate(changes):
        where = f"targets[{n}]"
        if change.metric not in _METRICS:
            raise TargetRefused("invalid_target", f"{where}.metric: unknown metric")
        if change.period_kind not in _KINDS:
            raise TargetRefused("invalid_target", f"{where}.period_kind: month, quarter or year")
        if isinstance(change.day, datetime) or not isinstance(change.day, date):
            raise TargetRefused("invalid_target", f"{where}.period_start: not a date")
        value = change.value
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= VALUE_MAX
        ):
            raise TargetRefused(
                "invalid_target", f"{where}.value: a whole number from 0 to {VALUE_MAX}, or null"
            )
        collector = change.collector
        if collector is not None and (
            not isinstance(collector, str)
            or not 0 < len(collector) <= 64
            or not is_clean_text(collector)
        ):
            raise TargetRefused("invalid_target", f"{where}.collector: 1 to 64 characters")
        key = (
            collector,
            str(Metric(change.metric)),
            str(PeriodKind(change.period_kind)),
            period_start(change.period_kind, change.day),
        )
        if key in checked:
            raise TargetRefused(
                "duplicate_target", f"{where}: the same target as an earlier one in this request"
            )
        checked[key] = value
    return list(checked.items())


def _check_collectors(session: Session, names: set[str]) -> None:
    """Targets are set for active collector accounts only (clearing one is always allowed)."""
    if not names:
        return
    known = set(
        session.exec(
            select(UserAccount.username).where(
                col(UserAccount.username).in_(sorted(names)),
                col(UserAccount.active).is_(True),
                UserAccount.role == "collector",
            )
        )
    )
    missing = sorted(names - known)
    if missing:
        shown = ", ".join(safe_name(n) for n in missing[:5])
        raise TargetRefused("unknown_collector", f"no active collector account: {shown}")


def _next_version(session: Session) -> int:
    row = session.get(ServerMeta, VERSION_KEY)
    current = int(row.value) if row is not None else 0
    session.merge(ServerMeta(key=VERSION_KEY, value=str(current + 1)))
    return current + 1


def current_version(session: Session) -> int:
    row = session.get(ServerMeta, VERSION_KEY)
    return int(row.value) if row is not None else 0


def _find(session: Session, key: Key) -> Target | None:
    collector, metric, kind, start = key
    return session.exec(
        select(Target).where(
            col(Target.collector).is_(None) if collector is None else Target.collector == collector,
            Target.metric == metric,
            Target.period_kind == kind,
            Target.period_start == start,
        )
    ).first()


def apply_changes(
    engine: sa.Engine,
    changes: list[TargetChange],
    *,
    actor: str,
    user_id: int | None,
    device_id: str,
) -> TargetOutcome:
    """Apply every change or none (``TargetRefused``); one audit line per row changed.

    ``actor`` goes into ``updated_by`` (a username, or "admin-cli"); ``user_id`` and
    ``device_id`` into the audit line.
    """
    checked = _check(changes)
    outcome = TargetOutcome()
    with server_db.write_session(engine, feed=False) as session:
        if server_db.is_postgres(engine):  # target writers one at a time: keys and counter
            session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
        _check_collectors(
            session, {key[0] for key, value in checked if key[0] is not None and value is not None}
        )
        version = None
        for key, value in checked:
            target = _find(session, key)
            if value is None and target is None:
                outcome.unchanged += 1
                continue
            if target is not None and target.value == value:
                outcome.unchanged += 1
                continue
            version = version or _next_version(session)
            if value is None:
                assert target is not None
                action, record_id = "delete", target.id
                session.delete(target)
                outcome.cleared += 1
            else:
                if target is None:
                    collector, metric, kind, start = key
                    action = "create"
                    target = Target(
                        id=str(uuid.uuid4()),
                        collector=collector,
                        metric=metric,
                        period_kind=kind,
                        period_start=start,
                        value=value,
                        version=version,
                        updated_by=actor,
                    )
                else:
                    action = "update"
                    target.value, target.version = value, version
                    target.updated_by, target.updated_at = actor, utcnow()
                record_id = target.id
                session.add(target)
                outcome.set += 1
            session.add(_audit_line(key, action, record_id, user_id, device_id))
        outcome.version = version or current_version(session)
    return outcome


def _audit_line(
    key: Key, action: str, target_id: str, user_id: int | None, device_id: str
) -> AuditEntry:
    collector, metric, kind, start = key
    detail = {
        "collector": collector,
        "metric": metric,
        "period_kind": kind,
        "period_start": start.isoformat(),
    }
    return AuditEntry(
        user_id=user_id,
        device_id=device_id,
        action=action,
        entity="target",
        entity_id=target_id,
        field_names="" if action == "delete" else "value",
        detail=json.dumps(detail),
    )


def targets_for(session: Session, collector: str | None) -> list[Target]:
    """What a collector reads: their own rows and those for every collector, their own
    winning where both exist for one (metric, period). ``None``: every row (supervisors)."""
    stmt = select(Target)
    if collector is not None:
        stmt = stmt.where(
            sa.or_(col(Target.collector).is_(None), col(Target.collector) == collector)
        )
    rows = list(session.exec(stmt))
    if collector is not None:
        own = {(t.metric, t.period_kind, t.period_start) for t in rows if t.collector is not None}
        rows = [
            t
            for t in rows
            if t.collector is not None or (t.metric, t.period_kind, t.period_start) not in own
        ]
    return sorted(rows, key=lambda t: (t.period_start, t.period_kind, t.metric, t.collector or ""))
