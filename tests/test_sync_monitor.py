"""The connectivity monitor: backs off while offline, starts a sync when the server returns."""

from __future__ import annotations

import random
import threading

from vss_desktop.sync.monitor import ConnectivityMonitor, MonitorTiming


def test_backoff_grows_while_offline_and_resets_when_back() -> None:
    answers = iter([False] * 6 + [True, True])
    states: list[bool] = []
    syncs: list[bool] = []
    monitor = ConnectivityMonitor(
        lambda: next(answers),
        states.append,
        syncs.append,
        MonitorTiming(online_every=60, first_retry=5, max_retry=40),
        rng=random.Random(1),
    )
    waits, streak = [], 0
    for _ in range(8):
        wait, streak = monitor.step(streak)
        waits.append(wait)
    offline = waits[:6]
    ceilings = [5, 10, 20, 40, 40, 40]
    assert all(c / 2 <= w <= c for w, c in zip(offline, ceilings, strict=True))
    assert waits[6:] == [60, 60]
    assert states == [False, True]  # reported once per change
    assert syncs == [True, False]  # the edge starts a sync; later probes let the owner retry


def test_probe_errors_count_as_offline() -> None:
    def probe() -> bool:
        raise OSError("network unreachable")

    states: list[bool] = []
    monitor = ConnectivityMonitor(probe, states.append, lambda _b: None)
    monitor.step(0)
    assert states == [False]


def test_thread_starts_a_sync_when_the_server_returns() -> None:
    up = threading.Event()
    synced = threading.Event()
    monitor = ConnectivityMonitor(
        up.is_set,
        lambda _s: None,
        lambda came_back: came_back and synced.set(),
        MonitorTiming(online_every=0.05, first_retry=0.02, max_retry=0.05),
    )
    monitor.start()
    try:
        assert not synced.wait(0.2)
        up.set()  # the hilltop: a signal
        assert synced.wait(2)
    finally:
        monitor.stop()
