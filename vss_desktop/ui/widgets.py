"""Small input widgets for keyboard-first forms: dates, money, inline feedback."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from vss_desktop.domain.identifiers import Problem, Severity
from vss_desktop.formatting import format_date, format_money, parse_date
from vss_desktop.ui.labels import problem_message


class DateField(QLineEdit):
    """A dd/mm/yyyy date that may be empty; also accepts 8 digits typed as ddmmyyyy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(QCoreApplication.translate("Widgets", "dd/mm/yyyy"))
        self.setMaxLength(10)
        self.editingFinished.connect(self._tidy)

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


class FeedbackLabel(QLabel):
    """The inline message under a field: red for errors, amber for warnings."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
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
