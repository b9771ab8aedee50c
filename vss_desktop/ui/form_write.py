"""Forms that write through a worker, never on the UI thread.

A write can wait up to the store's busy timeout (10 s) while a sync holds the write lock,
so the household, member and visit forms save the way Anki's ``CollectionOp`` does: the
form reads its widgets into plain values (UI thread), hands a job to its worker and returns
to the event loop at once; the job reports back by callback. Meanwhile Save and Cancel are
disabled (a second Ctrl+S or click records nothing more). On success the form emits
:attr:`BackgroundFormDialog.saved` (the window tells the sync controller) and closes; on
failure it shows the error inline and keeps everything typed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QWidget

from vss_core.validation import Problems, has_errors
from vss_desktop.store import services
from vss_desktop.ui.form import FormDialog, merge
from vss_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

WriteJob = Callable[[], str]  # runs in the worker: saves, returns the saved record's id


class WriteFailed(Exception):
    """The store could not write (busy past its timeout, disk full...): the original
    error's class only, as its message may quote the values written."""


# Reported to the form, logged as one line: no traceback, nothing the collector typed.
_EXPECTED = (services.ValidationFailed, services.NotFound, WriteFailed)


def _guarded(job: WriteJob) -> WriteJob:
    def run() -> str:
        try:
            return job()
        except _EXPECTED:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure reaches the form
            raise WriteFailed(type(exc).__name__) from None

    return run


class BackgroundFormDialog(FormDialog):
    """A :class:`FormDialog` whose save runs in a worker; subclasses implement
    :meth:`validate` and :meth:`write_job`."""

    saved = Signal(str)  # the saved record's id, once its transaction committed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.writer = TaskRunner(self)  # one thread: a form's writes never overlap
        self.writing = False

    def write_job(self) -> WriteJob:
        """Read the form (on the UI thread) into a job that saves it (in the worker).

        The job must not touch widgets: it captures plain values and the store."""
        raise NotImplementedError

    # --- saving ---------------------------------------------------------------------

    def save(self) -> None:
        if self.saved_id is not None or self.writing:
            return  # saved, or on its way: one form makes one record
        self._show_all = True
        problems = self.revalidate()
        if has_errors(problems):
            self.fields.focus_first_error(problems)
            return
        job = self.write_job()
        self._set_writing(True)
        self.writer.submit(_guarded(job), self._written, self._write_failed, expected=_EXPECTED)

    def _set_writing(self, writing: bool) -> None:
        self.writing = writing
        self.save_button.setEnabled(not writing)
        self.cancel_button.setEnabled(not writing)
        if writing:
            self.general.setStyleSheet("")
            self.general.setText(QCoreApplication.translate("FormDialog", "Saving…"))
            self.general.setVisible(True)
        else:
            self.general.show_problems([])

    def _written(self, saved_id: str) -> None:
        if not self._live():  # torn down meanwhile: the record is stored all the same
            return
        self._set_writing(False)
        self.saved_id = saved_id
        log.info("%s saved record %s", type(self).__name__, saved_id)
        self.saved.emit(saved_id)
        self.accept()

    def _write_failed(self, exc: Exception) -> None:
        """Nothing was written (one transaction): say why, keep the form as typed."""
        if not self._live():
            return
        self._set_writing(False)
        if isinstance(exc, services.ValidationFailed):
            problems: Problems = merge(self.validate(), self.map_service_problems(exc.problems))
            self.display(problems)
            self.fields.focus_first_error(problems)
        elif isinstance(exc, services.NotFound):
            self.show_error(
                QCoreApplication.translate(
                    "FormDialog", "This record was deleted meanwhile; nothing was saved."
                )
            )
        else:  # a busy database or a full disk
            log.error("saving %s failed: %s", type(self).__name__, exc)
            self.show_error(
                QCoreApplication.translate(
                    "FormDialog", "Nothing was saved: the database could not be written. Try again."
                )
            )

    def reject(self) -> None:
        if self.writing:
            return  # the write decides: closing now would hide whether it was stored
        super().reject()
