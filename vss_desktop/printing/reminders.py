"""The reminder list: persons whose BHYT card expires soon, by village, soonest first."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from vss_core.formatting import format_date
from vss_desktop.printing import texts
from vss_desktop.printing.blocks import (
    Align,
    Cell,
    Column,
    GroupHeading,
    KeepTogether,
    Para,
    Paragraph,
    Row,
    Spacer,
    Table,
)
from vss_desktop.printing.data import ReminderData, ReminderRow
from vss_desktop.printing.fonts import Font
from vss_desktop.printing.layout import MM, Block
from vss_desktop.printing.render import Document

# Relative column widths (each column is at least as wide as its longest word).
LANDSCAPE = (8, 46, 12, 50, 18, 12, 12, 26, 36, 57)
PORTRAIT = (5, 34, 9, 34, 15, 8, 9, 18, 22, 26)


def _columns(landscape: bool) -> list[Column]:
    titles = [
        (QCoreApplication.translate("Printing", "No."), Align.RIGHT),
        (QCoreApplication.translate("Printing", "Full name"), Align.LEFT),
        (QCoreApplication.translate("Printing", "Born"), Align.LEFT),
        (QCoreApplication.translate("Printing", "Household"), Align.LEFT),
        (QCoreApplication.translate("Printing", "Card expires"), Align.LEFT),
        (QCoreApplication.translate("Printing", "Days left"), Align.RIGHT),
        (QCoreApplication.translate("Printing", "Insurance"), Align.LEFT),
        (QCoreApplication.translate("Printing", "Phone"), Align.LEFT),
        (QCoreApplication.translate("Printing", "Called / visited"), Align.LEFT),
        (QCoreApplication.translate("Printing", "Notes"), Align.LEFT),
    ]
    widths = LANDSCAPE if landscape else PORTRAIT
    return [Column(t, w, a) for (t, a), w in zip(titles, widths, strict=True)]


def _row(n: int, r: ReminderRow, data: ReminderData) -> Row:
    household: Cell = [Para(r.head_name), Para(texts.address(r.house_number, r.street))]
    phone: Cell = ""
    if r.phone:
        phone = [Para(r.phone)]
        if r.phone_is_household:
            phone.append(Para(QCoreApplication.translate("Printing", "(household)")))
    cells: list[Cell] = [
        str(n),
        r.full_name,
        str(r.date_of_birth.year) if r.date_of_birth else "",
        household,
        format_date(r.bhyt_expiry),
        str((r.bhyt_expiry - data.today).days),
        texts.status_short(r.bhyt_status),
        phone,
        "",
        "",
    ]
    return Row(cells, key=f"{r.household_code}/{r.full_name}")


def build(data: ReminderData, landscape: bool = False) -> Document:
    items: list[Row | GroupHeading] = []
    n = 0
    for group in data.groups:
        persons = texts.count(
            len(group.rows),
            QCoreApplication.translate("Printing", "%1 person"),
            QCoreApplication.translate("Printing", "%1 persons"),
        )
        items.append(
            GroupHeading(
                f"{group.village}{texts.SEPARATOR}{persons}",
                QCoreApplication.translate("Printing", "%1 (continued)").replace(
                    "%1", group.village
                ),
            )
        )
        for row in group.rows:
            n += 1
            items.append(_row(n, row, data))
    total = (
        QCoreApplication.translate("Printing", "Total: %1 persons in %2 villages.")
        .replace("%1", str(data.persons))
        .replace("%2", str(len(data.groups)))
    )
    window = (
        QCoreApplication.translate("Printing", "BHYT cards expiring from %1 to %2 (%3 days)")
        .replace("%1", format_date(data.today))
        .replace("%2", format_date(data.until))
        .replace("%3", str(data.days))
    )
    legend = QCoreApplication.translate(
        "Printing", "A phone marked (household) is the household's: the person has none."
    )
    blocks: list[Block] = [
        Table(
            _columns(landscape),
            items,
            font=Font(8.5),
            min_row_height=8 * MM,
            keep_last_with_next=True,
        ),
        KeepTogether(
            [
                Spacer(3 * MM),
                Paragraph(total, Font(10, bold=True)),
                Paragraph(f"{texts.status_legend()} {legend}", Font(8), space_before=1 * MM),
            ]
        ),
    ]
    return Document(
        title=QCoreApplication.translate("Printing", "BHYT card renewal reminders"),
        header_lines=[texts.header_line(data.header), window],
        blocks=blocks,
        page_format=texts.page_format(),
        landscape=landscape,
    )
