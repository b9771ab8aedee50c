"""A visit whose save returned survives SIGKILL of the app, and the database stays sound."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vss_desktop import paths
from vss_desktop.store import open_store, services

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

# The child records visits as fast as it can and reports each id once save returned.
CHILD = """
import sys
from pathlib import Path
from vss_desktop.store import open_store, services
store = open_store(Path(sys.argv[1]))
household_id = sys.argv[2]
print("ready", flush=True)
n = 0
while True:
    n += 1
    visit = services.record_visit(
        store, household_id,
        {"outcome": "enrolled", "amount_collected": 105300, "receipt_number": f"R{n}"},
        [{"kind": "bhyt_household_enrolled", "amount": 105300, "months": 1}],
    )
    sys.stdout.write(visit.id + "\\n")
    sys.stdout.flush()
"""


def run_and_kill(data_dir: Path, household_id: str, delay: float) -> list[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir), household_id],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    out = proc.stdout.read()
    proc.stdout.close()
    lines = out.split("\n")
    # The last line may be cut mid-write by the kill: only whole lines count as returned.
    return [line for line in lines[:-1] if line]


def test_saved_visits_survive_sigkill(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    household = services.create_household(
        store, {"head_name": "Sùng A Dế", "village": "Bản Pha Long"}
    )
    store.close()

    rng = random.Random(7)
    returned: list[str] = []
    for _trial in range(6):
        got = run_and_kill(tmp_path, household.id, rng.uniform(0.2, 1.2))
        assert got, "the child saved nothing before being killed; raise the delay"
        returned += got

    db = paths.database_path(tmp_path)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {row[0] for row in conn.execute("SELECT id FROM visit")}
        assert set(returned) <= stored
        # Every visit has its result row and its outbox ops: no half-written visit.
        orphans = conn.execute(
            "SELECT count(*) FROM visit v WHERE NOT EXISTS"
            " (SELECT 1 FROM collection c WHERE c.visit_id = v.id)"
            " OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = v.id)"
        ).fetchone()[0]
        assert orphans == 0
        seqs = [row[0] for row in conn.execute("SELECT seq FROM outbox ORDER BY seq")]
        assert seqs == list(range(1, len(seqs) + 1))  # still gap-free

    reopened = open_store(tmp_path)  # opens cleanly, no migration, no backup needed
    try:
        # one op for the household, then a visit and its result per save
        assert services.pending_changes(reopened) == 1 + 2 * len(stored)
    finally:
        reopened.close()
