"""Run slow work (database scans, network, printing) off the UI thread.

Results come back to the UI thread by queued signal through one dispatcher object that
lives in the UI thread for the whole process. No QObject is made per job: an earlier
design gave each job its own relay QObject, and when the worker thread dropped the last
reference to it the relay was destroyed in the wrong thread while the UI thread could be
delivering its signal (a rare segfault in the event loop). Now a worker only emits a
token and the outcome; the UI thread looks the token up and calls back.

Database reads go to one single-threaded pool so they run in order; jobs tagged
``latest`` (search as you type) drop results a newer request superseded.
"""

from __future__ import annotations

import itertools
import logging
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Outcome:
    """What a job sends back: its token, and either a result or the exception."""

    token: int
    ok: bool
    value: Any


class _Dispatcher(QObject):
    """One per process, in the UI thread; never deleted before the application."""

    outcome = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._waiting: dict[int, weakref.ref[TaskRunner]] = {}
        self.outcome.connect(self._deliver)

    def expect(self, token: int, runner: TaskRunner) -> None:
        self._waiting[token] = weakref.ref(runner)

    @Slot(object)
    def _deliver(self, outcome: _Outcome) -> None:
        ref = self._waiting.pop(outcome.token, None)
        runner = ref() if ref is not None else None
        # A runner deleted with its window: the result must not reach deleted widgets.
        if runner is not None and shiboken6.isValid(runner):
            runner._deliver(outcome)


_dispatcher: _Dispatcher | None = None
_tokens = itertools.count(1)


def _the_dispatcher() -> _Dispatcher:
    """Made on first use, which is always in the UI thread (a runner's constructor)."""
    global _dispatcher
    if _dispatcher is None or not shiboken6.isValid(_dispatcher):
        _dispatcher = _Dispatcher()
        app = QCoreApplication.instance()
        if app is not None:
            _dispatcher.moveToThread(app.thread())
    return _dispatcher


class _Job(QRunnable):
    def __init__(
        self,
        fn: Callable[[], Any],
        token: int,
        dispatcher: _Dispatcher,
        expected: tuple[type[Exception], ...] = (),
    ) -> None:
        super().__init__()
        self.fn: Callable[[], Any] | None = fn
        self.token = token
        self.dispatcher = dispatcher
        self.expected = expected

    def run(self) -> None:
        fn, self.fn = self.fn, None
        assert fn is not None
        try:
            outcome = _Outcome(self.token, True, fn())
        except Exception as exc:  # noqa: BLE001 - every failure is reported to the UI
            if isinstance(exc, self.expected):
                # An expected refusal (a wrong passphrase): the UI says it; one line here.
                # The class name only: messages may carry what the user typed.
                log.info("background task refused: %s", type(exc).__name__)
            else:
                log.error("background task failed:\n%s", traceback.format_exc(limit=8))
            outcome = _Outcome(self.token, False, exc)
        del fn
        self.dispatcher.outcome.emit(outcome)


@dataclass
class _Pending:
    on_done: Callable[[Any], None]
    on_error: Callable[[Exception], None] | None
    latest: str | None
    generation: int


class TaskRunner(QObject):
    """Owns a worker pool; calls back in the UI thread when a job reports."""

    def __init__(self, parent: QObject | None = None, threads: int = 1) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._dispatcher = _the_dispatcher()
        _runners.add(self)
        self._pending: dict[int, _Pending] = {}
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
        token = next(_tokens)
        self._pending[token] = _Pending(on_done, on_error, latest, generation)
        self._dispatcher.expect(token, self)
        self.pool.start(_Job(fn, token, self._dispatcher, expected))

    def _deliver(self, outcome: _Outcome) -> None:
        pending = self._pending.pop(outcome.token, None)
        if pending is None:
            return
        if (
            pending.latest is not None
            and self._generation.get(pending.latest) != pending.generation
        ):
            return  # a newer request of the same kind superseded this one
        if outcome.ok:
            pending.on_done(outcome.value)
        elif pending.on_error is not None:
            pending.on_error(outcome.value)

    def busy(self) -> bool:
        return bool(self._pending)

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
