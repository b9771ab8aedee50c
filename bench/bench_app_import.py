"""The app's import of a commune list (issue 13, *Nhập từ Excel*): persons/second (JSON).

Usage: python bench/bench_app_import.py [--persons 5000 20000] [--encrypted] [--work-dir DIR]

For each size: generates the list (.xlsx, tests/helpers/list_files.py), reads and checks
it (``parse_list``), previews it (``plan_import``), then times ``apply_import`` into a fresh
store (the write through the services: outbox op and search document per record) and a
second import of the same unchanged file. ``--encrypted`` runs on SQLCipher, as the app
does with a passphrase. Target: a commune (20,000 persons) in well under a minute.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers.list_files import TODAY, district, write_xlsx  # noqa: E402
from vss_core.importing import parse_list  # noqa: E402
from vss_desktop.store import open_store  # noqa: E402
from vss_desktop.store.list_import import apply_import, plan_import  # noqa: E402
from vss_desktop.store.outbox import pending_count  # noqa: E402


def _seconds(start: float) -> float:
    return round(time.perf_counter() - start, 2)


def one_size(persons: int, work: Path, encrypted: bool) -> dict[str, Any]:
    households = max(1, persons * 3 // 10)
    path = write_xlsx(work / f"list-{persons}.xlsx", district(households, persons))
    started = time.perf_counter()
    parsed = parse_list(path, today=TODAY)
    parse_s = _seconds(started)
    assert parsed.ok, parsed.errors[:3]
    key = None
    if encrypted:
        from vss_desktop.store.keys import DatabaseKey

        key = DatabaseKey(bytes(range(32)), bytes(range(16)))
    store = open_store(work / f"store-{persons}", key=key)
    try:
        started = time.perf_counter()
        plan_import(store, parsed)
        plan_s = _seconds(started)
        started = time.perf_counter()
        first = apply_import(store, parsed)
        apply_s = _seconds(started)
        assert first.written and first.persons.get("created") == persons
        started = time.perf_counter()
        again = apply_import(store, parsed)
        again_s = _seconds(started)
        assert again.persons.get("unchanged") == persons
        with store.read() as session:
            ops = pending_count(session)
    finally:
        store.close()
    return {
        "persons": persons,
        "households": households,
        "parse_s": parse_s,
        "preview_s": plan_s,
        "apply_s": apply_s,
        "apply_persons_per_s": round(persons / apply_s),
        "parse_and_apply_s": round(parse_s + apply_s, 2),
        "reimport_unchanged_s": again_s,
        "outbox_ops": ops,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--encrypted", action="store_true")
    parser.add_argument("--work-dir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work_dir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        sizes = [one_size(n, work, args.encrypted) for n in args.persons]
    print(json.dumps({"encrypted": args.encrypted, "sizes": sizes}, indent=2))


if __name__ == "__main__":
    main()
