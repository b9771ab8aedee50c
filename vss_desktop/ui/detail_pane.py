"""The household detail pane: who lives there, their insurance, and the visit history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vss_core import vietnam_time
from vss_core.formatting import format_date, format_datetime_local, format_money
from vss_desktop import labels
from vss_desktop.store.models import Person
from vss_desktop.store.queries import HouseholdDetail, VisitWithResults
from vss_desktop.ui.record_table import RecordTableModel

RESIZE_PRECISION_ROWS = 30


def _table(model: RecordTableModel[Any], name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Size columns from the first rows only: a long visit history must not be measured
    # whole on every refresh (Qt's default looks at 1,000 rows).
    view.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


class DetailPane(QWidget):
    edit_household_requested = Signal(str)
    add_member_requested = Signal(str)
    edit_member_requested = Signal(str)
    record_visit_requested = Signal(str)
    calculator_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: HouseholdDetail | None = None
        self.today = vietnam_time.today()
        relations, sexes = labels.relation_labels(), labels.sex_labels()
        statuses, outcomes = labels.bhyt_status_labels(), labels.outcome_labels()
        kinds = labels.result_kind_labels()

        self.title = QLabel(self.tr("Choose a household in the list"))
        self.title.setObjectName("detailTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.members = RecordTableModel[Person](
            [
                (self.tr("Full name"), lambda p: p.full_name),
                (self.tr("Relation"), lambda p: labels.label(relations, p.relation)),
                (self.tr("Date of birth"), lambda p: format_date(p.date_of_birth)),
                (self.tr("Sex"), lambda p: labels.label(sexes, p.sex)),
                (self.tr("Insurance"), lambda p: labels.label(statuses, p.bhyt_status)),
                (self.tr("Card expiry"), self._expiry_text),
                (self.tr("BHXH code"), lambda p: p.bhxh_code),
                (self.tr("CCCD"), lambda p: p.cccd),
                (self.tr("Voluntary SI until"), lambda p: format_date(p.vsi_paid_until)),
                (self.tr("Phone"), lambda p: p.phone),
                (self.tr("Support"), self._flags_text),
            ]
        )
        self.visits = RecordTableModel[VisitWithResults](
            [
                (self.tr("When"), lambda v: format_datetime_local(v.visit.visited_at)),
                (self.tr("Outcome"), lambda v: labels.label(outcomes, v.visit.outcome)),
                (self.tr("Amount"), lambda v: format_money(v.visit.amount_collected or None)),
                (self.tr("Receipt"), lambda v: v.visit.receipt_number),
                (self.tr("Follow-up"), lambda v: format_date(v.visit.follow_up_date)),
                (self.tr("Results"), lambda v: self._results_text(v, kinds)),
                (self.tr("Collector"), lambda v: v.visit.collector),
                (self.tr("Notes"), lambda v: v.visit.notes),
            ]
        )
        self.member_view = _table(self.members, "memberTable")
        self.member_view.doubleClicked.connect(lambda _i: self._edit_member())
        self.member_view.activated.connect(lambda _i: self._edit_member())
        self.visit_view = _table(self.visits, "visitTable")

        self.edit_button = QPushButton(self.tr("&Edit household"))
        self.add_member_button = QPushButton(self.tr("&Add member"))
        self.edit_member_button = QPushButton(self.tr("Edit &member"))
        self.visit_button = QPushButton(self.tr("Record &visit"))
        self.visit_button.setDefault(True)
        self.calculator_button = QPushButton(self.tr("&Calculate contribution"))
        self.calculator_button.setObjectName("calculatorButton")
        self.calculator_button.clicked.connect(lambda: self._emit(self.calculator_requested))
        self.edit_button.clicked.connect(lambda: self._emit(self.edit_household_requested))
        self.add_member_button.clicked.connect(lambda: self._emit(self.add_member_requested))
        self.edit_member_button.clicked.connect(self._edit_member)
        self.visit_button.clicked.connect(lambda: self._emit(self.record_visit_requested))

        buttons = QHBoxLayout()
        for b in (
            self.visit_button,
            self.calculator_button,
            self.add_member_button,
            self.edit_member_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)

        members_box = QGroupBox(self.tr("Members"))
        QVBoxLayout(members_box).addWidget(self.member_view)
        visits_box = QGroupBox(self.tr("Visit history"))
        QVBoxLayout(visits_box).addWidget(self.visit_view)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(buttons)
        layout.addWidget(members_box, 3)
        layout.addWidget(visits_box, 2)
        self.show_detail(None)

    def show_detail(self, detail: HouseholdDetail | None) -> None:
        self.detail = detail
        for b in (self.edit_button, self.add_member_button, self.visit_button):
            b.setEnabled(detail is not None)
        self.calculator_button.setEnabled(bool(detail and detail.members))
        self.edit_member_button.setEnabled(bool(detail and detail.members))
        if detail is None:
            self.title.setText(self.tr("Choose a household in the list"))
            self.subtitle.clear()
            self.members.set_records([])
            self.visits.set_records([])
            return
        h = detail.household
        self.title.setText(h.head_name or self.tr("(no head of household)"))
        address = ", ".join(
            part
            for part in (
                (self.tr("No. %1").replace("%1", h.house_number) if h.house_number else ""),
                h.street,
                h.village,
                h.commune,
                h.province,
            )
            if part
        )
        lines = [address]
        facts = []
        if h.code:
            facts.append(self.tr("Household code: %1").replace("%1", h.code))
        if h.phone:
            facts.append(self.tr("Phone: %1").replace("%1", h.phone))
        if facts:
            lines.append(" · ".join(facts))
        if h.notes:
            lines.append(h.notes)
        self.subtitle.setText("\n".join(lines))
        self.members.set_records(detail.members)
        self.visits.set_records(detail.visits)
        if detail.members:
            self.member_view.selectRow(0)

    def selected_member_id(self) -> str | None:
        rows = self.member_view.selectionModel().selectedRows()
        person = self.members.record(rows[0].row()) if rows else None
        return person.id if person else None

    def _emit(self, signal: SignalInstance) -> None:
        if self.detail is not None:
            signal.emit(self.detail.household.id)

    def _edit_member(self) -> None:
        person_id = self.selected_member_id()
        if person_id:
            self.edit_member_requested.emit(person_id)

    def _expiry_text(self, p: Person) -> str:
        if p.bhyt_expiry is None:
            return ""
        text = format_date(p.bhyt_expiry)
        if p.bhyt_expiry < self.today:
            return self.tr("%1 (lapsed)").replace("%1", text)
        return text

    def _flags_text(self, p: Person) -> str:
        flags = []
        if p.poor:
            flags.append(self.tr("poor"))
        if p.near_poor:
            flags.append(self.tr("near-poor"))
        if p.ethnic_minority:
            flags.append(self.tr("ethnic minority"))
        return ", ".join(flags)

    def _results_text(self, v: VisitWithResults, kinds: dict[str, str]) -> str:
        names = {p.id: p.full_name for p in (self.detail.members if self.detail else [])}
        parts = []
        for c in v.results:
            who = names.get(c.person_id or "", "")
            parts.append(
                f"{who}: {labels.label(kinds, c.kind)}" if who else kinds.get(c.kind, c.kind)
            )
        return "; ".join(parts)
