"""Every visible string is translated into Vietnamese, and the catalogs load."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import i18n  # noqa: E402

PLACEHOLDER = re.compile(r"%\d")


def test_every_source_string_has_a_vietnamese_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "vss_vi.ts"
    shutil.copy(i18n.TS_FILE, fresh)
    i18n.lupdate(fresh, no_obsolete=False)  # new strings come in unfinished, removed ones vanish
    extracted = i18n.messages(fresh)
    assert len(extracted) > 100, "lupdate found too few strings: is it reading the UI modules?"
    missing = i18n.unfinished(fresh)
    assert missing == [], "run `python tools/i18n.py update` and translate:\n" + "\n".join(
        f"{ctx}: {src}" for ctx, src in missing
    )


def test_translations_keep_placeholders_and_mnemonics() -> None:
    for ctx, source, translation in i18n.messages(i18n.TS_FILE):
        text = translation.text or ""
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), (
            ctx,
            source,
        )
        if re.search(r"&[^& ]", source):
            assert re.search(r"&[^& ]", text), f"mnemonic lost in {ctx}: {source!r}"


@pytest.mark.gui
@pytest.mark.parametrize("name", ["vss_vi", "qtbase_vi"])
def test_compiled_catalog_is_current_and_loads(qapp, name: str) -> None:
    """The .qm built at install time exists, is newer than its source, and translates."""
    from vss_desktop import paths

    qm = paths.resource_dir() / "translations" / f"{name}.qm"
    ts = ROOT / "resources" / "translations" / f"{name}.ts"
    assert qm.exists(), "compile translations: pip install -e . (or python hatch_build.py)"
    assert qm.stat().st_mtime >= ts.stat().st_mtime, "the .qm is older than its .ts: rebuild"
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        if name == "vss_vi":
            assert QCoreApplication.translate("Labels", "Not at home") == "Không có nhà"
        else:
            assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"
    finally:
        QCoreApplication.removeTranslator(translator)
