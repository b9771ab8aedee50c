"""Python's cyclic garbage collector, run only in the UI thread.

CPython starts a collection in whichever thread allocates past a threshold. When that is
a pool thread (a search, a sync, a print job), the cycles it frees may hold Qt objects
owned by Python, which are then destroyed outside the thread they live in while the UI
thread may be delivering their events: a rare segfault, not an exception. Automatic
collection is switched off and the same generational thresholds are checked from a UI
timer instead (the approach of calibre's and pyqtgraph's ``GarbageCollector``).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_EVERY_MS = 500


def collect_due() -> int:
    """Collect the generations whose thresholds are crossed; the number of objects freed.

    Call from the UI thread only; cheap when nothing is due (three integer comparisons).
    """
    threshold0, threshold1, threshold2 = gc.get_threshold()
    count0, count1, count2 = gc.get_count()
    if count0 <= threshold0:
        return 0
    if count1 <= threshold1:
        return gc.collect(0)
    if count2 <= threshold2:
        return gc.collect(1)
    return gc.collect(2)


class UiThreadGarbageCollector(QObject):
    """Switches automatic collection off for its lifetime and collects on a UI timer."""

    def __init__(self, parent: QObject, interval_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(collect_due)
        self._timer.start()
        self.destroyed.connect(lambda *_: gc.enable())


def install(app: QObject) -> UiThreadGarbageCollector:
    """Once per application: a second call returns the collector already installed."""
    existing = app.findChild(UiThreadGarbageCollector)
    if isinstance(existing, UiThreadGarbageCollector):
        return existing
    return UiThreadGarbageCollector(app)
