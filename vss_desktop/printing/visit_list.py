"""The household visit list: one row per household, with room to write the outcome by hand."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from vss_core.formatting import format_date
from vss_desktop.labels import label, outcome_labels
from vss_desktop.printing import texts
from vss_desktop.printing.blocks import (
    Align,
    Cell,
    Column,
    KeepTogether,
    Para,
    Paragraph,
    Row,
    Spacer,
    Table,
)
from vss_desktop.printing.data import HouseholdInfo, Order, Selection, VisitListData
from vss_desktop.printing.fonts import Font
from vss_desktop.printing.layout import MM, Block
from vss_desktop.printing.render import Document
from vss_desktop.store.queries import StatusFilter

# Relative column widths; landscape has room for every column on its own, portrait puts
# the household code under the head's name and the phone under the address.
LANDSCAPE = (8, 21, 30, 28, 21, 50, 23, 19, 22, 17, 20, 18)
PORTRAIT = (6, 22, 20, 44, 15, 14, 19, 15, 18, 15)
NBSP = "\u00a0"
ROW_HEIGHT = 12 * MM  # room to write an outcome, an amount and a signature


def columns(landscape: bool) -> list[Column]:
    no = (QCoreApplication.translate("Printing", "No."), Align.RIGHT)
    if landscape:
        who = [
            (QCoreApplication.translate("Printing", "Household code"), Align.LEFT),
            (QCoreApplication.translate("Printing", "Head of household"), Align.LEFT),
            (QCoreApplication.translate("Printing", "Address"), Align.LEFT),
            (QCoreApplication.translate("Printing", "Phone"), Align.LEFT),
        ]
    else:
        who = [
            (QCoreApplication.translate("Printing", "Head of household, code"), Align.LEFT),
            (QCoreApplication.translate("Printing", "Address, phone"), Align.LEFT),
        ]
    rest = [
        (QCoreApplication.translate("Printing", "Members: BHYT card expiry, status"), Align.LEFT),
        (QCoreApplication.translate("Printing", "Last visit"), Align.LEFT),
        (QCoreApplication.translate("Printing", "Follow-up"), Align.LEFT),
        (QCoreApplication.translate("Printing", "Outcome"), Align.LEFT),
        (QCoreApplication.translate("Printing", "Amount"), Align.LEFT),
        (QCoreApplication.translate("Printing", "Signature"), Align.LEFT),
        (QCoreApplication.translate("Printing", "Notes"), Align.LEFT),
    ]
    widths = LANDSCAPE if landscape else PORTRAIT
    titles = [no, *who, *rest]
    return [Column(t, w, a) for (t, a), w in zip(titles, widths, strict=True)]


def _row(
    n: int, h: HouseholdInfo, data: VisitListData, outcomes: dict[str, str], landscape: bool
) -> Row:
    members: list[Para] = []
    for m in h.members:
        card = [texts.status_short(m.bhyt_status)]
        if m.bhyt_expiry and m.bhyt_status != "none":
            card.insert(0, texts.short_date(m.bhyt_expiry))
        # "Lò Thị Hoa 15/09/28 HH": the expiry and the status never part at a line end
        text = f"{m.full_name} {NBSP.join(card)}"
        members.append(Para(text, bold=data.is_expiring(m.bhyt_expiry)))
    if h.last_visit:
        last: Cell = [Para(format_date(h.last_visit)), Para(label(outcomes, h.last_outcome))]
    else:
        last = QCoreApplication.translate("Printing", "Never visited")
    due = h.follow_up is not None and h.follow_up <= data.today
    follow: Cell = [Para(format_date(h.follow_up), bold=due)] if h.follow_up else ""
    house = texts.address(h.house_number, h.street)
    where = [Para(house), Para(h.village)] if house else [Para(h.village)]
    if landscape:
        who: list[Cell] = [h.code, h.head_name, where, h.phone]
    else:
        phone = [Para(h.phone)] if h.phone else []
        who = [[Para(h.head_name), Para(h.code)], [*where, *phone]]
    return Row([str(n), *who, members, last, follow, "", "", "", ""], key=h.id)


def describe(selection: Selection, order: Order, count: int) -> str:
    """The selection in words, for the page header."""
    parts: list[str] = []
    flt = selection.filter
    if selection.ids is not None:
        parts.append(QCoreApplication.translate("Printing", "Selected households"))
    else:
        villages = list(selection.villages) or ([flt.village] if flt.village else [])
        parts.append(", ".join(villages) or QCoreApplication.translate("Printing", "All villages"))
        status = StatusFilter(flt.status)
        if status is StatusFilter.UNINSURED:
            parts.append(QCoreApplication.translate("Printing", "Has members without BHYT"))
        elif status is StatusFilter.EXPIRING:
            parts.append(
                QCoreApplication.translate("Printing", "BHYT card expiring within %1 days").replace(
                    "%1", str(flt.expiring_days)
                )
            )
        elif status is StatusFilter.FOLLOW_UP_DUE:
            parts.append(QCoreApplication.translate("Printing", "Follow-up due"))
        elif status is StatusFilter.NOT_VISITED_THIS_MONTH:
            parts.append(QCoreApplication.translate("Printing", "Not visited this month"))
        if flt.text.strip():
            parts.append(
                QCoreApplication.translate("Printing", "Search: %1").replace("%1", flt.text.strip())
            )
    orders = {
        Order.VILLAGE: QCoreApplication.translate("Printing", "by village and house number"),
        Order.NAME: QCoreApplication.translate("Printing", "by name of the head of household"),
        Order.ROUTE: QCoreApplication.translate("Printing", "in route order"),
    }
    parts.append(orders[order])
    parts.append(
        texts.count(
            count,
            QCoreApplication.translate("Printing", "%1 household"),
            QCoreApplication.translate("Printing", "%1 households"),
        )
    )
    return texts.SEPARATOR.join(parts)


def totals(data: VisitListData) -> str:
    return (
        QCoreApplication.translate(
            "Printing", "Total: %1 households, %2 persons, %3 BHYT cards expiring by %4."
        )
        .replace("%1", str(len(data.households)))
        .replace("%2", str(data.persons))
        .replace("%3", str(data.expiring_cards))
        .replace("%4", format_date(data.expiry_until))
    )


def build(data: VisitListData, description: str, landscape: bool = False) -> Document:
    outcomes = outcome_labels()
    rows = [_row(n, h, data, outcomes, landscape) for n, h in enumerate(data.households, start=1)]
    legend = QCoreApplication.translate(
        "Printing",
        "Bold: BHYT card expiring within %1 days, or follow-up due. Never visited: no visit recorded.",
    ).replace("%1", str(data.expiring_days))
    body_font = Font(8) if landscape else Font(7.5)
    blocks: list[Block] = [
        Table(
            columns(landscape),
            rows,
            font=body_font,
            min_row_height=ROW_HEIGHT,
            keep_last_with_next=True,
        ),
        KeepTogether(
            [
                Spacer(3 * MM),
                Paragraph(totals(data), Font(10, bold=True)),
                Paragraph(f"{texts.status_legend()} {legend}", Font(8), space_before=1 * MM),
            ]
        ),
    ]
    return Document(
        title=QCoreApplication.translate("Printing", "Household visit list"),
        header_lines=[texts.header_line(data.header), description],
        blocks=blocks,
        page_format=texts.page_format(),
        landscape=landscape,
    )
