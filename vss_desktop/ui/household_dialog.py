"""New / edit household form; a new household also records its head as first member."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from vss_desktop.domain import validation as checks
from vss_desktop.domain.enums import Relation
from vss_desktop.store import Store, queries, services
from vss_desktop.store.models import Household, Person
from vss_desktop.ui import labels
from vss_desktop.ui.form import (
    FormDialog,
    check_length,
    choice_combo,
    compact_width,
    date_value,
    merge,
)
from vss_desktop.ui.widgets import DateField

# The store checks the head as a person; these are its fields on this form.
_HEAD_FIELDS = {"sex": "head_sex", "date_of_birth": "head_date_of_birth", "cccd": "head_cccd"}


def _line(max_length: int) -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    return edit


class HouseholdDialog(FormDialog):
    def __init__(
        self, store: Store, household: Household | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.household = household
        self.setWindowTitle(
            self.tr("New household") if household is None else self.tr("Edit household")
        )
        self.setObjectName("householdDialog")

        self.code = _line(20)
        self.code.setPlaceholderText(self.tr("if known"))
        self.head_name = _line(120)
        self.village = QComboBox()
        self.village.setEditable(True)
        self.village.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.village.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        with store.read() as session:
            self.village.addItems(queries.villages(session))
        self.village.setCurrentIndex(-1)
        self.village.lineEdit().setMaxLength(80)
        self.village.lineEdit().setPlaceholderText(self.tr("village, hamlet or residential group"))
        completer = QCompleter(self.village.model(), self.village)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.village.setCompleter(completer)
        self.house_number = _line(40)
        self.street = _line(200)
        self.commune = _line(80)
        self.province = _line(80)
        self.phone = _line(20)
        self.phone.setPlaceholderText("09xx xxx xxx")
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.add_row(form, self.tr("Household &code:"), [("code", self.code)])
        self.add_row(form, self.tr("&Head of household:"), [("head_name", self.head_name)])
        if household is None:
            self.head_sex = choice_combo(labels.sex_labels(), blank="—")
            self.head_dob = DateField()
            compact_width(self.head_dob, "00/00/00000")
            self.head_cccd = _line(20)
            self.head_cccd.setPlaceholderText(self.tr("12 digits"))
            self.add_row(form, self.tr("Head's se&x:"), [("head_sex", self.head_sex)])
            self.add_row(
                form, self.tr("Head's date of &birth:"), [("head_date_of_birth", self.head_dob)]
            )
            self.add_row(form, self.tr("Head's CCC&D number:"), [("head_cccd", self.head_cccd)])
        self.add_row(form, self.tr("&Village / hamlet:"), [("village", self.village)])
        self.add_row(form, self.tr("House &number:"), [("house_number", self.house_number)])
        self.add_row(form, self.tr("S&treet / hamlet group:"), [("street", self.street)])
        self.add_row(form, self.tr("Co&mmune / ward:"), [("commune", self.commune)])
        self.add_row(form, self.tr("&Province / city:"), [("province", self.province)])
        self.add_row(form, self.tr("Ph&one:"), [("phone", self.phone)])
        self.add_row(form, self.tr("Not&es:"), [("notes", self.notes)])

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        if household is not None:
            self._load(household)
        self.finish_setup()

    def _load(self, household: Household) -> None:
        self.code.setText(household.code)
        self.head_name.setText(household.head_name)
        self.village.setEditText(household.village)
        self.house_number.setText(household.house_number)
        self.street.setText(household.street)
        self.commune.setText(household.commune)
        self.province.setText(household.province)
        self.phone.setText(household.phone)
        self.notes.setPlainText(household.notes)

    # --- values -------------------------------------------------------------------

    def household_values(self) -> dict[str, Any]:
        return {
            "code": self.code.text(),
            "head_name": self.head_name.text(),
            "village": self.village.currentText(),
            "house_number": self.house_number.text(),
            "street": self.street.text(),
            "commune": self.commune.text(),
            "province": self.province.text(),
            "phone": self.phone.text(),
            "notes": self.notes.toPlainText(),
        }

    def head_values(self, problems: checks.Problems) -> dict[str, Any]:
        """The head's person fields (without the name, which the store copies)."""
        return {
            "sex": self.head_sex.currentData() or "",
            "date_of_birth": date_value(problems, "head_date_of_birth", self.head_dob),
            "cccd": self.head_cccd.text(),
        }

    def validate(self) -> checks.Problems:
        problems: checks.Problems = {}
        values = checks.normalize_household(self.household_values())
        merge(problems, checks.check_household(values))
        check_length(problems, "notes", values["notes"])
        if self.household is None:
            head = self.head_values(problems)
            person = checks.normalize_person(head | {"full_name": values["head_name"]})
            person["relation"] = Relation.HEAD
            merge(problems, self.map_service_problems(checks.check_person(person)))
        return problems

    def map_service_problems(self, problems: checks.Problems) -> checks.Problems:
        out: checks.Problems = {}
        for name, items in problems.items():
            if name == "full_name":  # the head's name is the household's head_name
                name = "head_name"
            merge(out, {_HEAD_FIELDS.get(name, name): items})
        return out

    # --- saving ---------------------------------------------------------------------

    def write(self) -> str:
        values = self.household_values()
        if self.household is None:
            head = self.head_values({})
            return services.create_household(self.store, values, head=head).id
        household_id = self.household.id
        new_name = checks.normalize_household({"head_name": values["head_name"]})["head_name"]
        head = self._head_member(household_id)
        if head is not None and head.full_name != new_name:
            # Renaming the head member first also renames the household, in one transaction;
            # the household update below then only carries the other changes.
            services.update_person(self.store, head.id, {"full_name": new_name})
        return services.update_household(self.store, household_id, values).id

    def _head_member(self, household_id: str) -> Person | None:
        with self.store.read() as session:
            detail = queries.household_detail(session, household_id)
        if detail is None:
            raise services.NotFound(household_id)
        return next((p for p in detail.members if p.relation == Relation.HEAD), None)
