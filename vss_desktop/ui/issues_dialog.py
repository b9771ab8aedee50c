"""Changes the server did not take as sent: conflicts to settle and rejected changes.

A conflict shows one row per field: the value on this laptop, the value on the
server, and the collector's choice. "Apply" sends the kept values as a new change
with the next sync. A rejected change shows the server's reason and can be dismissed.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from vss_core.formatting import format_date, format_datetime_local
from vss_desktop import labels
from vss_desktop.store import Store, services
from vss_desktop.sync import overview
from vss_desktop.sync.overview import Issue

log = logging.getLogger(__name__)


def entity_label(entity: str) -> str:
    names = {
        "household": QCoreApplication.translate("IssuesDialog", "Household"),
        "person": QCoreApplication.translate("IssuesDialog", "Member"),
        "visit": QCoreApplication.translate("IssuesDialog", "Visit"),
        "collection": QCoreApplication.translate("IssuesDialog", "Payment result"),
    }
    return names.get(entity, entity)


def field_label(name: str) -> str:
    """The collector's name for a record field (household and member fields merge)."""
    names = {
        "code": QCoreApplication.translate("IssuesDialog", "Household code"),
        "head_name": QCoreApplication.translate("IssuesDialog", "Head of household"),
        "province": QCoreApplication.translate("IssuesDialog", "Province / city"),
        "commune": QCoreApplication.translate("IssuesDialog", "Commune / ward"),
        "village": QCoreApplication.translate("IssuesDialog", "Village / hamlet"),
        "house_number": QCoreApplication.translate("IssuesDialog", "House number"),
        "street": QCoreApplication.translate("IssuesDialog", "Street / hamlet group"),
        "phone": QCoreApplication.translate("IssuesDialog", "Phone"),
        "notes": QCoreApplication.translate("IssuesDialog", "Notes"),
        "collector": QCoreApplication.translate("IssuesDialog", "Collector"),
        "could_afford": QCoreApplication.translate("IssuesDialog", "Could afford to join"),
        "full_name": QCoreApplication.translate("IssuesDialog", "Full name"),
        "date_of_birth": QCoreApplication.translate("IssuesDialog", "Date of birth"),
        "sex": QCoreApplication.translate("IssuesDialog", "Sex"),
        "relation": QCoreApplication.translate("IssuesDialog", "Relation to head"),
        "cccd": QCoreApplication.translate("IssuesDialog", "CCCD number"),
        "bhxh_code": QCoreApplication.translate("IssuesDialog", "BHXH code"),
        "bhyt_card_number": QCoreApplication.translate("IssuesDialog", "BHYT card number"),
        "bhyt_expiry": QCoreApplication.translate("IssuesDialog", "Card expiry date"),
        "bhyt_status": QCoreApplication.translate("IssuesDialog", "Insurance status"),
        "vsi_paid_until": QCoreApplication.translate("IssuesDialog", "Voluntary SI paid until"),
        "ethnic_minority": QCoreApplication.translate("IssuesDialog", "Ethnic minority"),
        "poor": QCoreApplication.translate("IssuesDialog", "Poor household"),
        "near_poor": QCoreApplication.translate("IssuesDialog", "Near-poor household"),
    }
    return names.get(name, name)


DATE_FIELDS = ("date_of_birth", "bhyt_expiry", "vsi_paid_until")


def field_value(name: str, value: Any) -> str:
    if value is None or value == "":
        return QCoreApplication.translate("IssuesDialog", "(empty)")
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("IssuesDialog", "Yes")
            if value
            else QCoreApplication.translate("IssuesDialog", "No")
        )
    if name in DATE_FIELDS and isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value[:10]))
        except ValueError:
            return value
    tables = {
        "sex": labels.sex_labels,
        "relation": labels.relation_labels,
        "bhyt_status": labels.bhyt_status_labels,
    }
    if name in tables:
        return labels.label(tables[name](), str(value))
    return str(value)


def rejection_reason(issue: Issue) -> str:
    reasons = {
        "out_of_scope": QCoreApplication.translate(
            "IssuesDialog", "This household is not assigned to you (any more)."
        ),
        "not_author": QCoreApplication.translate(
            "IssuesDialog", "Only the collector who recorded it can change it."
        ),
        "deleted": QCoreApplication.translate(
            "IssuesDialog", "This record was deleted on the server."
        ),
        "unknown_record": QCoreApplication.translate(
            "IssuesDialog", "This record is not on the server."
        ),
        "already_exists": QCoreApplication.translate(
            "IssuesDialog", "The server already has a record with this number."
        ),
        "immutable_field": QCoreApplication.translate(
            "IssuesDialog", "A record cannot move to another household."
        ),
        "bad_reference": QCoreApplication.translate(
            "IssuesDialog", "It refers to a person or visit the server does not have."
        ),
        "invalid_fields": QCoreApplication.translate(
            "IssuesDialog", "The server found a value it cannot accept."
        ),
        "invalid_value": QCoreApplication.translate(
            "IssuesDialog", "The server found a value it cannot accept."
        ),
    }
    return reasons.get(issue.error_code, issue.error_message or issue.error_code)


