""" "Today" and "now" are Vietnam's, whatever zone the machine's clock is set to.

A laptop or server kept in another zone (CI's machines run in UTC) used to put a visit
recorded "now" on one day in the form and on the next in Vietnam's tallies, for seven
hours of every UTC evening: a campaign's outreach tally then missed it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from PySide6.QtWidgets import QDialog

from vss_core import vietnam_time
from vss_core.enums import BhytStatus, Metric, Outcome, ResultKind
from vss_core.formatting import format_datetime_local
from vss_desktop.store import Store, metrics, queries, services
from vss_desktop.ui.visit_dialog import VisitDialog

# 00:30 on 2 March in Vietnam, still 1 March in UTC.
AFTER_VIETNAM_MIDNIGHT = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)


def test_today_and_now_follow_vietnam_not_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vietnam_time, "utcnow", lambda: AFTER_VIETNAM_MIDNIGHT)
    assert vietnam_time.today() == date(2026, 3, 2)
    now = vietnam_time.now()
    assert (now.date(), now.hour, now.minute) == (date(2026, 3, 2), 0, 30)
    assert now == AFTER_VIETNAM_MIDNIGHT  # the same instant, told in Vietnam's time
    monkeypatch.setattr(vietnam_time, "utcnow", lambda: datetime(2026, 3, 1, 16, 59, tzinfo=UTC))
    assert vietnam_time.today() == date(2026, 3, 1)


def test_to_local_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="naive"):
        vietnam_time.to_local(datetime(2026, 3, 1, 12, 0))  # noqa: DTZ001 (the point)


@pytest.fixture
def far_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The process's zone set to one whose calendar day differs from Vietnam's right now
    (UTC-12 is 19 hours behind, Kiritimati 7 ahead: one of them always differs)."""
    vietnam_hour = vietnam_time.now().hour
    zone = "Etc/GMT+12" if vietnam_hour < 18 else "Pacific/Kiritimati"
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        yield zone
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_far_zone_really_has_another_day(far_zone: str) -> None:
    """What the tests below stand on: the machine's own day is not Vietnam's."""
    assert os.environ["TZ"] == far_zone
    assert date.today() != vietnam_time.today()  # noqa: DTZ011 (the machine's day, on purpose)


def test_printed_times_are_vietnams_in_any_machine_zone(far_zone: str) -> None:
    assert format_datetime_local(AFTER_VIETNAM_MIDNIGHT) == "02/03/2026 00:30"


@pytest.mark.gui
def test_a_visit_recorded_now_counts_today_in_any_machine_zone(
    qtbot, store: Store, far_zone: str
) -> None:
    household = services.create_household(
        store,
        {"head_name": "Lò Thị Xuân", "village": "Bản Pha Long"},
        head={"sex": "F", "date_of_birth": date(1985, 4, 2), "bhyt_status": BhytStatus.NONE},
    )
    with store.read() as session:
        detail = queries.household_detail(session, household.id)
    assert detail is not None
    dialog = VisitDialog(store, detail, "thu.lt")
    qtbot.addWidget(dialog)
    dialog.show()
    today = vietnam_time.today()
    assert dialog.visit_date.text() == f"{today:%d/%m/%Y}"  # the form offers Vietnam's day
    problems: dict = {}
    visited_at = dialog.visited_at(problems)
    assert problems == {}
    assert visited_at is not None
    assert vietnam_time.local_day(visited_at) == today
    dialog.done(QDialog.DialogCode.Rejected)

    services.save_visit(
        store,
        services.NewVisit(
            household_id=household.id,
            outcome=Outcome.INFO_ONLY,
            visited_at=visited_at,
            results=(services.VisitResult(detail.members[0].id, ResultKind.VSSID_INSTALLED),),
        ),
    )
    with store.read() as session:
        figures = metrics.tally(session, today, today)
    assert figures[Metric.VSSID_INSTALLED] == 1
