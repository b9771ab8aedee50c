"""Asking where to save a file the app writes (PDF, Excel), in the user's Documents folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def ask_save_path(
    parent: QWidget, title: str, file_name: str, file_filter: str, suffix: str
) -> Path | None:
    """The path the user picked, ending in ``suffix`` (added when typed without it);
    None when cancelled. ``title`` and ``file_filter`` come translated by the caller."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / file_name), file_filter)
    if not path:
        return None
    return Path(path) if path.lower().endswith(suffix) else Path(path + suffix)
