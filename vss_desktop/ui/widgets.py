"""Small input widgets for keyboard-first forms: dates, money, feedback, scans, suggestions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QLineEdit, QWidget

from vss_core.formatting import format_date, format_money, parse_date
from vss_core.identifiers import Problem, Severity
from vss_desktop.labels import problem_message


def line_edit(combo: QComboBox) -> QLineEdit:
    """The line edit of an editable combo box (Qt gives None for one not editable)."""
    line = combo.lineEdit()
    if line is None:
        raise ValueError("the combo box is not editable")
    return line


class DateField(QLineEdit):
    """A dd/mm/yyyy date that may be empty; also accepts 8 digits typed as ddmmyyyy.

    ``set_range`` gives the dates the field allows (the domain's plausible range); the
    forms refuse a date outside it inline (see vss_desktop.ui.form.date_value).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(QCoreApplication.translate("Widgets", "dd/mm/yyyy"))
        self.setMaxLength(10)
        self.earliest: date | None = None
        self.latest: date | None = None
        self.editingFinished.connect(self._tidy)

    def set_range(self, earliest: date | None, latest: date | None) -> None:
        self.earliest, self.latest = earliest, latest

    def in_range(self, value: date) -> bool:
        return (self.earliest is None or value >= self.earliest) and (
            self.latest is None or value <= self.latest
        )

    def value(self) -> date | None:
        """The date, None when empty; raises ValueError when the text is not a date."""
        text = self.text().strip()
        if not text:
            return None
        if re.fullmatch(r"\d{8}", text):
            text = f"{text[:2]}/{text[2:4]}/{text[4:]}"
        return parse_date(text)

    def is_valid(self) -> bool:
        try:
            self.value()
        except ValueError:
            return False
        return True

    def set_value(self, value: date | None) -> None:
        self.setText(format_date(value))

    def _tidy(self) -> None:
        if self.is_valid():
            self.set_value(self.value())


class MoneyField(QLineEdit):
    """Whole đồng, shown as 105.300 ₫ once the collector leaves the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("0 ₫")
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.editingFinished.connect(self._tidy)

    def value(self) -> int:
        """The amount; 0 when empty; ValueError when anything but digits and separators."""
        text = self.text().replace("₫", "").strip()
        if not text:
            return 0
        if not re.fullmatch(r"[\d.\s]+", text):
            raise ValueError("not an amount")
        return int(re.sub(r"\D", "", text))

    def is_valid(self) -> bool:
        try:
            self.value()
        except ValueError:
            return False
        return True

    def set_value(self, amount: int) -> None:
        self.setText(format_money(amount) if amount else "")

    def _tidy(self) -> None:
        if self.is_valid():
            self.set_value(self.value())


class WrappedLabel(QLabel):
    """A word-wrapped label that keeps the height its lines need.

    A wrapped label inside a form row only reports a one-width size hint: QFormLayout
    does not ask nested rows for their height at the actual width, so a long message
    got drawn over the field above it and cut off (seen under X11). The label asks for
    its height at its width as a minimum, and the dialog grows to make room.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        needed = self.heightForWidth(self.width()) if self.width() > 0 else -1
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)


class FeedbackLabel(WrappedLabel):
    """The inline message under a field: red for errors, amber for warnings."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setVisible(False)
        self.setAccessibleName(QCoreApplication.translate("Widgets", "Field message"))

    def show_problems(self, problems: list[Problem]) -> None:
        if not problems:
            self.clear()
            self.setVisible(False)
            return
        error = any(p.severity is Severity.ERROR for p in problems)
        color = "#b00020" if error else "#8a5a00"
        self.setStyleSheet(f"color: {color};")
        self.setText("\n".join(problem_message(p) for p in problems))
        self.setVisible(True)
        self.changed.emit()


class ScanField(QLineEdit):
    """A line for what a barcode scanner types (it acts as a keyboard and ends with Enter)
    or what is pasted.

    ``submitted`` carries the text when Enter arrives or several characters arrive at
    once (a paste, a drop); ``typing`` tells of the other edits. Enter is consumed here:
    it never reaches the dialog, so it neither moves to the next field nor saves.
    """

    submitted = Signal(str)
    typing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._before = ""
        self._pasting = False
        self.textEdited.connect(self._edited)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.submitted.emit(self.text())
            return
        self._pasting = event.matches(QKeySequence.StandardKey.Paste)
        try:
            super().keyPressEvent(event)
        finally:
            self._pasting = False

    def _edited(self, text: str) -> None:
        # Keys add one character at a time; a paste (or a drop) adds many at once.
        pasted = self._pasting or len(text) - len(self._before) > 1
        self._before = text
        if pasted:
            self.submitted.emit(text)
        else:
            self.typing.emit()

    def setText(self, text: str | None) -> None:
        super().setText(text)
        self._before = text or ""

    def clear(self) -> None:
        super().clear()
        self._before = ""


@dataclass(frozen=True)
class Suggestion:
    text: str  # what goes into the field when picked
    display: str  # what the list shows (may add a hint: an old name, the province)
    data: Any = None


_Index = QModelIndex | QPersistentModelIndex
_TEXT_ROLE = Qt.ItemDataRole.UserRole
_ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # read through the completer's proxy model


class _SuggestionModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Suggestion] = []

    def set_rows(self, rows: list[Suggestion]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display
        if role in (_TEXT_ROLE, Qt.ItemDataRole.EditRole):
            return row.text
        if role == _ROW_ROLE:
            return index.row()
        return None


class SuggestionCompleter(QCompleter):
    """A popup of suggestions that ``suggest`` computes from the typed text.

    Qt does no filtering of its own: ``suggest`` decides what matches (folded text,
    old names) and in which order. ``picked`` carries the :class:`Suggestion` chosen,
    after its ``text`` is in the field.
    """

    picked = Signal(object)

    def __init__(self, edit: QLineEdit, suggest: Callable[[str], list[Suggestion]]) -> None:
        super().__init__(edit)
        self._edit = edit
        self._suggest = suggest
        self._model = _SuggestionModel(self)
        self.setModel(self._model)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompletionRole(_TEXT_ROLE)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(12)
        edit.setCompleter(self)
        # textEdited comes before the line edit asks for completion: the rows are ready.
        edit.textEdited.connect(self.refresh)
        # The QModelIndex overload of activated; PySide6's stubs do not declare indexing a
        # bound signal by its argument type, which is how PySide6 picks an overload.
        self.activated[QModelIndex].connect(self._activated)  # type: ignore[index]

    def suggestions(self) -> list[Suggestion]:
        return list(self._model.rows)

    def refresh(self, text: str | None = None) -> None:
        self._model.set_rows(self._suggest(self._edit.text() if text is None else text))

    def show_now(self) -> None:
        """Refresh and open the list for the text already typed (e.g. once data has loaded)."""
        self.refresh()
        if self._model.rows:
            self.setCompletionPrefix(self._edit.text())
            self.complete()

    def _activated(self, index: QModelIndex) -> None:
        row = index.data(_ROW_ROLE)
        if isinstance(row, int) and 0 <= row < len(self._model.rows):
            chosen = self._model.rows[row]
            self._edit.setText(chosen.text)
            self.picked.emit(chosen)
