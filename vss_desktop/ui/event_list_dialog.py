"""Outreach events (issue 15): the collector's list of events (Work → Events…), newest
first, with New, Open and Delete. It reads in the TaskRunner worker; the form itself is
ui/event_dialog.py."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vss_core.formatting import format_datetime_local, format_money
from vss_desktop import labels
from vss_desktop.store import Store, events, services
from vss_desktop.store.models import Event
from vss_desktop.ui.event_dialog import (
    EventForm,
    Places,
    count_text,
    known_places,
    place_text,
    plain_table,
    right_item,
)
from vss_desktop.ui.qt_helpers import named
from vss_desktop.ui.tasks import TaskRunner
from vss_desktop.ui.widgets import FeedbackLabel


class EventListDialog(QDialog):
    """The collector's events, newest first, with New, Open and Delete."""

    events_loaded = Signal(int)  # rows shown (tests wait on it)
    saved = Signal(str)  # an event, walk-in household or visit was written (tell the sync)
    deleted = Signal(str)  # an event was deleted

    def __init__(self, store: Store, collector: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.collector = collector
        self.rows: list[events.EventRow] = []
        self.places = Places()
        self.form: EventForm | None = None
        self.changed = False  # anything written while the list was open
        self.tasks = TaskRunner(self)
        self.setObjectName("eventListDialog")
        self.setWindowTitle(self.tr("Outreach events"))
        self.resize(1100, 520)

        self.table = plain_table(
            "eventList",
            [
                self.tr("Date and time"),
                self.tr("Kind"),
                self.tr("Commune / village"),
                self.tr("Partner"),
                self.tr("Attendees"),
                self.tr("Walk-ins"),
                self.tr("Results"),
                self.tr("Amount"),
            ],
        )
        header = self.table.horizontalHeader()
        for column in range(self.table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _i: self.open_event())
        list_label = QLabel(self.tr("&Events:"))
        list_label.setBuddy(self.table)

        self.new_button = named(QPushButton(self.tr("&New…")), "newEvent")
        self.open_button = named(QPushButton(self.tr("&Open…")), "openEvent")
        self.delete_button = named(QPushButton(self.tr("&Delete…")), "deleteEvent")
        self.new_button.clicked.connect(self.new_event)
        self.open_button.clicked.connect(lambda: self.open_event())
        self.delete_button.clicked.connect(self.delete_event)
        QShortcut(QKeySequence("Ctrl+N"), self).activated.connect(self.new_event)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_event)
        self.status = FeedbackLabel()
        self.status.setObjectName("eventStatus")
        row = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(list_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in the list opens; it must not close
        self.table.setFocus()
        self._update_enabled()
        self.reload()

    def reload(self, select: str | None = None) -> None:
        keep = select or self.current_id()
        store = self.store

        def work() -> tuple[list[events.EventRow], Places]:
            rows = events.list_events(store)
            with store.read() as session:
                return rows, known_places(session, rows[0] if rows else None)

        def ready(loaded: tuple[list[events.EventRow], Places]) -> None:
            self.rows, self.places = loaded
            self._fill(keep)
            self.events_loaded.emit(len(self.rows))

        self.tasks.submit(work, ready, self._failed, latest="events")

    def _fill(self, keep: str | None) -> None:
        kinds = labels.event_kind_labels()
        self.table.setRowCount(len(self.rows))
        for n, r in enumerate(self.rows):
            when = QTableWidgetItem(format_datetime_local(r.starts_at))
            when.setData(Qt.ItemDataRole.UserRole, r.id)
            self.table.setItem(n, 0, when)
            self.table.setItem(n, 1, QTableWidgetItem(labels.label(kinds, r.kind)))
            place = QTableWidgetItem(place_text(r.commune, r.village))
            place.setToolTip(place.text())
            self.table.setItem(n, 2, place)
            partner = QTableWidgetItem(r.partner)
            partner.setToolTip(r.partner)
            self.table.setItem(n, 3, partner)
            self.table.setItem(n, 4, right_item(count_text(r.attendees)))
            self.table.setItem(n, 5, right_item(count_text(r.walkins)))
            self.table.setItem(n, 6, right_item(count_text(r.results)))
            self.table.setItem(n, 7, right_item(format_money(r.amount) if r.amount else ""))
        ids = [r.id for r in self.rows]
        row = ids.index(keep) if keep in ids else (0 if ids else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._update_enabled()

    def current(self) -> events.EventRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def current_id(self) -> str | None:
        current = self.current()
        return current.id if current else None

    def _update_enabled(self) -> None:
        chosen = self.current() is not None
        self.open_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _failed(self, exc: Exception) -> None:
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(self.tr("That did not work: %1").replace("%1", type(exc).__name__))
        self.status.setVisible(True)

    def _form_open(self) -> bool:
        return self.form is not None and self.form.isVisible()

    def _show_form(self, form: EventForm) -> None:
        form.saved.connect(self._written)
        form.walkin_saved.connect(self._written)
        form.finished.connect(lambda _r, f=form: self._form_closed(f))
        self.form = form
        form.open()

    def _written(self, record_id: str) -> None:
        self.changed = True
        self.saved.emit(record_id)

    def _form_closed(self, form: EventForm) -> None:
        self.reload(select=form.event_id)

    def new_event(self) -> None:
        if self._form_open():
            return
        self.status.show_problems([])
        self._show_form(EventForm(self.store, self.collector, places=self.places, parent=self))

    def open_event(self, event_id: str | None = None) -> None:
        event_id = event_id or self.current_id()
        if event_id is None or self._form_open():
            return
        store = self.store

        def ready(event: Event) -> None:
            if not self._form_open():
                self._show_form(EventForm(store, self.collector, event, self.places, self))

        self.tasks.submit(
            lambda: events.get_event(store, event_id),
            ready,
            self._refused,
            expected=(services.NotFound,),
        )

    def confirm_delete(self, row: events.EventRow) -> bool:
        kind = labels.label(labels.event_kind_labels(), row.kind)
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            self.tr("Delete the event “%1” of %2?")
            .replace("%1", kind)
            .replace("%2", format_datetime_local(row.starts_at)),
        )
        return answer == QMessageBox.StandardButton.Yes

    def delete_event(self) -> None:
        row = self.current()
        if row is None or self._form_open() or not self.confirm_delete(row):
            return
        store, event_id = self.store, row.id

        def deleted(_result: object) -> None:
            self.changed = True
            self.status.show_problems([])
            self.saved.emit(event_id)
            self.deleted.emit(event_id)
            self.reload()

        self.tasks.submit(
            lambda: events.delete_event(store, event_id),
            deleted,
            self._refused,
            expected=(services.ValidationFailed, services.NotFound),
        )

    def _refused(self, exc: Exception) -> None:
        """A refusal in words under the list (an event with walk-ins is kept)."""
        if isinstance(exc, services.ValidationFailed):
            self.status.show_problems([p for items in exc.problems.values() for p in items])
        elif isinstance(exc, services.NotFound):
            self.status.setStyleSheet("color: #b00020;")
            self.status.setText(self.tr("This event was deleted meanwhile."))
            self.status.setVisible(True)
            self.reload()
        else:
            self._failed(exc)

    def done(self, result: int) -> None:
        self.tasks.wait()
        super().done(result)
