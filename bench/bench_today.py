"""Today lists, tallies and progress on the 50k-household bench set: ms per call (JSON).

Usage: python bench/bench_today.py [--work-dir bench/out/foundation] [--today YYYY-MM-DD] [--runs 5]
The set is built by bench/bench_foundation.py; opening it upgrades its schema.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from vss_core.enums import Metric, PeriodKind
from vss_desktop.store import metrics, open_store, today
from vss_desktop.store.today import TodayList


def timed(fn, runs: int) -> dict:
    fn()  # warm the page cache once, as a screen opened twice would
    ms, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        ms.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    size = out if isinstance(out, int) else len(out) if hasattr(out, "__len__") else None
    return {
        "median_ms": round(statistics.median(ms), 1),
        "max_ms": round(max(ms), 1),
        "cpu_median_ms": round(statistics.median(cpu), 1),
        "n": size,
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--work-dir", type=Path, default=Path("bench/out/foundation"))
    p.add_argument("--today", type=date.fromisoformat, default=None)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--cache-mib", type=int, default=0, help="PRAGMA cache_size for the run")
    p.add_argument("--quick", action="store_true", help="counts, first pages, tallies only")
    a = p.parse_args()
    store = open_store(a.work_dir.resolve())
    on = a.today or metrics.local_today()
    last_month = metrics.period_bounds(PeriodKind.MONTH, on.replace(day=1) - timedelta(days=1))
    result: dict = {"today": on.isoformat(), "lists": {}, "metrics": {}}
    with store.read() as s:
        if a.cache_mib:
            s.connection().exec_driver_sql(f"PRAGMA cache_size=-{a.cache_mib * 1024}")
        result["cache_mib"] = a.cache_mib or "default"
        for which in TodayList:
            result["lists"][which.value] = {
                "count": timed(lambda w=which: today.count(s, w, on), a.runs),
                "first_100_rows": timed(lambda w=which: today.rows(s, w, on, limit=100), a.runs),
            }
            if not a.quick:
                result["lists"][which.value]["all_rows"] = timed(
                    lambda w=which: today.rows(s, w, on), a.runs
                )
        result["lists"]["all_counts"] = timed(lambda: sum(today.counts(s, on).values()), a.runs)
        m = result["metrics"]
        m["tally_last_month"] = timed(lambda: metrics.tally(s, *last_month), a.runs)
        q = metrics.period_bounds(PeriodKind.QUARTER, last_month[0])
        m["tally_quarter"] = timed(lambda: metrics.tally(s, *q), a.runs)
        y = metrics.period_bounds(PeriodKind.YEAR, last_month[0])
        m["tally_year"] = timed(lambda: metrics.tally(s, *y), a.runs)
        m["tally_7_days"] = timed(
            lambda: metrics.tally(s, last_month[1] - timedelta(days=6), last_month[1]), a.runs
        )
        m["daily_series_month_renewed"] = timed(
            lambda: metrics.daily_series(s, Metric.BHYT_RENEWED, *last_month), a.runs
        )
        m["daily_series_month_amount"] = timed(
            lambda: metrics.daily_series(s, Metric.AMOUNT_COLLECTED, *last_month), a.runs
        )
        m["daily_series_month_all_6"] = timed(
            lambda: [metrics.daily_series(s, x, *last_month) for x in Metric], a.runs
        )
        m["progress_month"] = timed(
            lambda: metrics.progress(s, PeriodKind.MONTH, last_month[0]).metrics, a.runs
        )
        m["progress_year"] = timed(
            lambda: metrics.progress(s, PeriodKind.YEAR, last_month[0]).metrics, a.runs
        )
    store.close()
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
