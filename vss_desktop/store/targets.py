"""Targets per metric and period, and campaigns: service functions (issue 5).

Both are local tables (not queued in the outbox). A target is set for the period
holding a given date: ``period_start`` is always stored as the period's first day.
For each (metric, period) there may be one local and one server target; the server's
wins for display (a supervisor's goal), and the local one comes back if it goes.
Errors reuse the store's exceptions: ``services.ValidationFailed`` (nothing written)
and ``services.NotFound``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from vss_core.clock import utcnow
from vss_core.enums import TARGET_VALUE_MAX, Metric, PeriodKind
from vss_core.identifiers import Problem
from vss_core.periods import period_bounds
from vss_core.plausibility import check_count
from vss_core.tables import string_length
from vss_core.validation import Problems
from vss_desktop.store.db import Store
from vss_desktop.store.models import Campaign, Target
from vss_desktop.store.services import NotFound, ValidationFailed

NAME_MAX = string_length(Campaign, "name")
NOTES_MAX = string_length(Campaign, "notes")
VALUE_MAX = TARGET_VALUE_MAX


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
    if (problem := check_count(value, VALUE_MAX)) is not None:
        raise ValidationFailed({"value": [problem]})
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


# --- targets from the server ---------------------------------------------------------------

_KINDS = frozenset(k.value for k in PeriodKind)
ID_MAX = string_length(Target, "id")


@dataclass
class ServerTargetsReplaced:
    stored: int  # server targets now on this device
    removed: int  # server targets there were before
    skipped: int  # rows for another collector, or of a metric or period this app does not know


def _server_row(row: object) -> tuple[Problems, dict[str, Any]]:
    """One row of ``GET /api/v1/targets`` checked: its problems, or the Target's values."""
    if not isinstance(row, Mapping):
        return {"row": [Problem("required")]}, {}
    problems: Problems = {}
    values: dict[str, Any] = {}
    target_id = row.get("id")
    if not isinstance(target_id, str) or not 0 < len(target_id) <= ID_MAX:
        problems["id"] = [Problem("required")]
    values["id"] = target_id
    for name in ("metric", "period_kind"):
        if not isinstance(row.get(name), str) or not row[name]:
            problems[name] = [Problem("choice.invalid")]
        values[name] = row.get(name)
    for name, limit in (("value", VALUE_MAX), ("version", 2**62)):
        number = row.get(name)
        if (problem := check_count(number, limit)) is not None:
            problems[name] = [problem]
        values[name] = number
    try:
        start = date.fromisoformat(row["period_start"])
    except (KeyError, TypeError, ValueError):
        problems["period_start"] = [Problem("date.invalid")]
    else:
        values["period_start"] = start
        kind = values["period_kind"]
        if kind in _KINDS and period_bounds(kind, start)[0] != start:
            problems["period_start"] = [Problem("date.invalid")]  # not the period's first day
    updated = row.get("updated_at", None)
    values["updated_at"] = utcnow()
    if updated is not None:
        try:
            values["updated_at"] = datetime.fromisoformat(updated)
            if values["updated_at"].tzinfo is None:
                raise ValueError("no time zone")
        except (TypeError, ValueError):
            problems["updated_at"] = [Problem("time.invalid")]
    collector = row.get("collector", None)
    if collector is not None and not isinstance(collector, str):
        problems["collector"] = [Problem("choice.invalid")]
    values["collector"] = collector
    return problems, values


def replace_server_targets(
    store: Store, rows: Sequence[object], username: str | None = None
) -> ServerTargetsReplaced:
    """Replace every server target on this device with ``rows`` (the ``targets`` of
    ``GET /api/v1/targets``), in one transaction; local targets are left alone.

    A row that breaks the protocol (a field missing or of the wrong type, a negative
    value, a date that is not its period's first day, two rows for one metric and
    period) makes the whole answer malformed: ``ValidationFailed`` (problems keyed
    ``targets[i].field``) and the server targets already here stay as they were, so a
    broken answer never wipes a supervisor's goals. Rows of a metric or period kind this
    app does not know (a newer server) are skipped. ``username``: the logged-in account.
    A supervisor's answer holds every collector's rows; only those for everyone and
    their own are kept, their own winning. Without it, every row is taken as the
    caller's own (a collector's answer holds nothing else).
    """
    if isinstance(rows, str | bytes) or not isinstance(rows, Sequence):
        raise ValidationFailed({"targets": [Problem("required")]})
    problems: Problems = {}
    keep: dict[tuple[str, str, date], tuple[bool, dict[str, Any]]] = {}  # key: (own, values)
    skipped = 0
    for n, row in enumerate(rows):
        row_problems, values = _server_row(row)
        for name, found in row_problems.items():
            problems[f"targets[{n}].{name}"] = found
        if row_problems:
            continue
        if values["metric"] not in _METRICS or values["period_kind"] not in _KINDS:
            skipped += 1
            continue
        collector = values.pop("collector")
        if username is not None and collector not in (None, username):
            skipped += 1
            continue
        own = collector is not None
        key = (values["metric"], values["period_kind"], values["period_start"])
        if key not in keep:
            keep[key] = (own, values)
        elif keep[key][0] == own:
            problems[f"targets[{n}]"] = [Problem("target.duplicate")]
        else:  # one for everyone and the collector's own: the own one wins
            skipped += 1
            if own:
                keep[key] = (own, values)
    ids = [values["id"] for _own, values in keep.values()]
    if len(set(ids)) != len(ids):
        problems["targets"] = [Problem("target.duplicate")]
    if problems:
        raise ValidationFailed(problems)
    with store.write() as session:
        removed = session.exec(
            sa.delete(Target).where(col(Target.source) == TargetSource.SERVER)
        ).rowcount
        for _own, values in keep.values():
            session.add(
                Target(
                    id=values["id"],
                    metric=values["metric"],
                    period_kind=values["period_kind"],
                    period_start=values["period_start"],
                    value=values["value"],
                    source=TargetSource.SERVER,
                    server_version=values["version"],
                    updated_at=values["updated_at"],
                )
            )
    return ServerTargetsReplaced(stored=len(keep), removed=removed, skipped=skipped)


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
        campaign = _own_campaign(session, campaign_id)
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
        campaign = _own_campaign(session, campaign_id)
        campaign.deleted_at = campaign.updated_at = utcnow()
        session.add(campaign)


class DistrictCampaign(ValueError):
    """A campaign set on the server (issue 15): the laptop reads it, only the server
    changes it (the next sync brings the change)."""


def _own_campaign(session: Session, campaign_id: str) -> Campaign:
    campaign = _live_campaign(session, campaign_id)
    if campaign.source == "server":
        raise DistrictCampaign(f"Campaign {campaign_id} is set by the district")
    return campaign


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
        .where(col(Campaign.deleted_at).is_(None))
        .order_by(
            col(Campaign.start_date).desc(), col(Campaign.end_date).desc(), col(Campaign.name)
        )
    )
    return list(session.exec(stmt))
