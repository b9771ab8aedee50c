"""Where the bundled resources (rule tables, administrative units, fonts) live."""

from __future__ import annotations

from pathlib import Path


def resource_dir() -> Path:
    """Inside an installed package (``vss_core/resources`` or ``vss_desktop/resources``,
    as each wheel places them), or the repository's ``resources/`` in a source checkout."""
    here = Path(__file__).resolve().parent
    candidates = (
        here / "resources",
        here.parent / "vss_desktop" / "resources",
        here.parent / "resources",
    )
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("resources directory not found next to the vss_core package")
