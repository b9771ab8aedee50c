"""Local SQLite store. Never imports Qt: the UI calls the service functions here."""

from vss_desktop.store.db import Store
from vss_desktop.store.opening import open_store

__all__ = ["Store", "open_store"]
