"""Start-up time and memory (issue 17), the behaviour behind bench_foundation's figures:

- the passphrase's key is derived in a thread started before SQLAlchemy loads, and only
  once;
- nothing of the store is imported before the passphrase is known;
- an up-to-date database opens without loading Alembic;
- the household list's first screen comes before Today's counts;
- the household list keeps a bounded number of rows however far it is scrolled.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
import weakref
from pathlib import Path

import pytest

from vss_desktop.store import early_unlock, encryption, migrate, open_store, services
from vss_desktop.store import unlock as unlocking
from vss_desktop.store.encryption import DatabaseKey, KdfParams
from vss_desktop.store.queries import HouseholdRow

CHEAP = KdfParams(n=2**10)  # tests only: the real cost is about a second per try
GOOD = "bản Pha Long 2026"
ROOT = Path(__file__).resolve().parent.parent


def _python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_the_window_start_loads_no_store_before_the_passphrase() -> None:
    """What runs until the passphrase is typed: the entry point, the app module, the
    passphrase dialog and the early key. SQLAlchemy and Alembic load while the key is
    derived, not before (their memory would come on top of the KDF's 128 MiB)."""
    out = _python(
        "import sys\n"
        "import vss_desktop.__main__, vss_desktop.ui.app, vss_desktop.ui.unlock_dialog\n"
        "import vss_desktop.store.early_unlock\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'alembic') if m in sys.modules))"
    )
    assert out == "[]"


def test_window_options_alone_skip_the_commands_parsers() -> None:
    from vss_desktop.cli.window_options import window_args

    args = window_args(["--data-dir", "/x", "--demo", "--lang", "en"])
    assert args is not None and (args.data_dir, args.demo, args.lang) == ("/x", True, "en")
    # Anything else is the full parser's: a command, help, version, a mistake.
    for argv in (["sync"], ["--data-dir", "/x", "sync"], ["-h"], ["--version"], ["--lang", "xx"]):
        assert window_args(argv) is None, argv


def test_the_key_is_derived_once_in_a_thread_while_sqlalchemy_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vss_desktop.ui import app

    unlocking.unlock(tmp_path, GOOD, kdf=CHEAP).close()
    monkeypatch.setenv(early_unlock.PASSPHRASE_ENV, GOOD)
    started = threading.Event()
    derived: list[str] = []
    real_derive = encryption.derive_key_for

    def derive(directory: Path, passphrase: str) -> DatabaseKey:
        derived.append(threading.current_thread().name)
        started.set()
        return real_derive(directory, passphrase)

    overlapped: list[bool] = []

    def load_modules() -> None:  # the KDF is under way when SQLAlchemy loads
        overlapped.append(started.wait(10))

    monkeypatch.setattr(encryption, "derive_key_for", derive)
    monkeypatch.setattr(app, "load_while_deriving", load_modules)
    store = app.open_unlocked(tmp_path)
    assert store is not None and store.encrypted
    store.close()
    assert overlapped == [True]
    assert derived == ["vss-kdf"]  # once, in its own thread; unlock() took its result


@pytest.mark.gui
def test_the_dialog_loads_sqlalchemy_while_the_key_is_derived(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vss_desktop.ui.unlock_dialog import Mode, PassphraseDialog

    unlocking.unlock(tmp_path, GOOD, kdf=CHEAP).close()
    derived: list[str] = []
    real_derive = encryption.derive_key_for

    def derive(directory: Path, passphrase: str) -> DatabaseKey:
        derived.append(threading.current_thread().name)
        return real_derive(directory, passphrase)

    steps: list[str] = []
    monkeypatch.setattr(encryption, "derive_key_for", derive)
    dialog = PassphraseDialog(
        Mode.UNLOCK,
        tmp_path,
        preload=lambda: steps.append("preload"),  # while the key is derived
        prepare=lambda: steps.append("prepare"),  # the store is open
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText(GOOD)
    with qtbot.waitSignal(dialog.unlocked, timeout=20_000):
        dialog.ok.click()
    assert dialog.store is not None and dialog.store.encrypted
    dialog.store.close()
    assert steps == ["preload", "prepare"] and derived == ["vss-kdf"]


def test_an_early_key_for_another_passphrase_is_not_used(tmp_path: Path) -> None:
    unlocking.unlock(tmp_path, GOOD, kdf=CHEAP).close()
    early = early_unlock.EarlyKey(tmp_path, "not the passphrase")
    with pytest.raises(unlocking.WrongPassphrase):
        unlocking.unlock(tmp_path, GOOD + "?", early=early)
    assert unlocking.attempt_log(tmp_path).failures == 1  # counted as a wrong attempt
    early = early_unlock.EarlyKey(tmp_path, "not the passphrase")
    unlocking.unlock(tmp_path, GOOD, early=early).close()  # derived again, the right one
    assert early_unlock.EarlyKey(tmp_path / "none", GOOD).key_for(tmp_path / "none", GOOD) is None


def test_an_up_to_date_database_opens_without_alembic(tmp_path: Path) -> None:
    assert migrate.quick_head_revision() == migrate.head_revision()
    open_store(tmp_path).close()  # created and migrated (Alembic loads here)
    out = _python(
        "import sys\n"
        "from pathlib import Path\n"
        "from vss_desktop.store import open_store, migrate\n"
        f"store = open_store(Path({str(tmp_path)!r}))\n"
        "print(migrate.current_revision(store), 'alembic' in sys.modules)\n"
        "store.close()"
    )
    assert out == f"{migrate.head_revision()} False"


@pytest.mark.gui
def test_the_household_list_comes_before_todays_counts(qtbot, store, tmp_path: Path) -> None:
    from vss_desktop.settings import Settings
    from vss_desktop.ui.main_window import MainWindow

    for n in range(3):
        services.create_household(store, {"head_name": f"Lò Văn {n}", "village": "Bản Phố"})
    window = MainWindow(store, Settings(language="en"), tmp_path)
    qtbot.addWidget(window)
    order: list[str] = []
    window.list_loaded.connect(lambda _n: order.append("list"))
    window.today_view.counts_loaded.connect(lambda: order.append("counts"))
    window.today_view.loaded.connect(lambda _w: order.append("today"))
    with qtbot.waitSignals([window.list_loaded, window.today_view.counts_loaded], timeout=10_000):
        window.show()
    assert order == ["today", "list", "counts"]
    assert window.count_label.text() == "3 households"
    assert sum(window.today_view.counts.values()) > 0  # the badges still come
    window.close()


def _row(hid: str) -> HouseholdRow:
    return HouseholdRow(hid, hid, "Lò Văn A", "Bản Phố", "1", "", 1, 0, None, None, "", None)


@pytest.mark.gui
def test_the_list_keeps_a_bounded_number_of_rows_when_scrolled_through(qtbot) -> None:
    from vss_desktop.ui.household_model import KEPT_PAGES, PAGE, HouseholdListModel

    fetched: list[list[str]] = []
    alive: weakref.WeakSet[HouseholdRow] = weakref.WeakSet()

    def fetch(ids: list[str]) -> dict[str, HouseholdRow]:
        fetched.append(ids)
        rows = {hid: _row(hid) for hid in ids if hid != "gone"}
        alive.update(rows.values())
        return rows

    model = HouseholdListModel(fetch)
    ids = [f"h{n:05d}" for n in range(20_000)]
    ids[7] = "gone"  # deleted since the id list was read
    model.set_ids(ids)
    for row in range(len(ids)):  # the whole list, top to bottom
        model.data(model.index(row, 1))
    assert len(fetched) == len(ids) // PAGE  # each page read once on the way
    gc.collect()
    assert len(alive) <= KEPT_PAGES * PAGE  # not 20,000 rows
    last = model.index(len(ids) - 1, 0)
    assert model.data(last) == ids[-1] and len(fetched) == len(ids) // PAGE  # still kept
    assert model.data(model.index(7, 0)) is None  # evicted: read again, still gone
    assert model.data(model.index(8, 0)) == ids[8] and len(fetched) == len(ids) // PAGE + 1
    model.refresh()  # after an edit every row is read again
    assert model.data(last) == ids[-1] and len(fetched) == len(ids) // PAGE + 2
