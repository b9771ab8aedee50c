"""Reference data of the demo commune: places, names and carriers, and its prices.

The prices are the contribution calculator's (vss_core.contributions) over the dated rule
table in resources/rules/, for the day of each generated payment: no rate or amount here.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta, timezone
from typing import Generic, TypeVar

from vss_core.enums import Outcome, Relation, Sex
from vss_core.household_bhyt import BhytHouseholdResult, HouseholdMember, bhyt_household
from vss_core.rulebook import RuleBook, default_rules
from vss_core.voluntary_si import SupportGroup, VsiResult, voluntary_si

T = TypeVar("T")

COLLECTOR = "demo"
PROVINCE, COMMUNE = "Lào Cai", "Xã Mường Khương"
HOUSEHOLD_CODE_PREFIX = "15"  # domain.md §5: Lào Cai's code among the 34 provinces
OLD_PROVINCE = "10"  # pre-2025 code of Lào Cai: first digits of BHXH codes and old cards
CCCD_HOME = "010"  # domain.md §4: CCCD digits 1-3 use the old 63-province codes
VILLAGES = (
    ("Bản Pha Long", 14), ("Thôn Nà Hẩu", 11), ("Thôn Sảng Chải", 9), ("Thôn Lao Chải", 10),
    ("Bản Na Lang", 8), ("Thôn Mã Tuyển", 12), ("Thôn Sín Chải", 7), ("Bản Lùng Khấu Nhin", 9),
    ("Thôn Cốc Phương", 8), ("Thôn Tùng Lâu", 12),
)  # fmt: skip
ICT = timezone(timedelta(hours=7))  # collectors work in local time, the store keeps UTC

# The demo's names of the voluntary-SI support groups.
VSI_GROUPS = {
    "poor": SupportGroup.POOR,
    "near_poor": SupportGroup.NEAR_POOR,
    "minority": SupportGroup.ETHNIC_MINORITY,
    "other": SupportGroup.OTHER,
}


class Pick(Generic[T]):
    """A weighted choice, summed once (``rng.choices`` with cumulative weights)."""

    def __init__(self, items: Sequence[tuple[T, float]]) -> None:
        self.values = [v for v, _ in items]
        self.cum = list(itertools.accumulate(w for _, w in items))

    def __call__(self, rng: random.Random) -> T:
        return rng.choices(self.values, cum_weights=self.cum)[0]


def names(text: str, heavy: dict[str, float] | None = None) -> Pick[str]:
    """Equal weights for the words of ``text``, except the ``heavy`` ones."""
    heavy = heavy or {}
    return Pick([(w, heavy.get(w, 1.0)) for w in text.split()])


@dataclass(frozen=True)
class Group:
    """Naming and social facts of one ethnic group of the commune."""

    minority: bool
    family: Pick[str]
    middle: dict[str, Pick[str]]  # by sex; Thị only for women, Văn only for men
    given: dict[str, Pick[str]]
    born_elsewhere: float  # share of adults whose birth was registered outside Lào Cai
    poor: float
    near_poor: float


_KINH_M = "Hùng Dũng Đức Tuấn Hải Nam Long Cường Thắng Sơn Quân Bình Hiếu Phúc Toàn Trung Huy Đạt"
_KINH_F = "Hồng Lan Thảo Hương Mai Hoa Linh Hằng Nga Trang Huyền Ngọc Yến Thủy Nhung Phương Dung"
GROUPS: dict[str, Group] = {
    "kinh": Group(
        minority=False,
        family=Pick([("Nguyễn", 30), ("Trần", 10), ("Lê", 8), ("Phạm", 7), ("Hoàng", 5),
                     ("Vũ", 4), ("Đặng", 3), ("Bùi", 3), ("Đỗ", 3), ("Ngô", 2), ("Dương", 2)]),
        middle={Sex.MALE: names("Văn Đức Minh Quang Hữu Công Xuân", {"Văn": 6, "Đức": 2}),
                Sex.FEMALE: names("Thị Ngọc Thu Thanh Minh", {"Thị": 8})},
        given={Sex.MALE: names(_KINH_M, {"Đức": 3, "Hùng": 2}),
               Sex.FEMALE: names(_KINH_F, {"Hồng": 3, "Lan": 2})},
        born_elsewhere=0.2, poor=0.03, near_poor=0.05,
    ),
    "hmong": Group(
        minority=True,
        family=Pick([("Giàng", 8), ("Vàng", 7), ("Thào", 6), ("Sùng", 5), ("Mùa", 4),
                     ("Lù", 2), ("Hầu", 2)]),
        middle={Sex.MALE: names("A Seo Văn", {"A": 4, "Seo": 2}),
                Sex.FEMALE: names("Thị Mí", {"Thị": 2})},
        given={Sex.MALE: names("Páo Chứ Sử Dính Chá Lử Pháng Sình Tủa Dế Sính Vần"),
               Sex.FEMALE: names("Mai Dợ Sua Pà Chi Mỷ Súa Dung Lan Hồng Say Cở")},
        born_elsewhere=0.03, poor=0.12, near_poor=0.1,
    ),
    "tay": Group(  # Tày, Nùng, Giáy, Thái
        minority=True,
        family=Pick([("Lò", 5), ("Lường", 3), ("Nông", 4), ("Hà", 3), ("Sầm", 2),
                     ("Hoàng", 3), ("Vi", 1)]),
        middle={Sex.MALE: names("Văn Đức Minh", {"Văn": 8}),
                Sex.FEMALE: names("Thị Ngọc", {"Thị": 9})},
        given={Sex.MALE: names(_KINH_M + " Thành Lợi Khuyên", {"Đức": 2}),
               Sex.FEMALE: names(_KINH_F + " Ón Lả", {"Hồng": 2})},
        born_elsewhere=0.05, poor=0.07, near_poor=0.08,
    ),
}  # fmt: skip
GROUP_PICK = Pick([("kinh", 40), ("hmong", 35), ("tay", 25)])
BORN_ELSEWHERE = Pick([("002", 3), ("015", 3), ("014", 2), ("001", 2), ("036", 1), ("034", 1)])
# domain.md §4 carrier prefixes; Viettel covers the mountains best.
PHONE_PREFIX = Pick([(p, 6) for p in ("096", "097", "098", "086")]
                    + [(p, 2) for p in ("032", "033", "034", "035", "036", "037", "038", "039")]
                    + [("091", 5), ("094", 3), ("088", 1), ("081", 1), ("083", 1), ("085", 1),
                       ("090", 2), ("093", 2), ("070", 1), ("077", 1), ("079", 1), ("089", 1),
                       ("092", 1), ("056", 1), ("058", 1), ("059", 1), ("099", 1), ("087", 1)])  # fmt: skip
# Household sizes: a small commune averages ~3.3 members; the benchmark set ~4.
SIZES_SMALL = ((1, 10), (2, 20), (3, 27), (4, 24), (5, 11), (6, 5), (7, 3), (8, 0))
SIZES_LARGE = ((1, 5), (2, 12), (3, 22), (4, 26), (5, 17), (6, 10), (7, 5), (8, 3))
OUTCOMES = Pick([(Outcome.NOT_HOME, 16), (Outcome.REFUSED, 7), (Outcome.THINKING, 14),
                 (Outcome.PROMISED, 13), (Outcome.ENROLLED, 10), (Outcome.RENEWED, 20),
                 (Outcome.INFO_ONLY, 14), (Outcome.MOVED_AWAY, 2)])  # fmt: skip
MONTHS = Pick([(3, 20), (6, 30), (12, 50)])  # domain.md §2 payment periods
VISIT_COUNT = Pick([(1, 45), (2, 30), (3, 17), (4, 8)])
HOUSEHOLD_MODE = Pick([("all", 58), ("some", 17), ("none", 25)])  # who joins household BHYT
RELATION_ORDER = {Relation.HEAD: 0, Relation.SPOUSE: 1, Relation.PARENT: 2, Relation.CHILD: 3}


def month_end(day: date) -> date:
    first_next = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first_next - timedelta(days=1)


# --- prices: the calculator's, for the day of the payment ---------------------------------


def bhyt_payment(
    payers: int, months: int, day: date, rules: RuleBook | None = None
) -> BhytHouseholdResult:
    """Household BHYT of ``payers`` members paying together on ``day`` (domain.md §2)."""
    members = [HouseholdMember(str(n)) for n in range(1, payers + 1)]
    return bhyt_household(members, months, day, rules=rules)


def bhyt_monthly(position: int, day: date, rules: RuleBook | None = None) -> tuple[int, int, int]:
    """(amount per month, base salary, share %) for the n-th member (1-based), domain.md §2."""
    result = bhyt_payment(position, MONTHS.values[0], day, rules)
    line = result.members[-1]
    return line.monthly, int(result.rule_values["base_salary"]), int(line.ladder_percent)


def vsi_payment(
    groups: Sequence[SupportGroup], months: int, day: date, rules: RuleBook | None = None
) -> VsiResult:
    """Voluntary SI at the floor income (the rural poverty line) on ``day``, domain.md §3;
    the calculator applies the highest support rate of ``groups``."""
    floor = (rules or default_rules()).rule("vsi_income_floor", day).value
    return voluntary_si(int(floor), months, groups, day, rules=rules)


def vsi_monthly(tier: str, day: date, rules: RuleBook | None = None) -> tuple[int, int]:
    """(amount per month, support %) of voluntary SI at the floor income, domain.md §3."""
    result = vsi_payment([VSI_GROUPS[tier]], 1, day, rules)
    return result.person_pays, int(result.supports[0].rate_percent)
