"""The shipped Noto Sans (resources/fonts, SIL OFL 1.1): full Vietnamese coverage, embedded
in every PDF, so the output never depends on the fonts of the machine."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase

from vss_desktop import paths

FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
UNITS_PER_PT = 10  # layout unit: 1/10 point, so font sizes are whole "pixels"

_lock = threading.Lock()
_family: str | None = None


def ensure_fonts() -> str:
    """Register the shipped fonts once (a QGuiApplication must exist); return the family."""
    global _family
    with _lock:
        if _family is None:
            folder = paths.resource_dir() / "fonts"
            families: set[str] = set()
            for name in FONT_FILES:
                font_id = QFontDatabase.addApplicationFont(str(folder / name))
                if font_id < 0:
                    raise RuntimeError(f"cannot load the shipped font {name}")
                families.update(QFontDatabase.applicationFontFamilies(font_id))
            _family = sorted(families)[0]
        return _family


@dataclass(frozen=True, slots=True)
class Font:
    """A font choice in the layout: size in points, regular or bold."""

    size: float
    bold: bool = False

    def qfont(self) -> QFont:
        # Pixel sizes in layout units and no hinting: widths scale linearly to any device,
        # so a layout measured once paints the same on PDF, printer and preview.
        font = QFont(ensure_fonts())
        font.setPixelSize(round(self.size * UNITS_PER_PT))
        font.setBold(self.bold)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        font.setKerning(False)  # words are measured one by one
        return font
