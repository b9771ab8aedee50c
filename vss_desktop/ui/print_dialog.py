"""Print options with Preview, Print… and Save as PDF… for the three printed documents.

Reading the options runs in the dialog's worker; the jobs themselves (layout, painting,
the PDF) are ui/print_job.PrintJob's, in the same worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vss_core import vietnam_time
from vss_desktop.printing.data import Order, Selection
from vss_desktop.printing.documents import Kind, PrintRequest
from vss_desktop.settings import Settings
from vss_desktop.store import Store, queries
from vss_desktop.store.queries import HouseholdFilter
from vss_desktop.ui.print_job import JobTexts, PrintJob
from vss_desktop.ui.qt_helpers import named
from vss_desktop.ui.tasks import TaskRunner


class PrintDialog(QDialog):
    """Choose a document and its options, then preview, print or save it as PDF.

    ``current_filter`` is the main window's list filter and ``selected_ids`` the
    households selected in the list (their order is the starting route order).
    """

    job_finished = Signal(str)  # a message for the status line, after each job (tests wait on it)
    options_loaded = Signal()

    def __init__(
        self,
        store: Store,
        current_filter: HouseholdFilter,
        selected_ids: Sequence[str],
        settings: Settings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print"))
        self.store = store
        self.filter = current_filter
        self.selected_ids = list(dict.fromkeys(selected_ids))
        self.settings = settings
        self.tasks = TaskRunner(self)
        self.job = PrintJob(self, store, self.tasks, self._job_texts())
        self.printer = self.job.printer  # the collector's choices stay for the next job
        self.progress = self.job.progress
        self._orientation_touched = False
        self._build()
        self.progress.changed.connect(self._show_progress)
        self.job.busy_changed.connect(self._show_busy)
        self.job.finished.connect(self.job_finished)
        self.job.failed.connect(self._failed)
        self._document_changed()
        self._load_options()

    # --- widgets ----------------------------------------------------------------------

    def _build(self) -> None:
        form = QFormLayout()
        self.document_box = named(QComboBox(), "documentBox")
        self.document_box.addItem(self.tr("Household visit list"), Kind.VISIT_LIST)
        self.document_box.addItem(
            self.tr("Household sheets (one page per household)"), Kind.HOUSEHOLD_SHEET
        )
        self.document_box.addItem(self.tr("BHYT renewal reminders"), Kind.REMINDERS)
        form.addRow(self.tr("&Document:"), self.document_box)

        self.from_list = QRadioButton(self.tr("Households in the &list as filtered now"))
        self.from_selection = QRadioButton(
            self.tr("&Selected households (%1)").replace("%1", str(len(self.selected_ids)))
        )
        self.from_selection.setEnabled(bool(self.selected_ids))
        self.source_group = QButtonGroup(self)
        for radio in (self.from_list, self.from_selection):
            self.source_group.addButton(radio)
        self.from_list.setChecked(True)
        source = QVBoxLayout()
        source.addWidget(self.from_list)
        source.addWidget(self.from_selection)
        form.addRow(self.tr("Households:"), source)

        self.village_list = named(QListWidget(), "villageList")
        self.village_list.setMaximumHeight(110)
        form.addRow(self.tr("V&illages (none ticked: all):"), self.village_list)

        self.days_box = named(QSpinBox(), "daysBox")
        self.days_box.setRange(1, 365)
        self.days_box.setValue(self.filter.expiring_days)
        self.days_box.setSuffix(self.tr(" days"))
        form.addRow(self.tr("Cards expiring &within:"), self.days_box)

        self.order_box = named(QComboBox(), "orderBox")
        self.order_box.addItem(self.tr("By village and house number"), Order.VILLAGE)
        self.order_box.addItem(self.tr("By name of the head of household"), Order.NAME)
        self.order_box.addItem(self.tr("Route order (drag to arrange)"), Order.ROUTE)
        form.addRow(self.tr("&Order:"), self.order_box)

        self.route_list = named(QListWidget(), "routeList")
        self.route_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.route_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.route_list.setMaximumHeight(140)
        form.addRow(self.tr("&Route:"), self.route_list)

        self.orientation_box = named(QComboBox(), "orientationBox")
        self.orientation_box.addItem(self.tr("Portrait"), False)
        self.orientation_box.addItem(self.tr("Landscape"), True)
        form.addRow(self.tr("P&aper (A4):"), self.orientation_box)

        self.status = named(QLabel(), "printStatus")
        self.status.setWordWrap(True)
        self.bar = named(QProgressBar(), "printProgress")
        self.bar.setVisible(False)

        buttons = QDialogButtonBox()
        self.preview_button = QPushButton(self.tr("Pre&view…"))
        self.print_button = QPushButton(self.tr("&Print…"))
        self.pdf_button = QPushButton(self.tr("Save as PD&F…"))
        for button in (self.preview_button, self.print_button, self.pdf_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_)
        self.pdf_button.clicked.connect(self.save_pdf)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.bar)
        layout.addLayout(status_row)
        layout.addWidget(buttons)

        self.document_box.currentIndexChanged.connect(self._document_changed)
        self.source_group.buttonToggled.connect(self._update_enabled)
        self.order_box.currentIndexChanged.connect(self._update_enabled)
        self.orientation_box.activated.connect(self._orientation_chosen)

    def _load_options(self) -> None:
        store, ids = self.store, self.selected_ids

        def work() -> tuple[list[str], dict[str, queries.HouseholdRow]]:
            with store.read() as session:
                return queries.villages(session), queries.household_rows(session, ids)

        self.tasks.submit(work, self._options_ready, self._failed)

    def _options_ready(self, result: tuple[list[str], dict[str, queries.HouseholdRow]]) -> None:
        names, rows = result
        for name in names:
            item = QListWidgetItem(name, self.village_list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = name == self.filter.village
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        for household_id in self.selected_ids:
            row = rows.get(household_id)
            if row is None:
                continue
            text = f"{row.head_name} — {row.village}, {row.house_number}".rstrip(", ")
            item = QListWidgetItem(text, self.route_list)
            item.setData(Qt.ItemDataRole.UserRole, household_id)
        self.options_loaded.emit()

    @Slot()
    def _document_changed(self) -> None:
        kind = self.kind()
        if kind is Kind.HOUSEHOLD_SHEET and self.selected_ids:
            self.from_selection.setChecked(True)
        if not self._orientation_touched:  # the visit list has many columns
            self.orientation_box.setCurrentIndex(1 if kind is Kind.VISIT_LIST else 0)
        self._update_enabled()

    @Slot()
    def _orientation_chosen(self) -> None:
        self._orientation_touched = True

    @Slot()
    def _update_enabled(self) -> None:
        kind = self.kind()
        per_household = kind is not Kind.REMINDERS
        from_selection = per_household and self.from_selection.isChecked()
        self.from_list.setEnabled(per_household and not self._busy)
        self.from_selection.setEnabled(per_household and bool(self.selected_ids) and not self._busy)
        self.village_list.setEnabled(not from_selection and not self._busy)
        self.order_box.setEnabled(per_household and not self._busy)
        route_item = self._order_model().item(2)
        route_item.setEnabled(from_selection)
        if not from_selection and self.order() is Order.ROUTE:
            self.order_box.setCurrentIndex(0)
        self.route_list.setEnabled(self.order() is Order.ROUTE and not self._busy)
        for widget in (self.document_box, self.days_box, self.orientation_box):
            widget.setEnabled(not self._busy)
        for button in (self.preview_button, self.print_button, self.pdf_button, self.close_button):
            button.setEnabled(not self._busy)

    def _order_model(self) -> QStandardItemModel:
        """The order box's items (a combo box's own model is a QStandardItemModel)."""
        model = self.order_box.model()
        assert isinstance(model, QStandardItemModel)
        return model

    # --- the request ------------------------------------------------------------------

    def kind(self) -> Kind:
        return Kind(self.document_box.currentData())  # item data comes back as plain str

    def order(self) -> Order:
        return Order(self.order_box.currentData())

    def checked_villages(self) -> tuple[str, ...]:
        items = (self.village_list.item(i) for i in range(self.village_list.count()))
        return tuple(i.text() for i in items if i.checkState() == Qt.CheckState.Checked)

    def route_ids(self) -> tuple[str, ...]:
        items = (self.route_list.item(i) for i in range(self.route_list.count()))
        return tuple(i.data(Qt.ItemDataRole.UserRole) for i in items)

    def request(self) -> PrintRequest:
        kind = self.kind()
        order = self.order()
        villages = self.checked_villages()
        if kind is not Kind.REMINDERS and self.from_selection.isChecked():
            ids = self.route_ids() if order is Order.ROUTE else tuple(self.selected_ids)
            selection = Selection(ids=ids)
        else:
            # Ticked villages replace the list's own village choice (pre-ticked from it).
            selection = Selection(replace(self.filter, village=None), villages=villages)
        return PrintRequest(
            kind,
            selection,
            order,
            days=self.days_box.value(),
            landscape=bool(self.orientation_box.currentData()),
            collector=self.settings.collector_name,  # empty: the account's name
            collector_username=self.settings.collector,
        )

    # --- jobs -------------------------------------------------------------------------

    def _job_texts(self) -> JobTexts:
        return JobTexts(
            preparing=self.tr("Preparing the document…"),
            previewed=self._pages_message,
            printed=lambda pages: self.tr("Sent %1 pages to the printer.").replace(
                "%1", str(pages)
            ),
            saved=lambda pages, name: (
                self.tr("Saved %1 pages to %2.").replace("%1", str(pages)).replace("%2", name)
            ),
        )

    def _pages_message(self, pages: int) -> str:
        return self.tr("%1 pages.").replace("%1", str(pages))

    @property
    def _busy(self) -> bool:
        return self.job.busy

    @Slot(bool, str)
    def _show_busy(self, busy: bool, message: str) -> None:
        self.status.setText(message)
        self.bar.setVisible(busy)
        if busy:
            self.bar.setRange(0, 0)  # busy indicator until pages are painted
        self._update_enabled()

    @Slot(int, int)
    def _show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)

    def _failed(self, exc: Exception) -> None:
        self._show_busy(False, self.tr("Printing failed."))
        message = self.tr("Printing failed: %1").replace("%1", str(exc))
        QMessageBox.warning(self, self.tr("Print"), message)
        self.job_finished.emit(self.status.text())

    @Slot()
    def preview(self) -> None:
        self.job.preview(self.request())

    @Slot()
    def print_(self) -> None:
        self.job.print_(self.request())

    @Slot()
    def save_pdf(self) -> None:
        request = self.request()
        self.job.save_pdf(
            request,
            self.tr("Save as PDF (the file is not encrypted)"),
            f"{request.kind.value}-{vietnam_time.today():%Y-%m-%d}.pdf",
        )

    # --- closing ----------------------------------------------------------------------

    def reject(self) -> None:
        if self._busy:  # a worker is painting: let it finish (the buttons are disabled)
            return
        super().reject()

    def done(self, result: int) -> None:
        if self._busy:
            return
        self.tasks.wait()
        super().done(result)
