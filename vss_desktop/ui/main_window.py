"""The collector's main window: search and filters, the household list, the detail pane."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QMargins,
    QModelIndex,
    QPoint,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vss_core import vietnam_time
from vss_desktop import settings as settings_store
from vss_desktop.settings import Settings
from vss_desktop.store import Store, queries
from vss_desktop.store.queries import HouseholdFilter, StatusFilter
from vss_desktop.sync.engine import SyncReport
from vss_desktop.ui import sync_controller as sc
from vss_desktop.ui.backup_scheduler import BackupScheduler
from vss_desktop.ui.detail_pane import DetailPane
from vss_desktop.ui.household_model import PAGE, HouseholdListModel, column_widths
from vss_desktop.ui.idle_lock import IdleLock
from vss_desktop.ui.passphrase_change import PassphraseChange
from vss_desktop.ui.sync_controller import SyncController
from vss_desktop.ui.sync_status import SyncStatusBar
from vss_desktop.ui.tasks import TaskRunner
from vss_desktop.ui.today_view import TodayView
from vss_desktop.ui.update_download import UpdateDownloader
from vss_desktop.update import home as update_home

if TYPE_CHECKING:
    from vss_desktop.ui.calculator_dialog import PrefillResult
    from vss_desktop.ui.form_write import BackgroundFormDialog

SEARCH_DELAY_MS = 150  # wait for a pause in typing before querying
# The window's size and place, per data directory (QSettings in INI format).
WINDOW_FILE = "window.ini"
DEFAULT_SIZE = QSize(1400, 850)
# The window manager's frame is known only once the window is shown: room for it until then.
FRAME_ALLOWANCE = QMargins(8, 40, 8, 8)


def fit_rect(rect: QRect, available: QRect) -> QRect:
    """``rect`` shrunk to fit ``available`` and moved inside it."""
    width = min(rect.width(), available.width())
    height = min(rect.height(), available.height())
    left = min(max(rect.left(), available.left()), available.left() + available.width() - width)
    top = min(max(rect.top(), available.top()), available.top() + available.height() - height)
    return QRect(left, top, width, height)


def available_geometry(at: QPoint | None = None) -> QRect:
    """The usable area (without panels) of the screen at ``at``, else of the primary one."""
    screen = QGuiApplication.screenAt(at) if at is not None else None
    return (screen or QGuiApplication.primaryScreen()).availableGeometry()


class MainWindow(QMainWindow):
    list_loaded = Signal(int)  # number of households shown (tests wait on it)
    detail_loaded = Signal(str)

    def __init__(
        self,
        store: Store,
        settings: Settings,
        data_dir: Path,
        sync: SyncController | None = None,
        updates: UpdateDownloader | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.data_dir = data_dir
        self.tasks = TaskRunner(self)
        # Network work has its own worker: a sync never delays a list or search load.
        self.sync = sync or SyncController(store, self)
        if self.sync.parent() is None:
            self.sync.setParent(self)
        self.setWindowTitle(self.tr("VSS Desktop — BHXH/BHYT collection"))

        self.filter_bar = self._build_filters()
        self.model = HouseholdListModel(self._fetch_rows, self)
        self.model.expiring_days = settings.expiring_days
        self.list_view = self._build_list()
        self.detail = DetailPane()
        self.detail.edit_household_requested.connect(self.edit_household)
        self.detail.add_member_requested.connect(self.add_member)
        self.detail.edit_member_requested.connect(self.edit_member)
        self.detail.record_visit_requested.connect(lambda _id: self.record_visit())
        self.detail.calculator_requested.connect(lambda _id: self.open_calculator())
        # The app opens on Today: what to do next. The household list is the second page.
        self.today_view = TodayView(store, self.tasks, settings.expiring_days)
        self.today_view.household_chosen.connect(self.load_detail)
        self.today_view.household_activated.connect(self.visit_household)
        self.today_view.print_requested.connect(self.open_print_dialog)
        self.pages = QTabWidget()
        self.pages.setObjectName("pages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.today_view, self.tr("&Today"))
        self.pages.addTab(self.list_view, self.tr("All h&ouseholds"))
        self.pages.currentChanged.connect(self._page_changed)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.pages)
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
        self.statusBar().addWidget(self.count_label)
        self.sync_bar = SyncStatusBar(store, self.sync, self.tasks, self.statusBar())
        self.sync_bar.issues_requested.connect(self.open_issues)
        # A bundle built with the update repository's root downloads new versions itself.
        self.updates = updates or UpdateDownloader(update_home.bundled_root(), parent=self)
        if self.updates.parent() is None:
            self.updates.setParent(self)
        self.sync_bar.attach_updates(self.updates)
        self._build_actions()

        self._list_generation = 0  # which reload_list is the newest (its jobs check it)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload_list)
        # One database worker runs these in order: the page shown first (Today) first.
        self.today_view.reload()
        self.reload_list()
        self.reload_villages()
        self.refresh_pending()
        self.sync.state_changed.connect(self._sync_state_changed)
        self.sync.finished.connect(self._sync_finished)
        self.sync.start()
        self._sync_state_changed(self.sync.state)
        self.sync_bar.show_state(self.sync.state)
        self.backup = BackupScheduler(store, self)
        self.idle_lock: IdleLock | None = None
        if store.encrypted:
            self.idle_lock = IdleLock(store, settings.lock_after_minutes, self)
            self.idle_lock.quit_requested.connect(self.close)
        self.passphrase_change = PassphraseChange(
            self, store, data_dir, self.sync, self.tasks, self.backup, self.idle_lock
        )
        self.lock_action.setEnabled(store.encrypted)
        self.change_passphrase_action.setEnabled(store.encrypted)
        self._placed = False
        # The minimum size grows as the lists and the detail fill in: look again after it.
        self._keep_on_screen_timer = QTimer(self, singleShot=True, interval=0)
        self._keep_on_screen_timer.timeout.connect(self.keep_on_screen)
        self.restore_window_geometry()

    # --- building --------------------------------------------------------------

    def _build_filters(self) -> QHBoxLayout:
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setPlaceholderText(
            self.tr("Search name, CCCD, BHXH code, card number or phone  (Ctrl+F)")
        )
        self.search_box.textChanged.connect(self._search_edited)
        self.search_box.returnPressed.connect(self._focus_list)

        self.village_box = QComboBox()
        self.village_box.setObjectName("villageFilter")
        self.village_box.setMinimumContentsLength(14)
        self.village_box.currentIndexChanged.connect(self._village_changed)

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
        return bar

    def _build_list(self) -> QTableView:
        view = QTableView()
        view.setObjectName("householdList")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows (Shift/Ctrl) can be selected to print them as a route.
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
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
        for column, width in enumerate(column_widths(self.model, view.fontMetrics())):
            view.setColumnWidth(column, width)
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        view.activated.connect(lambda _i: self.record_visit())
        return view

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        household_menu = self.menuBar().addMenu(self.tr("&Household"))

        def action(
            text: str,
            shortcut: QKeySequence | QKeySequence.StandardKey | str,
            slot: Callable[[], object],
            menu: QMenu,
        ) -> QAction:
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
        self.calculator_action = action(
            self.tr("Contribution &calculator…"), "Ctrl+K", self.open_calculator, household_menu
        )
        action(self.tr("&Edit household…"), "Ctrl+E", self._edit_current, household_menu)
        action(self.tr("&Find"), QKeySequence.StandardKey.Find, self._focus_search, file_menu)
        self.print_action = action(
            self.tr("&Print…"),
            QKeySequence.StandardKey.Print,
            lambda: self.open_print_dialog(),
            file_menu,
        )
        self.import_action = action(self.tr("&Import from Excel…"), "", self.import_list, file_menu)
        self.export_list_action = action(
            self.tr("E&xport the list to Excel…"), "", self.export_list, file_menu
        )
        self.forms_action = action(
            self.tr("VSS &forms D03-TS / D05-TS…"), "", self.open_forms_export, file_menu
        )
        action(self.tr("&Settings…"), "Ctrl+,", self.open_settings, file_menu)
        self.lock_action = action(self.tr("&Lock now"), "Ctrl+L", self.lock_now, file_menu)
        self.change_passphrase_action = action(
            self.tr("C&hange passphrase…"), "", self.change_passphrase, file_menu
        )
        file_menu.addSeparator()
        action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close, file_menu)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        action(self.tr("&Today"), "Ctrl+1", self._go_today, view_menu)
        action(self.tr("All h&ouseholds"), "Ctrl+2", self._focus_list, view_menu)

        work_menu = self.menuBar().addMenu(self.tr("&Work"))
        action(self.tr("&Targets and progress…"), "Ctrl+T", self.open_progress, work_menu)
        action(self.tr("&Campaigns…"), "Ctrl+G", self.open_campaigns, work_menu)
        self.events_action = action(
            self.tr("&Events…"), "Ctrl+Shift+E", self.open_events, work_menu
        )
        action(self.tr("&Villages…"), "", self.open_villages, work_menu)

        sync_menu = self.menuBar().addMenu(self.tr("S&ync"))
        sync_menu.setObjectName("syncMenu")
        self.sync_action = action(self.tr("Sync &now"), "F5", self.sync_now, sync_menu)
        self.end_of_day_action = action(self.tr("&End of day…"), "", self.end_of_day, sync_menu)
        sync_menu.addSeparator()
        self.server_action = action(
            self.tr("Se&rver and login…"), "", self.open_server_dialog, sync_menu
        )
        self.issues_action = action(
            self.tr("&Conflicts and rejected changes…"), "", self.open_issues, sync_menu
        )
        self.sync_log_action = action(self.tr("Sync &log…"), "", self.open_sync_log, sync_menu)

    # --- list and detail -------------------------------------------------------

    def current_filter(self) -> HouseholdFilter:
        return HouseholdFilter(
            text=self.search_box.text(),
            village=self.village_box.currentData() or None,
            status=self.status_box.currentData() or StatusFilter.ALL,
            expiring_days=self.days_box.value(),
            today=vietnam_time.today(),
        )

    def reload_list(self) -> None:
        """The first screen of the list with bounded work (a keystroke), then, when there
        is more, the whole list in a second job that a newer keystroke skips."""
        flt = self.current_filter()
        self.model.expiring_days = flt.expiring_days
        self._list_generation += 1
        generation = self._list_generation
        keep: str | None = None  # the household selected when the first screen came

        def first() -> tuple[list[str], bool]:
            with self.store.read() as session:
                return queries.first_household_ids(session, flt, PAGE)

        def rest() -> list[str] | None:
            if generation != self._list_generation:
                return None  # typing went on: skip the work, not only its result
            with self.store.read() as session:
                return queries.household_ids(session, flt)

        def first_ready(result: tuple[list[str], bool]) -> None:
            ids, complete = result
            nonlocal keep
            keep = self.current_household_id()
            self.model.set_ids(ids)
            if complete:
                self._list_ready(ids, keep)
                return
            self._show_count(f"{len(ids):,}+")
            row = self.model.row_of(keep) if keep else 0  # else it may be further down
            if row >= 0:
                self._select_row(row)
            self.tasks.submit(rest, rest_ready, self._task_failed, latest="list")

        def rest_ready(ids: list[str] | None) -> None:
            if ids is None:
                return
            chosen = self.current_household_id() or keep
            if not self.model.extend_ids(ids):
                self.model.set_ids(ids)
            self._list_ready(ids, chosen)

        self.tasks.submit(first, first_ready, self._task_failed, latest="list")

    def _show_count(self, count: str) -> None:
        self.count_label.setText(self.tr("%1 households").replace("%1", count.replace(",", ".")))

    def _select_row(self, row: int) -> None:
        self.list_view.selectRow(row)
        self.list_view.scrollTo(self.model.index(row, 0))

    def _list_ready(self, ids: list[str], keep: str | None) -> None:
        """The whole list is in the model: count, selection, and the signal tests wait on."""
        self._show_count(f"{len(ids):,}")
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and ids:
            row = 0
        if row >= 0:
            if self.list_view.currentIndex().row() != row:
                self._select_row(row)
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

    def selected_household_ids(self) -> list[str]:
        """The selected rows' households, in list order (the starting route order)."""
        rows = sorted(index.row() for index in self.list_view.selectionModel().selectedRows())
        return [hid for hid in (self.model.household_id(r) for r in rows) if hid]

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        household_id = self.model.household_id(current.row())
        if household_id and self.pages.currentWidget() is self.list_view:
            self.load_detail(household_id)

    def _page_changed(self, _index: int) -> None:
        """The detail pane follows the line chosen on the page now shown."""
        on_list = self.pages.currentWidget() is self.list_view
        household_id = (
            self.current_household_id() if on_list else self.today_view.current_household_id()
        )
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
        """Re-read the pending changes, open issues and last sync time (status bar)."""
        self.sync_bar.refresh()

    def _status_changed(self) -> None:
        self.days_box.setEnabled(self.status_box.currentData() == StatusFilter.EXPIRING)
        self.show_households()
        self.reload_list()

    def _search_edited(self, text: str) -> None:
        if text:
            self.show_households()  # the search box searches the household list
        self._search_timer.start()

    def _village_changed(self, index: int) -> None:
        if index > 0:
            self.show_households()
        self.reload_list()

    def show_today(self) -> None:
        self.pages.setCurrentWidget(self.today_view)

    def _go_today(self) -> None:
        self.show_today()
        self.today_view.table.setFocus()

    def show_households(self) -> None:
        self.pages.setCurrentWidget(self.list_view)

    def _task_failed(self, exc: Exception) -> None:
        self.statusBar().showMessage(
            self.tr("Could not read the database: %1").replace("%1", str(exc)), 10_000
        )

    def _focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _focus_list(self) -> None:
        self.show_households()
        self.list_view.setFocus()

    # --- editing ---------------------------------------------------------------

    def after_change(self, household_id: str | None = None) -> None:
        """Refresh everything a saved change can affect."""
        self.model.refresh()
        self.reload_villages()
        self.reload_list()
        self.today_view.reload()
        self.refresh_pending()
        target = household_id or self.current_household_id()
        if target:
            self.load_detail(target)

    def _run_form(self, dialog: BackgroundFormDialog) -> bool:
        """Open a form; what it saves also goes to the server soon (the sync controller)."""
        dialog.saved.connect(self.sync.change_saved)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def new_household(self) -> None:
        from vss_desktop.ui.household_dialog import HouseholdDialog

        dialog = HouseholdDialog(self.store, parent=self)
        if self._run_form(dialog) and dialog.saved_id:
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
        if self._run_form(dialog):
            self.after_change(household_id)

    def _edit_current(self) -> None:
        if self.detail.detail:
            self.edit_household(self.detail.detail.household.id)

    def add_member(self, household_id: str) -> None:
        from vss_desktop.ui.member_dialog import MemberDialog

        dialog = MemberDialog(self.store, household_id, parent=self)
        if self._run_form(dialog):
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
        if self._run_form(dialog):
            self.after_change(detail.household.id)

    def record_visit(self, prefill: Sequence[PrefillResult] = ()) -> None:
        from vss_desktop.ui.visit_dialog import VisitDialog

        detail = self.detail.detail
        if detail is None:
            QMessageBox.information(self, self.windowTitle(), self.tr("Choose a household first."))
            return
        dialog = VisitDialog(
            self.store, detail, self.settings.collector, parent=self, prefill=prefill
        )
        if self._run_form(dialog):
            self.after_change(detail.household.id)

    def open_calculator(self) -> None:
        """What the family would pay; its amounts can go straight into a visit."""
        from vss_desktop.ui.calculator_dialog import CalculatorDialog

        detail = self.detail.detail
        if detail is None:
            QMessageBox.information(self, self.windowTitle(), self.tr("Choose a household first."))
            return
        dialog = CalculatorDialog(detail, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.prefill:
            self.record_visit(dialog.prefill)

    def open_print_dialog(self, household_ids: Sequence[str] | None = None) -> None:
        """Print the given households (a Today list), else the list's selection."""
        from vss_desktop.ui.print_dialog import PrintDialog

        if household_ids is None:
            on_today = self.pages.currentWidget() is self.today_view
            household_ids = (
                self.today_view.household_ids() if on_today else self.selected_household_ids()
            )
        PrintDialog(
            self.store, self.current_filter(), list(household_ids), self.settings, self
        ).exec()

    def import_list(self, path: Path | None = None) -> None:
        """A commune list from Excel or CSV: previewed, then written whole (ui/import_dialog)."""
        from vss_desktop.ui.import_dialog import ImportDialog, choose_list_file

        path = path or choose_list_file(self)
        if path is None:
            return
        self.import_dialog = ImportDialog(self.store, path, self)
        self.import_dialog.imported.connect(self._list_imported)
        self.import_dialog.open()  # window-modal; the list refreshes when it is written

    def export_list(self) -> None:
        """Every household and member in the import template's layout (ui/list_export_action)."""
        from vss_desktop.ui.list_export_action import export_list_to

        self.list_export = export_list_to(self, self.store, self.tasks)

    def open_forms_export(self) -> None:
        """D03-TS / D05-TS of a period from the recorded visits (ui/forms_export_dialog)."""
        from vss_desktop.ui.forms_export_dialog import open_forms_export

        self.forms_dialog = open_forms_export(self, self.store, self.tasks, self.settings.collector)

    def _list_imported(self) -> None:
        self.sync.change_saved()  # sent soon, as a form's save is
        self.after_change()

    def visit_household(self, household_id: str) -> None:
        """Record a visit to ``household_id`` once its detail is loaded."""
        shown = self.detail.detail
        if shown is not None and shown.household.id == household_id:
            self.record_visit()
            return

        def loaded(loaded_id: str) -> None:
            self.detail_loaded.disconnect(loaded)
            if loaded_id == household_id:
                self.record_visit()

        self.detail_loaded.connect(loaded)
        self.load_detail(household_id)

    def open_settings(self) -> None:
        from vss_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            language_changed = dialog.settings.language != self.settings.language
            self.settings = dialog.settings
            settings_store.save(self.data_dir, self.settings)
            if self.idle_lock is not None:
                self.idle_lock.set_minutes(self.settings.lock_after_minutes)
            if language_changed:
                QMessageBox.information(
                    self,
                    self.windowTitle(),
                    self.tr("The new language is used from the next start of the app."),
                )

    # --- sync -----------------------------------------------------------------------

    def _sync_state_changed(self, state: str) -> None:
        self.sync_action.setEnabled(state != sc.SYNCING)

    def _sync_finished(self, report: SyncReport) -> None:
        # The status bar says how it went (SyncStatusBar); what came in may be on screen.
        if report.sent or report.received:
            self.after_change()
        else:
            self.refresh_pending()

    def sync_now(self) -> None:
        if self.sync.state == sc.NOT_CONFIGURED:
            self.open_server_dialog()
            return
        if not self.sync.sync_now():
            self.statusBar().showMessage(self.tr("A sync is already running."), 4000)

    def end_of_day(self) -> None:
        from vss_desktop.ui.sync_log_dialog import EndOfDayDialog

        dialog = EndOfDayDialog(self.sync, self)
        dialog.exec()
        if dialog.review_requested:
            self.open_issues()

    def open_server_dialog(self) -> None:
        from vss_desktop.ui.server_dialog import ServerDialog

        dialog = ServerDialog(self.sync, self)
        dialog.exec()
        self.refresh_pending()

    def open_issues(self) -> None:
        from vss_desktop.ui.issues_dialog import IssuesDialog

        dialog = IssuesDialog(self.store, self)
        changed: list[Any] = []
        dialog.changed.connect(lambda: changed.append(True))
        dialog.exec()
        if changed:
            self.after_change()

    def open_sync_log(self) -> None:
        from vss_desktop.ui.sync_log_dialog import SyncLogDialog

        SyncLogDialog(self.sync, self).exec()

    def open_progress(self) -> None:
        from vss_desktop.ui.progress_dialog import ProgressDialog

        ProgressDialog(self.store, self).exec()

    def open_campaigns(self) -> None:
        from vss_desktop.ui.campaign_dialog import CampaignDialog

        CampaignDialog(self.store, self.settings.collector, self).exec()

    def open_events(self) -> None:
        """Outreach events and their walk-ins (issue 15); what they save is sent soon."""
        from vss_desktop.ui.event_list_dialog import EventListDialog

        dialog = EventListDialog(self.store, self.settings.collector, self)
        dialog.saved.connect(self.sync.change_saved)
        dialog.exec()
        if dialog.changed:
            self.after_change()

    def open_villages(self) -> None:
        """The village list of the shown household's commune (any commune can be picked)."""
        from vss_desktop.ui.village_dialog import VillageDialog

        shown = self.detail.detail
        VillageDialog(self.store, shown.household.commune if shown else "", self).exec()

    # --- the passphrase ----------------------------------------------------------------

    def lock_now(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock()

    def change_passphrase(self) -> None:
        """Re-encrypt under a new passphrase, then close: the next start asks for it."""
        if self.passphrase_change.run(self.settings.lock_after_minutes):
            self.close()

    # --- the parts the window composes (tests and tools reach them through it) --------

    @property
    def pending_label(self) -> QLabel:
        return self.sync_bar.pending_label

    @property
    def sync_indicator(self) -> QLabel:
        return self.sync_bar.indicator

    @property
    def sync_progress(self) -> QProgressBar:
        return self.sync_bar.progress

    @property
    def issues_button(self) -> QPushButton:
        return self.sync_bar.issues_button

    @property
    def backup_timer(self) -> QTimer:
        return self.backup.timer

    @property
    def backups(self) -> TaskRunner:
        return self.backup.runner

    @property
    def damage_notice(self) -> QMessageBox | None:
        return self.backup.damage_notice

    def make_daily_backup(self) -> None:
        self.backup.make_daily_backup()

    # --- size and place on the screen ---------------------------------------------------

    def _window_file(self) -> QSettings:
        return QSettings(str(self.data_dir / WINDOW_FILE), QSettings.Format.IniFormat)

    def restore_window_geometry(self) -> None:
        """Open where the collector left the window, else at the default size; on screen."""
        saved = self._window_file().value("geometry")
        if isinstance(saved, QByteArray) and self.restoreGeometry(saved):
            self.keep_on_screen()
            return
        available = available_geometry().marginsRemoved(FRAME_ALLOWANCE)
        size = DEFAULT_SIZE.boundedTo(available.size())
        rect = QRect(QPoint(0, 0), size)
        rect.moveCenter(available.center())
        self.setGeometry(rect)
        if size != DEFAULT_SIZE:  # a small laptop screen: use all of it
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def keep_on_screen(self) -> None:
        """Shrink and move the window so that its frame lies within the screen's usable area."""
        if self.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
            return
        inner, outer = self.geometry(), self.frameGeometry()
        margins = QMargins(
            inner.left() - outer.left(),
            inner.top() - outer.top(),
            outer.right() - inner.right(),
            outer.bottom() - inner.bottom(),
        )
        if not self.isVisible() or margins.isNull():
            margins = FRAME_ALLOWANCE  # the frame is not known yet
        available = available_geometry(inner.center()).marginsRemoved(margins)
        fitted = fit_rect(inner, available)
        if fitted != inner:
            self.setGeometry(fitted)

    def save_window_geometry(self) -> None:
        settings = self._window_file()
        settings.setValue("geometry", self.saveGeometry())
        settings.sync()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._placed = True  # from now on the window manager's frame is known
        self._keep_on_screen_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._placed:
            self._keep_on_screen_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_geometry()
        self.backup.timer.stop()
        self.sync.stop()
        self.updates.stop()
        self.tasks.wait(10_000)
        self.backup.pause()  # let a copy finish: one cut short is thrown away anyway
        if self.idle_lock is not None:
            self.idle_lock.stop()
        super().closeEvent(event)
