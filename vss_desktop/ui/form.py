"""What the data-entry dialogs share: inline feedback and keyboard behaviour.

:class:`FormFeedback` maps each field name to its widget and the
:class:`~vss_desktop.ui.widgets.FeedbackLabel` under it, shows a
:data:`~vss_core.validation.Problems` dict inline and moves the focus
to the first field with an error.

:class:`FormDialog` is the base of the household, member and visit dialogs:
fields are validated as the collector types or leaves them; the tab order is
the order in which fields are added; Enter moves to the next field (and saves
from the last one); Ctrl+S, Ctrl+Enter or the Save button save; Esc cancels,
asking first when something was typed. Errors block saving, warnings do not;
problems the store raises (``services.ValidationFailed``) are shown the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from vss_core import plausibility, vietnam_time
from vss_core.identifiers import Problem, Severity
from vss_core.validation import Problems, has_errors
from vss_desktop.store import services
from vss_desktop.ui.widgets import DateField, FeedbackLabel, MoneyField

log = logging.getLogger(__name__)

T = TypeVar("T")

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
NOTES_MAX = 2000  # characters, as the records allow
# Record field names the domain checks use -> the form field that shows their problems.
FIELD_ALIASES = {"visited_at": "visit_date"}
# Form date fields -> the record field whose plausible range they allow.
_DATE_RANGE_OF = {"head_date_of_birth": "date_of_birth"}


def merge(into: Problems, extra: Problems) -> Problems:
    """Add ``extra`` to ``into`` without repeating a problem; returns ``into``."""
    for name, items in extra.items():
        bucket = into.setdefault(name, [])
        bucket.extend(p for p in items if p not in bucket)
    return into


def parse_or_flag(problems: Problems, name: str, parse: Callable[[], T], code: str) -> T | None:
    """``parse()``, or None plus a ``code`` problem on ``name`` when it raises ValueError."""
    try:
        return parse()
    except ValueError:
        problems.setdefault(name, []).append(Problem(code))
        return None


def date_value(problems: Problems, name: str, field: DateField) -> date | None:
    """The field's date; None plus a problem when it is no date or outside its range."""
    value = parse_or_flag(problems, name, field.value, "date.invalid")
    if value is None or field.in_range(value):
        return value
    low, high = field.earliest or date.min, field.latest or date.max
    problems.setdefault(name, []).append(
        Problem("date.out_of_range", params={"min": low.isoformat(), "max": high.isoformat()})
    )
    return None


def set_date_range(name: str, field: DateField, today: date | None = None) -> None:
    """Give a date field the plausible range of the record field it edits, if it has one."""
    limits = plausibility.date_range(_DATE_RANGE_OF.get(name, name), today or vietnam_time.today())
    if limits is not None:
        field.set_range(*limits)


def aliased(problems: Problems) -> Problems:
    """Problems under the form's field names (``visited_at`` is shown at the visit date)."""
    out: Problems = {}
    for name, items in problems.items():
        bucket = out.setdefault(FIELD_ALIASES.get(name, name), [])
        bucket.extend(p for p in items if p not in bucket)
    return out


def money_value(problems: Problems, name: str, field: MoneyField) -> int:
    return parse_or_flag(problems, name, field.value, "amount.invalid") or 0


def check_length(problems: Problems, name: str, text: str, limit: int = NOTES_MAX) -> None:
    """Multi-line fields have no max length of their own: flag text the record cannot hold."""
    if len(text) > limit:
        problems.setdefault(name, []).append(Problem("text.too_long", params={"max": str(limit)}))


def compact_width(widget: QWidget, sample: str) -> None:
    """Keep short fields (dates, times, amounts) about as wide as what they hold."""
    widget.setMaximumWidth(widget.fontMetrics().horizontalAdvance(sample) + 28)


