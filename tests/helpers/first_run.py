"""The first-run screen on a store, with a sync controller that gives up fast, shown and
active so keys typed by a test reach it (tests/test_first_run_login.py,
tests/test_provisioning.py)."""

from __future__ import annotations

from helpers.sync_helpers import fast_backoff
from vss_desktop.store import Store
from vss_desktop.sync.monitor import MonitorTiming
from vss_desktop.ui.first_run import FirstRunDialog
from vss_desktop.ui.sync_controller import SyncController


def first_run(qtbot, store: Store) -> FirstRunDialog:
    controller = SyncController(
        store,
        timing=MonitorTiming(online_every=0.3, first_retry=0.1, max_retry=0.3),
        backoff=fast_backoff(attempts=2),
        probe_timeout=1,
    )
    dialog = FirstRunDialog(store, sync=controller)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog
