"""Targets and progress (issue 5 item 2): a period's numbers against its targets.

One row per metric: what was done (counted from the recorded visits by store.metrics,
never typed in), the target (the supervisor's from the server wins over one set on this
laptop) and a bar. Under the rows, the selected metric day by day (ui/progress_chart);
the form for local targets is ui/targets_dialog. Every read runs in the TaskRunner
worker. PgUp/PgDn or Alt+Left/Alt+Right move a period back or forward.
"""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vss_core.enums import Metric, PeriodKind
from vss_core.formatting import format_date
from vss_core.periods import add_months, period_bounds
from vss_desktop import labels
from vss_desktop.store import Store, metrics, targets
from vss_desktop.store.models import Target
from vss_desktop.ui.progress_chart import BAR_COLOR, DailyChart
from vss_desktop.ui.progress_text import period_kind_labels, period_name, value_text
from vss_desktop.ui.qt_helpers import cell, named
from vss_desktop.ui.targets_dialog import TargetsDialog
from vss_desktop.ui.tasks import TaskRunner

PERIOD_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}
BAR_STEPS = 1000  # QProgressBar holds an int: the bar shows per mille of the target
REACHED_COLOR = "#2e7d32"


def shift_period(kind: PeriodKind, start: date, steps: int) -> tuple[date, date]:
    """The period ``steps`` periods after (before, when negative) the one starting ``start``."""
    return period_bounds(kind, add_months(start, steps * PERIOD_MONTHS[kind]))


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
        self.start, self.end = period_bounds(self.kind, self.today)
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
        self.kind_box = named(QComboBox(), "periodKind")
        for kind, text in period_kind_labels().items():
            self.kind_box.addItem(text, kind)
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        kind_label = QLabel(self.tr("&Period:"))
        kind_label.setBuddy(self.kind_box)
        self.previous_button = named(QPushButton(self.tr("Pre&vious")), "previousPeriod")
        self.previous_button.setToolTip(self.tr("Previous period (PgUp or Alt+Left)"))
        self.next_button = named(QPushButton(self.tr("&Next")), "nextPeriod")
        self.next_button.setToolTip(self.tr("Next period (PgDn or Alt+Right)"))
        self.this_button = named(QPushButton(self.tr("&This period")), "thisPeriod")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.this_button.clicked.connect(self.go_to_today)
        for keys, steps in (("PgUp", -1), ("Alt+Left", -1), ("PgDown", 1), ("Alt+Right", 1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(lambda s=steps: self.step(s))
        self.period_label = named(QLabel(), "periodLabel")
        self.period_label.setStyleSheet("font-weight: 600;")
        top = QHBoxLayout()
        top.addWidget(kind_label)
        top.addWidget(self.kind_box)
        top.addSpacing(12)
        top.addWidget(self.previous_button)
        top.addWidget(self.period_label, 1, Qt.AlignmentFlag.AlignCenter)
        top.addWidget(self.next_button)
        top.addWidget(self.this_button)

        self.table = named(QTableWidget(len(Metric), COLUMNS), "progressTable")
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
                number = QTableWidgetItem("")
                number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, number)
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
        self.chart_label = named(QLabel(), "chartLabel")
        self.chart_label.setBuddy(self.chart)
        self.caption = named(QLabel(), "chartCaption")
        self.chart.day_chosen.connect(self._day_chosen)
        self.status = named(QLabel(), "progressStatus")
        self.status.setStyleSheet("color: #b00020;")
        self.status.setVisible(False)

        buttons = QDialogButtonBox()
        self.targets_button = named(QPushButton(self.tr("Set tar&gets…")), "setTargets")
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
        self.start, self.end = period_bounds(self.kind, self.today)
        self.reload()

    def _kind_changed(self) -> None:
        kind = PeriodKind(self.kind_box.currentData())
        # Stay around what is shown: today when it is in the period, else its first day.
        anchor = self.today if self.start <= self.today <= self.end else self.start
        self.kind = kind
        self.start, self.end = period_bounds(kind, anchor)
        self.reload()

    def current_metric(self) -> Metric:
        row = max(0, self.table.currentRow())
        return Metric(cell(self.table, row, 0).data(Qt.ItemDataRole.UserRole))

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
            cell(self.table, row, 1).setText(value_text(metric, item.actual))
            target_cell = cell(self.table, row, 2)
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