class FormFeedback:
    """Field registry: name -> (widget, feedback label); several names may share a label."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, FeedbackLabel]] = {}

    def add(self, name: str, widget: QWidget, feedback: FeedbackLabel) -> None:
        self._fields[name] = (widget, feedback)

    def names(self) -> list[str]:
        return list(self._fields)

    def widget(self, name: str) -> QWidget:
        return self._fields[name][0]

    def feedback(self, name: str) -> FeedbackLabel:
        return self._fields[name][1]

    def show(
        self, problems: Problems, visible: Callable[[str], bool] = lambda _n: True
    ) -> Problems:
        """Show each visible field's problems under it; return the problems no field owns."""
        problems = aliased(problems)
        per_label: dict[int, tuple[FeedbackLabel, list[Problem]]] = {}
        for name, (_widget, feedback) in self._fields.items():
            _label, items = per_label.setdefault(id(feedback), (feedback, []))
            if visible(name):
                items.extend(p for p in problems.get(name, []) if p not in items)
        for feedback, items in per_label.values():
            items.sort(key=lambda p: p.severity is not Severity.ERROR)  # errors first
            feedback.show_problems(items)
        return {name: items for name, items in problems.items() if name not in self._fields}

    def first_error(self, problems: Problems) -> QWidget | None:
        """The first enabled field, in form order, with an error (not just a warning)."""
        problems = aliased(problems)
        for name, (widget, _feedback) in self._fields.items():
            errors = [p for p in problems.get(name, []) if p.severity is Severity.ERROR]
            if errors and widget.isEnabled():
                return widget
        return None

    def focus_first_error(self, problems: Problems) -> bool:
        widget = self.first_error(problems)
        if widget is None:
            return False
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        return True


def _state(widget: QWidget) -> object:
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    return None


