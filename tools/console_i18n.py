"""Translation workflow for the web console (vss_server/console/locale/vi.po).

  python tools/console_i18n.py update    # extract the strings of templates and code, merge
  python tools/console_i18n.py missing   # print the strings without a Vietnamese translation
  python tools/console_i18n.py apply FILE.json   # fill translations from {"source": "dịch"}

Strings are marked with _() in the Jinja2 templates and the console's Python code;
Babel extracts them. tests/test_console_i18n.py fails when one is not translated.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CONSOLE = ROOT / "vss_server" / "console"
PO_FILE = CONSOLE / "locale" / "vi.po"
METHODS = [("templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}


def extracted() -> list[str]:
    """Every marked string, in first-seen order."""
    seen: dict[str, None] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(CONSOLE), METHODS, OPTIONS
    ):
        text = message[0] if isinstance(message, tuple) else message
        if text:
            seen.setdefault(text, None)
    return list(seen)


def load() -> Catalog:
    if not PO_FILE.exists():
        return Catalog(locale="vi", project="vss-console")
    with PO_FILE.open("rb") as handle:
        return read_po(handle, locale="vi")


def update() -> int:
    old = load()
    catalog = Catalog(locale="vi", project="vss-console", fuzzy=False)
    for text in extracted():
        kept = old.get(text)
        catalog.add(text, kept.string if kept is not None else "")
    PO_FILE.parent.mkdir(parents=True, exist_ok=True)
    with PO_FILE.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=False)
    return len(catalog)


def apply(path: Path) -> int:
    import json

    given: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    catalog = load()
    done = 0
    for message in catalog:
        if message.id in given:
            message.string = given[str(message.id)]
            message.flags.discard("fuzzy")
            done += 1
    with PO_FILE.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=False)
    return done


def missing() -> list[str]:
    catalog = load()
    out = []
    for text in extracted():
        message = catalog.get(text)
        if message is None or not message.string or message.fuzzy:
            out.append(text)
    return out


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "missing"
    if command == "apply":
        print(f"{apply(Path(sys.argv[2]))} translations applied")
    elif command == "update":
        print(f"{update()} strings in {PO_FILE.relative_to(ROOT)}")
    else:
        for text in missing():
            print(text)
