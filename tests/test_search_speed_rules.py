"""Search per keystroke with bounded work (issue 17): the list's first screen
(queries.first_household_ids) is the start of the very list the old path builds
(queries.household_ids, the FTS index), which is the shared rule's answer
(vss_core.search_text.matches), for every prefix typed; broad prefixes stop after the
first screen instead of collecting every match; the window shows the first screen,
then the whole list, and skips the whole list of a search that typing superseded."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from vss_core.search_text import household_text, matches, person_text, query_words
from vss_core.text import fold
from vss_desktop.demo import load as demo_data
from vss_desktop.settings import Settings
from vss_desktop.store import Store, open_store, queries, search
from vss_desktop.store.queries import HouseholdFilter

HOUSEHOLDS = 3000
WANT = 50
TYPED = [
    "nguyen thi hong", "Nguyễn Văn Đức", "hồng", "lò thị", "giàng a", "trần minh", "ĐẶNG",
    "+8491", "0912", "GD4", "xyz", "t", "th", "09", "0", "phạm", "lê", "đ",
]  # fmt: skip


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    directory = tmp_path_factory.mktemp("search-speed")
    store = open_store(directory)
    demo_data.generate(store, households=HOUSEHOLDS, seed=17)
    yield store, directory
    store.close()


def prefixes(store: Store) -> list[str]:
    """Everything in TYPED, and names, CCCDs, phones and codes of the data set, typed
    letter by letter (each prefix once)."""
    rng = random.Random(17)
    with store.read() as session:
        conn = session.connection()
        people = conn.exec_driver_sql(
            "SELECT full_name, cccd, phone FROM person WHERE deleted_at IS NULL"
        ).all()
        codes = [r[0] for r in conn.exec_driver_sql("SELECT code FROM household").all()]
    typed = list(TYPED)
    for name, cccd, phone in rng.sample(people, 8):
        typed += [name, cccd[:7], phone[:6]]
    typed += rng.sample(codes, 3)
    return list(dict.fromkeys(t[:end] for t in typed if t for end in range(1, len(t) + 1)))


def by_rule(store: Store, texts: list[str]) -> dict[str, list[str]]:
    """The households the shared rule finds for each text, in list order, straight from
    the tables."""
    with store.read() as session:
        entries = queries.household_ids(session, HouseholdFilter())
        conn = session.connection()
        docs: dict[str, list[str]] = {}
        for row in conn.exec_driver_sql(
            "SELECT id, code, head_name, phone FROM household WHERE deleted_at IS NULL"
        ):
            docs.setdefault(row.id, []).append(fold(household_text(row)))
        for row in conn.exec_driver_sql(
            "SELECT household_id, full_name, cccd, bhxh_code, bhyt_card_number, phone"
            " FROM person WHERE deleted_at IS NULL"
        ):
            docs.setdefault(row.household_id, []).append(fold(person_text(row)))
    found = {}
    for text in texts:
        words = query_words(text)
        found[text] = [
            hid
            for hid in entries
            if words is None or any(matches(words, d) for d in docs.get(hid, []))
        ]
    return found


def test_first_screen_is_the_start_of_the_same_list_for_every_prefix(big) -> None:
    store, _ = big
    typed = prefixes(store)
    assert len(typed) > 150
    with store.read() as session:
        village = queries.villages(session)[0]
    broad = sparse = 0
    for n, text in enumerate(typed):
        for place in (None, village) if n % 2 else (None,):
            flt = HouseholdFilter(text=text, village=place)
            with store.read() as session:
                whole = queries.household_ids(session, flt)  # the old path, unchanged
                first, complete = queries.first_household_ids(session, flt, WANT)
            assert first == whole[: len(first)], (text, place)
            if complete:
                assert first == whole, (text, place)
                sparse += query_words(text) is not None
            else:
                assert len(first) >= WANT, (text, place)
                broad += 1
    assert broad > 20 and sparse > 20  # both ways of finding the first screen ran
    # The old path is the shared rule, Vietnamese diacritics, đ, CCCD and phones included.
    checked = ["hồng", "ĐẶNG", "đ", "+8491", "0912", "lò th", *typed[::20]]
    for text, found in by_rule(store, checked).items():
        with store.read() as session:
            assert queries.household_ids(session, HouseholdFilter(text=text)) == found, text


def test_a_walk_to_the_end_of_a_short_list_is_the_whole_answer(big) -> None:
    store, _ = big
    with store.read() as session:
        # A short list (as one village's), in list order.
        keys = [
            key
            for (key,) in session.connection().exec_driver_sql(
                "SELECT h.local_key FROM household h WHERE h.deleted_at IS NULL"
                f" ORDER BY {queries.LIST_ORDER} LIMIT 40"
            )
        ]
        walked = search.first_matching(session, ["th"], keys, WANT, 500)
        assert walked is not None
        found, exhausted = walked
        assert exhausted
        expected = set(search.matching_keys(session, '"th"*'))
        assert found == [k for k in keys if k in expected]


def test_broad_prefixes_read_a_screen_of_households_not_every_match(big) -> None:
    store, _ = big
    statements: list[str] = []
    with store.read() as session:
        raw = session.connection().connection.driver_connection
        raw.set_trace_callback(statements.append)
        try:
            for text in ["ng", "th", "09", "nguyen", "nguyen th"]:
                statements.clear()
                first, complete = queries.first_household_ids(
                    session, HouseholdFilter(text=text), WANT
                )
                assert (len(first), complete) == (WANT, False), text
                assert not any("MATCH" in s for s in statements), text  # no full search
                reads = sum("FROM search_fts WHERE rowid" in s for s in statements)
                assert WANT <= reads <= 6 * WANT, (text, reads)
        finally:
            raw.set_trace_callback(None)


@pytest.mark.gui
def test_window_shows_the_first_screen_then_the_whole_list(qtbot, big) -> None:
    from vss_desktop.ui.main_window import MainWindow

    store, directory = big
    window = MainWindow(store, Settings(language="en"), directory)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.show()
    window.show_households()
    steps: list[tuple[str, int]] = []
    window.model.modelReset.connect(lambda: steps.append(("reset", window.model.rowCount())))
    window.model.rowsInserted.connect(lambda *_: steps.append(("more", window.model.rowCount())))
    with store.read() as session:
        expected = queries.household_ids(session, HouseholdFilter(text="ng"))
    assert len(expected) > 2 * WANT
    with qtbot.waitSignal(window.list_loaded, timeout=10_000) as loaded:
        window.search_box.setText("ng")
    assert loaded.args == [len(expected)]
    assert steps == [("reset", WANT), ("more", len(expected))]
    assert [window.model.household_id(r) for r in range(window.model.rowCount())] == expected
    assert window.list_view.currentIndex().row() == 0
    assert window.count_label.text().replace(".", "") == f"{len(expected)} households"

    # Typing on: the superseded search never loads its whole list, the last one does.
    counts: list[int] = []
    window.list_loaded.connect(counts.append)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.search_box.blockSignals(True)
        window.search_box.setText("th")
        window.reload_list()
        window.search_box.setText("thi")
        window.reload_list()
        window.search_box.blockSignals(False)
    qtbot.wait(300)
    with store.read() as session:
        assert counts == [len(queries.household_ids(session, HouseholdFilter(text="thi")))]
    QTimer.singleShot(0, window.close)
    qtbot.wait(50)


def test_the_event_forms_people_search_is_bounded_and_finds_the_same_people(
    big: tuple[Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk-in and referrer search (events_referrer.find_people) takes the first
    households in list order instead of every match: the same people as the unbounded
    search, and the whole list is not built for a broad prefix."""
    from vss_desktop.ui import events_referrer

    store, _ = big
    limit = 20
    with store.read() as session:
        expected = {
            text: events_referrer._people_in(
                session,
                query_words(text) or ["(too short)"],
                queries.household_ids(session, HouseholdFilter(text=text)),
                limit,
            )
            for text in ("ng", "th", "09", "nguyen", "lò thị", "giàng a", "xyz")
        }
    whole_lists: list[str] = []
    unbounded = queries.household_ids

    def counted(session: object, flt: HouseholdFilter) -> list[str]:
        whole_lists.append(flt.text)
        return unbounded(session, flt)  # type: ignore[arg-type]

    monkeypatch.setattr(queries, "household_ids", counted)
    with store.read() as session:
        for text, people in expected.items():
            assert events_referrer.find_people(session, text, limit) == people, text
    assert len(expected["ng"]) == limit and not expected["xyz"]
    assert not {"ng", "th", "09", "nguyen"} & set(whole_lists), whole_lists
