"""The login limiter (issue 11, B): a province office behind one address logs in; guessing
at an account from elsewhere does not lock its owner's laptop out; counts decay and are
shared by every server process. Against the real server on loopback (the office's
addresses come through X-Forwarded-For from the trusted proxy 127.0.0.1) and against the
limiter on a real database, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from helpers.server_harness import POSTGRES_ENV, ServerProcess, postgres_database
from helpers.sync_helpers import PASSWORD, seed_server
from vss_server.config import ServerConfig
from vss_server.db import create_server_engine
from vss_server.migrate import upgrade
from vss_server.ratelimit import Attempt, LoginLimiter

pytestmark = pytest.mark.slow

LOGIN = "/api/v1/auth/login"
OFFICE = "198.51.100.7"  # the province office's one public address


def login(
    server: ServerProcess,
    username: str,
    password: str,
    *,
    address: str = OFFICE,
    device: str | None = None,
) -> requests.Response:
    return requests.post(
        server.url + LOGIN,
        json={
            "username": username,
            "password": password,
            "device_id": device or f"device-{uuid.uuid4()}",
        },
        headers={"X-Forwarded-For": address},
        timeout=60,
    )


# --- against the real server ------------------------------------------------------------


def long_delays(server: ServerProcess, monkeypatch: pytest.MonkeyPatch) -> None:
    """Restart the server with a first lock of a minute, so a lock cannot run out while
    a test on a loaded machine looks at it."""
    monkeypatch.setenv("VSS_SERVER_LOGIN_BASE_DELAY_S", "60")
    server.stop()
    server.start()


def test_eight_simultaneous_logins_of_one_collector_all_succeed(
    server: ServerProcess, tmp_path: Path
) -> None:
    seed_server(server, tmp_path, households=2)
    devices = [f"laptop-thu-{n:04d}" for n in range(8)]
    with ThreadPoolExecutor(len(devices)) as pool:
        answers = list(pool.map(lambda d: login(server, "thu.lt", PASSWORD, device=d), devices))
    assert [a.status_code for a in answers] == [200] * 8


def test_office_typos_do_not_block_a_colleagues_correct_login(
    server: ServerProcess, tmp_path: Path
) -> None:
    seed_server(server, tmp_path, households=2)
    # A morning at the office: 60 wrong passwords from 15 collectors, 4 each.
    typists = ["thu.lt", *(f"nhanvien{n:02d}" for n in range(14))]
    typos = [(user, f"sai-{n}") for user in typists for n in range(4)]
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda t: login(server, *t), typos))
    assert Counter(a.status_code for a in answers) == Counter({401: 60})
    # A colleague on a laptop the server has never seen logs in at once, and so do the
    # typists once they type it right.
    assert login(server, "nam.vh", PASSWORD).status_code == 200
    assert login(server, "giamsat", PASSWORD).status_code == 200
    assert login(server, "thu.lt", PASSWORD).status_code == 200


def test_guessing_a_username_elsewhere_does_not_lock_out_its_owners_laptop(
    server: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_server(server, tmp_path, households=2)
    long_delays(server, monkeypatch)
    laptop, home = "nam-vh-laptop-01", "192.0.2.10"
    assert login(server, "nam.vh", PASSWORD, address=home, device=laptop).status_code == 200
    guesses = [
        login(server, "nam.vh", f"đoán-{i}", address=f"203.0.113.{i + 1}").status_code
        for i in range(42)
    ]
    assert guesses == [401] * 20 + [429] * 22  # the account's own limit holds
    # Its owner's laptop, known to the server, still gets in, from home or from the office;
    assert login(server, "nam.vh", PASSWORD, address=home, device=laptop).status_code == 200
    assert login(server, "nam.vh", PASSWORD, address=OFFICE, device=laptop).status_code == 200
    # a device the account never used is refused while the guessing goes on.
    stranger = login(server, "nam.vh", PASSWORD, address="192.0.2.99")
    assert stranger.status_code == 429 and int(stranger.headers["Retry-After"]) > 30


def test_a_burst_of_parallel_guesses_overshoots_by_at_most_the_concurrent_checks(
    server: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_server(server, tmp_path, households=2)
    long_delays(server, monkeypatch)
    config = ServerConfig()
    with ThreadPoolExecutor(16) as pool:
        answers = list(
            pool.map(
                lambda i: login(server, "thu.lt", f"đoán-{i}", device="burst-device-01"),
                range(16),
            )
        )
    checked = sum(a.status_code == 401 for a in answers)
    assert checked <= config.login_free_attempts + config.password_checks_at_once - 1
    assert checked + sum(a.status_code == 429 for a in answers) == 16


def test_two_server_processes_share_the_counts(
    server: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_server(server, tmp_path, households=2)
    long_delays(server, monkeypatch)
    other = ServerProcess(server.data_dir, database_url=server.database_url).start()
    try:
        for i in range(5):
            assert login(server, "thu.lt", f"đoán-{i}", address="10.9.9.9").status_code == 401
        refused = login(other, "thu.lt", f"đoán-{5}", address="10.9.9.9")
        assert refused.status_code == 429, refused.text
        assert refused.json()["error"]["code"] == "too_many_attempts"
    finally:
        other.stop()


# --- the limiter itself, on a real database, with a clock the test moves ----------------


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgres":
        if not os.environ.get(POSTGRES_ENV):
            pytest.skip(f"{POSTGRES_ENV} not set")
        with postgres_database() as url:
            yield url.replace("postgresql://", "postgresql+psycopg://")
    else:
        yield f"sqlite:///{tmp_path / 'limiter.sqlite3'}"


@pytest.fixture
def engines(database_url: str) -> Iterator[list[sa.Engine]]:
    """Two engines on one database: two server processes."""
    made = [create_server_engine(database_url) for _ in range(2)]
    upgrade(made[0])
    yield made
    for engine in made:
        engine.dispose()


class Clock:
    def __init__(self) -> None:
        self.now = 1_780_000_000.0

    def __call__(self) -> float:
        return self.now


def limiter(engine: sa.Engine, clock: Clock, **options: float) -> LoginLimiter:
    settings: dict[str, float] = {
        "free_attempts": 3,
        "free_per_user": 6,
        "free_per_address": 10,
        "base_delay_s": 1.0,
        "max_delay_s": 8.0,
        "forget_after_s": 600.0,
    }
    return LoginLimiter(engine, clock=clock, **(settings | options))  # type: ignore[arg-type]


def wait_out(lim: LoginLimiter, who: Attempt, clock: Clock) -> int:
    wait = lim.wait(who)
    clock.now += wait
    return wait


def test_delays_double_after_the_free_failures_up_to_the_cap(engines: list[sa.Engine]) -> None:
    clock = Clock()
    lim = limiter(engines[0], clock)
    who = Attempt("thu.lt", "10.0.0.1")
    waits = []
    for _ in range(8):
        waits.append(wait_out(lim, who, clock))
        lim.failed(who)
    waits.append(wait_out(lim, who, clock))
    assert waits == [0, 0, 0, 1, 2, 4, 8, 8, 8]
    # A success clears the username+address count, not the username's or the address's:
    # an attacker holding one account must not wipe the count of its guesses at others.
    before = lim.counts(who)
    lim.succeeded(who)
    assert lim.counts(who) == before | {"pair": 0}


def test_counts_decay_even_while_someone_keeps_failing(engines: list[sa.Engine]) -> None:
    clock = Clock()
    lim = limiter(engines[0], clock)  # 3 free per 600 s: one forgotten every 200 s
    who = Attempt("thu.lt", "10.0.0.1")
    for _ in range(50):  # one typo every 200 s is never locked out
        assert lim.wait(who) == 0
        lim.failed(who)
        clock.now += 200
    for _ in range(3):
        lim.failed(who)
    assert lim.wait(who) == 1
    clock.now += 8 + 600  # a quiet stretch: everything is forgotten
    assert lim.counts(who) == {"pair": 0, "user": 0, "addr": 0}
    lim.failed(who)
    assert lim.wait(who) == 0


def test_a_known_device_is_exempt_from_the_username_and_address_locks(
    engines: list[sa.Engine],
) -> None:
    clock = Clock()
    lim = limiter(engines[0], clock)
    for i in range(12):  # the account guessed at from many addresses, and the office busy
        lim.failed(Attempt("nam.vh", f"203.0.113.{i}"))
        lim.failed(Attempt(f"other-{i}", "10.0.0.9"))
    assert lim.wait(Attempt("nam.vh", "192.0.2.1")) > 0  # a new device: the account's lock
    assert lim.wait(Attempt("someone", "10.0.0.9")) > 0  # a new device: the address's lock
    assert lim.wait(Attempt("nam.vh", "192.0.2.1", known_device="laptop-1")) == 0
    assert lim.wait(Attempt("nam.vh", "10.0.0.9", known_device="laptop-1")) == 0
    # The device's own count still limits guesses made with its id.
    laptop = Attempt("nam.vh", "192.0.2.50", known_device="laptop-1")
    for i in range(6):
        lim.failed(Attempt("nam.vh", f"192.0.2.{60 + i}", known_device="laptop-1"))
    assert lim.wait(laptop) > 0


def test_two_limiters_on_one_database_share_counts_and_lose_none(
    engines: list[sa.Engine],
) -> None:
    clock = Clock()
    first, second = (limiter(e, clock, free_per_address=1000) for e in engines)
    who = Attempt("thu.lt", "10.0.0.1")
    first.failed(who)
    first.failed(who)
    second.failed(who)
    assert second.wait(who) == 1 and first.wait(who) == 1
    # Concurrent failures from two "processes" are all counted (atomic upserts).
    start = threading.Barrier(8)

    def guess(n: int) -> None:
        lim = (first, second)[n % 2]
        start.wait(10)
        for i in range(10):
            lim.failed(Attempt(f"user-{n}-{i}", "10.0.0.2"))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert first.counts(Attempt("x", "10.0.0.2"))["addr"] == 80


def test_drained_rows_are_pruned_and_no_name_or_address_is_stored(
    engines: list[sa.Engine],
) -> None:
    clock = Clock()
    lim = limiter(engines[0], clock)
    for i in range(50):
        lim.failed(Attempt(f"random-{i}", f"10.1.{i}.1"))
    with engines[0].connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM login_failure")).mappings().all()
    assert len(rows) == 150
    stored = " ".join(str(v) for row in rows for v in row.values())
    assert "random-" not in stored and "10.1." not in stored
    clock.now += 601
    assert lim.prune() == 150
    with engines[0].connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM login_failure")).scalar_one() == 0
