"""The console tables' follower (vss_server/kept_tables.py): a refresh soon after a push,
then at most one per interval while pushes keep coming, and always one after the last."""

from __future__ import annotations

import time

import sqlalchemy as sa

from vss_server.kept_tables import Follower


def test_pushes_in_a_stream_gather_into_few_refreshes_and_the_last_is_covered() -> None:
    runs: list[float] = []

    def keep(_engine: sa.Engine) -> None:
        runs.append(time.monotonic())
        time.sleep(0.02)

    follower = Follower(sa.create_engine("sqlite://"), [keep], interval_s=0.3)
    started = time.monotonic()
    last_kick = started
    while last_kick - started < 1.0:  # a push every 10 ms for a second
        follower.kick()
        last_kick = time.monotonic()
        time.sleep(0.01)
    deadline = last_kick + 5
    while not follower.idle() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert follower.idle()
    assert runs[0] - started < 0.25  # the first push is followed at once
    assert 2 <= len(runs) <= 6, len(runs)  # ~100 pushes, about one refresh per 0.3 s
    gaps = [b - a for a, b in zip(runs, runs[1:], strict=False)]
    assert min(gaps) >= 0.29, gaps
    assert runs[-1] >= last_kick - 0.05  # the last push is covered by a refresh after it
