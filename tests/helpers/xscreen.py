"""A virtual X screen for a process that is not ours (the bundle): Xvfb, its framebuffer
read back as PNG, and keys typed through the XTEST extension (what xdotool does).

No Qt in here: the screen is read from the XWD file Xvfb keeps in ``-fbdir``, the keys go
through libX11 and libXtst with ctypes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import struct
import subprocess
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

XVFB = shutil.which("Xvfb")


@dataclass
class Screen:
    display: str  # ":59"
    framebuffer: Path  # the XWD file Xvfb writes the screen into

    def pixels(self) -> tuple[int, int, bytes]:
        """Width, height and the screen as RGB bytes (24-bit TrueColor, 32 bits a pixel)."""
        data = self.framebuffer.read_bytes()
        header = struct.unpack(">25I", data[:100])
        header_size, width, height = header[0], header[4], header[5]
        bits_per_pixel, bytes_per_line, ncolors = header[11], header[12], header[19]
        if bits_per_pixel != 32 or header[7] != 0:  # 32 bpp, LSBFirst: B, G, R, X
            raise ValueError(f"unexpected XWD layout: {bits_per_pixel} bpp")
        start = header_size + 12 * ncolors
        rows = []
        for y in range(height):
            row = data[start + y * bytes_per_line : start + y * bytes_per_line + 4 * width]
            rgb = bytearray(3 * width)
            rgb[0::3], rgb[1::3], rgb[2::3] = row[2::4], row[1::4], row[0::4]
            rows.append(bytes(rgb))
        return width, height, b"".join(rows)

    def save_png(self, path: Path) -> None:
        width, height, rgb = self.pixels()
        raw = b"".join(b"\x00" + rgb[y * 3 * width : (y + 1) * 3 * width] for y in range(height))

        def chunk(kind: bytes, body: bytes) -> bytes:
            return (
                struct.pack(">I", len(body))
                + kind
                + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
            )

        ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
        path.write_bytes(
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(raw, 6))
            + chunk(b"IEND", b"")
        )

    def wait_until_still(
        self, unlike: bytes | None = None, quiet: float = 1.5, timeout: float = 30
    ) -> bytes:
        """The screen once it has not changed for ``quiet`` seconds but for a blinking
        text cursor (and differs from ``unlike`` in more than that): what a window shows
        when it has finished drawing."""
        deadline = time.monotonic() + timeout
        last, since = b"", time.monotonic()
        while time.monotonic() < deadline:
            now = self.pixels()[2]
            if changed(now, last) > CARET:
                last, since = now, time.monotonic()
            elif (
                time.monotonic() - since >= quiet
                and (unlike is None or changed(now, unlike) > 50 * CARET)
                and lit(now) > 0.02  # a window, not the bare black root
            ):
                return now
            time.sleep(0.25)
        raise TimeoutError("the screen did not settle")


CARET = 100  # sampled bytes that may differ between two frames of a still screen
SAMPLE = 7


def lit(frame: bytes) -> float:
    """The share of the screen that is not black (the bare X root window is)."""
    sample = frame[::101]
    return sum(1 for byte in sample if byte) / len(sample)


def changed(a: bytes, b: bytes) -> int:
    """How many sampled bytes differ (every SAMPLE-th byte: a caret's blink is a few)."""
    if len(a) != len(b):
        return len(a) // SAMPLE
    return sum(x != y for x, y in zip(a[::SAMPLE], b[::SAMPLE], strict=True))


@contextmanager
def xvfb(workdir: Path, size: str = "1366x768x24") -> Iterator[Screen]:
    """Xvfb on a free display number (it picks one and tells us through -displayfd)."""
    assert XVFB, "Xvfb is not installed"
    fbdir = workdir / "fb"
    fbdir.mkdir(parents=True, exist_ok=True)
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [XVFB, "-displayfd", str(write_end), "-screen", "0", size, "-fbdir", str(fbdir)]
        + ["-nolisten", "tcp"],
        pass_fds=(write_end,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield Screen(f":{number}", fbdir / "Xvfb_screen0")
    finally:
        process.terminate()
        process.wait(timeout=10)


def xtest_available() -> bool:
    return bool(ctypes.util.find_library("Xtst") and ctypes.util.find_library("X11"))


def type_keys(display: str, text: str, then: str = "Return") -> None:
    """Type ``text`` (letters, digits, '-') then the key ``then`` into the focused window,
    as a keyboard would: XTEST key presses, the pointer in the middle of the screen."""
    x11 = ctypes.CDLL(ctypes.util.find_library("X11"))
    xtst = ctypes.CDLL(ctypes.util.find_library("Xtst"))
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XStringToKeysym.restype = ctypes.c_ulong
    x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
    x11.XKeysymToKeycode.restype = ctypes.c_ubyte
    x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int]
    xtst.XTestFakeKeyEvent.argtypes += [ctypes.c_ulong]
    xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
    xtst.XTestFakeMotionEvent.argtypes += [ctypes.c_int, ctypes.c_ulong]
    handle = x11.XOpenDisplay(display.encode())
    if not handle:
        raise RuntimeError(f"cannot open display {display}")
    try:
        xtst.XTestFakeMotionEvent(handle, -1, 683, 384, 0)
        names = ["minus" if ch == "-" else ch for ch in text] + [then]
        for name in names:
            code = x11.XKeysymToKeycode(handle, x11.XStringToKeysym(name.encode()))
            if not code:
                raise ValueError(f"no key for {name!r}")
            xtst.XTestFakeKeyEvent(handle, code, 1, 0)
            xtst.XTestFakeKeyEvent(handle, code, 0, 0)
            x11.XFlush(handle)
            time.sleep(0.03)
    finally:
        x11.XCloseDisplay(handle)
