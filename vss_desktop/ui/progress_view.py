"""Targets and progress (issue 5 item 2): a period's numbers against its targets.

One row per metric: what was done (counted from the recorded visits by store.metrics,
never typed in), the target (the supervisor's from the server wins over one set on this
laptop) and a bar. Under the rows, the selected metric day by day, painted by
:class:`DailyChart` (PySide6-Essentials has no QtCharts). Every read runs in the
TaskRunner worker. PgUp/PgDn or Alt+Left/Alt+Right move a period back or forward.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import cast

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QRegularExpressionValidator,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from vss_core.enums import Metric, PeriodKind
from vss_core.formatting import format_date, format_money
from vss_core.identifiers import Problem
from vss_core.validation import Problems
from vss_desktop import labels
from vss_desktop.printing.render import _NoneRefGuard
from vss_desktop.store import Store, metrics, targets
from vss_desktop.store.models import Target
from vss_desktop.store.today import add_months
from vss_desktop.ui.form import FormDialog, compact_width
from vss_desktop.ui.tasks import TaskRunner
from vss_desktop.ui.widgets import MoneyField

PERIOD_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}
BAR_STEPS = 1000  # QProgressBar holds an int: the bar shows per mille of the target
BAR_COLOR = "#4a90d9"
REACHED_COLOR = "#2e7d32"
COUNT_DIGITS = 9  # a count target of up to 999.999.999 people (with separators: 11 chars)


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


def shift_period(kind: PeriodKind, start: date, steps: int) -> tuple[date, date]:
    """The period ``steps`` periods after (before, when negative) the one starting ``start``."""
    return metrics.period_bounds(kind, add_months(start, steps * PERIOD_MONTHS[kind]))


def bar_value(fraction: float) -> int:
    return min(BAR_STEPS, math.floor(fraction * BAR_STEPS))


def percent_text(fraction: float) -> str:
    """Whole percent, rounded down: 100% only once the target is reached."""
    percent = f"{math.floor(fraction * 100)}%"
    if fraction >= 1:
        return QCoreApplication.translate("ProgressView", "%1 · target reached").replace(
            "%1", percent
        )
    return percent


# --- the daily chart -------------------------------------------------------------------


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 × 10^k at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


@dataclass(frozen=True)
class ChartGeometry:
    plot: QRectF  # where the bars stand; the baseline is its bottom
    top: int  # the value at the top of the plot
    slot: float  # horizontal room of one day
    bars: list[QRectF]  # one per day, zero height for zero
    labelled: list[int]  # days whose dd/mm is written under the axis


class DailyChart(QWidget):
    """Bars per day over a period, painted with QPainter; Left/Right pick a day.

    ``points()`` and ``geometry_now().bars`` are what is painted (tests read them).
    """

    day_chosen = Signal(object, int)  # (date, value) picked with the keyboard or mouse

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[tuple[date, int]] = []
        self._money = False
        self._today: date | None = None
        self._current: int | None = None
        self.setObjectName("dailyChart")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Day by day"))

    # --- data ---------------------------------------------------------------------------

    def set_series(
        self, points: Sequence[tuple[date, int]], money: bool, today: date | None = None
    ) -> None:
        self._points = list(points)
        self._money = money
        self._today = today
        self._current = None
        self.update()

    def points(self) -> list[tuple[date, int]]:
        return list(self._points)

    def values(self) -> list[int]:
        return [v for _d, v in self._points]

    def current(self) -> tuple[date, int] | None:
        return None if self._current is None else self._points[self._current]

    def choose(self, index: int) -> None:
        if not self._points:
            return
        self._current = max(0, min(index, len(self._points) - 1))
        self.update()
        day, value = self._points[self._current]
        self.day_chosen.emit(day, value)

    def value_label(self, value: int) -> str:
        return format_money(value) if self._money else count_text(value)

    # --- geometry -----------------------------------------------------------------------

    def geometry_now(self) -> ChartGeometry:
        fm = self.fontMetrics()
        line = fm.height()
        top = nice_ceiling(max(self.values(), default=0))
        left = max(fm.horizontalAdvance(self.value_label(top)), fm.horizontalAdvance("0")) + 10
        plot = QRectF(left, line + 6, max(1.0, self.width() - left - 8), 0)
        plot.setBottom(max(plot.top() + 1, self.height() - 2 * line - 4))
        count = len(self._points)
        slot = plot.width() / count if count else plot.width()
        width = max(1.0, slot * 0.7) if slot >= 3 else max(1.0, slot - 0.5)
        bars = []
        for n, (_day, value) in enumerate(self._points):
            height = plot.height() * value / top
            x = plot.left() + n * slot + (slot - width) / 2
            bars.append(QRectF(x, plot.bottom() - height, width, height))
        return ChartGeometry(plot, top, slot, bars, self._labelled_days(slot))

    def _labelled_days(self, slot: float) -> list[int]:
        """Every k-th day when dd/mm fits, else the first day of each month."""
        room = self.fontMetrics().horizontalAdvance("00/00") + 8
        for step in (1, 2, 3, 5, 7, 14):
            if step * slot >= room:
                return list(range(0, len(self._points), step))
        return [n for n, (day, _v) in enumerate(self._points) if day.day == 1]

    # --- painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        # A year is hundreds of void Qt calls per paint: PySide6 6.12.0 drops a reference
        # to None on each (see printing.render._NoneRefGuard), given back after painting.
        guard = _NoneRefGuard()
        try:
            self._paint()
        finally:
            guard.settle()

    def _paint(self) -> None:
        g = self.geometry_now()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        palette = self.palette()
        text = palette.color(palette.ColorRole.WindowText)
        p.fillRect(self.rect(), palette.color(palette.ColorRole.Base))
        fm = self.fontMetrics()
        if self._today is not None:  # days still to come: a lighter background
            future = [n for n, (day, _v) in enumerate(self._points) if day > self._today]
            if future:
                x = g.plot.left() + future[0] * g.slot
                p.fillRect(QRectF(x, g.plot.top(), g.plot.right() - x, g.plot.height()), "#f1f1f1")
        # Grid and value axis: 0, the middle (when a whole number) and the top.
        ticks = [0, g.top // 2, g.top] if g.top % 2 == 0 else [0, g.top]
        for tick in ticks:
            y = g.plot.bottom() - g.plot.height() * tick / g.top
            p.setPen(QPen(QColor("#d6d6d6"), 1))
            p.drawLine(QPointF(g.plot.left(), y), QPointF(g.plot.right(), y))
            p.setPen(text)
            label = self.value_label(tick)
            p.drawText(
                QRectF(0, y - fm.height() / 2, g.plot.left() - 6, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        for n, rect in enumerate(g.bars):
            if rect.height() > 0:
                color = "#0b3d75" if n == self._current else BAR_COLOR
                p.fillRect(rect, QColor(color))
        p.setPen(QPen(text, 1))
        p.drawLine(
            QPointF(g.plot.left(), g.plot.bottom()), QPointF(g.plot.right(), g.plot.bottom())
        )
        # Day labels under the axis.
        for n in g.labelled:
            day = self._points[n][0]
            center = g.plot.left() + (n + 0.5) * g.slot
            p.drawLine(QPointF(center, g.plot.bottom()), QPointF(center, g.plot.bottom() + 3))
            p.drawText(
                QRectF(center - 40, g.plot.bottom() + 4, 80, fm.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                day.strftime("%d/%m"),
            )
        # Values over the bars where they fit; the chosen day's always.
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.85))
        p.setFont(small)
        sfm = p.fontMetrics()
        for n, ((_day, value), rect) in enumerate(zip(self._points, g.bars, strict=True)):
            label = self.value_label(value)
            fits = sfm.horizontalAdvance(label) <= g.slot + 2
            if (value and fits) or n == self._current:
                box = QRectF(
                    rect.center().x() - 60, rect.top() - sfm.height() - 1, 120, sfm.height()
                )
                if n == self._current:
                    width = sfm.horizontalAdvance(label) + 6
                    back = QRectF(rect.center().x() - width / 2, box.top(), width, box.height())
                    p.fillRect(back, palette.color(palette.ColorRole.Base))
                p.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, label)
        p.setFont(self.font())
        if not any(self.values()):
            p.drawText(
                g.plot, Qt.AlignmentFlag.AlignCenter, self.tr("Nothing counted in this period.")
            )
        if self.hasFocus():
            p.setPen(QPen(palette.color(palette.ColorRole.Highlight), 1, Qt.PenStyle.DotLine))
            p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        p.end()

    # --- keyboard and mouse -------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        last, current = len(self._points) - 1, self._current
        moves = {
            Qt.Key.Key_Left: last if current is None else current - 1,
            Qt.Key.Key_Right: 0 if current is None else current + 1,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: last,
        }
        key = Qt.Key(event.key())
        if plain and key in moves and self._points:
            self.choose(moves[key])
            event.accept()
            return
        super().keyPressEvent(event)

    def _index_at(self, x: float) -> int | None:
        g = self.geometry_now()
        if not self._points or not g.plot.left() <= x < g.plot.right():
            return None
        return min(len(self._points) - 1, int((x - g.plot.left()) / g.slot))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        index = self._index_at(event.position().x())
        if index is not None:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.choose(index)
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            help_event = cast(QHelpEvent, event)
            index = self._index_at(help_event.pos().x())
            if index is None:
                QToolTip.hideText()
            else:
                day, value = self._points[index]
                QToolTip.showText(
                    help_event.globalPos(), f"{format_date(day)}: {self.value_label(value)}", self
                )
            return True
        return super().event(event)


# --- setting targets -------------------------------------------------------------------


class _InTransaction:
    """A stand-in Store whose write() is an open transaction: the form's targets are set
    through store.targets (with its checks) and commit together or not at all."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @contextmanager
    def write(self) -> Iterator[Session]:
        yield self._session


