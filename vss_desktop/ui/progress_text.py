"""How progress reads: counts and money of a metric, and the names of periods.

Shared by the progress dialog, its chart, the targets form and the campaign tally. The
period names keep the "ProgressView" translation context they always had.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from vss_core.enums import Metric, PeriodKind
from vss_core.formatting import format_money


def count_text(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def value_text(metric: Metric, value: int) -> str:
    """A metric's number as the collector reads it: people, or 105.300 ₫."""
    return format_money(value) if metric is Metric.AMOUNT_COLLECTED else count_text(value)


def period_kind_labels() -> dict[str, str]:
    return {
        PeriodKind.MONTH: QCoreApplication.translate("ProgressView", "Month"),
        PeriodKind.QUARTER: QCoreApplication.translate("ProgressView", "Quarter"),
        PeriodKind.YEAR: QCoreApplication.translate("ProgressView", "Year"),
    }


def period_name(kind: PeriodKind, start: date) -> str:
    """'Month 05/2026', 'Quarter 2/2026', 'Year 2026'."""
    if kind is PeriodKind.MONTH:
        return QCoreApplication.translate("ProgressView", "Month %1").replace(
            "%1", f"{start.month:02d}/{start.year}"
        )
    if kind is PeriodKind.QUARTER:
        return (
            QCoreApplication.translate("ProgressView", "Quarter %1/%2")
            .replace("%1", str((start.month - 1) // 3 + 1))
            .replace("%2", str(start.year))
        )
    return QCoreApplication.translate("ProgressView", "Year %1").replace("%1", str(start.year))
