"""A campaign's outreach figures (issue 15): the events held in its communes and days,
the people present and the households met there (walk-ins), and the referrals per
collector. Shown beside the campaign's tally (vss_server.campaigns.tally) on the console's
campaign page and in its report.

A walk-in's results are ordinary visits with their results, already counted by the
tally's rule "each person once per period" (a person enrolled at a booth and later
visited at home counts once): here only the number of households met, never their
results again.

- Events: live ``event`` rows whose local day (Vietnam's calendar) is one of the
  campaign's days and whose own province and commune name one of the campaign's
  communes within the reader's scope (by ``place_key``, as households are matched).
- Walk-ins: distinct households with a live visit naming one of those events; a household
  met at events in two communes counts in each, once in the total.
- Referrals: distinct households with a live visit in the campaign's days and communes
  (the visited household's, as the tally) naming a referrer, per collector (the account
  that synced the visit, as the tally's per-collector table) and in all, each household
  once in the total.

``collector`` limits everything to one collector's own: their events (and the walk-ins
of those) and their referrals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session

from vss_core.places import pair_key
from vss_core.tables import table_of
from vss_core.vietnam_time import day_range_utc
from vss_server import campaigns
from vss_server.areas import Scope
from vss_server.models import Event, Household, Visit

E, V, H = table_of(Event), table_of(Visit), table_of(Household)
Place = tuple[str, str]


@dataclass
class EventFigures:
    events: int = 0
    attendees: int = 0  # people present, as the collectors counted them
    walk_ins: int = 0  # households met at the events (a visit naming one)


@dataclass
class Outreach:
    per_commune: dict[Place, EventFigures] = field(default_factory=dict)  # campaign's spelling
    total: EventFigures = field(default_factory=EventFigures)
    referrals: dict[str, int] = field(default_factory=dict)  # collector -> households
    referrals_total: int = 0


def campaign_outreach(
    session: Session,
    campaign: campaigns.CampaignView,
    scope: Scope,
    collector: str | None = None,
) -> Outreach:
    """The campaign's outreach figures within ``scope`` (see the module's doc): one entry
    per campaign commune in scope, zeros included, in the campaign's order."""
    places = {pair_key(p, c): (p, c) for p, c in campaigns.communes_in_scope(campaign, scope)}
    found = Outreach(per_commune={place: EventFigures() for place in places.values()})
    lo, hi = day_range_utc(campaign.start_date, campaign.end_date)
    held = sa.and_(E.c.deleted.is_(False), E.c.starts_at >= lo, E.c.starts_at < hi)
    if collector is not None:
        held = sa.and_(held, E.c.collector == collector)
    # Few events a campaign: matched by their place here rather than in SQL.
    for province, commune, attendees in session.execute(
        sa.select(E.c.province, E.c.commune, E.c.attendees).where(held)
    ):
        place = places.get(pair_key(province, commune))
        if place is not None:
            for figures in (found.per_commune[place], found.total):
                figures.events += 1
                figures.attendees += int(attendees)
    walk_ins: dict[Place, set[str]] = {}
    stmt = (
        sa.select(E.c.province, E.c.commune, V.c.household_id)
        .distinct()
        .select_from(V.join(E, E.c.id == V.c.event_id))
        .where(held, V.c.deleted.is_(False))
    )
    for province, commune, household_id in session.execute(stmt):
        place = places.get(pair_key(province, commune))
        if place is not None:
            walk_ins.setdefault(place, set()).add(household_id)
    for place, households in walk_ins.items():
        found.per_commune[place].walk_ins = len(households)
    found.total.walk_ins = len(set().union(*walk_ins.values()))
    _referrals(session, campaign, scope, collector, found)
    return found


def _referrals(
    session: Session,
    campaign: campaigns.CampaignView,
    scope: Scope,
    collector: str | None,
    into: Outreach,
) -> None:
    within = campaigns.campaign_scope(session, campaign, scope)
    lo, hi = day_range_utc(campaign.start_date, campaign.end_date)
    stmt = (
        sa.select(V.c.created_by, V.c.household_id)
        .distinct()
        .select_from(V.join(H, H.c.id == V.c.household_id))
        .where(
            V.c.deleted.is_(False),
            V.c.visited_at >= lo,
            V.c.visited_at < hi,
            V.c.referred_by.is_not(None),
            within.household_clause(),
        )
    )
    if collector is not None:
        stmt = stmt.where(V.c.created_by == collector)
    per_collector: dict[str, set[str]] = {}
    for username, household_id in session.execute(stmt):
        per_collector.setdefault(username, set()).add(household_id)
    into.referrals = {name: len(ids) for name, ids in sorted(per_collector.items())}
    into.referrals_total = len(set().union(*per_collector.values()))
