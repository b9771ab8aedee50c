"""Reading and checking a district list (issue 13): persons per second, .xlsx and CSV (JSON).

Usage: python bench/bench_import_parse.py [--households 15000] [--persons 50000]
                                          [--work-dir DIR] [--runs 1]
Generates the list with tests/helpers/list_files.py in the template's layout (household
cells on each household's first row), as .xlsx and as Windows-1258 CSV, then times
vss_core.importing.parse_list on each: reading, household grouping and every check.
No database (that is the import's later part).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers.list_files import TODAY, district, write_csv, write_xlsx  # noqa: E402
from vss_core import admin_units  # noqa: E402
from vss_core.importing import parse_list  # noqa: E402


def timed(path: Path, runs: int) -> dict[str, object]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        result = parse_list(path, today=TODAY)
        seconds.append(time.perf_counter() - started)
    median = statistics.median(seconds)
    return {
        "file_mib": round(path.stat().st_size / 2**20, 2),
        "households": len(result.households),
        "persons": result.person_count,
        "errors": len(result.errors),
        "seconds": round(median, 2),
        "rows_per_s": round(result.person_count / median),
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--households", type=int, default=15_000)
    p.add_argument("--persons", type=int, default=50_000)
    p.add_argument("--work-dir", type=Path, default=None)
    p.add_argument("--runs", type=int, default=1)
    a = p.parse_args()
    work = a.work_dir or Path(tempfile.mkdtemp(prefix="bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    households = district(a.households, a.persons)
    xlsx = write_xlsx(work / "district.xlsx", households)
    csv = write_csv(work / "district.csv", households, encoding="cp1258", separator=";")
    admin_units.preload()  # once per process in the app and the server alike
    report = {"xlsx": timed(xlsx, a.runs), "csv": timed(csv, a.runs)}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
