"""One printed document's jobs for a dialog: preview, print and save as PDF.

Threads: reading the store and laying the document out (the slow part) always run in the
dialog's worker (ui/tasks.TaskRunner). Writing a PDF and printing also paint in that
worker: Qt allows QPainter on QPdfWriter and QPrinter outside the GUI thread, and the print
dialog has configured the QPrinter before the job starts, so no PDF round trip is needed.
Only the preview paints in the UI thread, because QPrintPreviewDialog asks for its pages
there; it replays the prepared layout, which is quick.

Used by the print dialog and the campaign report; each says in :class:`JobTexts` what the
collector reads when a job is done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from vss_desktop.printing.documents import PrintRequest, build
from vss_desktop.printing.fonts import ensure_fonts
from vss_desktop.printing.render import (
    LaidOut,
    lay_out,
    paint,
    print_document,
    set_page_layout,
    write_pdf,
)
from vss_desktop.store import Store
from vss_desktop.ui.save_dialog import ask_save_path
from vss_desktop.ui.tasks import TaskRunner


class _Progress(QObject):
    """Carries page progress from the worker to the progress bar (queued signal)."""

    changed = Signal(int, int)

    def report(self, done: int, total: int) -> None:
        self.changed.emit(done, total)


@dataclass(frozen=True)
class JobTexts:
    """What the status line says: while laying out, and after each kind of job."""

    preparing: str
    previewed: Callable[[int], str]  # pages → message
    printed: Callable[[int], str]  # pages → message
    saved: Callable[[int, str], str]  # (pages, file name) → message


class PrintJob(QObject):
    """Runs one job at a time for ``dialog``; the dialog shows ``busy_changed``.

    ``reuse_layout`` keeps the last layout for the same request (the print dialog's
    options change often; the layout of a big list takes seconds).
    """

    busy_changed = Signal(bool, str)  # (busy, message for the status line)
    finished = Signal(str)  # the message once a job is over ("" when cancelled)
    failed = Signal(object)  # the exception that stopped the job: the dialog says so

    def __init__(
        self,
        dialog: QWidget,
        store: Store,
        tasks: TaskRunner,
        texts: JobTexts,
        reuse_layout: bool = True,
    ) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.store = store
        self.tasks = tasks
        self.texts = texts
        self.reuse_layout = reuse_layout
        self.busy = False
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))  # the collector may change it
        self.progress = _Progress(self)
        self._cache: tuple[PrintRequest, LaidOut] | None = None
        ensure_fonts()  # registering fonts belongs to the GUI thread

    # --- state --------------------------------------------------------------------------

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        self.busy_changed.emit(busy, message)

    def _finish(self, message: str) -> None:
        self._set_busy(False, message)
        self.finished.emit(message)

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.failed.emit(exc)

    def _cached(self, request: PrintRequest) -> LaidOut | None:
        if self.reuse_layout and self._cache and self._cache[0] == request:
            return self._cache[1]
        return None

    def _prepared(self, request: PrintRequest, then: Callable[[LaidOut], None]) -> None:
        """Lay the document out in the worker (or reuse the last layout), then ``then``."""
        cached = self._cached(request)
        if cached is not None:
            then(cached)
            return
        store = self.store

        def done(laid_out: LaidOut) -> None:
            self._cache = (request, laid_out)
            self._set_busy(False)
            then(laid_out)

        self._set_busy(True, self.texts.preparing)
        self.tasks.submit(lambda: lay_out(build(store, request)), done, self._failed)

    # --- the jobs -----------------------------------------------------------------------

    def preview(self, request: PrintRequest) -> None:
        self._prepared(request, self._show_preview)

    def _show_preview(self, laid_out: LaidOut) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        set_page_layout(printer, laid_out.landscape)
        preview = QPrintPreviewDialog(printer, self.dialog)
        preview.setWindowTitle(laid_out.document.title)
        state = {"laid_out": laid_out}

        def paint_requested(target: QPrinter) -> None:
            current = state["laid_out"]
            landscape = target.pageLayout().orientation() == QPageLayout.Orientation.Landscape
            if landscape != current.landscape:
                # The collector turned the page in the preview: lay out again for it.
                current = state["laid_out"] = lay_out(current.document, landscape)
            paint(current, target)

        preview.paintRequested.connect(paint_requested)
        preview.exec()
        self._finish(self.texts.previewed(state["laid_out"].page_count))

    def print_(self, request: PrintRequest) -> None:
        self._prepared(request, self._print)

    def _print(self, laid_out: LaidOut) -> None:
        printer = self.printer
        printer.setDocName(laid_out.document.title)
        dialog = QPrintDialog(printer, self.dialog)
        dialog.setMinMax(1, laid_out.page_count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            self._finish("")
            return
        report = self.progress.report

        def done(pages: int) -> None:
            self._finish(self.texts.printed(pages))

        self._set_busy(True, self.tr("Sending to the printer…"))
        self.tasks.submit(lambda: print_document(laid_out, printer, report), done, self._failed)

    def save_pdf(self, request: PrintRequest, title: str, file_name: str) -> None:
        """Ask where (``title``, ``file_name`` proposed), then write the PDF in the worker."""
        target = ask_save_path(self.dialog, title, file_name, self.tr("PDF files (*.pdf)"), ".pdf")
        if target is None:
            return
        cached, store, report = self._cached(request), self.store, self.progress.report

        def work() -> int:
            laid_out = cached or lay_out(build(store, request))
            return write_pdf(laid_out, target, report)

        def done(pages: int) -> None:
            self._finish(self.texts.saved(pages, target.name))

        self._set_busy(True, self.tr("Writing the PDF…"))
        self.tasks.submit(work, done, self._failed)
