"""District campaigns from the server (issue 15): stored beside the local ones.

A supervisor sets campaigns on the server (name, dates, communes, targets per metric);
``GET /api/v1/campaigns`` sends them whole at every sync, like targets (not in the
change feed: few rows, not scoped by household). :func:`replace_server_campaigns`
swaps every ``source='server'`` campaign for the answer in one transaction; local
campaigns stay. The dialog reads them through :func:`campaign_progress`.
Errors reuse the store's ``services.ValidationFailed`` (nothing written).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from vss_core.clock import utcnow
from vss_core.enums import TARGET_VALUE_MAX, Metric
from vss_core.identifiers import Problem
from vss_core.plausibility import check_count
from vss_core.tables import string_length
from vss_core.validation import Problems
from vss_desktop.store import metrics
from vss_desktop.store.db import Store
from vss_desktop.store.models import Campaign
from vss_desktop.store.services import ValidationFailed

ID_MAX = string_length(Campaign, "id")
NAME_MAX = string_length(Campaign, "name")
PLACE_MAX = 80  # the server's province and commune columns
VERSION_MAX = 2**62
_METRICS = frozenset(m.value for m in Metric)


class CampaignSource(StrEnum):
    LOCAL = "local"  # typed in on this laptop
    SERVER = "server"  # set by a supervisor for the district, received by sync


class CampaignStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass
class ServerCampaignsReplaced:
    stored: int  # district campaigns now on this laptop
    removed: int  # district campaigns there were before
    skipped_targets: int  # targets of a metric this app does not know (a newer server)


# --- reading what is stored --------------------------------------------------------------


def is_server(campaign: Campaign) -> bool:
    return campaign.source == CampaignSource.SERVER


def campaign_targets(campaign: Campaign) -> dict[Metric, int]:
    """The campaign's targets by metric, in metric order (empty for a local campaign)."""
    stored = json.loads(campaign.targets or "{}")
    return {m: stored[m.value] for m in Metric if isinstance(stored.get(m.value), int)}


def campaign_communes(campaign: Campaign) -> list[tuple[str, str]]:
    """(province, commune) pairs the campaign covers (empty for a local campaign)."""
    return [(province, commune) for province, commune in json.loads(campaign.communes or "[]")]


def server_campaigns(session: Session) -> list[Campaign]:
    """The district campaigns on this laptop, latest first."""
    stmt = (
        select(Campaign)
        .where(Campaign.source == CampaignSource.SERVER, col(Campaign.deleted_at).is_(None))
        .order_by(col(Campaign.start_date).desc(), col(Campaign.name))
    )
    return list(session.exec(stmt))


def campaign_progress(session: Session, campaign: Campaign) -> dict[Metric, metrics.MetricProgress]:
    """Each metric's tally over the campaign's days (visits recorded on this laptop, the
    same count as the printed report) against the campaign's target, if it has one."""
    tally = metrics.campaign_tally(session, campaign)
    goals = campaign_targets(campaign)
    source = campaign.source if goals else None
    return {m: metrics.MetricProgress(m, tally[m], goals.get(m), source) for m in Metric}


# --- checking the server's answer --------------------------------------------------------


def _text(row: Mapping[str, Any], name: str, limit: int) -> str | None:
    value = row.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        return None
    return value.strip()


def _dates(row: Mapping[str, Any], problems: Problems, values: dict[str, Any]) -> None:
    for name in ("start_date", "end_date"):
        try:
            values[name] = date.fromisoformat(row[name])
        except (KeyError, TypeError, ValueError):
            problems[name] = [Problem("date.invalid")]
    dates_ok = not problems.keys() & {"start_date", "end_date"}
    if dates_ok and values["end_date"] < values["start_date"]:
        problems["end_date"] = [Problem("campaign.end_before_start")]


def _communes(value: object) -> list[list[str]] | None:
    """[[province, commune], ...] from the answer's list of objects, or None if malformed."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        return None
    pairs: list[list[str]] = []
    for item in value:
        if not isinstance(item, Mapping):
            return None
        province, commune = _text(item, "province", PLACE_MAX), _text(item, "commune", PLACE_MAX)
        if province is None or commune is None:
            return None
        pairs.append([province, commune])
    return pairs


def _targets(value: object, problems: Problems) -> tuple[dict[str, int], int]:
    """Known metrics' targets in metric order, and how many unknown ones were skipped."""
    if not isinstance(value, Mapping):
        problems["targets"] = [Problem("required")]
        return {}, 0
    skipped = 0
    for metric, number in value.items():
        if (problem := check_count(number, TARGET_VALUE_MAX)) is not None:
            problems[f"targets.{metric}"] = [problem]  # negative or not a number: malformed
        elif metric not in _METRICS:
            skipped += 1  # a metric of a newer server: nothing here counts it
    known = {m.value: value[m.value] for m in Metric if m.value in value}
    return known, skipped


