"""Printing benchmark: the visit list PDF for 2,000 households, and one household sheet.

Builds (once, cached in --work-dir) a demo commune with the generator, then times the
whole job a collector waits for: reading the store, laying the document out and writing
the PDF. Prints JSON. Target (issue 4): visit list for 2,000 households <= 5 s.

Usage: python bench/bench_printing.py [--households 2000] [--work-dir bench/out/printing]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TODAY = date(2026, 11, 18)


def dataset(directory: Path, households: int) -> Path:
    from vss_desktop.demo import load as demo_data
    from vss_desktop.store import open_store

    folder = directory / f"commune-{households}"
    marker = folder / "built"
    if not marker.exists():
        if folder.exists():
            for child in folder.iterdir():
                child.unlink()
        store = open_store(folder)
        demo_data.generate(store, households=households, seed=4, today=TODAY)
        store.close()
        marker.write_text("ok")
    return folder


def timed(store, request, out: Path) -> dict:  # type: ignore[no-untyped-def]
    from vss_desktop.printing.documents import build
    from vss_desktop.printing.render import lay_out, write_pdf

    start = time.perf_counter()
    document = build(store, request)
    built = time.perf_counter()
    laid_out = lay_out(document)
    laid = time.perf_counter()
    pages = write_pdf(laid_out, out)
    done = time.perf_counter()
    return {
        "pages": pages,
        "total_s": round(done - start, 3),
        "data_s": round(built - start, 3),
        "layout_s": round(laid - built, 3),
        "pdf_s": round(done - laid, 3),
        "pdf_kib": out.stat().st_size // 1024,
    }


def best_of(runs: int, fn) -> dict:  # type: ignore[no-untyped-def]
    results = [fn() for _ in range(runs)]
    best = min(results, key=lambda r: r["total_s"])
    best["median_total_s"] = round(statistics.median(r["total_s"] for r in results), 3)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--work-dir", type=Path, default=Path("bench/out/printing"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts and painting need it
    from vss_desktop.printing.data import Selection
    from vss_desktop.printing.documents import Kind, PrintRequest
    from vss_desktop.store import open_store, queries
    from vss_desktop.store.queries import HouseholdFilter

    store = open_store(dataset(args.work_dir, args.households))
    with store.read() as session:
        first = queries.household_ids(session, HouseholdFilter(today=TODAY))[0]
    out = Path(tempfile.mkdtemp(prefix="vss-bench-print-"))
    report: dict = {"households": args.households, "runs": args.runs}
    for landscape in (False, True):
        request = PrintRequest(Kind.VISIT_LIST, landscape=landscape, collector="demo", today=TODAY)
        name = "visit_list_landscape" if landscape else "visit_list_portrait"
        report[name] = best_of(
            args.runs, lambda r=request, n=name: timed(store, r, out / f"{n}.pdf")
        )
    sheet = PrintRequest(Kind.HOUSEHOLD_SHEET, Selection(ids=(first,)), today=TODAY)
    report["household_sheet"] = best_of(args.runs, lambda: timed(store, sheet, out / "sheet.pdf"))
    store.close()
    shutil.rmtree(out, ignore_errors=True)
    report["target_visit_list_s"] = 5.0
    report["meets_target"] = all(
        report[k]["total_s"] <= 5.0 for k in ("visit_list_portrait", "visit_list_landscape")
    )
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
