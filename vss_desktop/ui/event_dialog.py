"""Outreach events (issue 15): the event form with its walk-ins (the list of events is
ui/event_list_dialog.py).

The event form saves through
the background writer (ui/form_write.py) and stays open once saved: its walk-in panel then
finds a person with the window's search (CCCD, BHXH code, card number or name) and opens
the visit form for their household with the event preset, or adds a new household met at
the event (store.events.add_walkin_household) and then records its outcome. A walk-in is
an ordinary visit naming the event, so it counts in targets and tallies like any visit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session, col, func, select

from vss_core import plausibility, vietnam_time
from vss_core import validation as checks
from vss_core.enums import ResultKind
from vss_core.formatting import format_money
from vss_core.identifiers import Problem
from vss_desktop import labels
from vss_desktop.store import Store, events, queries
from vss_desktop.store.models import Event, Household
from vss_desktop.ui.events_referrer import EventVisit, Participant, event_participants
from vss_desktop.ui.form import check_length, choice_combo, compact_width, date_value, merge
from vss_desktop.ui.form_write import BackgroundFormDialog, WriteJob
from vss_desktop.ui.household_dialog import HouseholdDialog
from vss_desktop.ui.qt_helpers import named
from vss_desktop.ui.tasks import TaskRunner
from vss_desktop.ui.visit_dialog import TimeField, VisitDialog
from vss_desktop.ui.widgets import DateField, FeedbackLabel

SEARCH_DELAY_MS = 150  # a pause in typing before searching, as in the window
FOUND_MAX = 50  # households offered from one search; typing more narrows it
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# The event form's fields that show the problems of the record's fields.
_FIELD_OF = {"starts_at": "starts_date"}


def _is_enter(event: QEvent) -> bool:
    return (
        event.type() == QEvent.Type.KeyPress
        and isinstance(event, QKeyEvent)
        and event.key() in _ENTER_KEYS
    )


def count_text(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def right_item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def plain_table(name: str, headers: list[str]) -> QTableWidget:
    table = named(QTableWidget(0, len(headers)), name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    return table


def place_text(commune: str, village: str) -> str:
    return f"{village}, {commune}" if village and commune else village or commune


def results_text(kinds: tuple[str, ...]) -> str:
    """What a walk-in's members got, counted by kind: "BHYT renewed ×2, VssID"."""
    short = labels.result_kind_short_labels()
    counts = Counter(kinds)
    parts = []
    for kind in ResultKind:
        if counts[kind]:
            name = short[kind]
            parts.append(f"{name} ×{counts[kind]}" if counts[kind] > 1 else name)
    return ", ".join(parts)


# --- places an event is likely held in ---------------------------------------------------


@dataclass(frozen=True)
class Places:
    """What the event form offers: the province and commune to start with, and the
    communes and villages already written on this laptop."""

    province: str = ""
    commune: str = ""
    communes: list[str] = field(default_factory=list)
    villages: list[str] = field(default_factory=list)


def known_places(session: Session, latest: events.EventRow | None) -> Places:
    """The last event's province and commune, else those of most households."""
    live = col(Household.deleted_at).is_(None)
    top = session.exec(
        select(Household.province, Household.commune)
        .where(live, Household.commune != "")
        .group_by(col(Household.province), col(Household.commune))
        .order_by(func.count().desc())
        .limit(1)
    ).first()
    province, commune = (latest.province, latest.commune) if latest else (top or ("", ""))
    communes = session.exec(
        select(Household.commune).where(live, Household.commune != "").distinct()
    ).all()
    return Places(province, commune, sorted(communes), queries.villages(session))


# --- a household met at the event ------------------------------------------------------------


class WalkinHouseholdDialog(HouseholdDialog):
    """The household form for a participant nobody's list held: saved as met at the event,
    its place prefilled with the event's."""

    def __init__(
        self,
        store: Store,
        event_id: str,
        province: str,
        commune: str,
        village: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, parent=parent)
        self.event_id = event_id
        self.setWindowTitle(self.tr("New participant's household"))
        self.province.setText(province)
        self.commune.setText(commune)
        self.village.setEditText(village)
        self._initial = self._snapshot()  # the event's place is no typing to lose
        self.head_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def write_job(self) -> WriteJob:
        household, head, store = self.household_input(), self.head_input({}), self.store
        event_id = self.event_id
        return lambda: events.add_walkin_household(store, event_id, household, head).id


