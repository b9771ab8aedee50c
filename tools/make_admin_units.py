"""Write resources/admin_units/ from the PyPI package ``vietnamadminunits`` (MIT).

The package is a build-time source only: it pulls in shapely, geopy, unidecode and
tqdm, so the app ships the extracted tables instead (domain.md §5). The wheel is
read as a zip file, never imported.

Output (deterministic: same wheel, same bytes):
- provinces.json: the 34 provinces from 2025-07-01 and the 63 before, old -> new;
- communes.json.gz: the 3,321 communes/wards from 2025-07-01 and the ~10,000
  before, each old one with the new commune(s) it became (the package's default
  first when an old commune was split);
- LICENSE-vietnamadminunits.txt: the package's licence with attribution.

Usage: python tools/make_admin_units.py [--wheel PATH]
Without --wheel the pinned version is fetched with ``pip download --no-deps``; the
wheel's sha256 must be the pinned one, so the output only changes on purpose.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

PACKAGE = "vietnamadminunits"
VERSION = "1.0.4"
WHEEL_SHA256 = "737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35"
URL = "https://github.com/tranngocminhhieu/vietnamadminunits"
OUT = Path(__file__).resolve().parent.parent / "resources" / "admin_units"
FORMAT = 1

# Resolution 202/2025/QH15: two tiers from 2025-07-01; codes by Decision 19/2025/QĐ-TTg.
NEW_FROM = "2025-07-01"
OLD_TO = "2025-06-30"
COMMUNE_TYPES = ("Thị trấn", "Đặc khu", "Phường", "Xã")
PROVINCE_TYPES = ("Thành phố", "Tỉnh")

# Names people still write that the package does not carry (folded, spaces removed,
# like the package's own keywords). Thừa Thiên Huế became Thành phố Huế on 2025-01-01
# (Resolution 1314/NQ-UBTVQH15), so cards issued before then carry the old name.
EXTRA_PROVINCE_ALIASES = {
    ("old", "46"): ["thuathienhue"],
    ("old", "79"): ["tphcm", "saigon"],
    ("new", "79"): ["tphcm", "saigon"],
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def split_type(full: str, types: tuple[str, ...]) -> tuple[str, str]:
    """'Phường Tân Sơn' -> ('Phường', 'Tân Sơn'); numbered wards keep 'Phường 15' whole."""
    for kind in types:
        if full.casefold().startswith(kind.casefold() + " "):  # the data has 'Thị Trấn' too
            rest = full[len(kind) + 1 :]
            return kind, (f"{kind} {rest}" if rest.isdigit() else rest)
    raise ValueError(f"unknown unit type in {full!r}")


def fetch_wheel(directory: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", f"{PACKAGE}=={VERSION}", "--no-deps",
         "--only-binary", ":all:", "-d", str(directory), "-q"],
        check=True,
    )  # fmt: skip
    return next(directory.glob(f"{PACKAGE}-{VERSION}-*.whl"))


def aliases(raw: str | None) -> list[str]:
    return sorted(set(json.loads(raw))) if raw else []


def provinces(db: sqlite3.Connection, mapping: dict[str, list[str]]) -> dict:
    new_code_of_key = dict(db.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units"))
    successor = {old: new_code_of_key[new] for new, olds in mapping.items() for old in olds}

    def units(table: str, edition: str) -> list[dict]:
        rows = db.execute(
            f"SELECT DISTINCT provinceCode, province, provinceKey, provinceAlias FROM {table}"
        ).fetchall()
        out = []
        for code, full, key, alias in sorted(rows):
            kind, name = split_type(nfc(full), PROVINCE_TYPES)
            unit = {"code": code, "type": kind, "name": name}
            extra = aliases(alias) + EXTRA_PROVINCE_ALIASES.get((edition, code), [])
            if extra:
                unit["aliases"] = sorted(set(extra))
            if edition == "old":
                unit["successors"] = [successor[key]]
            out.append(unit)
        return out

    new, old = units("admin_units", "new"), units("admin_units_legacy", "old")
    assert len(new) == 34 and len(old) == 63, (len(new), len(old))
    return {
        "editions": [
            {"id": "2025-07", "valid_from": NEW_FROM, "valid_to": None,
             "basis": "Resolution 202/2025/QH15; codes by Decision 19/2025/QĐ-TTg",
             "units": new},
            {"id": "63-provinces", "valid_from": None, "valid_to": OLD_TO,
             "basis": "the 63 provinces in force until 2025-06-30", "units": old},
        ]
    }  # fmt: skip


def communes(db: sqlite3.Connection, converter: dict) -> tuple[dict, dict[str, int]]:
    new_code = {
        (p, w): c
        for p, w, c in db.execute("SELECT provinceKey, wardKey, wardCode FROM admin_units")
    }
    successors: dict[str, list[tuple[bool, str]]] = {}  # old key -> [(not default, new code)]
    for prov, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward, olds in wards.items():
            for old in olds:
                successors.setdefault(old, []).append((False, new_code[prov, ward]))
    for prov, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, targets in olds.items():
            for t in targets:
                item = (not t["isDefaultNewWard"], new_code[prov, t["newWardKey"]])
                successors.setdefault(old, []).append(item)

    stats = {"type_from_name_differs": 0, "old_without_ward": 0, "split_old_communes": 0}
    new_rows = []
    for code, prov, full, kind_given, alias in db.execute(
        "SELECT wardCode, provinceCode, ward, wardType, wardAlias FROM admin_units"
    ):
        kind, name = split_type(nfc(full), COMMUNE_TYPES)  # the name wins over wardType
        stats["type_from_name_differs"] += kind != kind_given
        new_rows.append([code, prov, "", kind, name, aliases(alias)])
    old_rows = []
    for code, prov, district, full, pk, dk, wk, alias in db.execute(
        "SELECT wardCode, provinceCode, district, ward, provinceKey, districtKey, wardKey,"
        " wardAlias FROM admin_units_legacy"
    ):
        if not full:  # island districts without communes; they became đặc khu of the same name
            stats["old_without_ward"] += 1
            continue
        kind, name = split_type(nfc(full), COMMUNE_TYPES)
        targets = sorted(set(successors[f"{pk}_{dk}_{wk}"]))
        stats["split_old_communes"] += len(targets) > 1
        old_rows.append([code, prov, nfc(district), kind, name, aliases(alias),
                         [c for _, c in targets]])  # fmt: skip
    new_rows.sort()
    old_rows.sort()
    assert len(new_rows) == 3321, len(new_rows)
    assert len({r[0] for r in old_rows}) == len(old_rows), "old commune codes repeat"
    data = {
        "columns": ["code", "province", "district", "type", "name", "aliases", "successors"],
        "editions": [
            {"id": "2025-07", "valid_from": NEW_FROM, "valid_to": None, "rows": new_rows},
            {"id": "63-provinces", "valid_from": None, "valid_to": OLD_TO, "rows": old_rows},
        ],
    }
    stats |= {"current": len(new_rows), "old": len(old_rows)}
    return data, stats


def one_unit_per_line(data: dict) -> str:
    """Readable diffs: the JSON of each province on one line."""

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    head = {k: v for k, v in data.items() if k != "editions"}
    lines = ["{"] + [f" {dump(k)}: {dump(v)}," for k, v in head.items()] + [' "editions": [']
    for i, edition in enumerate(data["editions"]):
        meta = {k: v for k, v in edition.items() if k != "units"}
        lines.append("  " + dump(meta)[:-1] + ', "units": [')
        lines += [f"   {dump(u)}," for u in edition["units"]]
        lines[-1] = lines[-1].rstrip(",")
        lines.append("  ]}" + ("," if i < len(data["editions"]) - 1 else ""))
    return "\n".join(lines + [" ]", "}"]) + "\n"


def write_json_gz(path: Path, data: dict) -> None:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as f:
        f.write(raw)
    path.write_bytes(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help=f"a downloaded {PACKAGE} {VERSION} wheel")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if digest != WHEEL_SHA256:  # new data is a deliberate change: bump VERSION and the hash
            sys.exit(f"{wheel.name}: sha256 {digest} is not the pinned {PACKAGE} {VERSION}")
        with zipfile.ZipFile(wheel) as z:
            db_path = Path(tmp) / "dataset.db"
            db_path.write_bytes(z.read(f"{PACKAGE}/data/dataset.db"))
            converter = json.loads(z.read(f"{PACKAGE}/data/converter_2025.json"))
            licence = next(n for n in z.namelist() if n.endswith("licenses/LICENSE"))
            licence_text = z.read(licence).decode()
        db = sqlite3.connect(db_path)
        try:
            source = {"package": PACKAGE, "version": VERSION, "wheel_sha256": digest,
                      "licence": "MIT", "url": URL}  # fmt: skip
            province_data = {"format": FORMAT, "source": source}
            province_data |= provinces(db, converter["DICT_PROVINCE"])
            commune_data, stats = communes(db, converter)
        finally:
            db.close()
    args.out.mkdir(parents=True, exist_ok=True)
    text = one_unit_per_line(province_data)
    (args.out / "provinces.json").write_text(text, encoding="utf-8")
    write_json_gz(
        args.out / "communes.json.gz", {"format": FORMAT, "source": source} | commune_data
    )
    header = (
        f"The data in provinces.json and communes.json.gz is extracted by\n"
        f"tools/make_admin_units.py from {PACKAGE} {VERSION} ({URL}),\n"
        f"by Tran Ngoc Minh Hieu, under the MIT licence below.\n\n"
    )
    (args.out / "LICENSE-vietnamadminunits.txt").write_text(header + licence_text, encoding="utf-8")
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
