"""Garbage is collected in the UI thread only (vss_desktop/ui/ui_thread_gc.py), and slow
work reports back without any per-job Qt object (vss_desktop/ui/tasks.py).

A Qt object in a reference cycle, freed by a collection that a pool thread happened to
start, is destroyed outside its thread: the rare segfault seen in CI after a GUI test."""

from __future__ import annotations

import gc
import threading
import time

import pytest
import shiboken6
from PySide6.QtCore import QObject

from vss_desktop.ui import ui_thread_gc
from vss_desktop.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui


class _Cycle:
    """Cyclic garbage that records the thread that finalised it."""

    freed_in: list[int] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_in.append(threading.get_ident())


def _allocate_in_a_worker() -> None:
    # Far past the youngest generation's threshold: with automatic collection on, this
    # thread would run the collection and free the cycle here.
    def churn() -> None:
        keep = [[] for _ in range(50_000)]
        del keep

    worker = threading.Thread(target=churn)
    worker.start()
    worker.join()


def test_cycles_are_freed_in_the_ui_thread_not_in_the_thread_that_allocates(qapp) -> None:
    ui_thread_gc.install(qapp)
    assert not gc.isenabled()
    assert ui_thread_gc.install(qapp) is qapp.findChild(ui_thread_gc.UiThreadGarbageCollector)
    gc.collect()
    _Cycle.freed_in.clear()
    _Cycle()
    _allocate_in_a_worker()
    assert _Cycle.freed_in == []  # the worker's allocations started no collection

    # The UI timer's check: due by now, so it collects, here.
    freed = ui_thread_gc.collect_due()
    while not _Cycle.freed_in and freed:
        freed = ui_thread_gc.collect_due()
    gc.collect()
    assert _Cycle.freed_in == [threading.get_ident()]


def test_the_control_a_worker_does_collect_when_automatic_collection_is_on(qapp) -> None:
    """Shows the test above can fail: with collection on, the worker frees the cycle."""
    gc.collect()
    _Cycle.freed_in.clear()
    gc.enable()
    try:
        _Cycle()
        _allocate_in_a_worker()
        assert _Cycle.freed_in and _Cycle.freed_in[0] != threading.get_ident()
    finally:
        gc.disable()


def test_many_jobs_over_several_threads_each_report_once_in_the_ui_thread(qtbot) -> None:
    host = QObject()
    runner = TaskRunner(host, threads=4)
    seen: list[int] = []
    threads: set[int] = set()

    def done(value: int) -> None:
        seen.append(value)
        threads.add(threading.get_ident())

    failures: list[Exception] = []
    for i in range(2_000):
        if i % 100 == 7:
            runner.submit(lambda: 1 / 0, done, failures.append)
        else:
            runner.submit(lambda i=i: i, done)
    qtbot.waitUntil(lambda: not runner.busy(), timeout=20_000)
    assert sorted(seen) == [i for i in range(2_000) if i % 100 != 7]
    assert len(failures) == 20 and all(isinstance(e, ZeroDivisionError) for e in failures)
    assert threads == {threading.get_ident()}
    assert not [o for o in gc.get_objects() if type(o).__name__ == "_Relay"]
    runner.wait()


def test_a_superseded_result_and_a_deleted_runner_call_nothing_back(qtbot) -> None:
    host = QObject()
    runner = TaskRunner(host)
    gate = threading.Event()
    got: list[str] = []
    runner.submit(lambda: (gate.wait(10), "old")[1], got.append, latest="search")
    runner.submit(lambda: "new", got.append, latest="search")
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy(), timeout=10_000)
    assert got == ["new"]

    # A runner deleted while its job runs (its pool's destructor waits for the job): the
    # result, queued after the deletion, reaches no one.
    second = TaskRunner()
    started = threading.Event()
    second.submit(lambda: (started.set(), time.sleep(0.2), "late")[2], got.append)
    assert started.wait(10)
    shiboken6.delete(second)
    qtbot.wait(50)
    assert got == ["new"]
