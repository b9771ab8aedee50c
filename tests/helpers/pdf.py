"""Reading printed PDFs back with poppler (pdftotext, pdfinfo, pdffonts)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("pdfinfo")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def page_texts(pdf: Path) -> list[str]:
    pages = run("pdftotext", "-layout", str(pdf), "-").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def norm(text: str) -> str:
    """Whitespace runs (no-break spaces too) as one space: lines as the eye reads them."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def page_count(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(pdf)), re.M).group(1))