# --- the event form -----------------------------------------------------------------------


WALKIN_HEADERS = 7  # columns of the walk-in table
SEARCH_HEADERS = 4  # columns of the search results


class EventForm(BackgroundFormDialog):
    """A new or saved event; once saved, its walk-ins are recorded here too."""

    walkin_saved = Signal(str)  # a walk-in's household or visit was written (tell the sync)
    walkins_loaded = Signal(int)  # rows shown (tests wait on it)
    search_done = Signal(int)  # households found

    def __init__(
        self,
        store: Store,
        collector: str,
        event: Event | None = None,
        places: Places | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.collector = collector
        self.event_id: str | None = event.id if event is not None else None
        self._event_input: events.EventInput | None = None  # what was saved last
        self._submitted: events.EventInput | None = None
        self.participants: list[Participant] = []
        self.walkins: list[events.WalkinRow] = []
        self.found: list[queries.HouseholdRow] = []
        self.visit_dialog: VisitDialog | None = None
        self.household_dialog: WalkinHouseholdDialog | None = None
        self.tasks = TaskRunner(self)
        places = places or Places()
        self.setObjectName("eventForm")

        self.kind = choice_combo(
            labels.event_kind_labels(), placeholder=self.tr("Choose the kind of event…")
        )
        self.starts_date = DateField()
        compact_width(self.starts_date, "00/00/00000")
        self.starts_time = TimeField()
        self.province = QLineEdit()
        self.province.setMaxLength(80)
        self.commune = QLineEdit()
        self.commune.setMaxLength(80)
        self.commune.setCompleter(self._completer(places.communes))
        self.village = QLineEdit()
        self.village.setMaxLength(80)
        self.village.setPlaceholderText(self.tr("if it was held in one village"))
        self.village.setCompleter(self._completer(places.villages))
        self.partner = QLineEdit()
        self.partner.setMaxLength(120)
        self.partner.setPlaceholderText(self.tr("for example: the commune's Women's Union"))
        self.attendees = QSpinBox()
        self.attendees.setRange(0, plausibility.ATTENDEES_MAX)
        self.attendees.setGroupSeparatorShown(True)
        compact_width(self.attendees, "000.000")
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.add_row(form, self.tr("&Kind of event:"), [("kind", self.kind)])
        self.add_row(
            form,
            self.tr("&Date and time:"),
            [("starts_date", self.starts_date), ("starts_time", self.starts_time)],
        )
        self.add_row(form, self.tr("&Province / city:"), [("province", self.province)])
        self.add_row(form, self.tr("Co&mmune / ward:"), [("commune", self.commune)])
        self.add_row(form, self.tr("&Village / hamlet:"), [("village", self.village)])
        self.add_row(form, self.tr("Pa&rtner organisation:"), [("partner", self.partner)])
        self.add_row(form, self.tr("&Attendees:"), [("attendees", self.attendees)])
        self.add_row(form, self.tr("No&tes:"), [("notes", self.notes)])
        details = QGroupBox(self.tr("The event"))
        details_layout = QVBoxLayout(details)
        details_layout.addLayout(form)
        details_layout.addStretch(1)

        self.cancel_button.setText(self.tr("Close"))
        self.walkin_box = self._build_walkins()
        columns = QHBoxLayout()
        columns.addWidget(details, 3)
        columns.addWidget(self.walkin_box, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        screen = self.screen().availableGeometry()  # a 1366x768 laptop is the common one
        self.resize(min(1320, screen.width() - 40), min(660, screen.height() - 60))

        if event is not None:
            self._load(event)
        else:
            now = vietnam_time.now()
            self.starts_date.set_value(now.date())
            self.starts_time.set_value(now.time())
            self.province.setText(places.province)
            self.commune.setText(places.commune)
        self._title()
        self.finish_setup()
        self._show_walkin_panel()
        if self.event_id is not None:
            self.reload_walkins()

    @staticmethod
    def _completer(words: list[str]) -> QCompleter:
        completer = QCompleter(words)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        return completer

    def _load(self, event: Event) -> None:
        self.kind.setCurrentIndex(self.kind.findData(event.kind))
        local = vietnam_time.to_local(event.starts_at)
        self.starts_date.set_value(local.date())
        self.starts_time.set_value(local.time())
        self.province.setText(event.province)
        self.commune.setText(event.commune)
        self.village.setText(event.village)
        self.partner.setText(event.partner)
        self.attendees.setValue(event.attendees)
        self.notes.setPlainText(event.notes)
        self._event_input = self.event_input({})

    def _title(self) -> None:
        self.setWindowTitle(self.tr("New event") if self.event_id is None else self.tr("Event"))

    # --- the walk-in panel ------------------------------------------------------------

    def _build_walkins(self) -> QGroupBox:
        box = named(QGroupBox(self.tr("Walk-in participants")), "walkinBox")
        self.walkin_hint = named(QLabel(), "walkinHint")
        self.walkin_hint.setWordWrap(True)
        self.walkin_hint.setStyleSheet("color: #555555;")
        self.search = named(QLineEdit(), "walkinSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("name, CCCD, BHXH code or card number"))
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.run_search())
        self.search.textEdited.connect(lambda _t: self._search_timer.start())
        self.search.installEventFilter(self)
        search_label = QLabel(self.tr("&Find a person:"))
        search_label.setBuddy(self.search)
        self.record_button = named(QPushButton(self.tr("Record &outcome…")), "recordOutcome")
        self.record_button.clicked.connect(self.record_outcome)
        self.new_button = named(QPushButton(self.tr("&New participant…")), "newParticipant")
        self.new_button.clicked.connect(self.new_participant)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.record_button)
        search_row.addWidget(self.new_button)

        self.results = plain_table(
            "walkinSearchResults",
            [
                self.tr("Head of household"),
                self.tr("Village"),
                self.tr("House no."),
                self.tr("Members"),
            ],
        )
        self.results.installEventFilter(self)
        self.results.activated.connect(lambda _i: self.record_outcome())
        rows = self.results.verticalHeader().defaultSectionSize()
        self.results.setFixedHeight(
            rows * 4 + self.results.horizontalHeader().sizeHint().height() + 4
        )
        self._stretch(self.results, 0)

        self.table = plain_table(
            "walkinTable",
            [
                self.tr("Head of household"),
                self.tr("Village"),
                self.tr("Time"),
                self.tr("Outcome"),
                self.tr("Results"),
                self.tr("Amount"),
                self.tr("Referred by"),
            ],
        )
        self.table.installEventFilter(self)
        self._stretch(self.table, 4)  # the results
        table_label = QLabel(self.tr("Recorded at this &event:"))
        table_label.setBuddy(self.table)
        self.summary = named(QLabel(), "walkinSummary")
        self.status = FeedbackLabel()  # a walk-in that could not be opened
        self.status.setObjectName("walkinStatus")

        layout = QVBoxLayout(box)
        layout.addWidget(self.walkin_hint)
        layout.addLayout(search_row)
        layout.addWidget(self.results)
        layout.addWidget(self.status)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        for button in (self.record_button, self.new_button):
            button.setAutoDefault(False)
        return box

    @staticmethod
    def _stretch(table: QTableWidget, stretched: int) -> None:
        """Every column as wide as its text but one, which takes the rest."""
        header = table.horizontalHeader()
        for column in range(table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)

    def _show_walkin_panel(self) -> None:
        saved = self.event_id is not None
        for widget in (self.search, self.results, self.table, self.new_button):
            widget.setEnabled(saved)
        self.record_button.setEnabled(saved and bool(self.found))
        self.walkin_hint.setText(
            self.tr(
                "Find each participant by name, CCCD, BHXH code or card number and record"
                " the outcome; someone not on your lists is a new participant."
            )
            if saved
            else self.tr("Save the event (Ctrl+S) first, then record its walk-ins here.")
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter searches in the search line, records in the results; never saves."""
        if watched is self.search and _is_enter(event):
            self.run_search(then_focus=True)
            return True
        if watched is self.results and _is_enter(event):
            self.record_outcome()
            return True
        if watched is self.table and _is_enter(event):
            return True
        return super().eventFilter(watched, event)

    # --- searching and recording -----------------------------------------------------

    def run_search(self, then_focus: bool = False) -> None:
        self._search_timer.stop()
        text, store = self.search.text(), self.store

        def work() -> list[queries.HouseholdRow]:
            with store.read() as session:
                if not text.strip():
                    return []
                # Bounded per keystroke: "ng" matches most of a commune (issue 17).
                flt = queries.HouseholdFilter(text=text)
                ids, _whole = queries.first_household_ids(session, flt, FOUND_MAX)
                rows = queries.household_rows(session, ids[:FOUND_MAX])
                return [rows[i] for i in ids[:FOUND_MAX] if i in rows]

        def ready(found: list[queries.HouseholdRow]) -> None:
            self._show_found(found)
            if then_focus and found:
                self.results.setFocus(Qt.FocusReason.OtherFocusReason)

        self.tasks.submit(work, ready, self._task_failed, latest="search")

    def _show_found(self, found: list[queries.HouseholdRow]) -> None:
        self.found = found
        self.results.setRowCount(len(found))
        for n, row in enumerate(found):
            head = QTableWidgetItem(row.head_name)
            head.setData(Qt.ItemDataRole.UserRole, row.id)
            self.results.setItem(n, 0, head)
            self.results.setItem(n, 1, QTableWidgetItem(row.village))
            self.results.setItem(n, 2, QTableWidgetItem(row.house_number))
            self.results.setItem(n, 3, right_item(str(row.members)))
        if found:
            self.results.selectRow(0)
        self.status.show_problems([])
        if self.search.text().strip() and not found:
            self.status.setStyleSheet("color: #555555;")
            self.status.setText(self.tr("Nobody found: add them with New participant… (Alt+N)."))
            self.status.setVisible(True)
        self.record_button.setEnabled(self.event_id is not None and bool(found))
        self.search_done.emit(len(found))

    def chosen_household(self) -> str | None:
        row = self.results.currentRow()
        return self.found[row].id if 0 <= row < len(self.found) else None

    def record_outcome(self, household_id: str | None = None) -> None:
        """The visit form for the chosen household, as a walk-in of this event."""
        household_id = household_id or self.chosen_household()
        if self.event_id is None or household_id is None or self._child_open():
            return
        store, event_id = self.store, self.event_id

        def work() -> tuple[queries.HouseholdDetail | None, list[Participant]]:
            with store.read() as session:
                detail = queries.household_detail(session, household_id)
                return detail, event_participants(session, event_id)

        self.tasks.submit(work, self._open_visit, self._task_failed, latest="visit")

    def _open_visit(self, loaded: tuple[queries.HouseholdDetail | None, list[Participant]]) -> None:
        detail, participants = loaded
        if detail is None or self.event_id is None or self._child_open():
            return
        self.participants = participants
        dialog = VisitDialog(
            self.store, detail, self.collector, parent=self, event=self.event_visit()
        )
        dialog.saved.connect(self._walkin_written)
        self.visit_dialog = dialog
        dialog.open()

    def event_visit(self) -> EventVisit:
        saved = self._event_input
        assert self.event_id is not None and saved is not None
        return EventVisit(
            self.event_id,
            saved.kind,
            saved.starts_at,
            place_text(saved.commune, saved.village),
            tuple(self.participants),
        )

    def new_participant(self) -> None:
        """The household form for someone on no list; then their outcome."""
        if self.event_id is None or self._event_input is None or self._child_open():
            return
        saved = self._event_input
        dialog = WalkinHouseholdDialog(
            self.store, self.event_id, saved.province, saved.commune, saved.village, self
        )
        dialog.saved.connect(self._walkin_household_written)
        self.household_dialog = dialog
        dialog.open()

    def _walkin_household_written(self, household_id: str) -> None:
        self.walkin_saved.emit(household_id)
        # Its outcome next, once the household form has closed.
        QTimer.singleShot(0, lambda: self.record_outcome(household_id))

    def _walkin_written(self, visit_id: str) -> None:
        self.walkin_saved.emit(visit_id)
        self.reload_walkins()

    def _child_open(self) -> bool:
        return any(
            d is not None and d.isVisible() for d in (self.visit_dialog, self.household_dialog)
        )

    def reload_walkins(self) -> None:
        if self.event_id is None:
            return
        store, event_id = self.store, self.event_id

        def work() -> list[events.WalkinRow]:
            return events.event_walkins(store, event_id)

        self.tasks.submit(work, self._show_walkins, self._task_failed, latest="walkins")

    def _show_walkins(self, rows: list[events.WalkinRow]) -> None:
        self.walkins = rows
        outcomes = labels.outcome_labels()
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            head = QTableWidgetItem(row.head_name)
            head.setData(Qt.ItemDataRole.UserRole, row.visit_id)
            self.table.setItem(n, 0, head)
            self.table.setItem(n, 1, QTableWidgetItem(row.village))
            local = vietnam_time.to_local(row.visited_at)
            self.table.setItem(n, 2, QTableWidgetItem(f"{local:%H:%M}"))
            self.table.setItem(n, 3, QTableWidgetItem(labels.label(outcomes, row.outcome)))
            got = QTableWidgetItem(results_text(row.result_kinds))
            got.setToolTip(got.text())  # a long list is cut in the column
            self.table.setItem(n, 4, got)
            money = format_money(row.amount_collected) if row.amount_collected else ""
            self.table.setItem(n, 5, right_item(money))
            self.table.setItem(n, 6, QTableWidgetItem(row.referrer_name))
        results = sum(len(row.result_kinds) for row in rows)
        amount = sum(row.amount_collected for row in rows)
        referrals = sum(1 for row in rows if row.referred_by)
        self.summary.setText(
            self.tr("%1 walk-ins, %2 results, %3 referred by another participant; %4 collected.")
            .replace("%1", count_text(len(rows)))
            .replace("%2", count_text(results))
            .replace("%3", count_text(referrals))
            .replace("%4", format_money(amount))
        )
        self.walkins_loaded.emit(len(rows))

    def _task_failed(self, exc: Exception) -> None:
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(
            self.tr("Could not read the database: %1").replace("%1", type(exc).__name__)
        )
        self.status.setVisible(True)

    # --- values and saving ---------------------------------------------------------------

    def starts_at(self, problems: checks.Problems) -> datetime | None:
        day = date_value(problems, "starts_date", self.starts_date)
        if day is None and "starts_date" not in problems:
            problems["starts_date"] = [Problem("required")]
        clock = None
        try:
            clock = self.starts_time.value()
        except ValueError:
            problems.setdefault("starts_time", []).append(Problem("time.invalid"))
        if day is None or clock is None:
            return None
        return datetime.combine(day, clock, tzinfo=vietnam_time.LOCAL_TZ)

    def event_input(self, problems: checks.Problems) -> events.EventInput:
        starts = self.starts_at(problems)
        return events.EventInput(
            kind=self.kind.currentData() or "",
            starts_at=starts or vietnam_time.now(),  # its problem is already noted
            province=self.province.text(),
            commune=self.commune.text(),
            village=self.village.text(),
            partner=self.partner.text(),
            attendees=self.attendees.value(),
            notes=self.notes.toPlainText().strip(),
        )

    def validate(self) -> checks.Problems:
        problems: checks.Problems = {}
        event = self.event_input(problems)
        found = events.check_event_input(event)
        if "starts_date" in problems or "starts_time" in problems:
            found.pop("starts_at", None)  # no time to check: the parse problem says why
        check_length(problems, "notes", event.notes)
        return merge(problems, self.map_service_problems(found))

    def map_service_problems(self, problems: checks.Problems) -> checks.Problems:
        out: checks.Problems = {}
        for name, items in problems.items():
            merge(out, {_FIELD_OF.get(name, name): items})
        return out

    def write_job(self) -> WriteJob:
        event = self._submitted = self.event_input({})
        store, event_id = self.store, self.event_id
        if event_id is None:
            return lambda: events.save_event(store, event).id
        return lambda: events.save_event_changes(store, event_id, event).id

    def accept(self) -> None:
        """Saved: the form stays open for the walk-ins (Close leaves it)."""
        if self.saved_id is None:
            super().accept()
            return
        first = self.event_id is None
        self.event_id, self.saved_id = self.saved_id, None
        self._event_input = self._submitted
        self._initial = self._snapshot()  # what is saved is no typing to lose
        self._title()
        self._show_walkin_panel()
        self.general.setStyleSheet("color: #1e6b30;")
        self.general.setText(
            self.tr("Saved. Record the walk-ins on the right.") if first else self.tr("Saved.")
        )
        self.general.setVisible(True)
        if first:
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.reload_walkins()

    def done(self, result: int) -> None:
        self.tasks.wait()  # a search or a load reports to this form
        super().done(result)
