"""District campaigns (issue 15): a supervisor's named drive over some days and communes,
with targets per metric; read whole by the apps at every sync (docs/sync-protocol.md).

A campaign is checked whole before anything is written, and written in one transaction
that moves the ``campaign_version`` counter on and adds one audit line (names of what
was set, never a value). Communes are named as the list importer accepts them (the name
in force or an older one, type word optional, case and accents as the shipped units
have them) and stored with the administrative units' own spelling.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from vss_core import admin_units
from vss_core.admin_units import AdminUnit
from vss_core.clock import utcnow
from vss_core.enums import TARGET_VALUE_MAX, Metric
from vss_core.places import place_key
from vss_core.tables import table_of
from vss_core.vietnam_time import local_day
from vss_server import db as server_db
from vss_server import figures
from vss_server.areas import Scope, areas_of
from vss_server.inputs import is_clean_text, safe_name
from vss_server.models import (
    AuditEntry,
    Campaign,
    CampaignCommune,
    Household,
    ServerMeta,
    UserAccount,
)

VERSION_KEY = "campaign_version"  # server_meta: the counter every change moves on
LOCK_KEY = 0x5653_4350  # "VSCP": the advisory lock of campaign writers on PostgreSQL
NAME_MAX = 120
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
DAYS_MAX = 366
COMMUNES_MAX = 200
ADMIN_DEVICE = "admin-cli"
OPEN, CLOSED = "open", "closed"
_METRICS = frozenset(m.value for m in Metric)


class CampaignRefused(ValueError):
    """A campaign that cannot be written (or found); nothing was written."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class CampaignSpec:
    name: str
    start_date: date  # local calendar days, both inclusive
    end_date: date
    communes: tuple[tuple[str, str], ...]  # (province, commune) as a supervisor typed them
    targets: dict[str, int]  # metric -> people, or whole đồng for amount_collected


@dataclass
class CampaignView:
    id: str
    name: str
    start_date: date
    end_date: date
    status: str
    communes: list[tuple[str, str]]
    targets: dict[str, int]
    version: int
    updated_at: datetime
    created_by: str


# --- checking ---------------------------------------------------------------------------


def _is_day(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _check_dates(start: object, end: object) -> None:
    for field, value in (("start date", start), ("end date", end)):
        if not _is_day(value):
            raise CampaignRefused("invalid_campaign", f"{field}: not a date")
        assert isinstance(value, date)
        if not FIRST_DAY <= value <= LAST_DAY:
            raise CampaignRefused(
                "invalid_campaign",
                f"{field} {value.isoformat()}: between {FIRST_DAY.isoformat()}"
                f" and {LAST_DAY.isoformat()}",
            )
    assert isinstance(start, date) and isinstance(end, date)
    if end < start:
        raise CampaignRefused("invalid_campaign", "the end date is before the start date")
    if (end - start).days + 1 > DAYS_MAX:
        raise CampaignRefused("invalid_campaign", f"a campaign lasts at most {DAYS_MAX} days")


def _check_name(name: object) -> str:
    if not isinstance(name, str):
        raise CampaignRefused("invalid_campaign", "name: not text")
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > NAME_MAX:
        raise CampaignRefused("invalid_campaign", f"name: 1 to {NAME_MAX} characters")
    # Control characters (tabs and line breaks too) would break the lists that show it.
    if not is_clean_text(cleaned) or any(not c.isprintable() for c in cleaned):
        raise CampaignRefused("invalid_campaign", "name: control characters are not allowed")
    return cleaned


def _check_targets(targets: object) -> dict[str, int]:
    if not isinstance(targets, dict):
        raise CampaignRefused("invalid_campaign", "targets: metric -> value")
    checked: dict[str, int] = {}
    for metric, value in targets.items():
        if metric not in _METRICS:
            raise CampaignRefused("invalid_campaign", f"unknown metric: {safe_name(metric)}")
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value <= TARGET_VALUE_MAX
        ):
            raise CampaignRefused(
                "invalid_campaign",
                f"target {metric}: a whole number from 0 to {TARGET_VALUE_MAX}",
            )
        checked[str(Metric(metric))] = value
    return dict(sorted(checked.items()))


def _prefer_in_force(units: Iterable[AdminUnit], today: date) -> AdminUnit:
    """The unit in force today if one is, else the one of the latest edition."""
    return sorted(
        units,
        key=lambda u: (not u.valid_on(today), -(u.valid_from or date.min).toordinal(), u.code),
    )[0]


