"""New / edit household form; a new household also records its head as first member.

Commune and province come with suggestions from the versioned administrative units
(domain.md §5): a name is searched without diacritics, old names lead to today's unit
("Hà Giang → Tuyên Quang"), and the communes offered are those of the province typed,
or of every province (with its name) while the province is empty; picking a commune
then fills the province. The fields stay free text and store plain names; an old name
left in a field gets a warning, not a refusal. The units (3,321 communes) are read in
a worker when the first form opens (about 0.2-0.3 s), so typing never waits for them;
until they are in, the pickers suggest nothing.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, Qt
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

from vss_core import admin_units
from vss_core import validation as checks
from vss_core.admin_units import AdminMatch, AdminUnit, AdminUnitData
from vss_core.identifiers import Problem, Severity
from vss_core.text import fold
from vss_desktop import labels
from vss_desktop.store import Store, queries, services, villages
from vss_desktop.store.models import Household
from vss_desktop.ui.form import (
    check_length,
    choice_combo,
    compact_width,
    date_value,
    merge,
)
from vss_desktop.ui.form_write import BackgroundFormDialog, WriteJob
from vss_desktop.ui.tasks import TaskRunner
from vss_desktop.ui.widgets import DateField, Suggestion, SuggestionCompleter, line_edit

log = logging.getLogger(__name__)

SUGGESTIONS = 50  # rows in a picker's list; typing more narrows it
_loaded: weakref.WeakSet[AdminUnitData] = weakref.WeakSet()  # read and indexed, both levels

# The store checks the head as a person; these are its fields on this form.
_HEAD_FIELDS = {"sex": "head_sex", "date_of_birth": "head_date_of_birth", "cccd": "head_cccd"}


def _line(max_length: int) -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    return edit


class HouseholdDialog(BackgroundFormDialog):
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
        line_edit(self.village).setMaxLength(80)
        line_edit(self.village).setPlaceholderText(self.tr("village, hamlet or residential group"))
        completer = QCompleter(self.village.model(), self.village)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.village.setCompleter(completer)
        self.house_number = _line(40)
        self.street = _line(200)
        self.commune = _line(80)
        self.province = _line(80)
        self.commune_picker = SuggestionCompleter(self.commune, self._commune_suggestions)
        self.commune_picker.picked.connect(self._commune_picked)
        self.province_picker = SuggestionCompleter(self.province, self._province_suggestions)
        self.province_picker.picked.connect(self._province_picked)
        self.commune.editingFinished.connect(self._refresh_villages)
        self._village_names: list[str] = []
        self._unit_checks: dict[tuple[str, str, bool], list[tuple[str, Problem]]] = {}
        self.tasks = TaskRunner(self)
        self._load_units()
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
        self._refresh_villages()
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

    # --- administrative units and villages -----------------------------------------

    def _load_units(self) -> None:
        """Read the units in a worker the first time; the pickers work from then on."""
        data = admin_units.shipped()  # created here, not in two threads at once
        if data in _loaded:
            return
        self.tasks.submit(
            admin_units.preload, lambda _r: self._units_loaded(data), self._units_failed
        )

    def _units_loaded(self, data: AdminUnitData) -> None:
        _loaded.add(data)
        if not self._live():  # closed meanwhile
            return
        self._unit_checks.clear()
        if self.commune.hasFocus() and self.commune.text().strip():
            self.commune_picker.show_now()  # she typed while the list was loading
        self.revalidate()

    def _units_failed(self, exc: Exception) -> None:
        log.error("administrative units unavailable: %s", type(exc).__name__)

    def units_ready(self) -> bool:
        return admin_units.shipped() in _loaded

    def _province_unit(self) -> AdminUnit | None:
        """The province in force today that the province field names (an old name too)."""
        text = self.province.text().strip()
        if not text or not self.units_ready():
            return None
        name = admin_units.current_name_for(text)
        return next((u for u in admin_units.provinces() if u.name == name), None)

    def _province_suggestions(self, text: str) -> list[Suggestion]:
        if not self.units_ready():
            return []
        out = []
        for match in admin_units.search_provinces(text, limit=SUGGESTIONS):
            name = match.unit.name
            shown = name if match.via is None else self._old_name(match.via.name, name, match)
            out.append(Suggestion(name, shown, match.unit.code))
        return out

    def _commune_suggestions(self, text: str) -> list[Suggestion]:
        if not self.units_ready():
            return []
        province = self._province_unit()
        if province is None and len(fold(text)) < 2:
            return []  # the whole country from one letter is no help (and ~25 ms a key)
        code = province.code if province is not None else None
        out = []
        for match in admin_units.search_communes(text, code, limit=SUGGESTIONS):
            name = match.unit.full_name
            shown = (
                name if match.via is None else self._old_name(_commune_name(match.via), name, match)
            )
            if province is None:  # the whole country: say where each one is
                where = admin_units.province_by_code(match.unit.province_code or "")
                shown = f"{shown} — {where.name}" if where is not None else shown
            out.append(Suggestion(name, shown, match.unit.province_code))
        return out

    def _old_name(self, old: str, now: str, match: AdminMatch) -> str:
        if match.split:
            text = self.tr("%1 → %2 (old name, now split)")
        else:
            text = self.tr("%1 → %2 (old name)")
        return text.replace("%1", old).replace("%2", now)

    def _province_picked(self, _chosen: Suggestion) -> None:
        self._touch("province")

    def _commune_picked(self, chosen: Suggestion) -> None:
        if not self.province.text().strip() and chosen.data:
            province = admin_units.province_by_code(chosen.data)
            if province is not None:
                self.province.setText(province.name)
                self._touch("province")
        self._touch("commune")
        self._refresh_villages()

    def _unit_problems(self) -> list[tuple[str, Problem]]:
        """Warnings for old unit names left in the commune and province fields."""
        key = (self.commune.text().strip(), self.province.text().strip(), self.units_ready())
        if key not in self._unit_checks:
            self._unit_checks.clear()  # only the latest pair is worth keeping
            self._unit_checks[key] = self._check_units(key[0], key[1])
        return self._unit_checks[key]

    def _check_units(self, commune: str, province: str) -> list[tuple[str, Problem]]:
        if not self.units_ready():
            return []
        out = []
        if province:
            matches = admin_units.search_provinces(province, limit=5)
            problem = _old_name_problem(province, matches, lambda u: u.name)
            if problem is not None:
                out.append(("province", problem))
        unit = self._province_unit()
        if commune and unit is not None:
            matches = admin_units.search_communes(commune, unit.code, limit=SUGGESTIONS)
            problem = _old_name_problem(commune, matches, lambda u: u.full_name)
            if problem is not None:
                out.append(("commune", problem))
        return out

    def _refresh_villages(self) -> None:
        """Offer the commune's village list in route order, then the other villages already
        recorded there (every village in use when the commune has none)."""
        commune = self.commune.text().strip()
        with self.store.read() as session:
            names = villages.known_villages(session, commune) if commune else []
            if not names:
                names = queries.villages(session)
        if names == self._village_names:
            return
        self._village_names = names
        text = self.village.currentText()
        with QSignalBlocker(self.village):
            self.village.clear()
            self.village.addItems(names)
            self.village.setCurrentIndex(-1)
            self.village.setEditText(text)

    def done(self, result: int) -> None:
        self.tasks.wait()  # the units being read report to this dialog
        super().done(result)

    # --- values -------------------------------------------------------------------

    def household_input(self) -> services.HouseholdInput:
        return services.HouseholdInput(
            code=self.code.text(),
            head_name=self.head_name.text(),
            village=self.village.currentText(),
            house_number=self.house_number.text(),
            street=self.street.text(),
            commune=self.commune.text(),
            province=self.province.text(),
            phone=self.phone.text(),
            notes=self.notes.toPlainText(),
        )

    def head_input(self, problems: checks.Problems) -> services.HouseholdHead:
        """The new household's head (named by the store after the household)."""
        return services.HouseholdHead(
            sex=self.head_sex.currentData() or "",
            date_of_birth=date_value(problems, "head_date_of_birth", self.head_dob),
            cccd=self.head_cccd.text(),
        )

    def validate(self) -> checks.Problems:
        problems: checks.Problems = {}
        head = self.head_input(problems) if self.household is None else None
        household = self.household_input()
        found = services.check_household_input(household, head)
        merge(problems, self.map_service_problems(found))
        for name, problem in self._unit_problems():
            merge(problems, {name: [problem]})
        notes = checks.normalize_household({"notes": household.notes})["notes"]
        check_length(problems, "notes", notes)
        return problems

    def map_service_problems(self, problems: checks.Problems) -> checks.Problems:
        out: checks.Problems = {}
        for name, items in problems.items():
            if name == "full_name":  # the head's name is the household's head_name
                name = "head_name"
            merge(out, {_HEAD_FIELDS.get(name, name): items})
        return out

    # --- saving ---------------------------------------------------------------------

    def write_job(self) -> WriteJob:
        household, store = self.household_input(), self.store
        if self.household is None:
            head = self.head_input({})
            return lambda: services.save_household(store, household, head).id
        # One transaction: a new head name renames the head member with the household.
        household_id, changes = self.household.id, services.HouseholdChanges.every(household)
        return lambda: services.save_household_changes(store, household_id, changes).id


def _commune_name(unit: AdminUnit) -> str:
    """An old commune's name with its district, which tells the old "Phường 15"s apart."""
    return f"{unit.full_name}, {unit.district}" if unit.district else unit.full_name


def _names(unit: AdminUnit) -> set[str]:
    return {fold(unit.name), fold(unit.full_name)}


def _old_name_problem(
    text: str, matches: list[AdminMatch], name_of: Callable[[AdminUnit], str]
) -> Problem | None:
    """A warning when ``text`` is exactly an old unit's name and no current one's."""
    key = fold(text)
    if any(key in _names(m.unit) for m in matches if m.via is None):
        return None
    now = list(dict.fromkeys(name_of(m.unit) for m in matches if m.via and key in _names(m.via)))
    if not now:
        return None
    return Problem("unit.old_name", Severity.WARNING, {"name": " / ".join(now)})
