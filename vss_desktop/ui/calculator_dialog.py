"""The contribution calculator panel: what a family would pay, explained line by line.

Two tabs over the pure functions of vss_core.contributions: household BHYT
(members joining, 3/6/12 months, the ladder, each card's start) and voluntary SI (income,
months, support group, local support). Results update as the collector types; the
calculation is a few microseconds, so it runs on the UI thread.

"Use in the visit" hands the amounts, months and rule values to the visit form
(``prefill``), so the receipt stores the parameter values used (domain.md, preamble).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vss_core import contributions as calc
from vss_core import vietnam_time
from vss_core.enums import BhytStatus, ResultKind
from vss_core.formatting import format_date, format_money
from vss_core.periods import age_on
from vss_desktop import labels
from vss_desktop.store.models import Person
from vss_desktop.store.queries import HouseholdDetail
from vss_desktop.ui.form import compact_width
from vss_desktop.ui.widgets import DateField, MoneyField

BHYT_MONTHS = (3, 6, 12)  # domain.md §2
VSI_MONTHS = (1, 3, 6, 12)  # domain.md §3 (multi-year and lump sum are not offered yet)
VSI_MIN_AGE = 15  # domain.md §3: citizens aged 15+


@dataclass(frozen=True)
class PrefillResult:
    """One per-member result for the visit form, as the calculator computed it."""

    person_id: str
    kind: ResultKind
    amount: int
    months: int
    rule_values: str  # JSON, stored on the Collection row


def default_group(person: Person) -> calc.SupportGroup:
    """The person's best support group from the flags the collector recorded."""
    if person.poor:
        return calc.SupportGroup.POOR
    if person.near_poor:
        return calc.SupportGroup.NEAR_POOR
    if person.ethnic_minority:
        return calc.SupportGroup.ETHNIC_MINORITY
    return calc.SupportGroup.OTHER


