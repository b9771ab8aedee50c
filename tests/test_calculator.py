"""The contribution calculator against shared/design/domain.md §1–3: every row of its two
tables, both sides of every dated rule change, the card continuity rule in both regimes,
invalid inputs with their error codes, the rule file itself, and `vss-desktop calc` run as a
real subprocess (text and JSON, and with Qt made unimportable)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from vss_core.card_validity import CardReason, add_months
from vss_core.contributions import (
    ContributionError,
    ExtraSupport,
    HouseholdMember,
    RuleBook,
    SupportSource,
    bhyt_household,
    card_start_date,
    compact_json,
    period_end,
    uncertain_rules,
    voluntary_si,
)
from vss_core.formatting import format_money
from vss_desktop import paths

RULE_FILE = paths.resource_dir() / "rules" / "contribution_rules.json"


def members(n: int) -> list[HouseholdMember]:
    return [HouseholdMember(str(i + 1)) for i in range(n)]


def monthly_ladder(on: date, n: int = 5) -> list[int]:
    return [m.monthly for m in bhyt_household(members(n), 12, on).members]


def error_code(call, *args, **kwargs) -> ContributionError:  # type: ignore[no-untyped-def]
    with pytest.raises(ContributionError) as info:
        call(*args, **kwargs)
    assert info.value.message and str(info.value) == info.value.message
    return info.value


# --- the rule file ----------------------------------------------------------------------------


def test_rule_file_is_well_formed() -> None:
    """Read the raw JSON (not through the loader): sources, tags, periods without overlap."""
    raw = json.loads(RULE_FILE.read_text(encoding="utf-8"))
    assert raw["version"]
    by_name: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
    for row in raw["parameters"]:
        assert set(row) >= {"name", "value", "valid_from", "valid_to", "source", "confidence"}
        assert row["source"].strip(), row["name"]
        assert row["confidence"] in ("C", "P", "U"), row["name"]
        start = date.fromisoformat(row["valid_from"])
        end = date.fromisoformat(row["valid_to"]) if row["valid_to"] else None
        assert end is None or end >= start
        by_name[row["name"]].append((start, end))
    for name, periods in by_name.items():
        periods.sort()
        for (_, end), (next_start, _) in zip(periods, periods[1:], strict=False):
            assert end is not None, f"{name}: an open period is followed by another"
            assert end + timedelta(days=1) == next_start, f"{name}: overlap or hole at {end}"
        assert periods[-1][1] is None, f"{name}: the latest value should still be in force"
    book = RuleBook.load(RULE_FILE)
    assert book.names() == sorted(by_name)
    assert [(r.value, r.valid_from.isoformat()) for r in book.periods("base_salary")] == [
        (1_490_000, "2019-07-01"),
        (1_800_000, "2023-07-01"),
        (2_340_000, "2024-07-01"),
        (2_530_000, "2026-07-01"),
    ]
    # Confidence tags as domain.md gives them.
    assert book.rule("base_salary", date(2026, 7, 1)).confidence == "P"
    assert book.rule("vsi_income_floor", date(2027, 1, 1)).confidence == "U"
    assert book.rule("vsi_income_floor", date(2026, 1, 1)).confidence == "C"


def write_rules(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"version": "t", "parameters": rows}), encoding="utf-8")
    return path


def row(value: int, start: str, end: str | None, **extra: object) -> dict:
    return {
        "name": "base_salary",
        "value": value,
        "valid_from": start,
        "valid_to": end,
        "source": "test",
        "confidence": "C",
        **extra,
    }


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([row(1, "2020-01-01", "2020-12-31"), row(2, "2020-12-01", None)], "overlap"),
        ([row(1, "2020-01-01", None), row(2, "2021-01-01", None)], "overlap"),
        ([row(1, "2020-01-01", "2020-06-30"), row(2, "2020-08-01", None)], "no value between"),
        ([row(1, "2020-01-01", None, source=" ")], "no source"),
        ([row(1, "2020-01-01", None, confidence="X")], "confidence"),
        ([row(1, "2020-02-01", "2020-01-01")], "ends before"),
        ([{"name": "base_salary", "value": 1, "valid_from": "2020-01-01"}], "lacks"),
    ],
)
def test_malformed_rule_files_are_refused(tmp_path: Path, rows: list[dict], words: str) -> None:
    err = error_code(RuleBook.load, write_rules(tmp_path, rows))
    assert err.code == "rules_invalid" and words in err.message


def test_unreadable_rule_file(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert error_code(RuleBook.load, tmp_path / "bad.json").code == "rules_invalid"
    assert error_code(RuleBook.load, tmp_path / "missing.json").code == "rules_invalid"


# --- household BHYT, domain.md §2 -------------------------------------------------------------

LADDER_TABLE = [  # member, % of person 1, per month at 2,340,000, at 2,530,000
    (1, 100, 105_300, 113_850),
    (2, 70, 73_710, 79_695),
    (3, 60, 63_180, 68_310),
    (4, 50, 52_650, 56_925),
    (5, 40, 42_120, 45_540),
]


@pytest.mark.parametrize(("position", "pct", "at_2340", "at_2530"), LADDER_TABLE)
@pytest.mark.parametrize("months", [3, 6, 12])
def test_ladder_table_rows(
    position: int, pct: int, at_2340: int, at_2530: int, months: int
) -> None:
    for on, expected in ((date(2025, 3, 1), at_2340), (date(2026, 7, 1), at_2530)):
        result = bhyt_household(members(5), months, on)
        line = result.members[position - 1]
        assert (line.position, line.ladder_percent, line.monthly) == (position, pct, expected)
        assert line.amount == expected * months
        assert result.total == sum(m.monthly for m in result.members) * months


def test_fifth_and_later_members_pay_forty_percent() -> None:
    assert monthly_ladder(date(2025, 3, 1), 8) == [105_300, 73_710, 63_180, 52_650] + [42_120] * 4


def test_state_supported_members_are_out_of_the_ladder() -> None:
    chosen = [
        HouseholdMember("a"),
        HouseholdMember("b", state_supported=True),
        HouseholdMember("c"),
        HouseholdMember("d", state_supported=True),
    ]
    result = bhyt_household(chosen, 6, date(2025, 3, 1))
    assert [(m.ref, m.position, m.monthly) for m in result.members] == [
        ("a", 1, 105_300),
        ("c", 2, 73_710),
    ]
    assert result.excluded == ("b", "d")
    assert result.total == (105_300 + 73_710) * 6


def test_members_joined_earlier_in_the_year_count_on_the_ladder() -> None:
    result = bhyt_household(members(2), 12, date(2025, 3, 1), already_joined=3)
    assert [(m.position, m.monthly) for m in result.members] == [(4, 52_650), (5, 42_120)]
    assert result.rule_values["already_joined"] == 3


# --- voluntary SI, domain.md §3 -----------------------------------------------------------------

AT_FLOOR_FROM_2025 = [
    ("poor", 165_000),
    ("near_poor", 198_000),
    ("ethnic_minority", 231_000),
    ("other", 264_000),
]
AT_FLOOR_UNTIL_2025 = [  # 30 / 25 / 10 / 10 % of 330,000 (no ethnic-minority group yet)
    ("poor", 231_000),
    ("near_poor", 247_500),
    ("ethnic_minority", 297_000),
    ("other", 297_000),
]


@pytest.mark.parametrize(("group", "pays"), AT_FLOOR_FROM_2025)
@pytest.mark.parametrize("months", [1, 3, 6, 12])
def test_support_table_from_2025_07_01(group: str, pays: int, months: int) -> None:
    result = voluntary_si(1_500_000, months, group, date(2025, 7, 1))
    assert (result.monthly_total, result.total) == (330_000, 330_000 * months)
    assert result.person_pays == pays * months
    assert result.support_total == result.central_support == (330_000 - pays) * months
    assert result.ceiling == 46_800_000 and result.floor == 1_500_000
    assert result.support_base == 330_000


@pytest.mark.parametrize(("group", "pays"), AT_FLOOR_UNTIL_2025)
def test_support_table_until_2025_06_30(group: str, pays: int) -> None:
    result = voluntary_si(1_500_000, 3, group, date(2025, 6, 30))
    assert result.total == 990_000 and result.person_pays == pays * 3


def test_only_the_highest_group_rate_applies() -> None:
    on = date(2025, 7, 1)
    assert voluntary_si(1_500_000, 1, ["ethnic_minority", "near_poor"], on).person_pays == 198_000
    both = voluntary_si(1_500_000, 1, ["ethnic_minority", "poor", "near_poor"], on)
    assert both.group == "poor" and both.person_pays == 165_000
    assert voluntary_si(1_500_000, 1, [], on).group == "other"


def test_support_is_on_the_floor_not_the_chosen_income() -> None:
    result = voluntary_si(5_000_000, 12, "near_poor", date(2025, 7, 1))
    assert result.monthly_total == 1_100_000
    assert result.support_total == 132_000 * 12
    assert result.person_pays == (1_100_000 - 132_000) * 12


def test_rounding_is_per_month_half_up() -> None:
    on = date(2025, 7, 1)
    assert voluntary_si(1_500_003, 3, "other", on).monthly_total == 330_001  # 330,000.66
    assert voluntary_si(1_500_025, 3, "other", on).monthly_total == 330_006  # 330,005.5
    assert voluntary_si(1_500_025, 3, "other", on).total == 330_006 * 3


def test_local_support_adds_a_source() -> None:
    extra = [ExtraSupport("Hà Nội", 10), ExtraSupport("union fund", "5.5", SupportSource.OTHER)]
    result = voluntary_si(1_500_000, 6, "near_poor", date(2025, 7, 1), extra_support=extra)
    assert [(s.source, s.name, s.monthly) for s in result.supports] == [
        ("central_budget", "central budget", 132_000),
        ("local_budget", "Hà Nội", 33_000),
        ("other", "union fund", 18_150),
    ]
    assert result.support_total == (132_000 + 33_000 + 18_150) * 6
    assert result.person_pays == result.total - result.support_total
    assert result.rule_values["supports"][1] == {
        "source": "local_budget",
        "name": "Hà Nội",
        "rate_percent": 10,
    }


@pytest.mark.parametrize(
    ("so_far", "central_months"), [(0, 12), (110, 10), (119, 1), (120, 0), (200, 0)]
)
def test_central_support_stops_at_120_months(so_far: int, central_months: int) -> None:
    result = voluntary_si(
        1_500_000,
        12,
        "poor",
        date(2025, 7, 1),
        extra_support=[ExtraSupport("province", 10)],
        months_supported_so_far=so_far,
    )
    central, local = result.supports
    assert (central.months, central.amount) == (central_months, 165_000 * central_months)
    assert (local.months, local.amount) == (12, 33_000 * 12)  # the cap is the central one's
    assert result.person_pays == 330_000 * 12 - central.amount - local.amount


# --- both sides of every rule change ----------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "first_before", "first_after"),
    [
        (date(2023, 6, 30), date(2023, 7, 1), 67_050, 81_000),  # 4.5% of 1,490,000 / 1,800,000
        (date(2024, 6, 30), date(2024, 7, 1), 81_000, 105_300),
        (date(2026, 6, 30), date(2026, 7, 1), 105_300, 113_850),
    ],
)
def test_base_salary_changes(
    before: date, after: date, first_before: int, first_after: int
) -> None:
    assert monthly_ladder(before)[0] == first_before
    assert monthly_ladder(after)[0] == first_after


def test_earliest_base_salary_ladder() -> None:
    assert monthly_ladder(date(2019, 7, 1)) == [67_050, 46_935, 40_230, 33_525, 26_820]


def test_decree_188_2025_keeps_the_same_ladder() -> None:
    before, after = date(2025, 8, 14), date(2025, 8, 15)
    assert (
        monthly_ladder(before) == monthly_ladder(after) == [105_300, 73_710, 63_180, 52_650, 42_120]
    )
    sources = [bhyt_household(members(1), 3, d).rules_used[2].source for d in (before, after)]
    assert "146/2018" in sources[0] and "188/2025" in sources[1]


def test_support_rates_change_on_2025_07_01() -> None:
    assert voluntary_si(1_500_000, 1, "other", date(2025, 6, 30)).person_pays == 297_000
    assert voluntary_si(1_500_000, 1, "other", date(2025, 7, 1)).person_pays == 264_000
    assert voluntary_si(1_500_000, 1, "poor", date(2025, 6, 30)).person_pays == 231_000
    assert voluntary_si(1_500_000, 1, "poor", date(2025, 7, 1)).person_pays == 165_000


def test_ceiling_follows_the_base_salary_on_2026_07_01() -> None:
    assert voluntary_si(46_800_000, 1, "other", date(2026, 6, 30)).monthly_total == 10_296_000
    err = error_code(voluntary_si, 46_800_001, 1, "other", date(2026, 6, 30))
    assert err.code == "income_above_ceiling" and err.details["ceiling"] == 46_800_000
    assert voluntary_si(50_600_000, 1, "other", date(2026, 7, 1)).ceiling == 50_600_000
    assert error_code(voluntary_si, 50_600_001, 1, "other", date(2026, 7, 1)).code == (
        "income_above_ceiling"
    )
    assert voluntary_si(46_800_000, 1, "other", date(2024, 7, 1)).ceiling == 46_800_000
    assert voluntary_si(36_000_000, 1, "other", date(2024, 6, 30)).ceiling == 36_000_000


def test_floor_changes_on_2027_01_01() -> None:
    last = voluntary_si(1_500_000, 1, "other", date(2026, 12, 31))
    assert (last.floor, last.person_pays) == (1_500_000, 264_000)
    err = error_code(voluntary_si, 1_500_000, 1, "other", date(2027, 1, 1))
    assert err.code == "income_below_floor" and err.details["floor"] == 2_200_000
    first = voluntary_si(2_200_000, 1, "other", date(2027, 1, 1))
    assert (first.monthly_total, first.support_total, first.person_pays) == (
        484_000,
        96_800,
        387_200,
    )
    assert {r.name for r in uncertain_rules(first)} == {"base_salary", "vsi_income_floor"}
    assert [r.name for r in uncertain_rules(last)] == ["base_salary"]
    assert uncertain_rules(voluntary_si(1_500_000, 1, "other", date(2026, 6, 30))) == []


# --- card start: the continuity rule (domain.md §2) -------------------------------------------

OLD, NEW = date(2024, 5, 10), date(2025, 9, 10)  # payment days in each regime


@pytest.mark.parametrize(
    ("paid", "expiry", "start", "reason"),
    [
        # until 2025-06-30: paying before expiry continues from the old expiry
        (OLD, None, OLD + timedelta(days=30), CardReason.FIRST_PURCHASE),
        (OLD, date(2024, 6, 30), date(2024, 7, 1), CardReason.FOLLOWS_OLD_CARD),
        (OLD, OLD, OLD + timedelta(days=1), CardReason.FOLLOWS_OLD_CARD),
        (OLD, date(2024, 3, 31), OLD, CardReason.CONTINUOUS),
        (OLD, date(2024, 2, 10), OLD, CardReason.CONTINUOUS),  # uncovered since 11/02: < 3 months
        (OLD, date(2024, 2, 9), OLD + timedelta(days=30), CardReason.LONG_GAP),  # since 10/02: 3
        # from 2025-07-01 (Law 51/2024): continuous → from the payment date
        (NEW, None, NEW + timedelta(days=30), CardReason.FIRST_PURCHASE),
        (NEW, date(2025, 10, 31), NEW, CardReason.CONTINUOUS),
        (NEW, NEW, NEW, CardReason.CONTINUOUS),
        (NEW, date(2025, 6, 10), NEW, CardReason.CONTINUOUS),
        (NEW, date(2025, 6, 9), NEW + timedelta(days=30), CardReason.LONG_GAP),
    ],
)
def test_card_start(paid: date, expiry: date | None, start: date, reason: CardReason) -> None:
    card = card_start_date(paid, expiry)
    assert (card.start, card.reason) == (start, reason)


def test_card_rule_changes_on_2025_07_01() -> None:
    expiry = date(2025, 7, 31)
    before = card_start_date(date(2025, 6, 30), expiry)
    after = card_start_date(date(2025, 7, 1), expiry)
    assert (before.start, before.rule) == (date(2025, 8, 1), "continue_from_old_expiry")
    assert (after.start, after.rule) == (date(2025, 7, 1), "from_payment_date")


def test_household_members_get_their_own_card_dates() -> None:
    chosen = [HouseholdMember("renews", previous_expiry=date(2024, 6, 30)), HouseholdMember("new")]
    result = bhyt_household(chosen, 12, OLD)
    renews, new = result.members
    assert (renews.card_start, renews.card_end) == (date(2024, 7, 1), date(2025, 6, 30))
    assert (new.card_start, new.card_end) == (date(2024, 6, 9), date(2025, 6, 8))
    assert result.rule_values["bhyt_card_start_rule"] == "continue_from_old_expiry"


def test_month_arithmetic() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert period_end(date(2025, 7, 1), 12) == date(2026, 6, 30)
    assert period_end(date(2025, 1, 15), 3) == date(2025, 4, 14)
    assert period_end(date(2025, 1, 31), 1) == date(2025, 2, 28)


# --- invalid inputs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "code", "words"),
    [
        (
            lambda: voluntary_si(1_499_999, 1, "other", date(2025, 7, 1)),
            "income_below_floor",
            "floor",
        ),
        (
            lambda: voluntary_si(46_800_001, 1, "other", date(2025, 7, 1)),
            "income_above_ceiling",
            "ceiling",
        ),
        (
            lambda: voluntary_si(1_500_000.0, 1, "other", date(2025, 7, 1)),
            "invalid_income",
            "whole",
        ),
        (
            lambda: voluntary_si(1_500_000, 2, "other", date(2025, 7, 1)),
            "months_not_allowed",
            "1, 3, 6 or 12",
        ),
        (
            lambda: voluntary_si(1_500_000, 60, "other", date(2025, 7, 1)),
            "months_not_allowed",
            "lump sum",
        ),
        (
            lambda: voluntary_si(1_500_000, 1, "other", date(2021, 12, 31)),
            "no_rule_for_date",
            "2022-01-01",
        ),
        (
            lambda: voluntary_si(1_500_000, 1, "rich", date(2025, 7, 1)),
            "unknown_group",
            "near_poor",
        ),
        (
            lambda: voluntary_si(
                1_500_000, 1, "other", date(2025, 7, 1), months_supported_so_far=-1
            ),
            "invalid_months_supported",
            "0 or more",
        ),
        (
            lambda: voluntary_si(
                1_500_000, 1, "other", date(2025, 7, 1), extra_support=[ExtraSupport("x", 0)]
            ),
            "invalid_support_rate",
            "above 0",
        ),
        (
            lambda: voluntary_si(
                1_500_000, 1, "other", date(2025, 7, 1), extra_support=[ExtraSupport("x", "ten")]
            ),
            "invalid_support_rate",
            "ten",
        ),
        (
            lambda: voluntary_si(
                1_500_000, 1, "poor", date(2025, 7, 1), extra_support=[ExtraSupport("x", 51)]
            ),
            "support_too_high",
            "100%",
        ),
        (
            lambda: voluntary_si(
                1_500_000,
                1,
                "poor",
                date(2025, 7, 1),
                extra_support=[ExtraSupport("x", 5, SupportSource.CENTRAL)],
            ),
            "invalid_support",
            "rule data",
        ),
        (lambda: bhyt_household([], 12, date(2025, 7, 1)), "no_members", "at least one"),
        (
            lambda: bhyt_household([HouseholdMember(state_supported=True)], 12, date(2025, 7, 1)),
            "no_paying_members",
            "supported by the state",
        ),
        (
            lambda: bhyt_household(members(2), 1, date(2025, 7, 1)),
            "months_not_allowed",
            "3, 6 or 12",
        ),
        (
            lambda: bhyt_household(members(2), True, date(2025, 7, 1)),
            "months_not_allowed",
            "3, 6 or 12",
        ),
        (
            lambda: bhyt_household(members(2), 12, date(2019, 6, 30)),
            "no_rule_for_date",
            "2019-07-01",
        ),
        (
            lambda: bhyt_household(members(2), 12, date(2025, 7, 1), already_joined=-1),
            "invalid_already_joined",
            "0 or more",
        ),
    ],
)
def test_invalid_inputs(call, code: str, words: str) -> None:  # type: ignore[no-untyped-def]
    err = error_code(call)
    assert err.code == code and words in err.message, err.message


def test_income_errors_name_the_limits() -> None:
    err = error_code(voluntary_si, 1_000_000, 1, "other", date(2025, 7, 1))
    assert format_money(1_500_000) in err.message
    assert err.to_dict()["details"] == {"income": 1_000_000, "floor": 1_500_000}


# --- the receipt's rule values ------------------------------------------------------------------


def test_rule_values_record_what_was_used() -> None:
    result = bhyt_household(members(6), 12, date(2026, 7, 1))
    values = result.rule_values
    assert values["base_salary"] == 2_530_000
    assert values["bhyt_household_rate_percent"] == 4.5
    assert values["bhyt_household_ladder_percent"] == [100, 70, 60, 50, 40]
    assert values["date"] == "2026-07-01" and values["months"] == 12
    one = result.rule_values_for("6")
    assert (one["ladder_position"], one["ladder_percent_applied"], one["monthly"]) == (
        6,
        40,
        45_540,
    )
    stored = compact_json(one)
    assert len(stored) <= 4000 and json.loads(stored) == one
    with pytest.raises(KeyError):
        result.rule_values_for("nobody")

    vsi = voluntary_si(
        3_000_000, 12, ["poor"], date(2025, 7, 1), extra_support=[ExtraSupport("Khánh Hòa", 20)]
    )
    assert {
        k: vsi.rule_values[k] for k in ("vsi_rate_percent", "vsi_income_floor", "income_ceiling")
    } == {
        "vsi_rate_percent": 22,
        "vsi_income_floor": 1_500_000,
        "income_ceiling": 46_800_000,
    }
    assert vsi.rule_values["vsi_support_percent_poor"] == 50
    assert vsi.rule_values["support_group"] == "poor"
    assert json.loads(compact_json(vsi.rule_values)) == vsi.rule_values
    assert json.loads(json.dumps(vsi.to_dict()))["person_pays"] == vsi.person_pays


# --- `vss-desktop calc` as a subprocess ---------------------------------------------------------


def calc(
    *args: str, no_qt: bool = False, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    if no_qt:  # PySide6 made unimportable: the command must not need Qt
        code = (
            "import sys; sys.modules['PySide6'] = None\n"
            "from vss_desktop.__main__ import main\n"
            "sys.exit(main(sys.argv[1:]))"
        )
        command = [sys.executable, "-c", code, "calc", *args]
    else:
        command = [sys.executable, "-m", "vss_desktop", "calc", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)


def test_cli_household_text_and_json(tmp_path: Path) -> None:
    data_dir = tmp_path / "never-created"
    env = {**os.environ, "VSS_DATA_DIR": str(data_dir)}
    args = ["bhyt-household", "--members", "5", "--months", "12", "--date", "2024-07-01"]
    text = calc(*args, env=env)
    assert text.returncode == 0, text.stderr
    for amount in (105_300, 73_710, 63_180, 52_650, 42_120):
        assert format_money(amount) in text.stdout
    assert f"Total: {format_money(336_960 * 12)}" in text.stdout
    assert "01/07/2024" in text.stdout and "31/07/2024 – 30/07/2025" in text.stdout
    assert not data_dir.exists()  # the calculator needs no data directory

    result = json.loads(calc(*args, "--json", "--previous-expiry", "2024-08-31").stdout)
    assert [m["monthly"] for m in result["members"]] == [105_300, 73_710, 63_180, 52_650, 42_120]
    assert result["total"] == 336_960 * 12
    assert result["members"][0]["card_start"] == "2024-09-01"
    assert result["rule_values"]["base_salary"] == 2_340_000


def test_cli_voluntary_si_without_qt() -> None:
    text = calc(
        "voluntary-si",
        "--income",
        "1.500.000",
        "--months",
        "3",
        "--group",
        "poor",
        "--date",
        "2025-07-01",
        no_qt=True,
    )
    assert text.returncode == 0, text.stderr
    assert f"Person pays: {format_money(165_000 * 3)}" in text.stdout
    assert f"Support: {format_money(165_000 * 3)}" in text.stdout
    assert "ceiling 46.800.000 ₫" in text.stdout
    out = calc(
        "voluntary-si",
        "--income",
        "2000000",
        "--months",
        "12",
        "--group",
        "ethnic_minority",
        "--group",
        "near_poor",
        "--local-support",
        "10",
        "--date",
        "2026-07-01",
        "--json",
    )
    result = json.loads(out.stdout)
    assert result["group"] == "near_poor" and result["ceiling"] == 50_600_000
    assert [s["monthly"] for s in result["supports"]] == [132_000, 33_000]
    assert result["person_pays"] == (440_000 - 132_000 - 33_000) * 12


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (
            ["voluntary-si", "--income", "1400000", "--months", "1", "--date", "2025-07-01"],
            "income_below_floor",
            "floor",
        ),
        (
            ["voluntary-si", "--income", "1500000", "--months", "24", "--date", "2025-07-01"],
            "months_not_allowed",
            "lump sum",
        ),
        (
            ["bhyt-household", "--members", "0", "--months", "12", "--date", "2025-07-01"],
            "no_members",
            "at least one",
        ),
        (
            ["bhyt-household", "--members", "2", "--months", "12", "--date", "2019-06-30"],
            "no_rule_for_date",
            "2019-07-01",
        ),
    ],
)
def test_cli_invalid_input_exits_2(args: list[str], code: str, words: str) -> None:
    text = calc(*args)
    assert text.returncode == 2 and text.stdout == ""
    assert text.stderr.startswith("error: ") and words in text.stderr
    as_json = calc(*args, "--json")
    assert as_json.returncode == 2 and json.loads(as_json.stdout)["error"]["code"] == code


def test_cli_refuses_bad_arguments_and_rule_files(tmp_path: Path) -> None:
    bad_group = calc("voluntary-si", "--income", "1500000", "--months", "1", "--group", "rich")
    assert bad_group.returncode == 2 and "invalid choice" in bad_group.stderr
    bad_income = calc("voluntary-si", "--income", "-5", "--months", "1")
    assert bad_income.returncode == 2 and "whole amount" in bad_income.stderr
    rules = write_rules(tmp_path, [row(1, "2020-01-01", None), row(2, "2021-01-01", None)])
    bad_rules = calc("bhyt-household", "--members", "1", "--months", "3", "--rules", str(rules))
    assert bad_rules.returncode == 2 and "overlap" in bad_rules.stderr
