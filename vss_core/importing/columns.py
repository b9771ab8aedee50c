"""The columns of a list: canonical fields, their headers in Vietnamese and English.

A header is recognised after folding (vss_core.text.fold: no diacritics, any case, any
spacing or punctuation), so "Họ và tên", "HO VA TEN" and "ho  va  ten" are one column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from vss_core.text import fold


class Level(StrEnum):
    HOUSEHOLD = "household"
    PERSON = "person"


class Kind(StrEnum):
    TEXT = "text"
    CODE = "code"  # a household code: compact, upper case
    DIGITS = "digits"  # an identifier of digits: leading zeros Excel dropped come back
    CARD = "card"
    DATE = "date"
    SEX = "sex"
    RELATION = "relation"
    FLAG = "flag"
    STATUS = "status"


@dataclass(frozen=True)
class Column:
    field: str  # canonical name; the stored field unless ``stored`` says otherwise
    level: Level
    kind: Kind
    vi: str  # the template's header
    en: str
    explanation: str  # for the template's second sheet, in Vietnamese
    aliases: tuple[str, ...] = ()  # more headers people write (folded on use)
    digits: int = 0  # DIGITS: the identifier's length
    stored: str = ""  # the record's field name when it differs from ``field``

    @property
    def record_field(self) -> str:
        return self.stored or self.field

    def headers(self) -> Iterable[str]:
        yield self.vi
        yield self.en
        yield self.field
        yield from self.aliases


H, P = Level.HOUSEHOLD, Level.PERSON

# In the template's order: household columns first, then one person per row.
COLUMNS: tuple[Column, ...] = (
    Column("code", H, Kind.CODE, "Mã hộ", "Household code",
           "Mã hộ gia đình (để trống nếu chưa có). Các dòng sau cùng mã hộ, hoặc để trống"
           " các cột của hộ, là thành viên của cùng hộ.",
           ("Mã hộ gia đình", "Mã HGĐ", "Mã số hộ", "Household")),
    Column("head_name", H, Kind.TEXT, "Họ tên chủ hộ", "Head of household",
           "Họ tên chủ hộ. Có thể bỏ cột này: chủ hộ là người có quan hệ \"Chủ hộ\".",
           ("Chủ hộ", "Tên chủ hộ", "Họ và tên chủ hộ", "Head name")),
    Column("province", H, Kind.TEXT, "Tỉnh/thành", "Province",
           "Tỉnh hoặc thành phố, tên mới hoặc tên cũ (tên cũ được cảnh báo).",
           ("Tỉnh", "Tỉnh/thành phố", "Tỉnh/TP", "Thành phố")),
    Column("commune", H, Kind.TEXT, "Xã/phường", "Commune",
           "Xã, phường hoặc đặc khu thuộc tỉnh đã ghi.",
           ("Xã", "Phường", "Xã/phường/thị trấn", "Xã/phường/đặc khu", "Ward",
            "Commune/ward")),
    Column("village", H, Kind.TEXT, "Thôn/bản", "Village",
           "Thôn, bản, xóm hoặc tổ dân phố. Bắt buộc.",
           ("Thôn", "Bản", "Xóm", "Tổ dân phố", "Thôn/xóm", "Thôn/bản/tổ dân phố",
            "Thôn/tổ")),
    Column("house_number", H, Kind.TEXT, "Số nhà", "House number",
           "Số nhà (nếu có).", ("Số nhà/ngõ",)),
    Column("street", H, Kind.TEXT, "Đường/phố", "Street",
           "Đường, phố hoặc ngõ (nếu có).", ("Đường", "Phố", "Ngõ")),
    Column("household_phone", H, Kind.DIGITS, "Điện thoại hộ", "Household phone",
           "Số điện thoại của hộ, 10 chữ số bắt đầu bằng 0.", ("Số điện thoại hộ",),
           digits=10, stored="phone"),
    Column("collector", H, Kind.TEXT, "Người thu", "Collector",
           "Tên đăng nhập của người thu phụ trách hộ (để trống nếu chưa giao).",
           ("Người thu tiền", "Cán bộ thu", "Nhân viên thu")),
    Column("full_name", P, Kind.TEXT, "Họ và tên", "Full name",
           "Họ và tên thành viên, mỗi người một dòng. Bắt buộc.",
           ("Họ tên", "Họ và tên thành viên", "Name")),
    Column("date_of_birth", P, Kind.DATE, "Ngày sinh", "Date of birth",
           "Ngày sinh, kiểu ngày của Excel hoặc chữ dd/mm/yyyy (ví dụ 05/03/1980).",
           ("Ngày tháng năm sinh", "Ngày/tháng/năm sinh", "Birth date", "DOB")),
    Column("sex", P, Kind.SEX, "Giới tính", "Sex",
           "Nam hoặc Nữ (chọn trong danh sách).", ("Gender", "Giới")),
    Column("relation", P, Kind.RELATION, "Quan hệ với chủ hộ", "Relation to head",
           "Chủ hộ, Vợ/Chồng, Con, Bố/Mẹ, Cháu, Anh/chị/em hoặc Khác. Để trống: người"
           " trùng tên chủ hộ (hoặc người đầu tiên) là chủ hộ, người khác là Khác.",
           ("Quan hệ", "Quan hệ chủ hộ", "Quan hệ với chủ hộ gia đình", "Relation",
            "Relationship")),
    Column("cccd", P, Kind.DIGITS, "Số CCCD", "Citizen ID number",
           "Số căn cước (CCCD), 12 chữ số. Nên định dạng ô là Văn bản để giữ số 0 đầu.",
           ("CCCD", "Số căn cước", "Số căn cước công dân", "Số định danh",
            "Số định danh cá nhân", "CCCD number", "ID number"), digits=12),
    Column("bhxh_code", P, Kind.DIGITS, "Mã số BHXH", "BHXH code",
           "Mã số bảo hiểm xã hội, 10 chữ số.",
           ("Mã BHXH", "Số BHXH", "Mã số bảo hiểm xã hội", "Social insurance code"),
           digits=10),
    Column("bhyt_card_number", P, Kind.CARD, "Số thẻ BHYT", "BHYT card number",
           "Số thẻ BHYT: mã số BHXH (10 chữ số) hoặc mã thẻ cũ 15 ký tự.",
           ("Mã thẻ BHYT", "Thẻ BHYT", "Số thẻ bảo hiểm y tế", "Health insurance card")),
    Column("bhyt_expiry", P, Kind.DATE, "Hạn thẻ BHYT", "BHYT card expiry",
           "Ngày hết hạn thẻ BHYT (dd/mm/yyyy).",
           ("Hạn thẻ", "Hạn sử dụng thẻ BHYT", "Thẻ BHYT đến ngày", "Hạn BHYT",
            "Card expiry")),
    Column("bhyt_status", P, Kind.STATUS, "Diện BHYT", "BHYT status",
           "Hộ gia đình (BHYT hộ gia đình), Diện khác (nhóm khác) hoặc Chưa có.",
           ("Đối tượng BHYT", "Diện tham gia BHYT")),
    Column("vsi_paid_until", P, Kind.DATE, "BHXH tự nguyện đóng đến", "Voluntary SI paid until",
           "Ngày đã đóng BHXH tự nguyện đến (nếu có), dd/mm/yyyy.",
           ("BHXH TN đóng đến", "Đóng BHXH tự nguyện đến")),
    Column("phone", P, Kind.DIGITS, "Điện thoại", "Phone",
           "Số điện thoại của thành viên, 10 chữ số bắt đầu bằng 0.",
           ("Số điện thoại", "SĐT", "ĐT", "Phone number"), digits=10),
    Column("poor", P, Kind.FLAG, "Hộ nghèo", "Poor household",
           "Có hoặc Không (x, 1 cũng là Có). Để trống ở dòng của các thành viên sau:"
           " theo dòng đầu của hộ.", ("Nghèo", "Poor")),
    Column("near_poor", P, Kind.FLAG, "Hộ cận nghèo", "Near-poor household",
           "Có hoặc Không, như cột Hộ nghèo.", ("Cận nghèo", "Near poor")),
    Column("ethnic_minority", P, Kind.FLAG, "Dân tộc thiểu số", "Ethnic minority",
           "Có hoặc Không (để trống là Không).", ("DTTS", "Người dân tộc thiểu số")),
    Column("notes", P, Kind.TEXT, "Ghi chú", "Notes",
           "Ghi chú về thành viên (nếu có).", ("Note",)),
)  # fmt: skip

BY_FIELD = {c.field: c for c in COLUMNS}
BY_HEADER: dict[str, Column] = {}
for _column in COLUMNS:
    for _header in _column.headers():
        BY_HEADER.setdefault(fold(_header), _column)

# Household fields that tell one household from the next when the code is blank.
IDENTITY_FIELDS = ("code", "head_name", "province", "commune", "village", "house_number", "street")
# Household flags kept per person (as the store does): a blank cell on a member's row
# takes the household's first row.
INHERITED_FLAGS = ("poor", "near_poor")
REQUIRED = {Level.PERSON: ("full_name",), Level.HOUSEHOLD: ("village",)}


def column_for(header: str) -> Column | None:
    return BY_HEADER.get(fold(header))


def alias_clashes() -> list[tuple[str, str, str]]:
    """(folded header, field, other field) for headers two columns share (a test: none)."""
    seen: dict[str, str] = {}
    clashes = []
    for column in COLUMNS:
        for header in {fold(h) for h in column.headers()}:
            other = seen.setdefault(header, column.field)
            if other != column.field:
                clashes.append((header, column.field, other))
    return clashes
