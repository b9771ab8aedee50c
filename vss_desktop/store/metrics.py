"""Numbers computed from the recorded visits, never typed in (issue 5: targets, campaigns).

Counting rules:
- A count metric counts *people*: the results of its kind (``ResultKind`` of the same
  code) on live visits in the range, where the same person counted twice in one range
  counts once. A result without a person (``person_id`` NULL) counts as one person.
  So a quarter's tally can be less than the sum of its months' tallies.
- The amount collected is the sum of the live visits' ``amount_collected`` (whole đồng).
- Deleted visits and deleted results never count; results on households or persons
  deleted since still count (the visit happened).
- Days are local calendar days in Vietnam time: a visit at 23:30 on the 31st (16:30
  UTC) belongs to the 31st. Ranges are inclusive at both ends.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from vss_core.enums import Metric, PeriodKind, ResultKind
from vss_core.periods import period_bounds
from vss_core.places import matching_pairs
from vss_core.vietnam_time import LOCAL_TZ, local_day, local_midnight_utc
from vss_desktop.store.db import Store
from vss_desktop.store.models import Campaign
from vss_desktop.store.targets import effective_targets

# The result kind each count metric counts; the amount collected is not a result kind.
RESULT_KIND: dict[Metric, ResultKind] = {
    Metric.BHYT_HOUSEHOLD_ENROLLED: ResultKind.BHYT_HOUSEHOLD_ENROLLED,
    Metric.VOLUNTARY_SI_ENROLLED: ResultKind.VOLUNTARY_SI_ENROLLED,
    Metric.BHYT_RENEWED: ResultKind.BHYT_RENEWED,
    Metric.VSSID_INSTALLED: ResultKind.VSSID_INSTALLED,
    Metric.CASHLESS_REGISTERED: ResultKind.CASHLESS_REGISTERED,
}
_METRIC_OF_KIND = {kind.value: metric for metric, kind in RESULT_KIND.items()}

# Each person once per range; a result without a person is a person of its own.
_WHO = "coalesce(c.person_id, c.id)"


# --- local time -----------------------------------------------------------------------------


def local_today(now: datetime | None = None) -> date:
    """Today's date in Vietnam, for callers that need one (the functions here take it)."""
    return local_date(now or datetime.now(UTC))


# Vietnam's calendar days: one definition for the app, the forms and the console.
local_date = local_day


def stored_utc(moment: datetime) -> str:
    """An aware moment as the naive UTC text the store compares against."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def _day_shift(start: date, end: date) -> str:
    """SQLite modifier turning stored UTC into local time over [start, end]."""
    first = LOCAL_TZ.utcoffset(datetime.combine(start, time.min))
    last = LOCAL_TZ.utcoffset(datetime.combine(end + timedelta(days=1), time.min))
    if first is None or first != last:  # never for Vietnam: no daylight saving time
        raise ValueError("the local UTC offset changes within the range")
    return f"{int(first.total_seconds() // 60):+d} minutes"


# --- tallies --------------------------------------------------------------------------------


def _check_range(start: date, end: date) -> None:
    for value in (start, end):
        if isinstance(value, datetime) or not isinstance(value, date):
            raise TypeError("start and end are local calendar dates")
    if end < start:
        raise ValueError("the range ends before it starts")


def _visit_range(
    start: date,
    end: date,
    collector: str | None,
    places: Sequence[tuple[str, str]] | None = None,
) -> tuple[str, dict[str, object]]:
    """Live visits of alias v from the local start of ``start`` to the end of ``end``;
    ``places``: only to households of these (province, commune) pairs, as stored."""
    _check_range(start, end)
    where = "v.deleted_at IS NULL AND v.visited_at >= :lo AND v.visited_at < :hi"
    params: dict[str, object] = {
        "lo": stored_utc(local_midnight_utc(start)),
        "hi": stored_utc(local_midnight_utc(end + timedelta(days=1))),
    }
    if collector is not None:
        where += " AND v.collector = :collector"
        params["collector"] = collector
    if places is not None:
        inside = _in_places("h", params, places)
        where += f" AND v.household_id IN (SELECT h.id FROM household h WHERE {inside})"
    return where, params


def _in_places(alias: str, params: dict[str, object], places: Sequence[tuple[str, str]]) -> str:
    """SQL: ``alias``'s (province, commune) is one of ``places`` (as stored); their
    values go in ``params`` (the same names for the same places, so two clauses on one
    list share them)."""
    pairs = []
    for n, (province, commune) in enumerate(places):
        pairs.append(f"(:p{n}, :c{n})")
        params[f"p{n}"], params[f"c{n}"] = province, commune
    if not pairs:
        return "0"
    return f"({alias}.province, {alias}.commune) IN (VALUES {', '.join(pairs)})"


def tally(
    session: Session,
    start: date,
    end: date,
    collector: str | None = None,
    places: Sequence[tuple[str, str]] | None = None,
) -> dict[Metric, int]:
    """Every metric over the local days ``start``..``end`` (inclusive), for one collector
    (``collector``, as written on the visits) or everyone (None); ``places``: only visits
    to households of these (province, commune) pairs as stored."""
    where, params = _visit_range(start, end, collector, places)
    conn = session.connection()
    counts = dict.fromkeys(Metric, 0)
    rows = conn.execute(
        sa.text(
            f"SELECT c.kind, count(DISTINCT {_WHO}) FROM visit v"
            " JOIN collection c ON c.visit_id = v.id AND c.deleted_at IS NULL"
            f" WHERE {where} GROUP BY c.kind"
        ),
        params,
    )
    for kind, count in rows:
        if kind in _METRIC_OF_KIND:
            counts[_METRIC_OF_KIND[kind]] = count
    counts[Metric.AMOUNT_COLLECTED] = conn.execute(
        sa.text(f"SELECT coalesce(sum(v.amount_collected), 0) FROM visit v WHERE {where}"), params
    ).scalar_one()
    return counts


def daily_series(
    session: Session,
    metric: Metric | str,
    start: date,
    end: date,
    collector: str | None = None,
) -> list[tuple[date, int]]:
    """(day, value) for every local day of the range, zeros included.

    A person counts on the first day they appear in the range, so the series adds up
    to :func:`tally` for the same range.
    """
    metric = Metric(metric)
    where, params = _visit_range(start, end, collector)
    params["shift"] = _day_shift(start, end)
    if metric is Metric.AMOUNT_COLLECTED:
        sql = (
            "SELECT date(v.visited_at, :shift) AS day, sum(v.amount_collected) FROM visit v"
            f" WHERE {where} GROUP BY day"
        )
    else:
        params["kind"] = RESULT_KIND[metric].value
        sql = (
            "SELECT date(first_at, :shift) AS day, count(*) FROM ("
            " SELECT min(v.visited_at) AS first_at FROM visit v"
            " JOIN collection c ON c.visit_id = v.id AND c.deleted_at IS NULL"
            f" WHERE {where} AND c.kind = :kind GROUP BY {_WHO}"
            ") GROUP BY day"
        )
    found = {
        date.fromisoformat(day): value
        for day, value in session.connection().execute(sa.text(sql), params)
    }
    days = (end - start).days + 1
    return [(day, found.get(day, 0)) for day in (start + timedelta(days=n) for n in range(days))]


def campaign_tally(
    session: Session, campaign: Campaign, collector: str | None = None
) -> dict[Metric, int]:
    """The metrics over a campaign's days (both ends included); a district campaign
    (issue 15) counts only visits to households of its communes, names compared as
    places are (vss_core.places), as the server's tally does."""
    wanted = [(p, c) for p, c in json.loads(campaign.communes or "[]")]
    places = None
    if wanted:
        stored = session.connection().execute(
            sa.text("SELECT DISTINCT province, commune FROM household")
        )
        places = matching_pairs(((p, c) for p, c in stored), wanted)
    return tally(session, campaign.start_date, campaign.end_date, collector, places)


