"""Targets met on the overview: for a month, quarter or year, each collector's target per
metric (their own, else the one for every collector; vss_server.targets) beside what the
figures count (issue 14, "progress against targets")."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from vss_core.enums import Metric
from vss_server.console.periods import Period, Span
from vss_server.targets import targets_for

Goals = dict[Metric, int]


def goals_by_collector(
    session: Session, period: Period, collectors: Iterable[str]
) -> dict[str, Goals]:
    """collector -> metric -> target for exactly this period; empty for days and weeks
    (targets are set per month, quarter or year)."""
    if period.span in (Span.DAY, Span.WEEK):
        return {}
    rows = [
        t
        for t in targets_for(session, None)
        if t.period_kind == period.span.value and t.period_start == period.start
    ]
    every: Goals = {Metric(t.metric): t.value for t in rows if t.collector is None}
    out: dict[str, Goals] = {}
    for name in collectors:
        own = {Metric(t.metric): t.value for t in rows if t.collector == name}
        goals = every | own
        if goals:
            out[name] = goals
    return out


def percent(actual: int, target: int | None) -> int | None:
    """Whole percent of the target reached (past 100 when exceeded); None without one."""
    if not target:
        return None
    return actual * 100 // target
