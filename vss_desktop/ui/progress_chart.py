"""The day-by-day bar chart of the progress dialog, painted with QPainter
(PySide6-Essentials has no QtCharts). Left/Right/Home/End or a click pick a day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from vss_core.formatting import format_date, format_money
from vss_desktop.printing.render import _NoneRefGuard
from vss_desktop.ui.progress_text import count_text

BAR_COLOR = "#4a90d9"


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