# --- outreach events (issue 15) ------------------------------------------------------------


@dataclass(frozen=True)
class OutreachTally:
    events: int  # live events held in the range
    attendees: int  # the people the collectors counted at them
    walkins: int  # distinct households visited at an event in the range
    referrals: int  # distinct households whose visit in the range names a referrer


def outreach_tally(
    store: Store,
    start: date,
    end: date,
    communes: Sequence[tuple[str, str]] | None = None,
) -> OutreachTally:
    """Events and what they brought over the local days ``start``..``end`` (inclusive).
    ``communes``: only events held in, and visits to households of, these (province,
    commune) places, names compared as places are (vss_core.places), as campaign_tally.
    A walk-in's results count in :func:`tally` like any visit's: nothing to add there."""
    with store.read() as session:
        conn = session.connection()
        places = None
        if communes is not None:
            stored = conn.execute(
                sa.text(
                    "SELECT province, commune FROM household"
                    " UNION SELECT province, commune FROM event"
                )
            )
            places = matching_pairs(((p, c) for p, c in stored), communes)
        where, params = _visit_range(start, end, None, places)
        event_where = "e.deleted_at IS NULL AND e.starts_at >= :lo AND e.starts_at < :hi"
        if places is not None:
            event_where += " AND " + _in_places("e", params, places)
        events, attendees = conn.execute(
            sa.text(
                f"SELECT count(*), coalesce(sum(e.attendees), 0) FROM event e WHERE {event_where}"
            ),
            params,
        ).one()
        walkins, referrals = conn.execute(
            sa.text(
                "SELECT count(DISTINCT CASE WHEN v.event_id IS NOT NULL THEN v.household_id END),"
                " count(DISTINCT CASE WHEN v.referred_by IS NOT NULL THEN v.household_id END)"
                f" FROM visit v WHERE {where}"
            ),
            params,
        ).one()
    return OutreachTally(events, attendees, walkins, referrals)


# --- progress against targets ---------------------------------------------------------------


@dataclass(frozen=True)
class MetricProgress:
    metric: Metric
    actual: int
    target: int | None  # None: no target set for the period
    source: str | None  # where the target comes from: targets.TargetSource

    @property
    def fraction(self) -> float | None:
        """actual / target, past 1.0 when the target is exceeded; None without a target."""
        if not self.target:
            return None
        return self.actual / self.target


@dataclass(frozen=True)
class Progress:
    kind: PeriodKind
    start: date
    end: date
    metrics: dict[Metric, MetricProgress]


def progress(
    session: Session, kind: PeriodKind | str, day: date, collector: str | None = None
) -> Progress:
    """Actuals against targets (the server's over the local one) for the period of ``day``."""
    kind = PeriodKind(kind)
    start, end = period_bounds(kind, day)
    actual = tally(session, start, end, collector)
    goals = effective_targets(session, kind, start)
    items = {
        m: MetricProgress(
            m,
            actual[m],
            goals[m].value if m in goals else None,
            goals[m].source if m in goals else None,
        )
        for m in Metric
    }
    return Progress(kind, start, end, items)
