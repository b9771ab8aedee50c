"""Targets per metric and period, and campaigns: service functions (issue 5).

Both are local tables (not queued in the outbox). A target is set for the period
holding a given date: ``period_start`` is always stored as the period's first day.
For each (metric, period) there may be one local and one server target; the server's
wins for display (a supervisor's goal), and the local one comes back if it goes.
Errors reuse the store's exceptions: ``services.ValidationFailed`` (nothing written)
and ``services.NotFound``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from vss_desktop.domain.enums import Metric, PeriodKind
from vss_desktop.domain.identifiers import Problem
from vss_desktop.domain.validation import Problems
from vss_desktop.store.db import Store
from vss_desktop.store.metrics import period_bounds
from vss_desktop.store.models import Campaign, Target, utcnow
from vss_desktop.store.services import NotFound, ValidationFailed

NAME_MAX: int = Campaign.__table__.c.name.type.length
NOTES_MAX: int = Campaign.__table__.c.notes.type.length
VALUE_MAX = 10**15  # whole đồng; far beyond any commune, still a safe SQLite integer


_METRICS = frozenset(m.value for m in Metric)


class TargetSource(StrEnum):
    LOCAL = "local"  # typed in on this device
    SERVER = "server"  # set by a supervisor on the server, received by sync


# --- targets ----------------------------------------------------------------------------------


def _target_key(
    metric: Metric | str, kind: PeriodKind | str, day: date, source: TargetSource | str
) -> tuple[Metric, PeriodKind, date, TargetSource]:
    problems: Problems = {}
    checked: dict[str, Any] = {}
    for name, enum, value in (
        ("metric", Metric, metric),
        ("period_kind", PeriodKind, kind),
        ("source", TargetSource, source),
    ):
        try:
            checked[name] = enum(value)
        except ValueError:
            problems[name] = [Problem("choice.invalid")]
    if isinstance(day, datetime) or not isinstance(day, date):
        problems["period_start"] = [Problem("date.invalid")]
    if problems:
        raise ValidationFailed(problems)
    start, _ = period_bounds(checked["period_kind"], day)
    return checked["metric"], checked["period_kind"], start, checked["source"]


def _find(
    session: Session, metric: Metric, kind: PeriodKind, start: date, source: TargetSource
) -> Target | None:
    return session.exec(
        select(Target).where(
            Target.metric == metric,
            Target.period_kind == kind,
            Target.period_start == start,
            Target.source == source,
        )
    ).first()


def set_target(
    store: Store,
    metric: Metric | str,
    kind: PeriodKind | str,
    day: date,
    value: int,
    source: TargetSource | str = TargetSource.LOCAL,
) -> Target:
    """Set (create or replace) the target of ``metric`` for the period holding ``day``."""
    key = _target_key(metric, kind, day, source)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed({"value": [Problem("amount.invalid")]})
    if value < 0:
        raise ValidationFailed({"value": [Problem("amount.negative")]})
    if value > VALUE_MAX:
        raise ValidationFailed({"value": [Problem("amount.invalid")]})
    with store.write() as session:
        target = _find(session, *key)
        if target is None:
            metric_, kind_, start, source_ = key
            target = Target(
                metric=metric_, period_kind=kind_, period_start=start, source=source_, value=value
            )
        else:
            target.value = value
            target.updated_at = utcnow()
        session.add(target)
    return target


def clear_target(
    store: Store,
    metric: Metric | str,
    kind: PeriodKind | str,
    day: date,
    source: TargetSource | str = TargetSource.LOCAL,
) -> bool:
    """Remove a target; False when there was none."""
    key = _target_key(metric, kind, day, source)
    with store.write() as session:
        target = _find(session, *key)
        if target is None:
            return False
        session.delete(target)
    return True


def list_targets(session: Session, kind: PeriodKind | str, day: date) -> list[Target]:
    """Every target (local and server) of the period holding ``day``, in metric order."""
    kind = PeriodKind(kind)
    start, _ = period_bounds(kind, day)
    rows = session.exec(
        select(Target).where(Target.period_kind == kind, Target.period_start == start)
    )
    order = {m.value: n for n, m in enumerate(Metric)}
    return sorted(rows, key=lambda t: (order.get(t.metric, len(order)), t.source))


def effective_targets(session: Session, kind: PeriodKind | str, day: date) -> dict[Metric, Target]:
    """The target shown for each metric of the period: the server's, else the local one."""
    shown: dict[Metric, Target] = {}
    for target in list_targets(session, kind, day):
        if target.metric not in _METRICS:
            continue  # a metric from a newer server version: nothing to show it against
        metric = Metric(target.metric)
        if metric not in shown or target.source == TargetSource.SERVER:
            shown[metric] = target
    return shown