class FormDialog(QDialog):
    """Base of the data-entry dialogs; subclasses implement :meth:`validate` and :meth:`write`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved_id: str | None = None
        self.fields = FormFeedback()
        self._order: list[QWidget] = []  # focus stops, top to bottom
        self._watched: list[tuple[QObject, QWidget]] = []  # (object filtered, its field)
        self._touched: set[str] = set()
        self._show_all = False  # after a save attempt every problem is shown
        self._ready = False
        self._initial: list[object] = []

        self.general = FeedbackLabel()  # problems that belong to no single field
        self.general.setObjectName("generalFeedback")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(QCoreApplication.translate("FormDialog", "&Save"))
        self.save_button.setToolTip(QCoreApplication.translate("FormDialog", "Save (Ctrl+S)"))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(QCoreApplication.translate("FormDialog", "Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.save)

    # --- building ---------------------------------------------------------------

    def add_row(
        self, form: QFormLayout, text: str, fields: list[tuple[str, QWidget]]
    ) -> FeedbackLabel:
        """A labelled row: the field(s) side by side, their shared message underneath."""
        feedback = FeedbackLabel()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if len(fields) == 1:
            column.addWidget(fields[0][1])
        else:
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            for _name, widget in fields:
                row.addWidget(widget)
            row.addStretch(1)
            column.addLayout(row)
        column.addWidget(feedback)
        first = fields[0][1]
        box.setFocusProxy(first)
        label = QLabel(text)
        label.setBuddy(first)
        form.addRow(label, box)
        for name, widget in fields:
            self.register(name, widget, feedback)
        return feedback

    def register(self, name: str, widget: QWidget, feedback: FeedbackLabel) -> None:
        """Make ``widget`` a field: validated, in the tab order, Enter moves on."""
        self.fields.add(name, widget, feedback)
        if isinstance(widget, DateField):
            set_date_range(name, widget)
        if widget not in self._order:
            self._order.append(widget)
        watched: list[QObject] = [widget]
        if isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _i, n=name: self._touch(n))
            line = widget.lineEdit()  # None unless the combo box is editable
            if widget.isEditable() and line is not None:
                widget.editTextChanged.connect(lambda _t, n=name: self._edited(n))
                line.editingFinished.connect(lambda n=name: self._touch(n))
                watched.append(line)
        elif isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _t, n=name: self._edited(n))
            widget.editingFinished.connect(lambda n=name: self._touch(n))
        elif isinstance(widget, QAbstractButton):
            widget.toggled.connect(lambda _c, n=name: self._touch(n))
        elif isinstance(widget, QPlainTextEdit):
            widget.setTabChangesFocus(True)
            widget.textChanged.connect(lambda n=name: self._edited(n))
        for obj in watched:
            self._watched.append((obj, widget))
            obj.installEventFilter(self)

    def finish_setup(self) -> None:
        """Call at the end of the subclass constructor: tab order, first focus, baseline."""
        chain = [*self._order, self.save_button, self.cancel_button]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self._initial = self._snapshot()
        self._ready = True
        first = self._stops()
        if first:
            first[0].setFocus(Qt.FocusReason.OtherFocusReason)

    # --- subclass hooks -----------------------------------------------------------

    def validate(self) -> Problems:
        """Problems of the values currently in the form (parse errors included)."""
        raise NotImplementedError

    def write(self) -> str:
        """Save through the services; return the saved record's id."""
        raise NotImplementedError

    def map_service_problems(self, problems: Problems) -> Problems:
        """Rename the store's field names to this form's, where they differ."""
        return problems

    # --- validation -------------------------------------------------------------

    def _live(self) -> bool:
        """False while the dialog is being torn down (focus-out signals still arrive then)."""
        return self._ready and all(shiboken6.isValid(w) for w in (self, self.general, *self._order))

    def _edited(self, name: str) -> None:
        if self._live():
            self.revalidate()

    def _touch(self, name: str) -> None:
        if self._live():
            self._touched.add(name)
            self.revalidate()

    def revalidate(self) -> Problems:
        problems = self.validate()
        self.display(problems)
        return problems

    def display(self, problems: Problems) -> None:
        """Show problems of fields already visited (all of them after a save attempt)."""
        orphans = self.fields.show(problems, lambda n: self._show_all or n in self._touched)
        shown = [p for items in orphans.values() for p in items] if self._show_all else []
        self.general.show_problems(shown)

    def show_error(self, text: str) -> None:
        self.general.setStyleSheet("color: #b00020;")
        self.general.setText(text)
        self.general.setVisible(True)

    # --- saving and leaving ---------------------------------------------------------

    def save(self) -> None:
        if self.saved_id is not None:
            return
        self._show_all = True
        problems = self.revalidate()
        if has_errors(problems):
            self.fields.focus_first_error(problems)
            return
        try:
            saved_id = self.write()
        except services.ValidationFailed as exc:
            problems = merge(dict(problems), self.map_service_problems(exc.problems))
            self.display(problems)
            self.fields.focus_first_error(problems)
            return
        except services.NotFound:
            self.show_error(
                QCoreApplication.translate(
                    "FormDialog", "This record was deleted meanwhile; nothing was saved."
                )
            )
            return
        except Exception as exc:  # noqa: BLE001 - a disk or database failure must not crash the form
            log.error("saving %s failed: %s", type(self).__name__, type(exc).__name__)
            self.show_error(
                QCoreApplication.translate(
                    "FormDialog", "Nothing was saved: the database could not be written. Try again."
                )
            )
            return
        self.saved_id = saved_id
        log.info("%s saved record %s", type(self).__name__, saved_id)
        self.accept()

    def _snapshot(self) -> list[object]:
        return [_state(widget) for widget in self._order]

    def is_dirty(self) -> bool:
        return self._ready and self._snapshot() != self._initial

    def confirm_discard(self) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.windowTitle())
        box.setText(
            QCoreApplication.translate("FormDialog", "Close the form and lose what you typed?")
        )
        discard = box.addButton(
            QCoreApplication.translate("FormDialog", "&Discard"),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        keep = box.addButton(
            QCoreApplication.translate("FormDialog", "&Keep editing"),
            QMessageBox.ButtonRole.RejectRole,
        )
        box.setDefaultButton(discard)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() == discard

    def reject(self) -> None:
        if self.saved_id is None and self.is_dirty() and not self.confirm_discard():
            return
        super().reject()

    # --- keyboard -------------------------------------------------------------

    def _stops(self) -> list[QWidget]:
        return [w for w in self._order if w.isEnabled() and w.isVisibleTo(self)]

    def field_focused(self, widget: QWidget) -> None:
        """Called when a field gets the focus (the visit dialog scrolls it into view)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and self._live():
            widget = next((w for obj, w in self._watched if obj == watched), None)
            if widget is not None:
                self.field_focused(widget)
        elif (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER_KEYS
            and event.modifiers() in _PLAIN
        ):
            widget = next((w for obj, w in self._watched if obj == watched), None)
            if widget is not None and not isinstance(widget, QPlainTextEdit):
                self._enter_pressed(widget)
                return True
        return super().eventFilter(watched, event)

    def _enter_pressed(self, widget: QWidget) -> None:
        """Enter moves to the next field; from the last field it saves."""
        stops = self._stops()
        if widget not in stops or widget == stops[-1]:
            self.save()
            return
        stops[stops.index(widget) + 1].setFocus(Qt.FocusReason.TabFocusReason)


def choice_combo(
    choices: dict[str, str], *, blank: str | None = None, placeholder: str = ""
) -> QComboBox:
    """A non-editable combo of coded choices; ``blank`` adds an empty first choice,
    ``placeholder`` starts with nothing chosen (the collector must pick one)."""
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, "")
    for code, text in choices.items():
        combo.addItem(text, str(code))
    if placeholder:
        combo.setPlaceholderText(placeholder)
        combo.setCurrentIndex(-1)
    return combo


def select_data(combo: QComboBox, value: object) -> None:
    combo.setCurrentIndex(combo.findData(value))
