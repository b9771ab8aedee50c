"""The collector's main window: search and filters, the household list, the detail pane."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vss_desktop import settings as settings_store
from vss_desktop.settings import Settings
from vss_desktop.store import Store, queries, services
from vss_desktop.store.queries import HouseholdFilter, StatusFilter
from vss_desktop.ui.detail_pane import DetailPane
from vss_desktop.ui.household_model import HouseholdListModel
from vss_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 150  # wait for a pause in typing before querying


class MainWindow(QMainWindow):
    list_loaded = Signal(int)  # number of households shown (tests wait on it)
    detail_loaded = Signal(str)

    def __init__(self, store: Store, settings: Settings, data_dir: Path) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.data_dir = data_dir
        self.tasks = TaskRunner(self)
        self.setWindowTitle(self.tr("VSS Desktop — BHXH/BHYT collection"))
        self.resize(1400, 850)

        self._build_filters()
        self.model = HouseholdListModel(self._fetch_rows, self)
        self.model.expiring_days = settings.expiring_days
        self.list_view = self._build_list()
        self.detail = DetailPane()
        self.detail.edit_household_requested.connect(self.edit_household)
        self.detail.add_member_requested.connect(self.add_member)
        self.detail.edit_member_requested.connect(self.edit_member)
        self.detail.record_visit_requested.connect(lambda _id: self.record_visit())

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list_view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([840, 560])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(self.filter_bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.count_label = QLabel()
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingLabel")
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.pending_label)
        self._build_actions()

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload_list)
        self.reload_villages()
        self.reload_list()
        self.refresh_pending()

    # --- building --------------------------------------------------------------

    def _build_filters(self) -> None:
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setPlaceholderText(
            self.tr("Search name, CCCD, BHXH code, card number or phone  (Ctrl+F)")
        )
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_box.returnPressed.connect(self._focus_list)

        self.village_box = QComboBox()
        self.village_box.setObjectName("villageFilter")
        self.village_box.setMinimumContentsLength(14)
        self.village_box.currentIndexChanged.connect(lambda _i: self.reload_list())

        self.status_box = QComboBox()
        self.status_box.setObjectName("statusFilter")
        for status, text in (
            (StatusFilter.ALL, self.tr("All households")),
            (StatusFilter.UNINSURED, self.tr("Has members without BHYT")),
            (StatusFilter.EXPIRING, self.tr("BHYT card expiring within")),
            (StatusFilter.FOLLOW_UP_DUE, self.tr("Follow-up due")),
            (StatusFilter.NOT_VISITED_THIS_MONTH, self.tr("Not visited this month")),
        ):
            self.status_box.addItem(text, status)
        self.status_box.currentIndexChanged.connect(self._status_changed)

        self.days_box = QSpinBox()
        self.days_box.setObjectName("expiringDays")
        self.days_box.setRange(1, 365)
        self.days_box.setValue(self.settings.expiring_days)
        self.days_box.setSuffix(self.tr(" days"))
        self.days_box.setEnabled(False)
        self.days_box.valueChanged.connect(lambda _v: self._search_timer.start())

        search_label = QLabel(self.tr("&Search:"))
        search_label.setBuddy(self.search_box)
        village_label = QLabel(self.tr("V&illage:"))
        village_label.setBuddy(self.village_box)
        status_label = QLabel(self.tr("S&how:"))
        status_label.setBuddy(self.status_box)
        bar = QHBoxLayout()
        bar.addWidget(search_label)
        bar.addWidget(self.search_box, 3)
        bar.addWidget(village_label)
        bar.addWidget(self.village_box, 1)
        bar.addWidget(status_label)
        bar.addWidget(self.status_box, 1)
        bar.addWidget(self.days_box)
        self.filter_bar = bar

    def _build_list(self) -> QTableView:
        view = QTableView()
        view.setObjectName("householdList")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        # Fixed row heights and no content-based column sizing: with 50,000 rows
        # Qt must never measure every row.
        vh = view.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(view.fontMetrics().height() + 10)
        hh = view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        char = view.fontMetrics().averageCharWidth()
        for column, chars in enumerate((11, 22, 17, 6, 11, 7, 9, 11, 24, 10)):
            view.setColumnWidth(column, chars * char + 16)
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        view.activated.connect(lambda _i: self.record_visit())
        return view

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        household_menu = self.menuBar().addMenu(self.tr("&Household"))

        def action(text: str, shortcut: QKeySequence | str, slot, menu) -> QAction:  # type: ignore[no-untyped-def]
            act = QAction(text, self)
            act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        self.new_household_action = action(
            self.tr("&New household…"), "Ctrl+N", self.new_household, household_menu
        )
        self.visit_action = action(
            self.tr("Record &visit…"), "Ctrl+R", self.record_visit, household_menu
        )
        action(self.tr("Add &member…"), "Ctrl+M", self._add_member_current, household_menu)
        action(self.tr("&Edit household…"), "Ctrl+E", self._edit_current, household_menu)
        action(self.tr("&Find"), QKeySequence.StandardKey.Find, self._focus_search, file_menu)
        action(self.tr("&Settings…"), "Ctrl+,", self.open_settings, file_menu)
        file_menu.addSeparator()
        action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close, file_menu)

    # --- list and detail -------------------------------------------------------

    def current_filter(self) -> HouseholdFilter:
        return HouseholdFilter(
            text=self.search_box.text(),
            village=self.village_box.currentData() or None,
            status=self.status_box.currentData() or StatusFilter.ALL,
            expiring_days=self.days_box.value(),
            today=date.today(),
        )

    def reload_list(self) -> None:
        flt = self.current_filter()
        self.model.expiring_days = flt.expiring_days

        def work() -> list[str]:
            with self.store.read() as session:
                return queries.household_ids(session, flt)

        self.tasks.submit(work, self._list_ready, self._task_failed, latest="list")

    def _list_ready(self, ids: list[str]) -> None:
        keep = self.current_household_id()
        self.model.set_ids(ids)
        self.count_label.setText(
            self.tr("%1 households").replace("%1", f"{len(ids):,}".replace(",", "."))
        )
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and ids:
            row = 0
        if row >= 0:
            self.list_view.selectRow(row)
            self.list_view.scrollTo(self.model.index(row, 0))
        else:
            self.detail.show_detail(None)
        self.list_loaded.emit(len(ids))

    def _fetch_rows(self, ids: list[str]) -> dict[str, queries.HouseholdRow]:
        # A page of ~100 rows by primary key: a few milliseconds, fine on the UI thread.
        with self.store.read() as session:
            return queries.household_rows(session, ids)

    def current_household_id(self) -> str | None:
        index = self.list_view.currentIndex()
        return self.model.household_id(index.row()) if index.isValid() else None

    def _current_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        household_id = self.model.household_id(current.row())
        if household_id:
            self.load_detail(household_id)

    def load_detail(self, household_id: str) -> None:
        def work() -> queries.HouseholdDetail | None:
            with self.store.read() as session:
                return queries.household_detail(session, household_id)

        def ready(detail: queries.HouseholdDetail | None) -> None:
            self.detail.show_detail(detail)
            self.detail_loaded.emit(household_id)

        self.tasks.submit(work, ready, self._task_failed, latest="detail")

    def reload_villages(self) -> None:
        def work() -> list[str]:
            with self.store.read() as session:
                return queries.villages(session)

        def ready(names: list[str]) -> None:
            current = self.village_box.currentData()
            self.village_box.blockSignals(True)
            self.village_box.clear()
            self.village_box.addItem(self.tr("All villages"), "")
            for name in names:
                self.village_box.addItem(name, name)
            index = self.village_box.findData(current) if current else 0
            self.village_box.setCurrentIndex(max(index, 0))
            self.village_box.blockSignals(False)

        self.tasks.submit(work, ready, self._task_failed, latest="villages")

    def refresh_pending(self) -> None:
        def ready(count: int) -> None:
            text = self.tr("Changes waiting to be sent: %1").replace("%1", str(count))
            self.pending_label.setText(text)

        self.tasks.submit(lambda: services.pending_changes(self.store), ready, latest="pending")

    def _status_changed(self) -> None:
        self.days_box.setEnabled(self.status_box.currentData() == StatusFilter.EXPIRING)
        self.reload_list()

    def _task_failed(self, exc: Exception) -> None:
        self.statusBar().showMessage(
            self.tr("Could not read the database: %1").replace("%1", str(exc)), 10_000
        )

    def _focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _focus_list(self) -> None:
        self.list_view.setFocus()

    # --- editing ---------------------------------------------------------------

    def after_change(self, household_id: str | None = None) -> None:
        """Refresh everything a saved change can affect."""
        self.model.refresh()
        self.reload_villages()
        self.reload_list()
        self.refresh_pending()
        target = household_id or self.current_household_id()
        if target:
            self.load_detail(target)

    def new_household(self) -> None:
        from vss_desktop.ui.household_dialog import HouseholdDialog

        dialog = HouseholdDialog(self.store, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_id:
            self.search_box.clear()
            self.after_change(dialog.saved_id)
            self._select_when_loaded(dialog.saved_id)

    def _select_when_loaded(self, household_id: str) -> None:
        def select(_count: int) -> None:
            self.list_loaded.disconnect(select)
            row = self.model.row_of(household_id)
            if row >= 0:
                self.list_view.selectRow(row)
                self.list_view.scrollTo(self.model.index(row, 0))

        self.list_loaded.connect(select)

    def edit_household(self, household_id: str) -> None:
        from vss_desktop.ui.household_dialog import HouseholdDialog

        detail = self.detail.detail
        if detail is None or detail.household.id != household_id:
            return
        dialog = HouseholdDialog(self.store, detail.household, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.after_change(household_id)

    def _edit_current(self) -> None:
        if self.detail.detail:
            self.edit_household(self.detail.detail.household.id)

    def add_member(self, household_id: str) -> None:
        from vss_desktop.ui.member_dialog import MemberDialog

        dialog = MemberDialog(self.store, household_id, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.after_change(household_id)

    def _add_member_current(self) -> None:
        if self.detail.detail:
            self.add_member(self.detail.detail.household.id)

    def edit_member(self, person_id: str) -> None:
        from vss_desktop.ui.member_dialog import MemberDialog

        detail = self.detail.detail
        person = next((p for p in detail.members if p.id == person_id), None) if detail else None
        if detail is None or person is None:
            return
        dialog = MemberDialog(self.store, detail.household.id, person, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.after_change(detail.household.id)

    def record_visit(self) -> None:
        from vss_desktop.ui.visit_dialog import VisitDialog

        detail = self.detail.detail
        if detail is None:
            QMessageBox.information(self, self.windowTitle(), self.tr("Choose a household first."))
            return
        dialog = VisitDialog(self.store, detail, self.settings.collector, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.after_change(detail.household.id)

    def open_settings(self) -> None:
        from vss_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            language_changed = dialog.settings.language != self.settings.language
            self.settings = dialog.settings
            settings_store.save(self.data_dir, self.settings)
            if language_changed:
                QMessageBox.information(
                    self,
                    self.windowTitle(),
                    self.tr("The new language is used from the next start of the app."),
                )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.wait(10_000)
        super().closeEvent(event)
