"""New / edit household member form: identity, identifiers and insurance status.

The first row takes a CCCD QR code (domain.md §4), scanned or pasted: it fills the
name, date of birth, sex and CCCD number. A field already holding something else is
overwritten with an undoable edit (Ctrl+Z brings the typed text back) and the
message under the QR field names it. The card's address is only shown, with the
units in force today: a member has no address field, and the household is not touched.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from vss_core import identifiers as ids
from vss_core import validation as checks
from vss_core.cccd_qr import (
    AddressParts,
    CccdQr,
    CccdQrError,
    parse_cccd_qr,
    split_address,
)
from vss_core.enums import BhytStatus, Relation
from vss_core.formatting import format_date
from vss_core.identifiers import Problem, Severity
from vss_desktop import labels
from vss_desktop.store import Store, services
from vss_desktop.store.models import Household, Person
from vss_desktop.ui.form import (
    check_length,
    choice_combo,
    compact_width,
    date_value,
    merge,
    select_data,
)
from vss_desktop.ui.form_write import BackgroundFormDialog, WriteJob
from vss_desktop.ui.tasks import TaskRunner
from vss_desktop.ui.widgets import DateField, FeedbackLabel, ScanField, WrappedLabel

# A scanner typing into another field: 12 digits then the first separator (domain.md §4).
_SCAN_START = re.compile(r"(\d{12}\|)$")


def _line(max_length: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    edit.setPlaceholderText(placeholder)
    return edit


def _date() -> DateField:
    field = DateField()
    compact_width(field, "00/00/00000")
    return field


class MemberDialog(BackgroundFormDialog):
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
        self._household_has_address = household is not None and bool(
            household.commune.strip() or household.province.strip()
        )
        self.tasks = TaskRunner(self)
        if person is not None:
            self.setWindowTitle(self.tr("Edit member"))
        elif head:
            self.setWindowTitle(self.tr("New member of %1's household").replace("%1", head))
        else:
            self.setWindowTitle(self.tr("New member"))

        self.qr = ScanField()
        self.qr.setObjectName("cccdQr")
        self.qr.setPlaceholderText(self.tr("Scan or paste the CCCD QR code"))
        self.qr.submitted.connect(self._qr_submitted)
        self.qr.typing.connect(self._qr_typed)
        self.qr_feedback = FeedbackLabel()
        self.qr_feedback.setObjectName("qrFeedback")
        self.qr_address = WrappedLabel()
        self.qr_address.setObjectName("qrAddress")
        self.qr_address.setTextFormat(Qt.TextFormat.PlainText)
        self.qr_address.setStyleSheet("color: #555555;")
        self.qr_address.setVisible(False)
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
        self._add_qr_row(form)
        self._titles = {
            "full_name": self.tr("Full &name:"),
            "date_of_birth": self.tr("Date of &birth:"),
            "sex": self.tr("Se&x:"),
            "cccd": self.tr("&CCCD number:"),
        }
        self.add_row(form, self._titles["full_name"], [("full_name", self.full_name)])
        self.add_row(form, self._titles["date_of_birth"], [("date_of_birth", self.date_of_birth)])
        self.add_row(form, self._titles["sex"], [("sex", self.sex)])
        self.add_row(form, self.tr("&Relation to head:"), [("relation", self.relation)])
        self.add_row(form, self._titles["cccd"], [("cccd", self.cccd)])
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
        for name in self.fields.names():
            widget = self.fields.widget(name)
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda text, w=widget: self._scan_into(w, text))
        QWidget.setTabOrder(self.qr, self.full_name)  # Shift+Tab from the name reaches it
        self.finish_setup()

    def _add_qr_row(self, form: QFormLayout) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for widget in (self.qr, self.qr_feedback, self.qr_address):
            column.addWidget(widget)
        box.setFocusProxy(self.qr)
        label = QLabel(self.tr("CCCD &QR code:"))
        label.setBuddy(self.qr)
        form.addRow(label, box)

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

    # --- the CCCD QR code ---------------------------------------------------------

    def _scan_into(self, widget: QLineEdit, text: str) -> None:
        """A scan begun in another field (the name has the focus when the form opens)
        moves to the QR field; the scanner's next keys follow the focus there."""
        match = _SCAN_START.search(text)
        if match is None:
            return
        with QSignalBlocker(widget):  # no "required" flash on the field being left
            widget.setText(text[: match.start()])
            self.qr.setText(match.group(1))
            self.qr.setFocus(Qt.FocusReason.OtherFocusReason)
        self.qr_feedback.show_problems([])

    def _qr_typed(self) -> None:
        if self.qr_feedback.isVisible():  # a new scan is coming in: the old message is stale
            self.qr_feedback.show_problems([])

    def _qr_submitted(self, text: str) -> None:
        if not text:  # Enter in an empty QR field moves on, as in every field
            self.full_name.setFocus(Qt.FocusReason.TabFocusReason)
            return
        try:
            qr = parse_cccd_qr(text)
        except CccdQrError as exc:
            self.qr_feedback.show_problems([exc.problem])
            self.qr_address.setVisible(False)
            self.qr.setFocus(Qt.FocusReason.OtherFocusReason)
            self.qr.selectAll()  # the next scan replaces it
            return
        replaced = self._fill(qr)
        notes = [p for p in qr.warnings if p.code.startswith("qr.")]
        if replaced:
            fields = ", ".join(self._titles[n].replace("&", "").rstrip(":") for n in replaced)
            notes.append(Problem("qr.replaced", Severity.WARNING, {"fields": fields}))
        self.qr_feedback.show_problems(notes)
        self._show_address(qr.address, None)
        if qr.address:
            address = qr.address  # split off the UI thread: the commune list loads on first use
            self.tasks.submit(
                lambda: split_address(address),
                lambda parts: self._show_address(address, parts),
                latest="address",
            )
        self.qr.clear()
        self._focus_next_empty()

    def _fill(self, qr: CccdQr) -> list[str]:
        """Put the card's values in the form; the names of fields that held something else."""
        replaced: list[str] = []

        def put(name: str, edit: QLineEdit, value: str, same: bool) -> None:
            if same:
                return
            if edit.text().strip():
                replaced.append(name)
            edit.selectAll()
            edit.insert(value)  # unlike setText, an edit Ctrl+Z undoes

        typed = unicodedata.normalize("NFC", " ".join(self.full_name.text().split()))
        put("full_name", self.full_name, qr.full_name, typed == qr.full_name)
        try:
            same_date = self.date_of_birth.value() == qr.date_of_birth
        except ValueError:
            same_date = False
        put("date_of_birth", self.date_of_birth, format_date(qr.date_of_birth), same_date)
        if self.sex.currentData() != qr.sex.value:
            if self.sex.currentData():
                replaced.append("sex")
            select_data(self.sex, qr.sex.value)
        put("cccd", self.cccd, qr.cccd, ids.compact(self.cccd.text()) == qr.cccd)
        for name in ("full_name", "date_of_birth", "sex", "cccd"):
            self._touch(name)  # their checks show now, the CCCD cross-check among them
        return replaced

    def _show_address(self, address: str, parts: AddressParts | None) -> None:
        if not self._live():  # the lookup came back after the form closed
            return
        if not address:
            self.qr_address.setVisible(False)
            return
        lines = [self.tr("Address on the card: %1").replace("%1", address)]
        today = _units_text(parts) if parts is not None else ""
        if today and parts is not None and parts.old_names:
            lines.append(
                self.tr("In force today: %1 (the card has older names)").replace("%1", today)
            )
        elif today:
            lines.append(self.tr("In force today: %1").replace("%1", today))
        if not self._household_has_address:
            lines.append(
                self.tr(
                    "The household has no address yet: it can be entered in the household form."
                )
            )
        self.qr_address.setText("\n".join(lines))
        self.qr_address.setVisible(True)

    def _focus_next_empty(self) -> None:
        """The first field still required, else the first one after those the card fills."""
        problems = self.validate()
        for name in self.fields.names():
            if any(p.code == "required" for p in problems.get(name, [])):
                widget = self.fields.widget(name)
                break
        else:
            widget = self.bhxh_code
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- values -------------------------------------------------------------------

    def done(self, result: int) -> None:
        self.tasks.wait()  # an address being looked up reports to this dialog
        super().done(result)

    def person_input(self, problems: checks.Problems) -> services.PersonInput:
        """The form as a member; unparseable dates are None plus a problem, no relation ""."""
        return services.PersonInput(
            full_name=self.full_name.text(),
            date_of_birth=date_value(problems, "date_of_birth", self.date_of_birth),
            sex=self.sex.currentData() or "",
            relation=self.relation.currentData() or "",
            cccd=self.cccd.text(),
            bhxh_code=self.bhxh_code.text(),
            bhyt_card_number=self.bhyt_card_number.text(),
            bhyt_expiry=date_value(problems, "bhyt_expiry", self.bhyt_expiry),
            bhyt_status=self.bhyt_status.currentData(),
            vsi_paid_until=date_value(problems, "vsi_paid_until", self.vsi_paid_until),
            phone=self.phone.text(),
            ethnic_minority=self.ethnic_minority.isChecked(),
            poor=self.poor.isChecked(),
            near_poor=self.near_poor.isChecked(),
            notes=self.notes.toPlainText(),
        )

    def validate(self) -> checks.Problems:
        problems: checks.Problems = {}
        person = self.person_input(problems)
        if not person.relation:  # none chosen yet: "required", not "no such relation"
            merge(problems, {"relation": [Problem("required")]})
            person = replace(person, relation=Relation.OTHER)  # no other check reads it
        merge(problems, services.check_person_input(person))
        check_length(problems, "notes", checks.normalize_person({"notes": person.notes})["notes"])
        return problems

    def write_job(self) -> WriteJob:
        person, store = self.person_input({}), self.store
        if self.person is None:
            household_id = self.household_id
            return lambda: services.save_person(store, household_id, person).id
        person_id, changes = self.person.id, services.PersonChanges.every(person)
        return lambda: services.save_person_changes(store, person_id, changes).id


def _units_text(parts: AddressParts) -> str:
    """Today's commune (or the candidates, likeliest first) and province, as one line."""
    communes = " / ".join(u.full_name for u in parts.commune_units)
    province = parts.province_unit.full_name if parts.province_unit else ""
    return ", ".join(p for p in (communes, province) if p)