class TargetsDialog(FormDialog):
    """Local targets of one period, one field per metric; an empty field means no target.

    A metric whose target the supervisor set on the server is shown, read-only.
    """

    def __init__(
        self,
        store: Store,
        kind: PeriodKind,
        start: date,
        current: Sequence[Target],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.kind, self.start = store, kind, start
        self.end = metrics.period_bounds(kind, start)[1]
        self.setObjectName("targetsDialog")
        self.setWindowTitle(self.tr("Set targets"))
        self.local: dict[Metric, int] = {}
        server: dict[Metric, int] = {}
        known = {m.value for m in Metric}
        for target in current:
            if target.metric in known:
                into = server if target.source == targets.TargetSource.SERVER else self.local
                into[Metric(target.metric)] = target.value
        self.inputs: dict[Metric, QLineEdit] = {}

        intro = QLabel(
            self.tr("Targets for %1 (%2 – %3). Leave a field empty for no target.")
            .replace("%1", period_name(kind, start))
            .replace("%2", format_date(start))
            .replace("%3", format_date(self.end))
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        names = labels.metric_labels()
        for n, metric in enumerate(Metric, start=1):
            text = f"&{n}. {names[metric]}:"  # Alt+1 … Alt+6, the same in every language
            if metric in server:
                shown = QLabel(
                    self.tr("%1 (set by supervisor)").replace(
                        "%1", value_text(metric, server[metric])
                    )
                )
                shown.setObjectName(f"server_{metric.value}")
                form.addRow(QLabel(text.replace("&", "")), shown)
                continue
            field = self._field(metric)
            self.inputs[metric] = field
            self.add_row(form, text, [(metric.value, field)])
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        if server:
            note = QLabel(
                self.tr("Targets set by the supervisor come from the server with the sync.")
            )
            note.setWordWrap(True)
            note.setStyleSheet("color: #555555;")
            layout.addWidget(note)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.finish_setup()

    def _field(self, metric: Metric) -> QLineEdit:
        value = self.local.get(metric)
        if metric is Metric.AMOUNT_COLLECTED:
            money = MoneyField()
            money.setMaxLength(len(format_money(targets.VALUE_MAX)))
            compact_width(money, "000.000.000.000 ₫")
            if value is not None:
                money.setText(format_money(value))  # 0 is a target too: set_value would blank it
            return money
        field = QLineEdit()
        field.setAlignment(Qt.AlignmentFlag.AlignRight)
        field.setValidator(QRegularExpressionValidator(r"[\d.]{0,11}", field))
        field.setPlaceholderText(self.tr("people"))
        compact_width(field, "000.000.000")
        if value is not None:
            field.setText(count_text(value))
        return field

    def values(self, problems: Problems | None = None) -> dict[Metric, int | None]:
        """The value typed for each editable metric, None when empty."""
        problems = {} if problems is None else problems
        out: dict[Metric, int | None] = {}
        for metric, field in self.inputs.items():
            text = field.text().replace("₫", "").strip()
            digits = re.sub(r"[.\s]", "", text)
            if not digits:
                out[metric] = None
            elif not digits.isdigit() or int(digits) > targets.VALUE_MAX:
                problems.setdefault(metric.value, []).append(Problem("amount.invalid"))
                out[metric] = None
            else:
                out[metric] = int(digits)
        return out

    def validate(self) -> Problems:
        problems: Problems = {}
        self.values(problems)
        return problems

    def write(self) -> str:
        changes = {m: v for m, v in self.values().items() if v != self.local.get(m)}
        with self.store.write() as session:
            within = cast(Store, _InTransaction(session))
            for metric, value in changes.items():
                if value is None:
                    targets.clear_target(within, metric, self.kind, self.start)
                else:
                    targets.set_target(within, metric, self.kind, self.start, value)
        return f"{self.kind.value}:{self.start.isoformat()}"


# --- the view --------------------------------------------------------------------------

COLUMNS = 4  # metric, actual, target, progress


class ProgressDialog(QDialog):
    """Targets and progress of one period; ``collector`` None counts every visit here."""

    loaded = Signal()  # the rows show a period's numbers (tests wait on it)
    series_loaded = Signal()  # the chart shows a metric's days

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        today: date | None = None,
        collector: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today or metrics.local_today()
        self.collector = collector
        self.kind = PeriodKind.MONTH
        self.start, self.end = metrics.period_bounds(self.kind, self.today)
        self.progress: metrics.Progress | None = None
        self.listed: list[Target] = []  # this period's targets, for the form
        self.bars: dict[Metric, QProgressBar] = {}
        self.tasks = TaskRunner(self)
        self.setObjectName("progressDialog")
        self.setWindowTitle(self.tr("Targets and progress"))
        self.resize(940, 640)
        self._build()
        self.reload()

    # --- widgets ------------------------------------------------------------------------

    def _build(self) -> None:
        self.kind_box = QComboBox(objectName="periodKind")
        for kind, text in period_kind_labels().items():
            self.kind_box.addItem(text, kind)
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        kind_label = QLabel(self.tr("&Period:"))
        kind_label.setBuddy(self.kind_box)
        self.previous_button = QPushButton(self.tr("Pre&vious"), objectName="previousPeriod")
        self.previous_button.setToolTip(self.tr("Previous period (PgUp or Alt+Left)"))
        self.next_button = QPushButton(self.tr("&Next"), objectName="nextPeriod")
        self.next_button.setToolTip(self.tr("Next period (PgDn or Alt+Right)"))
        self.this_button = QPushButton(self.tr("&This period"), objectName="thisPeriod")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.this_button.clicked.connect(self.go_to_today)
        for keys, steps in (("PgUp", -1), ("Alt+Left", -1), ("PgDown", 1), ("Alt+Right", 1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(lambda s=steps: self.step(s))
        self.period_label = QLabel(objectName="periodLabel")
        self.period_label.setStyleSheet("font-weight: 600;")
        top = QHBoxLayout()
        top.addWidget(kind_label)
        top.addWidget(self.kind_box)
        top.addSpacing(12)
        top.addWidget(self.previous_button)
        top.addWidget(self.period_label, 1, Qt.AlignmentFlag.AlignCenter)
        top.addWidget(self.next_button)
        top.addWidget(self.this_button)

        self.table = QTableWidget(len(Metric), COLUMNS, objectName="progressTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Result"), self.tr("Actual"), self.tr("Target"), self.tr("Progress")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        names = labels.metric_labels()
        for row, metric in enumerate(Metric):
            item = QTableWidgetItem(names[metric])
            item.setData(Qt.ItemDataRole.UserRole, metric.value)
            self.table.setItem(row, 0, item)
            for column in (1, 2):
                cell = QTableWidgetItem("")
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
            under_bar = QTableWidgetItem("")
            under_bar.setFlags(Qt.ItemFlag.ItemIsEnabled)  # no selection colour behind the bar
            self.table.setItem(row, 3, under_bar)
        rows_height = sum(self.table.rowHeight(r) for r in range(len(Metric)))
        self.table.setFixedHeight(
            rows_height + header.sizeHint().height() + 2 * self.table.frameWidth() + 2
        )
        self.table.currentCellChanged.connect(self._metric_changed)
        self.note = QLabel(
            self.tr("Counted from the visits recorded on this laptop, each person once per period.")
        )
        self.note.setObjectName("progressNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555555;")

        self.chart = DailyChart()
        self.chart_label = QLabel(objectName="chartLabel")
        self.chart_label.setBuddy(self.chart)
        self.caption = QLabel(objectName="chartCaption")
        self.chart.day_chosen.connect(self._day_chosen)
        self.status = QLabel(objectName="progressStatus")
        self.status.setStyleSheet("color: #b00020;")
        self.status.setVisible(False)

        buttons = QDialogButtonBox()
        self.targets_button = QPushButton(self.tr("Set tar&gets…"), objectName="setTargets")
        self.targets_button.clicked.connect(self.set_targets)
        buttons.addButton(self.targets_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        layout.addSpacing(6)
        layout.addWidget(self.chart_label)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in the table must not close the dialog
        self.table.setCurrentCell(0, 0)
        self.table.setFocus()

    # --- the period ---------------------------------------------------------------------

    def step(self, steps: int) -> None:
        self.start, self.end = shift_period(self.kind, self.start, steps)
        self.reload()

    def go_to_today(self) -> None:
        self.start, self.end = metrics.period_bounds(self.kind, self.today)
        self.reload()

    def _kind_changed(self) -> None:
        kind = PeriodKind(self.kind_box.currentData())
        # Stay around what is shown: today when it is in the period, else its first day.
        anchor = self.today if self.start <= self.today <= self.end else self.start
        self.kind = kind
        self.start, self.end = metrics.period_bounds(kind, anchor)
        self.reload()

    def current_metric(self) -> Metric:
        row = max(0, self.table.currentRow())
        return Metric(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole))

    # --- loading ------------------------------------------------------------------------

    def reload(self) -> None:
        kind, start, end, collector = self.kind, self.start, self.end, self.collector
        self.period_label.setText(
            f"{period_name(kind, start)}   ({format_date(start)} – {format_date(end)})"
        )
        self.targets_button.setEnabled(False)  # until this period's targets are read

        def work() -> tuple[metrics.Progress, list[Target]]:
            with self.store.read() as session:
                found = metrics.progress(session, kind, start, collector)
                return found, targets.list_targets(session, kind, start)

        self.tasks.submit(work, self._progress_ready, self._failed, latest="progress")
        self.load_series()

    def load_series(self) -> None:
        metric, start, end, collector = self.current_metric(), self.start, self.end, self.collector
        self.chart_label.setText(
            self.tr("&Day by day: %1").replace("%1", labels.metric_labels()[metric])
        )

        def work() -> tuple[Metric, list[tuple[date, int]]]:
            with self.store.read() as session:
                return metric, metrics.daily_series(session, metric, start, end, collector)

        self.tasks.submit(work, self._series_ready, self._failed, latest="series")

    def _progress_ready(self, result: tuple[metrics.Progress, list[Target]]) -> None:
        self.progress, self.listed = result
        self.status.setVisible(False)
        self.bars = {}
        supervisor = self.tr("set by supervisor")
        for row, metric in enumerate(Metric):
            item = self.progress.metrics[metric]
            self.table.item(row, 1).setText(value_text(metric, item.actual))
            target_cell = self.table.item(row, 2)
            if item.target is None:
                target_cell.setText("—")
                target_cell.setToolTip("")
            elif item.source == targets.TargetSource.SERVER:
                target_cell.setText(f"{value_text(metric, item.target)} ({supervisor})")
                target_cell.setToolTip(
                    self.tr("Set by the supervisor on the server; received with the sync.")
                )
            else:
                target_cell.setText(value_text(metric, item.target))
                target_cell.setToolTip(self.tr("Set on this laptop."))
            self.table.removeCellWidget(row, 3)
            fraction = item.fraction
            if fraction is None:
                text = self.tr("no target") if item.target is None else "—"
                self.table.setCellWidget(row, 3, self._no_bar(text))
            else:
                bar = self._bar(fraction)
                bar.setObjectName(f"bar_{metric.value}")
                self.bars[metric] = bar
                self.table.setCellWidget(row, 3, bar)
        self.targets_button.setEnabled(True)
        self.loaded.emit()

    def _bar(self, fraction: float) -> QProgressBar:
        bar = QProgressBar()
        bar.setRange(0, BAR_STEPS)
        bar.setValue(bar_value(fraction))
        bar.setFormat(percent_text(fraction))
        reached = fraction >= 1
        bar.setProperty("reached", reached)
        chunk = REACHED_COLOR if reached else BAR_COLOR
        color = "white" if reached else "black"
        bar.setStyleSheet(
            "QProgressBar { border: 1px solid #9a9a9a; border-radius: 3px; background: #f3f3f3;"
            f" text-align: center; color: {color}; margin: 3px 6px; }}"
            f" QProgressBar::chunk {{ background-color: {chunk}; border-radius: 2px; }}"
        )
        return bar

    def _no_bar(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("noTarget")
        label.setStyleSheet("color: #777777; padding-left: 8px;")
        return label

    def _series_ready(self, result: tuple[Metric, list[tuple[date, int]]]) -> None:
        metric, points = result
        self.chart.set_series(points, metric is Metric.AMOUNT_COLLECTED, self.today)
        total = sum(v for _d, v in points)
        self.caption.setText(
            self.tr("Total for the period: %1. Left/Right in the chart show one day.").replace(
                "%1", value_text(metric, total)
            )
        )
        self.series_loaded.emit()

    def _day_chosen(self, day: date, value: int) -> None:
        self.caption.setText(f"{format_date(day)}: {value_text(self.current_metric(), value)}")

    def _metric_changed(self, row: int, _column: int, previous: int, _pc: int) -> None:
        if row != previous and row >= 0:
            self.load_series()

    def _failed(self, exc: Exception) -> None:
        self.status.setText(self.tr("The numbers could not be read: %1").replace("%1", str(exc)))
        self.status.setVisible(True)

    # --- targets ------------------------------------------------------------------------

    def set_targets(self) -> None:
        dialog = TargetsDialog(self.store, self.kind, self.start, self.listed, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def done(self, result: int) -> None:
        self.tasks.wait()
        super().done(result)