# --- campaigns --------------------------------------------------------------------------------


def _campaign_problems(values: dict[str, Any]) -> Problems:
    problems: Problems = {}
    name = values["name"]
    if not isinstance(name, str) or not name.strip():
        problems["name"] = [Problem("required")]
    elif len(name.strip()) > NAME_MAX:
        problems["name"] = [Problem("text.too_long", params={"max": str(NAME_MAX)})]
    notes = values["notes"]
    if not isinstance(notes, str):
        problems["notes"] = [Problem("required")]
    elif len(notes) > NOTES_MAX:
        problems["notes"] = [Problem("text.too_long", params={"max": str(NOTES_MAX)})]
    for field in ("start_date", "end_date"):
        value = values[field]
        if isinstance(value, datetime) or not isinstance(value, date):
            problems[field] = [Problem("date.invalid")]
    dates_ok = not problems.keys() & {"start_date", "end_date"}
    if dates_ok and values["end_date"] < values["start_date"]:
        problems["end_date"] = [Problem("campaign.end_before_start")]
    return problems


def _clean_campaign(values: dict[str, Any]) -> dict[str, Any]:
    problems = _campaign_problems(values)
    if problems:
        raise ValidationFailed(problems)
    return values | {"name": values["name"].strip(), "notes": values["notes"].strip()}


def create_campaign(
    store: Store, name: str, start_date: date, end_date: date, notes: str = ""
) -> Campaign:
    values = _clean_campaign(
        {"name": name, "start_date": start_date, "end_date": end_date, "notes": notes}
    )
    with store.write() as session:
        campaign = Campaign(**values)
        session.add(campaign)
    return campaign


_CAMPAIGN_FIELDS = ("name", "start_date", "end_date", "notes")


def update_campaign(store: Store, campaign_id: str, changes: dict[str, Any]) -> Campaign:
    """Change some of name, start_date, end_date, notes; checked together with the rest."""
    unknown = set(changes) - set(_CAMPAIGN_FIELDS)
    if unknown:
        raise ValueError(f"unknown Campaign fields: {sorted(unknown)}")
    with store.write() as session:
        campaign = _live_campaign(session, campaign_id)
        merged = {f: getattr(campaign, f) for f in _CAMPAIGN_FIELDS} | changes
        values = _clean_campaign(merged)
        changed = {k: v for k, v in values.items() if getattr(campaign, k) != v}
        if changed:
            for name, value in changed.items():
                setattr(campaign, name, value)
            campaign.updated_at = utcnow()
            session.add(campaign)
    return campaign


def delete_campaign(store: Store, campaign_id: str) -> None:
    """Soft-delete: the campaign leaves the lists; its visits are untouched."""
    with store.write() as session:
        campaign = _live_campaign(session, campaign_id)
        campaign.deleted_at = campaign.updated_at = utcnow()
        session.add(campaign)


def _live_campaign(session: Session, campaign_id: str) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None or campaign.deleted_at is not None:
        raise NotFound(f"Campaign {campaign_id}")
    return campaign


def get_campaign(session: Session, campaign_id: str) -> Campaign:
    return _live_campaign(session, campaign_id)


def list_campaigns(session: Session) -> list[Campaign]:
    """Live campaigns, latest first."""
    stmt = (
        select(Campaign)
        .where(Campaign.deleted_at.is_(None))
        .order_by(sa.desc(Campaign.start_date), sa.desc(Campaign.end_date), Campaign.name)
    )
    return list(session.exec(stmt))