def canonical_place(province: str, commune: str, today: date) -> tuple[str, str] | None:
    """(province, commune) with the shipped units' spelling, or None when that commune is
    not one of that province (by its name in force or an older one, as the importer
    accepts them). An older name keeps its own unit's spelling: households written from
    older lists carry it, and the tally compares names."""
    data = admin_units.shipped()
    provinces = data.find("province", province)
    if not province.strip() or not commune.strip() or not provinces:
        return None
    codes = {u.code for old in provinces for u in data.current(old, today)}
    named = set(data.find("commune", commune))
    matched: set[AdminUnit] = set()
    for code in sorted(codes):
        for match in data.search("commune", commune, today, code):
            matched |= {u for u in (match.unit, match.via) if u is not None} & named
    if not matched:
        return None
    return _prefer_in_force(provinces, today).name, _prefer_in_force(matched, today).full_name


def _check_communes(communes: object, today: date) -> list[tuple[str, str]]:
    if not isinstance(communes, tuple | list) or not 1 <= len(communes) <= COMMUNES_MAX:
        raise CampaignRefused("invalid_campaign", f"1 to {COMMUNES_MAX} communes")
    found: dict[tuple[str, str], None] = {}
    for pair in communes:
        if not (
            isinstance(pair, tuple | list)
            and len(pair) == 2
            and all(isinstance(p, str) and is_clean_text(p) and len(p) <= 80 for p in pair)
        ):
            raise CampaignRefused("invalid_campaign", "a commune is PROVINCE/COMMUNE")
        place = canonical_place(pair[0], pair[1], today)
        if place is None:
            shown = f"{safe_name(pair[1], 40)} ({safe_name(pair[0], 40)})"
            raise CampaignRefused("unknown_commune", f"no such commune in that province: {shown}")
        found[place] = None  # the same commune named twice counts once
    return list(found)


@dataclass(frozen=True)
class _Checked:
    name: str
    start: date
    end: date
    communes: list[tuple[str, str]]
    targets: dict[str, int]


def check(spec: CampaignSpec) -> _Checked:
    """The spec cleaned and its communes spelled as stored; or ``CampaignRefused``."""
    name = _check_name(spec.name)
    _check_dates(spec.start_date, spec.end_date)
    communes = _check_communes(spec.communes, local_day(utcnow()))
    return _Checked(name, spec.start_date, spec.end_date, communes, _check_targets(spec.targets))


# --- writing ----------------------------------------------------------------------------


def current_version(session: Session) -> int:
    row = session.get(ServerMeta, VERSION_KEY)
    return int(row.value) if row is not None else 0


def _next_version(session: Session) -> int:
    version = current_version(session) + 1
    session.merge(ServerMeta(key=VERSION_KEY, value=str(version)))
    return version


def _lock(engine: sa.Engine, session: Session) -> None:
    if server_db.is_postgres(engine):  # campaign writers one at a time: the counter
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})


def _audit(
    action: str, campaign_id: str, fields: str, detail: dict, user_id: int | None
) -> AuditEntry:
    return AuditEntry(
        user_id=user_id,
        device_id=ADMIN_DEVICE if user_id is None else "",
        action=action,
        entity="campaign",
        entity_id=campaign_id,
        field_names=fields,
        detail=json.dumps(detail),
    )


def create(engine: sa.Engine, spec: CampaignSpec, actor: str, user_id: int | None = None) -> str:
    """Write a new open campaign (all of it, or ``CampaignRefused`` and nothing); its id.

    ``actor`` goes into ``created_by`` (a username, or "admin-cli")."""
    checked = check(spec)
    campaign_id = str(uuid.uuid4())
    with server_db.write_session(engine, feed=False) as session:
        _lock(engine, session)
        session.add(
            Campaign(
                id=campaign_id,
                name=checked.name,
                start_date=checked.start,
                end_date=checked.end,
                targets=json.dumps(checked.targets),
                status=OPEN,
                created_by=actor,
                version=_next_version(session),
            )
        )
        session.flush()  # the campaign before its communes: the foreign key
        for province, commune in checked.communes:
            session.add(
                CampaignCommune(campaign_id=campaign_id, province=province, commune=commune)
            )
        detail = {"communes": len(checked.communes), "metrics": sorted(checked.targets)}
        fields = "name,start_date,end_date,communes,targets"
        session.add(_audit("create", campaign_id, fields, detail, user_id))
    return campaign_id


