"""Campaigns (issue 5 item 3): named date ranges, each with its tally and a one-page report.

The list and the tally are read in the TaskRunner worker; the tally is
store.metrics.campaign_tally, the same numbers the printed report shows. The report is
laid out and written (PDF, printer) in the worker too, by ui/print_job.PrintJob.
District campaigns (issue 15: set by a supervisor, received by sync) are listed beside
the local ones, read-only, with their targets beside the collector's own tally.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vss_core.enums import Metric
from vss_core.formatting import format_date
from vss_core.identifiers import Problem
from vss_core.validation import Problems
from vss_desktop import labels
from vss_desktop.printing.documents import Kind, PrintRequest
from vss_desktop.store import Store, campaigns_sync, metrics, targets
from vss_desktop.store.metrics import MetricProgress, OutreachTally
from vss_desktop.store.models import Campaign
from vss_desktop.ui.form import FormDialog, check_length, compact_width, date_value
from vss_desktop.ui.print_job import JobTexts, PrintJob
from vss_desktop.ui.progress_text import count_text, value_text
from vss_desktop.ui.qt_helpers import cell, named
from vss_desktop.ui.tasks import TaskRunner
from vss_desktop.ui.widgets import DateField

# --- the form ------------------------------------------------------------------------------


class CampaignForm(FormDialog):
    """New or edit campaign: a name and its first and last day (both counted)."""

    def __init__(
        self,
        store: Store,
        campaign: Campaign | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.campaign = campaign
        self.setObjectName("campaignForm")
        self.setWindowTitle(
            self.tr("New campaign") if campaign is None else self.tr("Edit campaign")
        )
        self.name = QLineEdit()
        self.name.setMaxLength(targets.NAME_MAX)
        self.name.setPlaceholderText(self.tr("for example: Voluntary SI week, May 2026"))
        self.start = DateField()
        self.end = DateField()
        for field in (self.start, self.end):
            compact_width(field, "00/00/00000")
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.add_row(form, self.tr("&Name:"), [("name", self.name)])
        self.add_row(form, self.tr("&First day:"), [("start_date", self.start)])
        self.add_row(form, self.tr("&Last day:"), [("end_date", self.end)])
        self.add_row(form, self.tr("N&otes:"), [("notes", self.notes)])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(500)
        if campaign is not None:
            self.name.setText(campaign.name)
            self.start.set_value(campaign.start_date)
            self.end.set_value(campaign.end_date)
            self.notes.setPlainText(campaign.notes)
        else:
            self.start.set_value(today or metrics.local_today())
        self.finish_setup()

    def values(self, problems: Problems) -> tuple[str, date | None, date | None, str]:
        """Name, first day, last day and notes as typed; what is wrong goes in ``problems``."""
        start = date_value(problems, "start_date", self.start)
        end = date_value(problems, "end_date", self.end)
        name = self.name.text().strip()
        if not name:
            problems.setdefault("name", []).append(Problem("required"))
        for field, value in (("start_date", start), ("end_date", end)):
            if value is None and field not in problems:
                problems[field] = [Problem("required")]
        if start is not None and end is not None and end < start:
            problems.setdefault("end_date", []).append(Problem("campaign.end_before_start"))
        notes = self.notes.toPlainText().strip()
        check_length(problems, "notes", notes, targets.NOTES_MAX)
        return name, start, end, notes

    def validate(self) -> Problems:
        problems: Problems = {}
        self.values(problems)
        return problems

    def write(self) -> str:
        name, start, end, notes = self.values({})
        assert start is not None and end is not None  # validate() refused empty dates
        if self.campaign is None:
            return targets.create_campaign(self.store, name, start, end, notes).id
        changes = {"name": name, "start_date": start, "end_date": end, "notes": notes}
        return targets.update_campaign(self.store, self.campaign.id, changes).id


# --- the list ------------------------------------------------------------------------------


def date_range(campaign: Campaign) -> str:
    days = (campaign.end_date - campaign.start_date).days + 1
    return (
        QCoreApplication.translate("CampaignDialog", "%1 – %2 (%3 days)")
        .replace("%1", format_date(campaign.start_date))
        .replace("%2", format_date(campaign.end_date))
        .replace("%3", str(days))
    )


def source_text(campaign: Campaign) -> str:
    """The list's "Set by" cell: the district (open or closed) or this laptop."""
    if not campaigns_sync.is_server(campaign):
        return QCoreApplication.translate("CampaignDialog", "This laptop")
    if campaign.status == campaigns_sync.CampaignStatus.CLOSED:
        return QCoreApplication.translate("CampaignDialog", "District, closed")
    return QCoreApplication.translate("CampaignDialog", "District")


