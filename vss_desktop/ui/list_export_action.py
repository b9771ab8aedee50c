"""File → Export the list to Excel: every household and member of this laptop in the
import template's layout (issue 13; docs/import.md, "Exporting the list").

Asks where (after saying that the file is not encrypted), writes in the TaskRunner off
the UI thread (vss_desktop.store.list_export) and tells the counts in the window's
status bar (or a message box when the parent is no main window).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from vss_core import vietnam_time
from vss_desktop.ui.save_dialog import ask_save_path
from vss_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from vss_core.importing.list_writer import ListCounts
    from vss_desktop.store import Store

MESSAGE_MS = 15_000  # how long the status bar shows the result


class ListExport(QObject):
    """One export of the list: the questions, the work in the worker, the answer.

    A child of the parent widget, so Qt owns it and it lives as long as the window: a
    parentless QObject reached only from a worker's callback can be freed by Python
    while its answer is still queued, and never deleted from its own slot."""

    finished = Signal(object)  # ListCounts, once the file is written (tests wait on it)
    failed = Signal(str)  # the message shown

    def __init__(self, parent: QWidget, store: Store, tasks: TaskRunner) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.store = store
        self.tasks = tasks
        self.path: Path | None = None

    def ask(self) -> Path | None:
        """Say that the file is not encrypted, then ask where; None when cancelled."""
        title = self.tr("Export the list to Excel")
        answer = QMessageBox.warning(
            self.parent_widget,
            title,
            self.tr(
                "The Excel file is NOT encrypted: anyone who gets it can read the names,"
                " dates of birth and ID numbers of every household on this laptop. Keep it"
                " on this laptop or give it only to your supervisor."
            ),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Ok:
            return None
        name = f"danh-sach-ho-{vietnam_time.today().isoformat()}.xlsx"
        return ask_save_path(self.parent_widget, title, name, "Excel (*.xlsx)", ".xlsx")

    def start(self, path: Path) -> None:
        """Write the list to ``path`` in the worker."""
        from vss_desktop.store.list_export import export_list  # openpyxl: not at start

        self.path = path
        store = self.store
        warning = self.tr("This file is not encrypted: it holds personal data.")
        self._status(self.tr("Exporting the list to %1…").replace("%1", path.name))
        self.tasks.submit(
            lambda: export_list(store, path, warning=warning), self._done, self._failed
        )

    def _done(self, counts: ListCounts) -> None:
        name = self.path.name if self.path else ""
        text = (
            self.tr("%1 households and %2 persons exported to %3")
            .replace("%1", str(counts.households))
            .replace("%2", str(counts.persons))
            .replace("%3", name)
        )
        if counts.without_members:
            text += " " + self.tr("(%1 households without members left out)").replace(
                "%1", str(counts.without_members)
            )
        self._tell(text)
        self.finished.emit(counts)

    def _failed(self, exc: Exception) -> None:
        # The reason only (a full disk, a locked file): never a record's content.
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        text = self.tr("The list could not be exported: %1").replace("%1", reason)
        self._status("")
        QMessageBox.warning(self.parent_widget, self.tr("Export the list to Excel"), text)
        self.failed.emit(text)

    def _status(self, text: str) -> bool:
        window = self.parent_widget.window()
        if isinstance(window, QMainWindow):
            if text:
                window.statusBar().showMessage(text, MESSAGE_MS)
            else:
                window.statusBar().clearMessage()
            return True
        return False

    def _tell(self, text: str) -> None:
        if not self._status(text):
            QMessageBox.information(self.parent_widget, self.tr("Export the list to Excel"), text)


def export_list_to(
    parent: QWidget, store: Store, tasks: TaskRunner, path: Path | None = None
) -> ListExport | None:
    """Export the whole list: with no ``path``, warn and ask where first. The export's
    object (its ``finished`` and ``failed`` signals), or None when cancelled."""
    export = ListExport(parent, store, tasks)
    target = path if path is not None else export.ask()
    if target is None:
        return None
    export.start(target)
    return export