def _updated_at(row: Mapping[str, Any], problems: Problems) -> datetime:
    updated = row.get("updated_at", None)
    if updated is None:
        return utcnow()
    try:
        moment = datetime.fromisoformat(updated)
    except (TypeError, ValueError):
        moment = None
    if moment is None or moment.tzinfo is None:
        problems["updated_at"] = [Problem("time.invalid")]
        return utcnow()
    return moment


def _server_row(row: object) -> tuple[Problems, dict[str, Any], int]:
    """One campaign of the answer checked: its problems, the Campaign's values, and the
    number of targets skipped for an unknown metric."""
    if not isinstance(row, Mapping):
        return {"row": [Problem("required")]}, {}, 0
    problems: Problems = {}
    values: dict[str, Any] = {"id": _text(row, "id", ID_MAX), "name": _text(row, "name", NAME_MAX)}
    for name in ("id", "name"):
        if values[name] is None:
            problems[name] = [Problem("required")]
    _dates(row, problems, values)
    if row.get("status") not in {s.value for s in CampaignStatus}:
        problems["status"] = [Problem("choice.invalid")]
    values["status"] = row.get("status")
    communes = _communes(row.get("communes"))
    if communes is None:
        problems["communes"] = [Problem("required")]
    values["communes"] = communes
    values["targets"], skipped = _targets(row.get("targets"), problems)
    if (problem := check_count(row.get("version"), VERSION_MAX)) is not None:
        problems["version"] = [problem]
    values["version"] = row.get("version")
    values["updated_at"] = _updated_at(row, problems)
    return problems, values, skipped


def _checked(rows: object) -> tuple[list[dict[str, Any]], int]:
    """Every campaign of the answer checked; ValidationFailed if any one is malformed."""
    if isinstance(rows, str | bytes) or not isinstance(rows, Sequence):
        raise ValidationFailed({"campaigns": [Problem("required")]})
    problems: Problems = {}
    kept: list[dict[str, Any]] = []
    skipped = 0
    for n, row in enumerate(rows):
        row_problems, values, row_skipped = _server_row(row)
        for name, found in row_problems.items():
            problems[f"campaigns[{n}].{name}"] = found
        kept.append(values)
        skipped += row_skipped
    ids = [values.get("id") for values in kept]
    if len(set(ids)) != len(ids):
        problems["campaigns"] = [Problem("campaign.duplicate")]
    if problems:
        raise ValidationFailed(problems)
    return kept, skipped


# --- replacing the district campaigns ----------------------------------------------------


def replace_server_campaigns(store: Store, rows: object) -> ServerCampaignsReplaced:
    """Replace every district campaign on this laptop with ``rows`` (the ``campaigns`` of
    ``GET /api/v1/campaigns``), in one transaction; local campaigns are left alone.

    A campaign that breaks the protocol (a field missing or of the wrong type, a date
    that is not a date, an end before its start, a negative target, an unknown status,
    one id twice) makes the whole answer malformed: ``ValidationFailed`` (problems keyed
    ``campaigns[i].field``) and the district campaigns already here stay, so a broken
    answer never wipes them. Targets of a metric this app does not know are skipped.
    """
    kept, skipped = _checked(rows)
    ids = [values["id"] for values in kept]
    with store.write() as session:
        clash = session.exec(
            select(Campaign.id).where(
                col(Campaign.id).in_(ids), Campaign.source != CampaignSource.SERVER
            )
        ).first()
        if clash is not None:  # a local campaign of that id: never overwrite it
            raise ValidationFailed({"campaigns": [Problem("campaign.duplicate")]})
        removed = session.exec(
            sa.delete(Campaign).where(col(Campaign.source) == CampaignSource.SERVER)
        ).rowcount
        for values in kept:
            session.add(_campaign(values))
    return ServerCampaignsReplaced(stored=len(kept), removed=removed, skipped_targets=skipped)


def _campaign(values: dict[str, Any]) -> Campaign:
    return Campaign(
        id=values["id"],
        name=values["name"],
        start_date=values["start_date"],
        end_date=values["end_date"],
        source=CampaignSource.SERVER,
        server_version=values["version"],
        status=values["status"],
        targets=json.dumps(values["targets"], ensure_ascii=False),
        communes=json.dumps(values["communes"], ensure_ascii=False),
        created_at=values["updated_at"],
        updated_at=values["updated_at"],
    )
