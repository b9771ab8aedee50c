"""Run slow work (database scans, network, printing) off the UI thread.

Results come back to the UI thread by queued signal: each job has a relay
object living in the UI thread, so Qt queues the worker's emission to it.
Database reads go to one single-threaded pool so they run in order; jobs
tagged ``latest`` (search as you type) drop results a newer request superseded.
"""

from __future__ import annotations

import logging
import traceback
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None,
        finished: Callable[[_Relay], bool],
        runner: QObject,
    ) -> None:
        super().__init__()
        self._on_done, self._on_error, self._finished = on_done, on_error, finished
        self._runner = runner
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failed)

    def _wanted(self) -> bool:
        # A runner deleted with its window (its jobs finished first, in the pool's
        # destructor): the result must not reach the window's deleted widgets.
        return shiboken6.isValid(self._runner) and self._finished(self)

    @Slot(object)
    def _deliver_done(self, result: Any) -> None:
        if self._wanted():
            self._on_done(result)

    @Slot(object)
    def _deliver_failed(self, exc: Exception) -> None:
        if self._wanted() and self._on_error is not None:
            self._on_error(exc)


class _Job(QRunnable):
    def __init__(
        self,
        fn: Callable[[], Any],
        relay: _Relay,
        expected: tuple[type[Exception], ...] = (),
    ) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay
        self.expected = expected

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 - every failure is reported to the UI
            if isinstance(exc, self.expected):
                # An expected refusal (a wrong passphrase): the UI says it; one line here.
                # The class name only: messages may carry what the user typed.
                log.info("background task refused: %s", type(exc).__name__)
            else:
                log.error("background task failed:\n%s", traceback.format_exc(limit=8))
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


class TaskRunner(QObject):
    """Owns a worker pool; keeps relays alive until their job reports back."""

    def __init__(self, parent: QObject | None = None, threads: int = 1) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        _runners.add(self)
        self._relays: dict[_Relay, tuple[str | None, int]] = {}
        self._generation: dict[str, int] = {}

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
        latest: str | None = None,
        expected: tuple[type[Exception], ...] = (),
    ) -> None:
        """Run ``fn`` in the pool; ``expected`` failures are logged as one line, no traceback."""
        generation = 0
        if latest is not None:
            generation = self._generation.get(latest, 0) + 1
            self._generation[latest] = generation
        relay = _Relay(on_done, on_error, self._finish, self)
        self._relays[relay] = (latest, generation)
        self.pool.start(_Job(fn, relay, expected))

    def _finish(self, relay: _Relay) -> bool:
        """Forget the relay; True when its result is still wanted."""
        latest, generation = self._relays.pop(relay, (None, 0))
        return latest is None or self._generation.get(latest) == generation

    def busy(self) -> bool:
        return bool(self._relays)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued jobs finish (shutdown and tests only)."""
        return self.pool.waitForDone(msecs)


_runners: weakref.WeakSet[TaskRunner] = weakref.WeakSet()


def live_pools() -> list[QThreadPool]:
    """The pools of the runners not yet deleted (the tests check none is left busy)."""
    return [
        runner.pool
        for runner in list(_runners)
        if shiboken6.isValid(runner) and shiboken6.isValid(runner.pool)
    ]
