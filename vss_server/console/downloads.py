"""Files the console sends (exports, campaign reports): written into a temporary file of
the server's data directory, sent, then deleted, never left behind nor cached."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from vss_server.config import ServerConfig

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
FOLDER = "console-exports"


def send_written(
    settings: ServerConfig,
    name: str,
    write: Callable[[Path], object],
    media_type: str = XLSX,
) -> FileResponse:
    """Write with ``write`` into a temporary file, send it as ``name``, delete it after."""
    folder = settings.data_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    suffix = ".pdf" if media_type == PDF else ".xlsx"
    handle, temp = tempfile.mkstemp(suffix=suffix, dir=folder)
    os.close(handle)
    path = Path(temp)
    try:
        write(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FileResponse(
        path,
        media_type=media_type,
        filename=name,
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
        background=BackgroundTask(_remove, path),
    )


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
