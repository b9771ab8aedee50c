"""Translated words shared by the printed documents (context "Printing").

Every call spells out QCoreApplication.translate with literal strings so that lupdate
(tools/i18n.py) extracts them; QCoreApplication.translate is safe in worker threads.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from vss_core.enums import BhytStatus
from vss_core.formatting import format_date
from vss_desktop.printing.data import Header

SEPARATOR = "   ·   "


def page_format() -> str:
    return QCoreApplication.translate("Printing", "Page %1/%2")


def status_short(code: str) -> str:
    """Insurance status in a few letters, as in "Lò Thị Hoa 15/09/28 HGĐ"."""
    table: dict[str, str] = {
        BhytStatus.HOUSEHOLD: QCoreApplication.translate(
            "Printing", "HH", "short for: household BHYT"
        ),
        BhytStatus.OTHER: QCoreApplication.translate(
            "Printing", "Other", "short for: BHYT from another group"
        ),
        BhytStatus.NONE: QCoreApplication.translate("Printing", "None", "short for: no BHYT"),
    }
    return table.get(code, code)


def status_legend() -> str:
    return QCoreApplication.translate(
        "Printing", "HH: household BHYT; Other: BHYT from another group; None: no BHYT."
    )


def short_date(value: date | None) -> str:
    """dd/mm/yy: a card expiry in a crowded column."""
    return value.strftime("%d/%m/%y") if value else ""


def address(house_number: str, street: str, village: str = "") -> str:
    house = (
        QCoreApplication.translate("Printing", "No. %1").replace("%1", house_number)
        if house_number
        else ""
    )
    return ", ".join(part for part in (house, street, village) if part)


def header_line(header: Header) -> str:
    """Commune, collector and date printed; blanks to fill in when unknown."""
    blank = "……………"
    commune = header.commune or blank
    collector = QCoreApplication.translate("Printing", "Collector: %1").replace(
        "%1", header.collector or blank
    )
    printed = QCoreApplication.translate("Printing", "Printed on %1").replace(
        "%1", format_date(header.printed)
    )
    return SEPARATOR.join((commune, collector, printed))


def count(n: int, one: str, many: str) -> str:
    """``one``/``many`` hold %1; Vietnamese has a single form, English two."""
    return (one if n == 1 else many).replace("%1", f"{n:,}".replace(",", "."))
