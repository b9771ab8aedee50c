"""Before the first window: can Qt's xcb platform plugin load its system libraries?

When one is missing, Qt aborts with a hint that names only xcb-cursor0, even when that one
is installed (issue 11). This check names the Debian packages that are really missing.
It uses ctypes only (no Qt): it runs before the QApplication exists.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Iterable, Mapping

# The shared libraries PySide6's xcb plugin (libqxcb.so, libQt6XcbQpa.so.6) and QtGui load,
# with the Debian/Ubuntu package of each. tools/system-packages.txt lists every package
# here (a test checks it); the README and .ci/run install from that list.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def missing_libraries(sonames: Iterable[str]) -> list[str]:
    """The sonames the dynamic loader cannot load, in the order given."""
    missing = []
    for soname in sonames:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(soname)
    return missing


def packages_for(sonames: Iterable[str]) -> list[str]:
    """The Debian packages that provide ``sonames`` (an unknown soname stands for itself)."""
    return sorted({XCB_LIBRARIES.get(soname, soname) for soname in sonames})


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """True when Qt will load its xcb plugin: Linux, and xcb asked for or the default."""
    if not platform.startswith("linux"):
        return False
    asked = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if asked:
        return asked == "xcb"
    return environ.get("XDG_SESSION_TYPE") != "wayland"  # Qt picks wayland there


def missing_xcb_message(sonames: Iterable[str] = XCB_LIBRARIES) -> str | None:
    """One message naming the missing packages, or None when all libraries load."""
    missing = missing_libraries(sonames)
    if not missing:
        return None
    packages = " ".join(packages_for(missing))
    return (
        "VSS Desktop cannot open its window: Qt's xcb platform needs system libraries"
        f" that are not installed ({', '.join(missing)}).\n"
        f"Install them with:  sudo apt-get install {packages}\n"
        "(tools/system-packages.txt in the source lists everything the app needs.)"
    )


def check_platform(environ: Mapping[str, str] | None = None) -> str | None:
    """The missing-libraries message when the xcb plugin would fail to load, else None."""
    env = os.environ if environ is None else environ
    return missing_xcb_message() if uses_xcb(env) else None
