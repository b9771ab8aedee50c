"""Record a visit to a household: its outcome, the money collected and per-member results.

Opened for an outreach event (issue 15) it records a walk-in: the event is named under the
title, the visit carries its id, and "Referred by" names the participant who brought the
family (ui/events_referrer.py).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from vss_core import validation as checks
from vss_core import vietnam_time
from vss_core.enums import Outcome, ResultKind
from vss_core.identifiers import Problem
from vss_desktop import labels
from vss_desktop.store import Store, services
from vss_desktop.store.models import Person
from vss_desktop.store.queries import HouseholdDetail
from vss_desktop.ui.calculator_dialog import PrefillResult
from vss_desktop.ui.events_referrer import EventVisit, ReferrerField
from vss_desktop.ui.form import (
    check_length,
    choice_combo,
    compact_width,
    date_value,
    merge,
    money_value,
    parse_or_flag,
)
from vss_desktop.ui.form_write import BackgroundFormDialog, WriteJob
from vss_desktop.ui.widgets import DateField, FeedbackLabel, MoneyField

# Results that money is paid for; a member's amount goes on the first one ticked.
MONEY_KINDS = (
    ResultKind.BHYT_HOUSEHOLD_ENROLLED,
    ResultKind.VOLUNTARY_SI_ENROLLED,
    ResultKind.BHYT_RENEWED,
)
PERIODS = (1, 3, 6, 12)  # months paid for (domain.md §2, §3)
RESULTS_MAX_HEIGHT = 300  # pixels of member rows before the grid scrolls
_TIME = re.compile(r"^(\d{1,2})\s*[:.hH]?\s*(\d{2})$")


def parse_time(text: str) -> time:
    """'14:30', '1430', '9.05', '9h05' -> time; ValueError otherwise."""
    match = _TIME.match(text.strip())
    if match is None:
        raise ValueError("not a time")
    return time(int(match.group(1)), int(match.group(2)))


class TimeField(QLineEdit):
    """A HH:MM time of day (24-hour clock)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("HH:MM"))
        self.setMaxLength(5)
        compact_width(self, "00:000")
        self.editingFinished.connect(self._tidy)

    def value(self) -> time:
        return parse_time(self.text())

    def set_value(self, value: time) -> None:
        self.setText(value.strftime("%H:%M"))

    def _tidy(self) -> None:
        with contextlib.suppress(ValueError):
            self.set_value(self.value())


@dataclass
class MemberRow:
    person: Person
    checks: dict[ResultKind, QCheckBox]
    amount: MoneyField
    months: QComboBox
    feedback: FeedbackLabel


