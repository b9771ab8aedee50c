"""What a GUI test leaves running after its widgets are closed and deleted: pool jobs,
QThreads, active QTimers and Python threads (issue 11, F2). tests/conftest.py checks it
after every GUI test."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QThread, QThreadPool, QTimer

from vss_desktop.ui.tasks import live_pools
from vss_desktop.ui.ui_thread_gc import UiThreadGarbageCollector

GRACE_S = 2.0  # time given to work that is finishing anyway


@dataclass
class Snapshot:
    threads: set[threading.Thread]
    qobjects: weakref.WeakSet  # the QThread and QTimer wrappers that existed before


def _qt_objects() -> list[QThread | QTimer]:
    return [o for o in gc.get_objects() if isinstance(o, (QThread, QTimer))]


def _python_threads() -> set[threading.Thread]:
    # Threads Qt started (pool workers) show up as "dummy" threads once Python ran in them:
    # they are the pools' business, checked through the pools.
    return {
        t
        for t in threading.enumerate()
        if t.is_alive() and not isinstance(t, threading._DummyThread)  # noqa: SLF001
    }


def snapshot() -> Snapshot:
    return Snapshot(_python_threads(), weakref.WeakSet(_qt_objects()))


def _flush_deletions() -> None:
    app = QCoreApplication.instance()
    if app is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()


def _busy_pools(deadline: float) -> list[str]:
    found = []
    pools = [("global", QThreadPool.globalInstance()), *(("app", p) for p in live_pools())]
    for kind, pool in pools:
        wait_ms = max(0, int((deadline - time.monotonic()) * 1000))
        if not pool.waitForDone(wait_ms) or pool.activeThreadCount():
            owner = pool.parent()
            name = type(owner).__name__ if owner is not None else kind
            found.append(
                f"a {kind} thread pool ({name}) still runs {pool.activeThreadCount()} job(s)"
            )
    return found


def _running_qt_objects(before: Snapshot, deadline: float) -> list[str]:
    found = []
    for obj in _qt_objects():
        if obj in before.qobjects or not shiboken6.isValid(obj):
            continue
        if isinstance(obj, QThread):
            wait_ms = max(0, int((deadline - time.monotonic()) * 1000))
            if obj.isRunning() and not obj.wait(wait_ms):
                found.append(f"a QThread still running ({obj.objectName() or type(obj).__name__})")
        elif obj.isActive():
            parent = obj.parent()
            if isinstance(parent, UiThreadGarbageCollector):
                continue  # runs for the application's lifetime, by design
            owner = type(parent).__name__ if parent is not None else "no parent"
            found.append(f"an active QTimer ({obj.objectName() or owner}, {obj.interval()} ms)")
    return found


def _new_python_threads(before: Snapshot, deadline: float) -> list[str]:
    while True:
        new = _python_threads() - before.threads
        if not new or time.monotonic() >= deadline:
            return [f"a Python thread still running ({t.name})" for t in sorted(new, key=str)]
        time.sleep(0.02)


def leaks(before: Snapshot, grace_s: float = GRACE_S) -> list[str]:
    """What is still running that was not before; waits up to ``grace_s`` for it to end."""
    _flush_deletions()
    deadline = time.monotonic() + grace_s
    found = _busy_pools(deadline)
    _flush_deletions()  # results of the last jobs, delivered to deleted relays
    found += _running_qt_objects(before, deadline)
    found += _new_python_threads(before, deadline)
    return found