def close(engine: sa.Engine, campaign_id: str, actor: str, user_id: int | None = None) -> bool:
    """Close a campaign: False when it already was; ``CampaignRefused`` when there is none."""
    with server_db.write_session(engine, feed=False) as session:
        _lock(engine, session)
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise CampaignRefused("not_found", f"no campaign {safe_name(campaign_id)}")
        if campaign.status == CLOSED:
            return False
        campaign.status, campaign.version = CLOSED, _next_version(session)
        campaign.updated_at = utcnow()
        session.add(campaign)
        session.add(_audit("update", campaign_id, "status", {"by": actor}, user_id))
    return True


# --- reading ----------------------------------------------------------------------------


def _views(session: Session, campaigns: list[Campaign]) -> list[CampaignView]:
    ids = [c.id for c in campaigns]
    communes: dict[str, list[tuple[str, str]]] = {i: [] for i in ids}
    if ids:
        rows = session.exec(
            select(CampaignCommune)
            .where(col(CampaignCommune.campaign_id).in_(ids))
            .order_by(col(CampaignCommune.province), col(CampaignCommune.commune))
        )
        for row in rows:
            communes[row.campaign_id].append((row.province, row.commune))
    return [
        CampaignView(
            id=c.id,
            name=c.name,
            start_date=c.start_date,
            end_date=c.end_date,
            status=c.status,
            communes=communes[c.id],
            targets={k: int(v) for k, v in json.loads(c.targets).items()},
            version=c.version,
            updated_at=c.updated_at,
            created_by=c.created_by,
        )
        for c in campaigns
    ]


def _order(views: list[CampaignView]) -> list[CampaignView]:
    views.sort(key=lambda v: v.name)
    views.sort(key=lambda v: v.start_date, reverse=True)  # stable: newest first, then by name
    return views


def get(session: Session, campaign_id: str) -> CampaignView | None:
    campaign = session.get(Campaign, campaign_id)
    return None if campaign is None else _views(session, [campaign])[0]


def _held_places(session: Session, username: str) -> set[tuple[str, str]]:
    """The places (as keys) of the live households a collector holds."""
    table = table_of(Household)
    rows = session.execute(
        sa.select(table.c.province, table.c.commune)
        .where(table.c.collector == username, table.c.deleted.is_(False))
        .distinct()
    )
    return {(place_key(p), place_key(c)) for p, c in rows}


def every(session: Session) -> list[CampaignView]:
    """Every campaign, the newest first (then by name)."""
    return _order(_views(session, list(session.exec(select(Campaign)))))


def campaigns_for(session: Session, user: UserAccount) -> list[CampaignView]:
    """Every campaign for a supervisor; for a collector, those covering a commune of one
    of their areas or of a live household they hold."""
    views = every(session)
    if user.role != "supervisor":
        areas = areas_of(session, user.id) if user.id is not None else []
        held = _held_places(session, user.username)

        def covers(view: CampaignView) -> bool:
            return any(
                (place_key(p), place_key(c)) in held or any(a.covers(p, c) for a in areas)
                for p, c in view.communes
            )

        views = [v for v in views if covers(v)]
    return views


def communes_in_scope(campaign: CampaignView, scope: Scope) -> list[tuple[str, str]]:
    """The campaign's communes the reader may see: every one for an everywhere-
    supervisor, else those one of their areas covers."""
    if scope.everything:
        return list(campaign.communes)
    return [(p, c) for p, c in campaign.communes if any(a.covers(p, c) for a in scope.areas)]


def campaign_scope(session: Session, campaign: CampaignView, scope: Scope) -> Scope:
    """The households' (province, commune) pairs, as stored, that are both the campaign's
    communes and within ``scope``: case, spacing and type words aside."""
    wanted = {(place_key(p), place_key(c)) for p, c in campaign.communes}
    table = table_of(Household)
    stored = session.execute(sa.select(table.c.province, table.c.commune).distinct())
    pairs = tuple(
        sorted(
            (p, c)
            for p, c in stored
            if (place_key(p), place_key(c)) in wanted and scope.covers(p, c)
        )
    )
    return Scope(scope.areas, pairs)


def tally(session: Session, campaign: CampaignView, scope: Scope) -> figures.Overview:
    """The campaign's figures: its days, its communes within ``scope``. Its outreach
    (events, walk-ins, referrals): vss_server.outreach.campaign_outreach."""
    within = campaign_scope(session, campaign, scope)
    return figures.overview(session, campaign.start_date, campaign.end_date, within)