class VisitDialog(BackgroundFormDialog):
    def __init__(
        self,
        store: Store,
        detail: HouseholdDetail,
        collector: str,
        parent: QWidget | None = None,
        prefill: Sequence[PrefillResult] = (),
        event: EventVisit | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.detail = detail
        self.collector = collector
        self.walkin_event = event
        self._amount_typed = False
        # Rule values of the calculator's results, stored on their Collection rows.
        self._rule_values: dict[tuple[str, ResultKind], str] = {}
        self._submitted: services.NewVisit | None = None  # the visit being written
        self.setObjectName("visitDialog")
        household = detail.household
        self.setWindowTitle(self.tr("Visit to %1's household").replace("%1", household.head_name))

        now = vietnam_time.now()
        if event is not None:
            started = vietnam_time.to_local(event.starts_at)
            if started.date() != now.date():  # written up after the event: its time
                now = started
        self.visit_date = DateField()
        compact_width(self.visit_date, "00/00/00000")
        self.visit_date.set_value(now.date())
        self.visit_time = TimeField()
        self.visit_time.set_value(now.time())
        self.outcome = choice_combo(
            labels.outcome_labels(), placeholder=self.tr("Choose the outcome…")
        )
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self.promised_date = DateField()
        compact_width(self.promised_date, "00/00/00000")
        self.promised_date.setEnabled(False)
        self.promised_date.editingFinished.connect(self._follow_up_from_promise)
        self.follow_up_date = DateField()
        compact_width(self.follow_up_date, "00/00/00000")
        self.amount_collected = MoneyField()
        compact_width(self.amount_collected, "00.000.000.000 ₫")
        self.amount_collected.textEdited.connect(self._amount_edited)
        self.receipt_number = QLineEdit()
        self.receipt_number.setMaxLength(40)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)

        top = QFormLayout()
        top.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.add_row(
            top,
            self.tr("Visit &date and time:"),
            [("visit_date", self.visit_date), ("visit_time", self.visit_time)],
        )
        self.add_row(top, self.tr("&Outcome:"), [("outcome", self.outcome)])
        self.referrer: ReferrerField | None = None
        self.event_line: QLabel | None = None
        if event is not None:
            self.event_line = QLabel(self.tr("Walk-in at: %1").replace("%1", event.title()))
            self.event_line.setObjectName("visitEvent")
            self.event_line.setWordWrap(True)
            self.event_line.setStyleSheet("color: #1a5276; font-weight: 600;")
            self.referrer = ReferrerField(store, event.participants, household.id)
            self._add_referrer_row(top, self.referrer)
        self.add_row(top, self.tr("&Promised to pay on:"), [("promised_date", self.promised_date)])
        self.add_row(
            top, self.tr("&Follow-up visit on:"), [("follow_up_date", self.follow_up_date)]
        )

        self.rows: list[MemberRow] = []
        results_box = self._build_results()

        bottom = QFormLayout()
        bottom.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.add_row(
            bottom, self.tr("&Amount collected:"), [("amount_collected", self.amount_collected)]
        )
        self.add_row(bottom, self.tr("&Receipt number:"), [("receipt_number", self.receipt_number)])
        self.add_row(bottom, self.tr("No&tes:"), [("notes", self.notes)])
        # The two forms line their fields up as one.
        form_labels = [
            label
            for form in (top, bottom)
            for i in range(form.rowCount())
            if (item := form.itemAt(i, QFormLayout.ItemRole.LabelRole)) is not None
            and (label := item.widget()) is not None
        ]
        width = max(label.sizeHint().width() for label in form_labels)
        for label in form_labels:
            label.setMinimumWidth(width)

        layout = QVBoxLayout(self)
        if self.event_line is not None:
            layout.addWidget(self.event_line)
        layout.addLayout(top)
        layout.addWidget(results_box, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(720)
        self._apply_prefill(prefill)
        self.finish_setup()
        if self.referrer is not None:
            # The search line follows the list it fills; Enter there searches.
            QWidget.setTabOrder(self.referrer.combo, self.referrer.search_line)

    def _add_referrer_row(self, form: QFormLayout, field: ReferrerField) -> None:
        """The list and its search line side by side, their message underneath; the
        list is the form field (the search line is no stop of Enter's)."""
        feedback = FeedbackLabel()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(feedback)
        box.setFocusProxy(field.combo)
        label = QLabel(self.tr("Referred &by:"))
        label.setBuddy(field.combo)
        form.addRow(label, box)
        self.register("referred_by", field.combo, feedback)

    def _apply_prefill(self, prefill: Sequence[PrefillResult]) -> None:
        """Fill in what the calculator computed; the collector still checks and saves."""
        if not prefill:
            return
        by_person = {row.person.id: row for row in self.rows}
        for result in prefill:
            row = by_person.get(result.person_id)
            if row is None:
                continue
            row.checks[result.kind].setChecked(True)
            row.amount.set_value(result.amount)
            row.months.setCurrentIndex(max(row.months.findData(result.months), 0))
            self._rule_values[(result.person_id, result.kind)] = result.rule_values
        self._member_amount_edited()
        kinds = {result.kind for result in prefill}
        renewed_only = kinds == {ResultKind.BHYT_RENEWED}
        outcome = Outcome.RENEWED if renewed_only else Outcome.ENROLLED
        self.outcome.setCurrentIndex(max(self.outcome.findData(outcome), 0))

    # --- the per-member grid ----------------------------------------------------------

    def _build_results(self) -> QGroupBox:
        box = QGroupBox(self.tr("Results per &member"))
        outer = QVBoxLayout(box)
        if not self.detail.members:
            outer.addWidget(QLabel(self.tr("This household has no members yet.")))
            return box
        kinds = labels.result_kind_labels()
        short = {
            ResultKind.BHYT_HOUSEHOLD_ENROLLED: self.tr("Household\nBHYT"),
            ResultKind.VOLUNTARY_SI_ENROLLED: self.tr("Voluntary\nSI"),
            ResultKind.BHYT_RENEWED: self.tr("BHYT\nrenewed"),
            ResultKind.VSSID_INSTALLED: self.tr("VssID\ninstalled"),
            ResultKind.CASHLESS_REGISTERED: self.tr("Cashless\npayment"),
        }
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        headers = [self.tr("Member"), *short.values(), self.tr("Amount"), self.tr("Months")]
        for col, text in enumerate(headers):
            header = QLabel(text)
            header.setStyleSheet("font-weight: 600;")
            align = Qt.AlignmentFlag.AlignLeft if col == 0 else Qt.AlignmentFlag.AlignHCenter
            header.setAlignment(align | Qt.AlignmentFlag.AlignBottom)
            if 1 <= col <= len(short):
                header.setToolTip(kinds[list(short)[col - 1]])
            grid.addWidget(header, 0, col)
        relations = labels.relation_labels()
        for index, person in enumerate(self.detail.members):
            self._add_member_row(grid, index, person, kinds, relations)
        grid.setColumnStretch(0, 1)
        grid.setRowStretch(2 * len(self.detail.members) + 1, 1)

        self.results_grid = grid_widget
        self.results_scroll = QScrollArea()
        self.results_scroll.setWidget(grid_widget)
        self.results_scroll.setWidgetResizable(True)
        self.results_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.results_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = self.results_scroll.verticalScrollBar().sizeHint().width()
        self.results_scroll.setMinimumWidth(grid_widget.minimumSizeHint().width() + bar + 8)
        self._fit_results()
        outer.addWidget(self.results_scroll)
        return box

    def _fit_results(self) -> None:
        """Show every member row (and its message) up to ~8 rows; scroll beyond that."""
        wanted = self.results_grid.sizeHint().height() + 4
        self.results_scroll.setMinimumHeight(min(wanted, RESULTS_MAX_HEIGHT))

    def display(self, problems: checks.Problems) -> None:
        super().display(problems)
        if self.rows:
            self._fit_results()

    def _add_member_row(
        self,
        grid: QGridLayout,
        index: int,
        person: Person,
        kinds: dict[str, str],
        relations: dict[str, str],
    ) -> None:
        row = 1 + 2 * index
        born = f" ({person.date_of_birth.year})" if person.date_of_birth else ""
        name = QLabel(person.full_name + born)
        name.setToolTip(labels.label(relations, person.relation))
        grid.addWidget(name, row, 0)
        feedback = FeedbackLabel()
        boxes: dict[ResultKind, QCheckBox] = {}
        for col, kind in enumerate(ResultKind, start=1):
            check = QCheckBox()
            check.setToolTip(kinds[kind])
            check.setAccessibleName(f"{person.full_name}: {kinds[kind]}")
            grid.addWidget(check, row, col, Qt.AlignmentFlag.AlignHCenter)
            boxes[kind] = check
        amount = MoneyField()
        compact_width(amount, "00.000.000 ₫")
        amount.setAccessibleName(self.tr("Amount paid by %1").replace("%1", person.full_name))
        amount.textEdited.connect(self._member_amount_edited)
        months = QComboBox()
        months.addItem("—", 0)
        for period in PERIODS:
            months.addItem(str(period), period)
        months.setAccessibleName(self.tr("Months paid for by %1").replace("%1", person.full_name))
        grid.addWidget(amount, row, len(boxes) + 1)
        grid.addWidget(months, row, len(boxes) + 2)
        grid.addWidget(feedback, row + 1, 0, 1, len(boxes) + 3)
        prefix = f"member.{index}"
        for kind, check in boxes.items():
            self.register(f"{prefix}.{kind}", check, feedback)
        self.register(f"{prefix}.amount", amount, feedback)
        self.register(f"{prefix}.months", months, feedback)
        self.rows.append(MemberRow(person, boxes, amount, months, feedback))

    def field_focused(self, widget: QWidget) -> None:
        """Enter and the mnemonics move the focus too: keep the focused cell in view."""
        if self.rows and self.results_grid.isAncestorOf(widget):
            self.results_scroll.ensureWidgetVisible(widget)

    # --- helpers that fill in fields ----------------------------------------------------

    def _outcome_changed(self) -> None:
        self.promised_date.setEnabled(self.outcome.currentData() == Outcome.PROMISED)

    def _follow_up_from_promise(self) -> None:
        """The collector usually comes back on the promised day."""
        if self.promised_date.is_valid() and not self.follow_up_date.text().strip():
            self.follow_up_date.set_value(self.promised_date.value())

    def _amount_edited(self, text: str) -> None:
        self._amount_typed = bool(text.strip())

    def _member_amount_edited(self) -> None:
        """Until the collector types a total, it follows the members' amounts."""
        if self._amount_typed:
            return
        total = sum(row.amount.value() for row in self.rows if row.amount.is_valid())
        self.amount_collected.set_value(total)

    # --- values -------------------------------------------------------------------

    def visited_at(self, problems: checks.Problems) -> datetime | None:
        """The visit time, aware, as typed: Vietnam's wall-clock time."""
        day = date_value(problems, "visit_date", self.visit_date)
        if day is None and "visit_date" not in problems:
            problems["visit_date"] = [Problem("required")]
        clock = parse_or_flag(problems, "visit_time", self.visit_time.value, "time.invalid")
        if day is None or clock is None:
            return None
        return datetime.combine(day, clock, tzinfo=vietnam_time.LOCAL_TZ)

    def new_visit(self, problems: checks.Problems) -> services.NewVisit:
        """The form as a typed visit with its results; unparseable fields add problems."""
        promised = self.outcome.currentData() == Outcome.PROMISED
        return services.NewVisit(
            household_id=self.detail.household.id,
            visited_at=self.visited_at(problems),
            collector=self.collector,
            outcome=self.outcome.currentData(),
            promised_date=(
                date_value(problems, "promised_date", self.promised_date) if promised else None
            ),
            follow_up_date=date_value(problems, "follow_up_date", self.follow_up_date),
            amount_collected=money_value(problems, "amount_collected", self.amount_collected),
            receipt_number=self.receipt_number.text().strip(),
            notes=self.notes.toPlainText().strip(),
            results=tuple(self.results(problems)),
            event_id=self.walkin_event.event_id if self.walkin_event is not None else None,
            referred_by=self.referrer.value() if self.referrer is not None else None,
        )

    def results(self, problems: checks.Problems) -> list[services.VisitResult]:
        """One result per ticked box, in grid order."""
        results: list[services.VisitResult] = []
        for index, row in enumerate(self.rows):
            name = f"member.{index}.amount"
            amount = money_value(problems, name, row.amount)
            months = row.months.currentData() or None
            ticked = [kind for kind, check in row.checks.items() if check.isChecked()]
            paid_for = next((kind for kind in ticked if kind in MONEY_KINDS), None)
            if amount and paid_for is None:
                merge(problems, {name: [Problem("visit.member_amount_without_result")]})
            for kind in ticked:
                rule_values = self._rule_values.get((row.person.id, kind), "")
                results.append(
                    services.VisitResult(
                        person_id=row.person.id,
                        kind=kind.value,
                        amount=amount if kind == paid_for else 0,
                        months=months if kind in MONEY_KINDS else None,
                        rule_values=rule_values if kind == paid_for else "",
                    )
                )
        return results

    def validate(self) -> checks.Problems:
        problems: checks.Problems = {}
        visit = self.new_visit(problems)
        check_length(problems, "notes", visit.notes)
        return merge(problems, self._on_rows(services.check_new_visit(visit), visit))

    def map_service_problems(self, problems: checks.Problems) -> checks.Problems:
        return self._on_rows(problems, self._submitted)

    def _on_rows(
        self, problems: checks.Problems, visit: services.NewVisit | None
    ) -> checks.Problems:
        """``results.N`` -> the grid row of the member the N-th result belongs to."""
        rows = {row.person.id: index for index, row in enumerate(self.rows)}
        out: checks.Problems = {}
        for name, items in problems.items():
            match = re.fullmatch(r"results\.(\d+)", name)
            if visit is not None and match and int(match.group(1)) < len(visit.results):
                person_id = visit.results[int(match.group(1))].person_id
                if person_id in rows:
                    name = f"member.{rows[person_id]}.amount"
            merge(out, {name: items})
        return out

    def write_job(self) -> WriteJob:
        visit = self._submitted = self.new_visit({})
        store = self.store
        return lambda: services.save_visit(store, visit).id

    def done(self, result: int) -> None:
        if self.referrer is not None:
            self.referrer.wait()  # a search under way reports to this form
        super().done(result)
