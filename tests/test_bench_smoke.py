"""The benchmarks still run: each script on a small data set, its JSON read back.

The figures themselves are for people (quoted in the notes), not asserted: a timed test
fails on a busy machine. What is checked is that every script runs to the end and
reports figures of the right kind, so a change elsewhere cannot quietly break one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers.server_harness import POSTGRES_ENV

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def run_bench(script: str, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def positive(*values: Any) -> bool:
    return all(isinstance(v, int | float) and v > 0 for v in values)


def test_foundation_and_today(tmp_path: Path) -> None:
    work = str(tmp_path / "foundation")
    report = run_bench("bench_foundation.py", "--households", "300", "--work-dir", work)
    assert report["dataset"]["households"] == 300 and report["dataset"]["persons"] > 300
    search = report["search_per_keystroke"]
    assert search["keystrokes"] > 50 and positive(search["p50_ms"], search["p95_ms"])
    assert search["p50_ms"] <= search["p95_ms"] <= search["max_ms"]
    start = report["cold_start"]
    assert start["rows"] == 300 and positive(start["cold_start_s_median"], start["peak_rss_mib"])
    assert report["scroll"]["pages_painted"] >= 1

    today = run_bench("bench_today.py", "--work-dir", work, "--runs", "1")
    assert set(today["lists"]) >= {"follow_ups", "expiring", "lapsed", "prospects"}
    assert all(
        positive(v["count"]["median_ms"]) for k, v in today["lists"].items() if k != "all_counts"
    )


def test_encryption_cost(tmp_path: Path) -> None:
    args = ["--households", "200", "--rounds", "1", "--work-dir", str(tmp_path)]
    report = run_bench("bench_encryption.py", *args)
    ratios = report["ratios_encrypted_over_plain"]
    assert set(ratios) >= {"bulk_insert", "search_p95", "cold_start_open_first_page"}
    assert positive(*ratios.values(), report["cold_start"]["kdf_s"])


def test_printing(tmp_path: Path) -> None:
    report = run_bench("bench_printing.py", "--households", "100", "--work-dir", str(tmp_path))
    portrait, landscape = report["visit_list_portrait"], report["visit_list_landscape"]
    assert 1 < portrait["pages"] < landscape["pages"]  # landscape rows are fewer per page
    assert report["household_sheet"]["pages"] == 1
    assert positive(portrait["total_s"], report["household_sheet"]["total_s"])


def test_sync_through_the_throttled_link(tmp_path: Path) -> None:
    report = run_bench("bench_sync.py", "--quick", "--work-dir", str(tmp_path))
    pull = report["pull"]["throttled"]
    push = report["push"]["throttled"]["push"]
    assert pull["items"] == report["dataset"]["pull_changes"] and pull["failed_calls"] == 0
    assert push["items"] == report["push"]["ops"] and push["failed_calls"] == 0
    assert positive(pull["ratio_vs_payload_only"], push["ratio_vs_payload_only"])
    # Compact answers: far fewer bytes come back than go out.
    assert push["bytes_down"] < push["bytes_up"] / 10
    assert positive(report["ingest"]["sqlite"]["ops_per_s"])
    if os.environ.get(POSTGRES_ENV):
        assert positive(report["ingest"]["postgresql"]["ops_per_s"])
