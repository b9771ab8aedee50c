"""Connectivity monitor: a cheap health probe that backs off while offline and starts a
sync by itself when the server answers again, or when changes wait to be sent.

Runs in its own thread (no Qt); the owner gets callbacks from that thread.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class MonitorTiming:
    online_every: float = 60.0  # probe interval while the server answers
    first_retry: float = 5.0  # first probe interval after going offline
    max_retry: float = 300.0  # cap while offline (saves battery and data)


class ConnectivityMonitor:
    def __init__(
        self,
        probe: Callable[[], bool],
        on_state: Callable[[bool], None],
        want_sync: Callable[[bool], None],
        timing: MonitorTiming | None = None,
        rng: random.Random | None = None,
    ) -> None:
        """``probe`` says whether the server answers; ``on_state(online)`` reports changes;
        ``want_sync(came_back)`` is called on every successful probe (True on the
        offline-to-online edge) so the owner can sync or retry a failed upload."""
        self.probe, self.on_state, self.want_sync = probe, on_state, want_sync
        self.timing = timing or MonitorTiming()
        self.rng = rng or random.Random()
        self.online: bool | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="connectivity", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def poke(self) -> None:
        """Probe now (e.g. the collector pressed Sync, or the OS reported a network)."""
        self._wake.set()

    def step(self, offline_streak: int) -> tuple[float, int]:
        """One probe; returns (seconds to wait, new offline streak). Public for tests."""
        try:
            ok = bool(self.probe())
        except Exception:  # noqa: BLE001 - any failure to reach the server means offline
            ok = False
        came_back = ok and self.online is not True
        if ok != self.online:
            self.online = ok
            self.on_state(ok)
        if ok:
            self.want_sync(came_back)
            return self.timing.online_every, 0
        # Offline: full-jitter exponential backoff, so a fleet does not probe in step.
        ceiling = min(self.timing.max_retry, self.timing.first_retry * 2**offline_streak)
        return self.rng.uniform(ceiling / 2, ceiling), offline_streak + 1

    def _run(self) -> None:
        streak = 0
        while not self._stop.is_set():
            wait, streak = self.step(streak)
            self._wake.wait(wait)
            self._wake.clear()
