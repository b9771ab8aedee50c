"""New / edit household member form: identity, identifiers and insurance status."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from vss_desktop.domain import identifiers as ids
from vss_desktop.domain import validation as checks
from vss_desktop.domain.enums import BhytStatus
from vss_desktop.domain.identifiers import Problem
from vss_desktop.store import Store, services
from vss_desktop.store.models import Household, Person
from vss_desktop.ui import labels
from vss_desktop.ui.form import (
    FormDialog,
    check_length,
    choice_combo,
    compact_width,
    date_value,
    merge,
    select_data,
)
from vss_desktop.ui.widgets import DateField


def _line(max_length: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    edit.setPlaceholderText(placeholder)
    return edit


def _date() -> DateField:
    field = DateField()
    compact_width(field, "00/00/00000")
    return field


class MemberDialog(FormDialog):
    def __init__(
        self,
        store: Store,
        household_id: str,
        person: Person | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.household_id = household_id
        self.person = person
        self.setObjectName("memberDialog")
        with store.read() as session:
            household = session.get(Household, household_id)
        head = household.head_name if household is not None else ""
        if person is not None:
            self.setWindowTitle(self.tr("Edit member"))
        elif head:
            self.setWindowTitle(self.tr("New member of %1's household").replace("%1", head))
        else:
            self.setWindowTitle(self.tr("New member"))

        self.full_name = _line(120)
        self.date_of_birth = _date()
        self.sex = choice_combo(labels.sex_labels(), blank="—")
        self.relation = choice_combo(labels.relation_labels(), placeholder=self.tr("Choose…"))
        self.cccd = _line(20, self.tr("12 digits"))
        self.bhxh_code = _line(20, self.tr("10 digits"))
        self.bhyt_card_number = _line(
            24, self.tr("10 digits, or 15 characters like GD4010120152431")
        )
        self.bhyt_card_number.editingFinished.connect(self._code_from_card)
        self.bhyt_expiry = _date()
        self.bhyt_status = choice_combo(labels.bhyt_status_labels())
        select_data(self.bhyt_status, BhytStatus.NONE.value)
        self.vsi_paid_until = _date()
        self.phone = _line(20, "09xx xxx xxx")
        self.ethnic_minority = QCheckBox(self.tr("Ethnic &minority"))
        self.poor = QCheckBox(self.tr("P&oor household"))
        self.near_poor = QCheckBox(self.tr("Ne&ar-poor household"))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.add_row(form, self.tr("Full &name:"), [("full_name", self.full_name)])
        self.add_row(form, self.tr("Date of &birth:"), [("date_of_birth", self.date_of_birth)])
        self.add_row(form, self.tr("Se&x:"), [("sex", self.sex)])
        self.add_row(form, self.tr("&Relation to head:"), [("relation", self.relation)])
        self.add_row(form, self.tr("&CCCD number:"), [("cccd", self.cccd)])
        self.add_row(form, self.tr("BHX&H code:"), [("bhxh_code", self.bhxh_code)])
        self.add_row(
            form, self.tr("BHYT card n&umber:"), [("bhyt_card_number", self.bhyt_card_number)]
        )
        self.add_row(form, self.tr("Card &expiry date:"), [("bhyt_expiry", self.bhyt_expiry)])
        self.add_row(form, self.tr("&Insurance status:"), [("bhyt_status", self.bhyt_status)])
        self.add_row(
            form, self.tr("&Voluntary SI paid until:"), [("vsi_paid_until", self.vsi_paid_until)]
        )
        self.add_row(form, self.tr("&Phone:"), [("phone", self.phone)])
        self.add_row(
            form,
            self.tr("Support group:"),
            [
                ("ethnic_minority", self.ethnic_minority),
                ("poor", self.poor),
                ("near_poor", self.near_poor),
            ],
        )
        self.add_row(form, self.tr("No&tes:"), [("notes", self.notes)])

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)
        if person is not None:
            self._load(person)
        self.finish_setup()

    def _load(self, person: Person) -> None:
        self.full_name.setText(person.full_name)
        self.date_of_birth.set_value(person.date_of_birth)
        select_data(self.sex, person.sex or "")
        select_data(self.relation, person.relation)
        self.cccd.setText(person.cccd)
        self.bhxh_code.setText(person.bhxh_code)
        self.bhyt_card_number.setText(person.bhyt_card_number)
        self.bhyt_expiry.set_value(person.bhyt_expiry)
        select_data(self.bhyt_status, person.bhyt_status)
        self.vsi_paid_until.set_value(person.vsi_paid_until)
        self.phone.setText(person.phone)
        self.ethnic_minority.setChecked(person.ethnic_minority)
        self.poor.setChecked(person.poor)
        self.near_poor.setChecked(person.near_poor)
        self.notes.setPlainText(person.notes)

    def _code_from_card(self) -> None:
        """A card number carries the BHXH code in its last 10 characters (domain.md §4)."""
        code = ids.bhxh_code_of_card(self.bhyt_card_number.text())
        if code and not self.bhxh_code.text().strip():
            self.bhxh_code.setText(code)
            self._touch("bhxh_code")

    # --- values -------------------------------------------------------------------

    def values(self, problems: checks.Problems) -> dict[str, Any]:
        """The form as Person fields; unparseable dates are None plus a problem."""
        return {
            "full_name": self.full_name.text(),
            "date_of_birth": date_value(problems, "date_of_birth", self.date_of_birth),
            "sex": self.sex.currentData() or "",
            "relation": self.relation.currentData(),
            "cccd": self.cccd.text(),
            "bhxh_code": self.bhxh_code.text(),
            "bhyt_card_number": self.bhyt_card_number.text(),
            "bhyt_expiry": date_value(problems, "bhyt_expiry", self.bhyt_expiry),
            "bhyt_status": self.bhyt_status.currentData(),
            "vsi_paid_until": date_value(problems, "vsi_paid_until", self.vsi_paid_until),
            "phone": self.phone.text(),
            "ethnic_minority": self.ethnic_minority.isChecked(),
            "poor": self.poor.isChecked(),
            "near_poor": self.near_poor.isChecked(),
            "notes": self.notes.toPlainText(),
        }

    def validate(self) -> checks.Problems:
        problems: checks.Problems = {}
        values = checks.normalize_person(self.values(problems))
        if values["relation"] is None:
            merge(problems, {"relation": [Problem("required")]})
            values.pop("relation")
        merge(problems, checks.check_person(values))
        check_length(problems, "notes", values["notes"])
        return problems

    def write(self) -> str:
        values = self.values({})
        if self.person is None:
            return services.create_person(self.store, self.household_id, values).id
        return services.update_person(self.store, self.person.id, values).id