class IssuesDialog(QDialog):
    changed = Signal()  # something was resolved or dismissed

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.issues: list[Issue] = []
        self.choices: dict[str, QButtonGroup] = {}
        self.setWindowTitle(self.tr("Conflicts and rejected changes"))
        self.resize(900, 520)

        self.list = QListWidget()
        self.list.setObjectName("issueList")
        self.list.currentRowChanged.connect(self._show_issue)
        list_label = QLabel(self.tr("&Needs attention:"))
        list_label.setBuddy(self.list)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(list_label)
        left_layout.addWidget(self.list)

        self.title = QLabel()
        self.title.setObjectName("issueTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600;")
        self.explanation = QLabel()
        self.explanation.setObjectName("issueExplanation")
        self.explanation.setWordWrap(True)
        self.fields_area = QScrollArea()
        self.fields_area.setWidgetResizable(True)
        self.fields_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.apply_button = QPushButton(self.tr("&Apply my choices"))
        self.apply_button.setObjectName("applyButton")
        self.apply_button.clicked.connect(self.apply)
        self.dismiss_button = QPushButton(self.tr("&Dismiss"))
        self.dismiss_button.setObjectName("dismissButton")
        self.dismiss_button.clicked.connect(self.dismiss)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.apply_button)
        actions.addWidget(self.dismiss_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.explanation)
        right_layout.addWidget(self.fields_area, 1)
        right_layout.addLayout(actions)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([300, 600])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        close.setAutoDefault(False)
        for button in (self.apply_button, self.dismiss_button):
            button.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.reload()
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- the list --------------------------------------------------------------------

    def reload(self) -> None:
        self.issues = overview.open_issues(self.store)
        self.list.blockSignals(True)
        self.list.clear()
        for issue in self.issues:
            kind = (
                self.tr("Conflict")
                if issue.kind == "conflict"
                else self.tr("Rejected by the server")
            )
            who = issue.label or self.tr("(no longer on this laptop)")
            text = f"{kind}\n{entity_label(issue.entity)}: {who}\n{format_datetime_local(issue.recorded_at)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, issue.seq)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.issues:
            self.list.setCurrentRow(0)
            self._show_issue(0)
        else:
            self._show_issue(-1)

    def current_issue(self) -> Issue | None:
        row = self.list.currentRow()
        return self.issues[row] if 0 <= row < len(self.issues) else None

    def _show_issue(self, row: int) -> None:
        issue = self.issues[row] if 0 <= row < len(self.issues) else None
        self.choices = {}
        self.fields_area.setWidget(QWidget())
        self.apply_button.setVisible(issue is not None and issue.kind == "conflict")
        self.dismiss_button.setVisible(issue is not None and issue.kind != "conflict")
        if issue is None:
            self.title.setText(self.tr("Nothing needs your attention."))
            self.explanation.clear()
            return
        who = issue.label or self.tr("(no longer on this laptop)")
        self.title.setText(f"{entity_label(issue.entity)}: {who}")
        if issue.kind != "conflict":
            self.explanation.setText(
                self.tr("The server did not accept this change: %1").replace(
                    "%1", rejection_reason(issue)
                )
            )
            return
        self.explanation.setText(
            self.tr(
                "Someone changed these fields on the server while you changed them here. "
                "Choose which value to keep for each field, then apply."
            )
        )
        self.fields_area.setWidget(self._conflict_grid(issue))

    def _conflict_grid(self, issue: Issue) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        headers = (
            self.tr("Field"),
            self.tr("On this laptop"),
            self.tr("On the server"),
            self.tr("Keep"),
        )
        for column, text in enumerate(headers):
            header = QLabel(text)
            header.setStyleSheet("font-weight: 600;")
            grid.addWidget(header, 0, column, 1, 2 if column == 3 else 1)
        for row, conflict in enumerate(issue.conflicts, start=1):
            grid.addWidget(QLabel(field_label(conflict.field)), row, 0)
            for column, value in ((1, conflict.mine), (2, conflict.server)):
                label = QLabel(field_value(conflict.field, value))
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(label, row, column)
            mine = QRadioButton(self.tr("Mine"))
            mine.setObjectName(f"keepMine_{conflict.field}")
            theirs = QRadioButton(self.tr("The server's"))
            theirs.setObjectName(f"keepServer_{conflict.field}")
            theirs.setChecked(True)  # changing nothing is the safe default
            group = QButtonGroup(box)
            group.addButton(mine, 1)
            group.addButton(theirs, 0)
            self.choices[conflict.field] = group
            grid.addWidget(mine, row, 3)
            grid.addWidget(theirs, row, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(issue.conflicts) + 1, 1)
        return box

    # --- settling ------------------------------------------------------------------------

    def keep_mine(self, field: str, mine: bool = True) -> None:
        """Choose a value for one field of the conflict shown (tests and shortcuts)."""
        group = self.choices[field]
        group.button(1 if mine else 0).setChecked(True)

    def apply(self) -> None:
        issue = self.current_issue()
        if issue is None or issue.kind != "conflict":
            return
        kept = [name for name, group in self.choices.items() if group.checkedId() == 1]
        # NotFound: settled meanwhile (another window): just refresh.
        with contextlib.suppress(services.NotFound):
            overview.resolve_conflict(self.store, issue.seq, keep_mine=kept)
        log.info(
            "conflict %d settled, kept %d of %d fields", issue.seq, len(kept), len(self.choices)
        )
        self._after_change()

    def dismiss(self) -> None:
        issue = self.current_issue()
        if issue is None:
            return
        with contextlib.suppress(services.NotFound):
            overview.dismiss_issue(self.store, issue.seq)
        self._after_change()

    def _after_change(self) -> None:
        row = self.list.currentRow()
        self.reload()
        if self.issues:
            self.list.setCurrentRow(min(row, len(self.issues) - 1))
        self.changed.emit()
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