def origin_text(campaign: Campaign) -> str:
    if campaign.status == campaigns_sync.CampaignStatus.CLOSED:
        return QCoreApplication.translate(
            "CampaignDialog", "From the district (read-only). Closed by the supervisor."
        )
    return QCoreApplication.translate("CampaignDialog", "From the district (read-only). Open.")


def communes_text(campaign: Campaign) -> str:
    places = ", ".join(
        f"{commune} ({province})"
        for province, commune in campaigns_sync.campaign_communes(campaign)
    )
    return QCoreApplication.translate("CampaignDialog", "Communes: %1").replace("%1", places)


def share_text(item: MetricProgress) -> str:
    """How much of the target is done, "45%"; empty without a target."""
    fraction = item.fraction
    return "" if fraction is None else f"{int(fraction * 100)}%"


# Columns of the tally table.
RESULT_COLUMN, TOTAL_COLUMN, TARGET_COLUMN, SHARE_COLUMN = range(4)


class CampaignDialog(QDialog):
    """Campaigns on the left (latest first), the one selected and its tally on the right."""

    campaigns_loaded = Signal(int)  # rows shown (tests wait on it)
    tally_loaded = Signal(str)  # the campaign whose tally is shown
    job_finished = Signal(str)  # a print job's message ("" when cancelled)

    def __init__(
        self,
        store: Store,
        collector: str = "",
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.collector = collector
        self.today = today or metrics.local_today()
        self.campaigns: list[Campaign] = []
        self.tally: dict[Metric, int] = {}
        self.progress: dict[Metric, MetricProgress] = {}
        self.outreach: OutreachTally | None = None
        self.tasks = TaskRunner(self)
        # The tally may change between two jobs (a sync): the report is laid out each time.
        self.job = PrintJob(self, store, self.tasks, self._job_texts(), reuse_layout=False)
        self.printer = self.job.printer
        self._select_after_load: str | None = None
        self.setObjectName("campaignDialog")
        self.setWindowTitle(self.tr("Campaigns"))
        self.resize(980, 560)
        self._build()
        self.job.busy_changed.connect(self._show_busy)
        self.job.finished.connect(self.job_finished)
        self.job.failed.connect(self._failed)
        self.reload()

    # --- widgets ------------------------------------------------------------------------

    def _build(self) -> None:
        self.list = named(QTableWidget(0, 4), "campaignList")
        self.list.setHorizontalHeaderLabels(
            [self.tr("Campaign"), self.tr("From"), self.tr("To"), self.tr("Set by")]
        )
        self.list.verticalHeader().setVisible(False)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setTabKeyNavigation(False)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.list.currentCellChanged.connect(self._current_changed)
        self.list.activated.connect(lambda _i: self.edit_campaign())
        list_label = QLabel(self.tr("&Campaigns:"))
        list_label.setBuddy(self.list)

        self.new_button = named(QPushButton(self.tr("&New…")), "newCampaign")
        self.edit_button = named(QPushButton(self.tr("&Edit…")), "editCampaign")
        self.delete_button = named(QPushButton(self.tr("&Delete…")), "deleteCampaign")
        self.new_button.clicked.connect(self.new_campaign)
        self.edit_button.clicked.connect(self.edit_campaign)
        self.delete_button.clicked.connect(self.delete_campaign)
        QShortcut(QKeySequence("Ctrl+N"), self).activated.connect(self.new_campaign)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_campaign)
        row = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(list_label)
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(row)

        self.title = named(QLabel(), "campaignTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.dates = named(QLabel(), "campaignDates")
        self.notes = named(QLabel(), "campaignNotes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #555555;")
        self.origin = named(QLabel(), "campaignOrigin")
        self.origin.setWordWrap(True)
        self.origin.setStyleSheet("color: #1a5276; font-weight: 600;")
        self.communes = named(QLabel(), "campaignCommunes")
        self.communes.setWordWrap(True)
        self.tally_table = named(QTableWidget(len(Metric), 4), "campaignTally")
        self.tally_table.setHorizontalHeaderLabels(
            [self.tr("Result"), self.tr("Total"), self.tr("Target"), self.tr("Done")]
        )
        self.tally_table.verticalHeader().setVisible(False)
        self.tally_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tally_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tally_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        tally_header = self.tally_table.horizontalHeader()
        tally_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (TOTAL_COLUMN, TARGET_COLUMN, SHARE_COLUMN):
            tally_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        names = labels.metric_labels()
        for n, metric in enumerate(Metric):
            self.tally_table.setItem(n, RESULT_COLUMN, QTableWidgetItem(names[metric]))
            for column in (TOTAL_COLUMN, TARGET_COLUMN, SHARE_COLUMN):
                count = QTableWidgetItem("")
                count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.tally_table.setItem(n, column, count)
        rows = sum(self.tally_table.rowHeight(r) for r in range(len(Metric)))
        frame = 2 * self.tally_table.frameWidth()
        self.tally_table.setFixedHeight(rows + tally_header.sizeHint().height() + frame + 2)
        self.visits = named(QLabel(), "campaignVisitsNote")
        self.visits.setText(
            self.tr("Counted from the visits recorded on this laptop, each person once.")
        )
        self.visits.setWordWrap(True)
        self.visits.setStyleSheet("color: #555555;")
        self.outreach_box = self._build_outreach()
        self.report_button = named(QPushButton(self.tr("&Print report…")), "printReport")
        menu = QMenu(self.report_button)
        self.preview_action = menu.addAction(self.tr("Pre&view…"), self.preview)
        self.print_action = menu.addAction(self.tr("&Print…"), self.print_)
        self.pdf_action = menu.addAction(self.tr("Save as PD&F…"), self.save_pdf)
        self.report_button.setMenu(menu)
        self.status = named(QLabel(), "campaignStatus")
        self.status.setWordWrap(True)
        report_row = QHBoxLayout()
        report_row.addWidget(self.status, 1)
        report_row.addWidget(self.report_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.dates)
        right_layout.addWidget(self.origin)
        right_layout.addWidget(self.communes)
        right_layout.addWidget(self.notes)
        right_layout.addWidget(self.tally_table)
        right_layout.addWidget(self.visits)
        right_layout.addWidget(self.outreach_box)
        right_layout.addStretch(1)
        right_layout.addLayout(report_row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([430, 550])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in the list edits; it must not close the dialog
        self.list.setFocus()
        self._show_campaign(None)

    def _build_outreach(self) -> QGroupBox:
        """The campaign's outreach events (issue 15): their walk-ins' results are in the
        tally above already; here what the events themselves did."""
        box = named(QGroupBox(self.tr("Outreach events")), "campaignOutreach")
        grid = QGridLayout(box)
        names = {
            "events": self.tr("Events held"),
            "attendees": self.tr("Attendees"),
            "walkins": self.tr("Walk-in households"),
            "referrals": self.tr("Referred by a participant"),
        }
        self.outreach_values: dict[str, QLabel] = {}
        for n, (key, text) in enumerate(names.items()):
            value = named(QLabel(""), f"outreach_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setStyleSheet("font-weight: 600;")
            grid.addWidget(QLabel(text), n // 2, 3 * (n % 2))
            grid.addWidget(value, n // 2, 3 * (n % 2) + 1)
            self.outreach_values[key] = value
        grid.setColumnMinimumWidth(2, 24)  # between the two pairs
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(4, 1)
        return box

    def _show_outreach(self, outreach: OutreachTally | None) -> None:
        self.outreach = outreach
        for key, label in self.outreach_values.items():
            label.setText("" if outreach is None else count_text(getattr(outreach, key)))

    # --- loading ------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the campaigns again; keep (or move to) ``select``'s row."""
        keep = select or self.current_id()

        def work() -> list[Campaign]:
            with self.store.read() as session:
                return targets.list_campaigns(session)

        def ready(campaigns: list[Campaign]) -> None:
            self.campaigns = campaigns
            self.list.blockSignals(True)
            self.list.setRowCount(len(campaigns))
            for n, c in enumerate(campaigns):
                name = QTableWidgetItem(c.name)
                name.setData(Qt.ItemDataRole.UserRole, c.id)
                name.setToolTip(c.name)  # long names are cut in the column
                self.list.setItem(n, 0, name)
                self.list.setItem(n, 1, QTableWidgetItem(format_date(c.start_date)))
                self.list.setItem(n, 2, QTableWidgetItem(format_date(c.end_date)))
                self.list.setItem(n, 3, QTableWidgetItem(source_text(c)))
            ids = [c.id for c in campaigns]
            row = ids.index(keep) if keep in ids else (0 if ids else -1)
            self.list.setCurrentCell(row, 0)
            self.list.blockSignals(False)
            self._current_changed(row)
            self.campaigns_loaded.emit(len(campaigns))

        self.tasks.submit(work, ready, self._failed, latest="campaigns")

    def current(self) -> Campaign | None:
        row = self.list.currentRow()
        return self.campaigns[row] if 0 <= row < len(self.campaigns) else None

    def current_id(self) -> str | None:
        campaign = self.current()
        return campaign.id if campaign else None

    def _current_changed(self, row: int, *_rest: int) -> None:
        campaign = self.campaigns[row] if 0 <= row < len(self.campaigns) else None
        self._show_campaign(campaign)
        if campaign is None:
            return

        def work() -> tuple[dict[Metric, MetricProgress], OutreachTally]:
            with self.store.read() as session:
                progress = campaigns_sync.campaign_progress(session, campaign)
            places = campaigns_sync.campaign_communes(campaign) or None
            outreach = metrics.outreach_tally(
                self.store, campaign.start_date, campaign.end_date, places
            )
            return progress, outreach

        def ready(loaded: tuple[dict[Metric, MetricProgress], OutreachTally]) -> None:
            if self.current_id() != campaign.id:
                return
            progress, outreach = loaded
            self._show_outreach(outreach)
            self.progress = progress
            self.tally = {metric: item.actual for metric, item in progress.items()}
            for n, metric in enumerate(Metric):
                item = progress[metric]
                cell(self.tally_table, n, TOTAL_COLUMN).setText(value_text(metric, item.actual))
                target = "–" if item.target is None else value_text(metric, item.target)
                cell(self.tally_table, n, TARGET_COLUMN).setText(target)
                cell(self.tally_table, n, SHARE_COLUMN).setText(share_text(item))
            self.tally_loaded.emit(campaign.id)

        self.tasks.submit(work, ready, self._failed, latest="tally")

    def _show_campaign(self, campaign: Campaign | None) -> None:
        self.tally = {}
        self.progress = {}
        self._show_outreach(None)
        for n in range(len(Metric)):
            for column in (TOTAL_COLUMN, TARGET_COLUMN, SHARE_COLUMN):
                cell(self.tally_table, n, column).setText("")
        district = campaign is not None and campaigns_sync.is_server(campaign)
        # A local campaign has no targets: its table stays the two columns it always had.
        for column in (TARGET_COLUMN, SHARE_COLUMN):
            self.tally_table.setColumnHidden(column, not district)
        self.origin.setVisible(district)
        self.communes.setVisible(district)
        if campaign is not None and district:
            self.origin.setText(origin_text(campaign))
            self.communes.setText(communes_text(campaign))
        if campaign is None:
            self.title.setText(self.tr("No campaign yet: New… (Ctrl+N) adds one."))
            self.dates.clear()
            self.notes.clear()
        else:
            self.title.setText(campaign.name)
            self.dates.setText(date_range(campaign))
            self.notes.setText(campaign.notes)
        self.notes.setVisible(bool(campaign and campaign.notes))
        self._update_enabled()

    def _update_enabled(self) -> None:
        campaign = self.current()
        chosen = campaign is not None
        self.new_button.setEnabled(not self._busy)
        self.report_button.setEnabled(chosen and not self._busy)
        for widget in (self.edit_button, self.delete_button):
            widget.setEnabled(self._editable(campaign) and not self._busy)

    @staticmethod
    def _editable(campaign: Campaign | None) -> bool:
        """Only local campaigns: a district one is the supervisor's, replaced at each sync."""
        return campaign is not None and not campaigns_sync.is_server(campaign)

    def _failed(self, exc: Exception) -> None:
        self._update_enabled()
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(self.tr("That did not work: %1").replace("%1", str(exc)))
        self.job_finished.emit(self.status.text())

    # --- editing ------------------------------------------------------------------------

    def new_campaign(self) -> None:
        form = CampaignForm(self.store, today=self.today, parent=self)
        if form.exec() == QDialog.DialogCode.Accepted and form.saved_id:
            self.reload(select=form.saved_id)

    def edit_campaign(self) -> None:
        campaign = self.current()
        if not self._editable(campaign) or self._busy:
            return
        assert campaign is not None  # _editable said so
        form = CampaignForm(self.store, campaign, parent=self)
        if form.exec() == QDialog.DialogCode.Accepted:
            self.reload(select=campaign.id)

    def delete_campaign(self) -> None:
        campaign = self.current()
        if not self._editable(campaign) or self._busy:
            return
        assert campaign is not None  # _editable said so
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            self.tr("Delete the campaign “%1”? Its visits are kept.").replace("%1", campaign.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work() -> None:
            targets.delete_campaign(self.store, campaign.id)

        self.tasks.submit(work, lambda _r: self.reload(), self._failed)

    # --- the report ---------------------------------------------------------------------

    def request(self) -> PrintRequest:
        campaign = self.current()
        return PrintRequest(
            Kind.CAMPAIGN,
            collector=self.collector,
            today=self.today,
            campaign_id=campaign.id if campaign else "",
        )

    def _job_texts(self) -> JobTexts:
        return JobTexts(
            preparing=self.tr("Preparing the report…"),
            previewed=lambda _pages: "",
            printed=lambda _pages: self.tr("Sent the report to the printer."),
            saved=lambda _pages, name: self.tr("Saved the report to %1.").replace("%1", name),
        )

    @property
    def _busy(self) -> bool:
        return self.job.busy

    def _show_busy(self, _busy: bool, message: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(message)
        self._update_enabled()

    def _may_report(self) -> bool:
        return self.current() is not None and not self._busy

    def preview(self) -> None:
        if self._may_report():
            self.job.preview(self.request())

    def print_(self) -> None:
        if self._may_report():
            self.job.print_(self.request())

    def save_pdf(self) -> None:
        campaign = self.current()
        if campaign is None or self._busy:
            return
        self.job.save_pdf(
            self.request(),
            self.tr("Save the report as PDF (the file is not encrypted)"),
            f"campaign-{campaign.start_date:%Y-%m-%d}.pdf",
        )

    # --- closing ------------------------------------------------------------------------

    def reject(self) -> None:
        if self._busy:  # a worker is writing the report: let it finish
            return
        super().reject()

    def done(self, result: int) -> None:
        if self._busy:
            return
        self.tasks.wait()
        super().done(result)
