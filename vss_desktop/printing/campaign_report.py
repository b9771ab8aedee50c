"""The campaign report: one page with a campaign's tally, to sign and hand in (issue 5 item 3).

The numbers are :func:`vss_desktop.store.metrics.campaign_tally` over the campaign's days,
counted from the visits on this laptop; nothing on the page is typed in.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from vss_core.enums import Metric
from vss_core.formatting import format_date, format_datetime_local, format_money
from vss_desktop.labels import metric_labels
from vss_desktop.printing import texts
from vss_desktop.printing.blocks import (
    Align,
    Column,
    KeepTogether,
    Para,
    Paragraph,
    Row,
    SignatureBoxes,
    Spacer,
    Table,
)
from vss_desktop.printing.data import CampaignReportData
from vss_desktop.printing.fonts import Font
from vss_desktop.printing.layout import MM, Block
from vss_desktop.printing.render import Document


def count_text(value: int) -> str:
    """A count with dot thousands separators, as the rest of the app writes them."""
    return f"{value:,}".replace(",", ".")


def value_text(metric: Metric, value: int) -> str:
    return format_money(value) if metric is Metric.AMOUNT_COLLECTED else count_text(value)


def dates_line(data: CampaignReportData) -> str:
    return (
        QCoreApplication.translate("Printing", "From %1 to %2 (%3 days)")
        .replace("%1", format_date(data.start))
        .replace("%2", format_date(data.end))
        .replace("%3", str(data.days))
    )


def _table(data: CampaignReportData) -> Table:
    names = metric_labels()
    columns = [
        Column(QCoreApplication.translate("Printing", "No."), 6, Align.RIGHT),
        Column(QCoreApplication.translate("Printing", "Result"), 64),
        Column(QCoreApplication.translate("Printing", "Total"), 24, Align.RIGHT),
    ]
    rows = [
        Row([str(n), names[m], value_text(m, data.counts[m])], key=m.value)
        for n, m in enumerate(Metric, start=1)
    ]
    total = QCoreApplication.translate("Printing", "Total new participants (1 + 2)")
    # Rows 1 and 2: Metric lists household BHYT and voluntary SI first.
    rows.append(
        Row(
            ["", [Para(total, bold=True)], [Para(count_text(data.new_participants), bold=True)]],
            key="total",
        )
    )
    return Table(columns, rows, font=Font(10), head_font=Font(9, bold=True), min_row_height=8 * MM)


def build(data: CampaignReportData) -> Document:
    visits = (
        QCoreApplication.translate("Printing", "Visits: %1 to %2 households.")
        .replace("%1", count_text(data.visits))
        .replace("%2", count_text(data.households))
    )
    counted = QCoreApplication.translate(
        "Printing",
        "Counted on %1 from the visits recorded on this laptop: each person once per result;"
        " deleted visits are left out.",
    ).replace("%1", format_datetime_local(data.counted_at))
    blocks: list[Block] = [Paragraph(dates_line(data), Font(11, bold=True), space_after=3 * MM)]
    if data.notes:
        notes = QCoreApplication.translate("Printing", "Notes: %1").replace("%1", data.notes)
        blocks.append(Paragraph(notes, Font(9), space_after=3 * MM))
    blocks += [
        _table(data),
        KeepTogether(
            [
                Spacer(3 * MM),
                Paragraph(visits, Font(10, bold=True)),
                Paragraph(counted, Font(8), space_before=1 * MM),
                Spacer(10 * MM),
                SignatureBoxes(
                    [
                        QCoreApplication.translate("Printing", "Collector"),
                        QCoreApplication.translate("Printing", "Supervisor"),
                    ],
                    QCoreApplication.translate("Printing", "(signature and full name)"),
                ),
            ]
        ),
    ]
    title = QCoreApplication.translate("Printing", "Campaign report: %1").replace("%1", data.name)
    return Document(
        title=title,
        header_lines=[texts.header_line(data.header)],
        blocks=blocks,
        page_format=texts.page_format(),
    )
