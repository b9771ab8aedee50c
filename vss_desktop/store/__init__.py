"""Local SQLite store. Never imports Qt: the UI calls the service functions here.

``Store`` and ``open_store`` load SQLAlchemy on first use, not with the package: the app
derives the passphrase's key (store.encryption, store.early_unlock) while it loads the
rest (issue 17).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vss_desktop.store.db import Store
    from vss_desktop.store.opening import open_store

__all__ = ["Store", "open_store"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from vss_desktop.store.db import Store

        return Store
    if name == "open_store":
        from vss_desktop.store.opening import open_store

        return open_store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
