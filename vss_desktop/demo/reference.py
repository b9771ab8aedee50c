"""Reference data of the demo commune: places, names, carriers and the dated payment rules.

Rates and amounts follow shared/design/domain.md (§1-§3) with their dates; the app's own
rule data will live in resources/, this copy only prices the generated history.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta, timezone
from typing import Generic, TypeVar

from vss_core.enums import Outcome, Relation, Sex

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

# domain.md §1: base salary by date (the 2026 value is [P]); §2: person 1 pays 4.5% of it
# per month, the next ones a falling share of that.
BASE_SALARY = ((date(2019, 7, 1), 1_490_000), (date(2023, 7, 1), 1_800_000),
               (date(2024, 7, 1), 2_340_000), (date(2026, 7, 1), 2_530_000))  # fmt: skip
BHYT_PERMILLE = 45
LADDER = (100, 70, 60, 50, 40)  # % of person 1's amount; the 5th and later pay 40%
# domain.md §3: voluntary SI at the floor income (rural poverty line), 22%, state support
# as % of that by date and group; only the highest applicable rate applies.
VSI_INCOME, VSI_RATE = 1_500_000, 22
# (The first start date is not in domain.md; only the 2025-07-01 change matters here.)
VSI_SUPPORT = ((date(2018, 1, 1), {"poor": 30, "near_poor": 25, "minority": 10, "other": 10}),
               (date(2025, 7, 1), {"poor": 50, "near_poor": 40, "minority": 30, "other": 20}))  # fmt: skip


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


def in_force(table: Sequence[tuple[date, T]], day: date) -> T:
    """The value of a dated table on ``day`` (the oldest one before the table starts)."""
    return [table[0][1], *(value for start, value in table if start <= day)][-1]


def plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_on(dob: date, today: date) -> int:
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def month_end(day: date) -> date:
    first_next = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first_next - timedelta(days=1)


def bhyt_monthly(position: int, day: date) -> tuple[int, int, int]:
    """(amount per month, base salary, share %) for the n-th member (1-based), domain.md §2."""
    base = in_force(BASE_SALARY, day)
    share = LADDER[min(position, len(LADDER)) - 1]
    return (base * BHYT_PERMILLE * share + 50_000) // 100_000, base, share


def vsi_monthly(tier: str, day: date) -> tuple[int, int]:
    """(amount per month, support %) of voluntary SI at the floor income, domain.md §3."""
    support = in_force(VSI_SUPPORT, day)[tier]
    return VSI_INCOME * VSI_RATE * (100 - support) // 10_000, support
