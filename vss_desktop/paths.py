"""The one place that decides where data and bundled resources live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from vss_core import resources as core_resources
from vss_desktop import APP_NAME

DATA_DIR_ENV = "VSS_DATA_DIR"
DB_FILENAME = "vss.sqlite3"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return (and create) the data directory.

    Precedence: explicit override (``--data-dir``), then ``VSS_DATA_DIR``,
    then the platform's user data directory.
    """
    if override:
        path = Path(override)
    elif os.environ.get(DATA_DIR_ENV):
        path = Path(os.environ[DATA_DIR_ENV])
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path(directory: Path) -> Path:
    return directory / DB_FILENAME


def backups_dir(directory: Path) -> Path:
    path = directory / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


resource_dir = core_resources.resource_dir  # one answer for the app and the core