class CalculatorDialog(QDialog):
    def __init__(
        self, detail: HouseholdDetail, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("calculatorDialog")
        self.detail = detail
        self.today = today or vietnam_time.today()
        self.prefill: list[PrefillResult] = []
        self.bhyt_result: calc.BhytHouseholdResult | None = None
        self.vsi_result: calc.VsiResult | None = None
        self.setWindowTitle(
            self.tr("Contribution calculator — %1").replace("%1", detail.household.head_name)
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_bhyt(), self.tr("Household &BHYT"))
        self.tabs.addTab(self._build_vsi(), self.tr("&Voluntary SI"))
        self.tabs.currentChanged.connect(lambda _i: self._update_buttons())
        self.buttons = QDialogButtonBox()
        self.use_button = self.buttons.addButton(
            self.tr("&Use in the visit"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._use)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(760)
        self.recompute_bhyt()
        self.recompute_vsi()

    # --- household BHYT -----------------------------------------------------------------

    def _build_bhyt(self) -> QWidget:
        page = QWidget()
        members = QGroupBox(self.tr("Members joining (in ladder order)"))
        grid = QGridLayout(members)
        grid.addWidget(self._header(self.tr("Joins")), 0, 0)
        grid.addWidget(self._header(self.tr("Insurance now")), 0, 1)
        grid.addWidget(self._header(self.tr("Supported by the state")), 0, 2)
        self.joins: dict[str, QCheckBox] = {}
        self.supported: dict[str, QCheckBox] = {}
        statuses = labels.bhyt_status_labels()
        for row, person in enumerate(self.detail.members, start=1):
            joins = QCheckBox(person.full_name)
            # Members with another BHYT (state budget, employer, school) do not join as a
            # household; everyone else is proposed.
            other = person.bhyt_status == BhytStatus.OTHER
            joins.setChecked(not other)
            supported = QCheckBox()
            supported.setChecked(other)
            supported.setAccessibleName(
                self.tr("%1 is supported by the state").replace("%1", person.full_name)
            )
            status = labels.label(statuses, person.bhyt_status)
            if person.bhyt_expiry:
                status += " · " + format_date(person.bhyt_expiry)
            grid.addWidget(joins, row, 0)
            grid.addWidget(QLabel(status), row, 1)
            grid.addWidget(supported, row, 2, Qt.AlignmentFlag.AlignHCenter)
            for box in (joins, supported):
                box.toggled.connect(lambda _on: self.recompute_bhyt())
            self.joins[person.id], self.supported[person.id] = joins, supported
        grid.setColumnStretch(1, 1)

        self.bhyt_months = QComboBox()
        for months in BHYT_MONTHS:
            self.bhyt_months.addItem(self.tr("%1 months").replace("%1", str(months)), months)
        self.bhyt_months.setCurrentIndex(len(BHYT_MONTHS) - 1)
        self.bhyt_date = DateField()
        compact_width(self.bhyt_date, "00/00/00000")
        self.bhyt_date.set_value(self.today)
        self.already_joined = QSpinBox()
        self.already_joined.setRange(0, 20)
        self.already_joined.setToolTip(
            self.tr("Members of this household who already joined earlier this fiscal year")
        )
        options = QFormLayout()
        options.addRow(self.tr("&Months:"), self.bhyt_months)
        options.addRow(self.tr("&Payment date:"), self.bhyt_date)
        options.addRow(self.tr("Already joined this &year:"), self.already_joined)
        for label_text, widget in (
            ("months", self.bhyt_months),
            ("date", self.bhyt_date),
            ("joined", self.already_joined),
        ):
            widget.setObjectName(f"bhyt_{label_text}")
        self.bhyt_months.currentIndexChanged.connect(lambda _i: self.recompute_bhyt())
        self.bhyt_date.textChanged.connect(lambda _t: self.recompute_bhyt())
        self.already_joined.valueChanged.connect(lambda _v: self.recompute_bhyt())

        self.bhyt_table = self._result_table(
            [
                self.tr("#"),
                self.tr("Member"),
                self.tr("Ladder"),
                self.tr("Per month"),
                self.tr("Amount"),
                self.tr("Card valid"),
            ]
        )
        self.bhyt_total = QLabel()
        self.bhyt_total.setObjectName("bhytTotal")
        self.bhyt_total.setStyleSheet("font-weight: 600; font-size: 13pt;")
        self.bhyt_rules = self._rules_label()
        layout = QVBoxLayout(page)
        layout.addWidget(members)
        layout.addLayout(options)
        layout.addWidget(self.bhyt_table, 1)
        layout.addWidget(self.bhyt_total)
        layout.addWidget(self.bhyt_rules)
        return page

    def _members_for_ladder(self) -> list[calc.HouseholdMember]:
        chosen = []
        for person in self.detail.members:
            if not self.joins[person.id].isChecked():
                continue
            previous = person.bhyt_expiry if person.bhyt_status == BhytStatus.HOUSEHOLD else None
            chosen.append(
                calc.HouseholdMember(
                    ref=person.id,
                    state_supported=self.supported[person.id].isChecked(),
                    previous_expiry=previous,
                )
            )
        return chosen

    def recompute_bhyt(self) -> None:
        self.bhyt_result = None
        self.bhyt_table.setRowCount(0)
        try:
            on = self.bhyt_date.value()
            if on is None:
                raise ValueError
        except ValueError:
            self._show_error(self.bhyt_total, self.tr("Type the payment date as dd/mm/yyyy."))
            self._update_buttons()
            return
        try:
            result = calc.bhyt_household(
                self._members_for_ladder(),
                int(self.bhyt_months.currentData()),
                on,
                already_joined=self.already_joined.value(),
            )
        except calc.ContributionError as exc:
            self._show_error(self.bhyt_total, self.error_text(exc))
            self.bhyt_rules.clear()
            self._update_buttons()
            return
        self.bhyt_result = result
        names = {p.id: p.full_name for p in self.detail.members}
        reasons = self.card_reason_labels()
        for line in result.members:
            card = f"{format_date(line.card_start)} – {format_date(line.card_end)}"
            self._append_row(
                self.bhyt_table,
                [
                    str(line.position),
                    names.get(line.ref, ""),
                    f"{line.ladder_percent.normalize():f}%",
                    format_money(line.monthly),
                    format_money(line.amount),
                    f"{card} ({reasons.get(line.card_reason, line.card_reason)})",
                ],
            )
        for ref in result.excluded:
            self._append_row(
                self.bhyt_table,
                [
                    "—",
                    names.get(ref, ""),
                    "",
                    "",
                    "",
                    self.tr("supported by the state: not charged"),
                ],
            )
        self.bhyt_total.setStyleSheet("font-weight: 600; font-size: 13pt;")
        self.bhyt_total.setText(self.tr("Total: %1").replace("%1", format_money(result.total)))
        self.bhyt_rules.setText(self.rules_text(result))
        self._update_buttons()

    # --- voluntary SI ---------------------------------------------------------------------

    def _build_vsi(self) -> QWidget:
        page = QWidget()
        self.vsi_person = QComboBox()
        self.vsi_person.setObjectName("vsiPerson")
        for person in self.detail.members:
            born = person.date_of_birth
            if born is not None and age_on(born, self.today) < VSI_MIN_AGE:
                continue
            self.vsi_person.addItem(person.full_name, person.id)
        self.vsi_income = MoneyField()
        self.vsi_income.setObjectName("vsiIncome")
        compact_width(self.vsi_income, "000.000.000 ₫")
        self.vsi_months = QComboBox()
        for months in VSI_MONTHS:
            self.vsi_months.addItem(self.tr("%1 months").replace("%1", str(months)), months)
        self.vsi_months.setCurrentIndex(len(VSI_MONTHS) - 1)
        self.vsi_group = QComboBox()
        self.vsi_group.setObjectName("vsiGroup")
        for group, text in self.group_labels().items():
            self.vsi_group.addItem(text, group)
        self.local_support = QDoubleSpinBox()
        self.local_support.setRange(0, 100)
        self.local_support.setDecimals(1)
        self.local_support.setSuffix(" %")
        self.local_support.setToolTip(
            self.tr("The province's own support, as % of 22% × the income floor (0 if none)")
        )
        self.vsi_date = DateField()
        compact_width(self.vsi_date, "00/00/00000")
        self.vsi_date.set_value(self.today)
        form = QFormLayout()
        form.addRow(self.tr("&Person:"), self.vsi_person)
        form.addRow(self.tr("Monthly &income chosen:"), self.vsi_income)
        form.addRow(self.tr("&Months:"), self.vsi_months)
        form.addRow(self.tr("Support &group:"), self.vsi_group)
        form.addRow(self.tr("&Local support:"), self.local_support)
        form.addRow(self.tr("Payment &date:"), self.vsi_date)
        self.vsi_person.currentIndexChanged.connect(lambda _i: self._person_chosen())
        for signal in (
            self.vsi_income.textChanged,
            self.vsi_date.textChanged,
            self.vsi_months.currentIndexChanged,
            self.vsi_group.currentIndexChanged,
            self.local_support.valueChanged,
        ):
            signal.connect(lambda *_a: self.recompute_vsi())
        self.vsi_table = self._result_table(
            [self.tr("Line"), self.tr("Rate"), self.tr("Per month"), self.tr("Amount")]
        )
        self.vsi_pays = QLabel()
        self.vsi_pays.setObjectName("vsiPays")
        self.vsi_rules = self._rules_label()
        layout = QVBoxLayout(page)
        if not self.vsi_person.count():
            layout.addWidget(QLabel(self.tr("No member is 15 or older.")))
        layout.addLayout(form)
        layout.addWidget(self.vsi_table, 1)
        layout.addWidget(self.vsi_pays)
        layout.addWidget(self.vsi_rules)
        self._person_chosen()
        return page

    def _person_chosen(self) -> None:
        person = self._vsi_person()
        if person is not None:
            index = self.vsi_group.findData(default_group(person))
            self.vsi_group.setCurrentIndex(max(index, 0))
        if not self.vsi_income.text().strip():
            try:
                floor = calc.default_rules().rule("vsi_income_floor", self.today).value
            except calc.ContributionError:
                floor = 0
            self.vsi_income.set_value(int(floor))
        self.recompute_vsi()

    def _vsi_person(self) -> Person | None:
        person_id = self.vsi_person.currentData()
        return next((p for p in self.detail.members if p.id == person_id), None)

    def recompute_vsi(self) -> None:
        if not hasattr(self, "vsi_pays"):
            return  # still building the tab
        self.vsi_result = None
        self.vsi_table.setRowCount(0)
        if self._vsi_person() is None:
            self.vsi_pays.clear()
            self._update_buttons()
            return
        try:
            income = self.vsi_income.value()
            on = self.vsi_date.value()
            if on is None:
                raise ValueError
        except ValueError:
            self._show_error(
                self.vsi_pays, self.tr("Type the income in đồng and the date as dd/mm/yyyy.")
            )
            self._update_buttons()
            return
        extra = []
        if self.local_support.value() > 0:
            try:
                rate = Decimal(str(self.local_support.value()))
            except InvalidOperation:  # pragma: no cover - a spin box value is a number
                rate = Decimal(0)
            extra.append(calc.ExtraSupport(self.tr("Local budget"), rate, calc.SupportSource.LOCAL))
        try:
            result = calc.voluntary_si(
                income,
                int(self.vsi_months.currentData()),
                [self.vsi_group.currentData()],
                on,
                extra_support=extra,
            )
        except calc.ContributionError as exc:
            self._show_error(self.vsi_pays, self.error_text(exc))
            self.vsi_rules.clear()
            self._update_buttons()
            return
        self.vsi_result = result
        months = result.months
        self._append_row(
            self.vsi_table,
            [
                self.tr("Contribution (22% × income)"),
                "22%",
                format_money(result.monthly_total),
                format_money(result.total),
            ],
        )
        sources = self.source_labels()
        for line in result.supports:
            self._append_row(
                self.vsi_table,
                [
                    self.tr("Support: %1").replace("%1", sources.get(line.source, line.name)),
                    f"{line.rate_percent.normalize():f}%",
                    "−" + format_money(line.monthly),
                    "−"
                    + format_money(line.amount)
                    + ("" if line.months == months else f" ({line.months})"),
                ],
            )
        self.vsi_pays.setStyleSheet("font-weight: 600; font-size: 13pt;")
        self.vsi_pays.setText(
            self.tr("Total %1 · support %2 · the person pays %3")
            .replace("%1", format_money(result.total))
            .replace("%2", format_money(result.support_total))
            .replace("%3", format_money(result.person_pays))
        )
        self.vsi_rules.setText(self.rules_text(result))
        self._update_buttons()

    # --- handing over to the visit ----------------------------------------------------

    def _update_buttons(self) -> None:
        if not hasattr(self, "use_button"):
            return
        result = self.bhyt_result if self.tabs.currentIndex() == 0 else self.vsi_result
        self.use_button.setEnabled(result is not None)

    def results_for_visit(self) -> list[PrefillResult]:
        """The current tab's amounts as visit results (what the collector collects)."""
        if self.tabs.currentIndex() == 0 and self.bhyt_result is not None:
            result = self.bhyt_result
            status = {p.id: p.bhyt_status for p in self.detail.members}
            return [
                PrefillResult(
                    line.ref,
                    ResultKind.BHYT_RENEWED
                    if status.get(line.ref) == BhytStatus.HOUSEHOLD
                    else ResultKind.BHYT_HOUSEHOLD_ENROLLED,
                    line.amount,
                    line.months,
                    calc.compact_json(result.rule_values_for(line.ref)),
                )
                for line in result.members
            ]
        if self.tabs.currentIndex() == 1 and self.vsi_result is not None:
            vsi = self.vsi_result
            return [
                PrefillResult(
                    str(self.vsi_person.currentData()),
                    ResultKind.VOLUNTARY_SI_ENROLLED,
                    vsi.person_pays,
                    vsi.months,
                    calc.compact_json(vsi.rule_values),
                )
            ]
        return []

    def _use(self) -> None:
        self.prefill = self.results_for_visit()
        if self.prefill:
            self.accept()

    # --- small pieces -----------------------------------------------------------------------

    @staticmethod
    def _header(text: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet("font-weight: 600;")
        return label

    @staticmethod
    def _result_table(headers: list[str]) -> QTableWidget:
        # A handful of rows at most: a QTableWidget is the right tool here.
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    @staticmethod
    def _append_row(table: QTableWidget, values: list[str]) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if column and any(ch.isdigit() for ch in value) and "₫" in value:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)

    @staticmethod
    def _rules_label() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet("color: #555555;")
        return label

    @staticmethod
    def _show_error(label: QLabel, text: str) -> None:
        label.setStyleSheet("color: #b00020; font-weight: 600;")
        label.setText(text)

    def rules_text(self, result: calc.BhytHouseholdResult | calc.VsiResult) -> str:
        values = result.rule_values
        parts = []
        if "base_salary" in values:
            parts.append(
                self.tr("Base salary %1").replace("%1", format_money(int(values["base_salary"])))
            )
        if "vsi_income_floor" in values:
            parts.append(
                self.tr("Income floor %1").replace(
                    "%1", format_money(int(values["vsi_income_floor"]))
                )
            )
        text = self.tr("Rules of %1: ").replace("%1", format_date(result.on)) + ", ".join(parts)
        uncertain = calc.uncertain_rules(result)
        if uncertain:
            text += ". " + self.tr(
                "Partly confirmed rules used (check with the district office): %1"
            ).replace(
                "%1",
                ", ".join(dict.fromkeys(self.rule_name(r.name) for r in uncertain)),
            )
        return text

    def rule_name(self, name: str) -> str:
        names = {
            "base_salary": self.tr("base salary"),
            "bhyt_card_gap_months": self.tr("the 3-month gap"),
            "bhyt_card_start_rule": self.tr("when the card starts"),
            "bhyt_card_wait_days": self.tr("the 30 waiting days"),
            "bhyt_household_ladder_percent": self.tr("the ladder"),
            "bhyt_household_months": self.tr("the payment periods"),
            "bhyt_household_rate_percent": self.tr("the 4.5% rate"),
            "vsi_ceiling_multiplier": self.tr("the income ceiling"),
            "vsi_central_support_max_months": self.tr("the 120 months of support"),
            "vsi_income_floor": self.tr("the income floor"),
            "vsi_months": self.tr("the payment periods"),
            "vsi_rate_percent": self.tr("the 22% rate"),
        }
        if name.startswith("vsi_support_percent_"):
            return self.tr("the support rate")
        return names.get(name, name)

    def card_reason_labels(self) -> dict[str, str]:
        return {
            calc.CardReason.FIRST_PURCHASE: self.tr("first card, after 30 days"),
            calc.CardReason.FOLLOWS_OLD_CARD: self.tr("follows the old card"),
            calc.CardReason.CONTINUOUS: self.tr("continuous, from the payment date"),
            calc.CardReason.LONG_GAP: self.tr("gap of 3 months or more, after 30 days"),
        }

    def group_labels(self) -> dict[str, str]:
        return {
            calc.SupportGroup.POOR: self.tr("Poor household"),
            calc.SupportGroup.NEAR_POOR: self.tr("Near-poor household"),
            calc.SupportGroup.ETHNIC_MINORITY: self.tr("Ethnic minority"),
            calc.SupportGroup.OTHER: self.tr("Other"),
        }

    def source_labels(self) -> dict[str, str]:
        return {
            calc.SupportSource.CENTRAL: self.tr("central budget"),
            calc.SupportSource.LOCAL: self.tr("local budget"),
            calc.SupportSource.OTHER: self.tr("other"),
        }

    def error_text(self, exc: calc.ContributionError) -> str:
        details = exc.details if isinstance(exc.details, dict) else {}
        texts = {
            "no_members": self.tr("Tick at least one member who joins."),
            "no_paying_members": self.tr(
                "Every member ticked is supported by the state: the household pays nothing."
            ),
            "months_not_allowed": self.tr("This number of months cannot be paid."),
            "income_below_floor": self.tr("The income is below the floor of %1.").replace(
                "%1", format_money(int(details.get("floor", 0) or 0))
            ),
            "income_above_ceiling": self.tr("The income is above the ceiling of %1.").replace(
                "%1", format_money(int(details.get("ceiling", 0) or 0))
            ),
            "invalid_income": self.tr("Type the monthly income in whole đồng."),
            "no_rule_for_date": self.tr("There are no rules for this date."),
            "support_too_high": self.tr("The support rates add up to more than the contribution."),
        }
        return texts.get(
            exc.code, self.tr("This cannot be calculated (%1).").replace("%1", exc.code)
        )
