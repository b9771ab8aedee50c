"""Opening the local database: finish an interrupted encryption swap, check the key,
upgrade the schema, refresh the search index.

Kept apart from :mod:`vss_desktop.store.db` (the engine factory every store module uses)
so that the modules this step needs (encryption, migrations, search) can themselves use
the engine factory without an import cycle.
"""

from __future__ import annotations

from pathlib import Path

from vss_desktop import paths
from vss_desktop.store import encryption, search
from vss_desktop.store import migrate as migrations
from vss_desktop.store.db import Store, create_sqlite_engine, register_open
from vss_desktop.store.encryption import DatabaseKey


def open_store(directory: Path, *, key: DatabaseKey | None = None, migrate: bool = True) -> Store:
    """Open (creating if needed) the database in ``directory``, upgrading its schema.

    Without ``key`` the database is plain SQLite, as before; with one it is SQLCipher.
    The app unlocks through :func:`vss_desktop.store.unlock.unlock`, which derives the
    key from the passphrase and migrates a plain database first.
    """
    directory.mkdir(parents=True, exist_ok=True)
    # Finish or undo an encryption swap cut short, before anything could create a new file.
    encryption.recover_interrupted(directory)
    db_path = paths.database_path(directory)
    state = encryption.file_state(db_path)
    if key is None and state is encryption.DatabaseState.ENCRYPTED:
        raise encryption.PassphraseRequired(
            "the database is encrypted: unlock it with the passphrase"
        )
    if key is not None and state is encryption.DatabaseState.PLAIN:
        raise encryption.EncryptionError("the database is not encrypted yet: unlock() migrates it")
    if (
        key is not None
        and state is encryption.DatabaseState.ENCRYPTED
        and not encryption.key_opens(db_path, key)
    ):
        raise encryption.WrongPassphrase("the key does not open the database")
    engine = create_sqlite_engine(db_path, key)
    store = Store(engine=engine, directory=directory, key=key)
    register_open(store)
    if migrate:
        migrations.upgrade(store)
        with store.read() as session:
            stale = search.needs_rebuild(session)
        if stale:  # a new index layout, or a database restored from elsewhere
            with store.write() as session:
                search.rebuild(session)
    return store
