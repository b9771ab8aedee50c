"""Translation workflow for the app's own strings (resources/translations/vss_vi.ts).

  python tools/i18n.py update          # re-extract strings from the sources (pyside6-lupdate)
  python tools/i18n.py missing         # print source strings without a finished translation
  python tools/i18n.py apply FILE.json # fill translations from {"Context": {"source": "dịch"}}

The .ts file is the source of truth; .qm catalogs are compiled at install time
by hatch_build.py. tests/test_translations.py fails when a string is missed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "resources" / "translations" / "vss_vi.ts"


def source_files() -> list[Path]:
    """Every module that can show text: the UI, the labels it uses, printed documents."""
    packages = ("ui", "printing")
    files = [f for p in packages for f in (ROOT / "vss_desktop" / p).rglob("*.py")]
    return sorted([*files, ROOT / "vss_desktop" / "labels.py"])


def lupdate(target: Path, no_obsolete: bool = True) -> None:
    tool = Path(PySide6.__file__).parent / ("lupdate.exe" if sys.platform == "win32" else "lupdate")
    args = [str(tool), "-silent", "-target-language", "vi_VN"]
    if no_obsolete:
        args.append("-no-obsolete")
    subprocess.run([*args, *map(str, source_files()), "-ts", str(target)], check=True, cwd=ROOT)


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation element) for every message in a .ts file."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            out.append((name, message.findtext("source", ""), message.find("translation")))
    return out


def unfinished(ts: Path) -> list[tuple[str, str]]:
    return [
        (ctx, src)
        for ctx, src, tr in messages(ts)
        if tr is None
        or not (tr.text or "").strip()
        or tr.get("type") in ("unfinished", "vanished", "obsolete")
    ]


def apply(mapping: dict[str, dict[str, str]]) -> int:
    tree = ET.parse(TS_FILE)
    filled = 0
    for context in tree.getroot().iter("context"):
        wanted = mapping.get(context.findtext("name", ""), {})
        for message in context.iter("message"):
            text = wanted.get(message.findtext("source", ""))
            translation = message.find("translation")
            if text and translation is not None:
                translation.text = text
                translation.attrib.pop("type", None)
                filled += 1
    tree.write(TS_FILE, encoding="utf-8", xml_declaration=True)
    return filled


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "missing"
    if command == "update":
        lupdate(TS_FILE)
    elif command == "apply":
        print(apply(json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))), "filled")
    elif command == "missing":
        grouped: dict[str, dict[str, str]] = {}
        for ctx, src in unfinished(TS_FILE):
            grouped.setdefault(ctx, {})[src] = ""
        print(json.dumps(grouped, ensure_ascii=False, indent=1))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
