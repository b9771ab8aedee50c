"""Slow down password guessing: a growing lock after repeated failed logins.

Failures are counted under these keys:

- ``pair``: username + client address (tight: one person guessing one account);
- ``user``: the username (guessing one account from many addresses);
- ``device``: username + device id, for a device that holds or held a token of the
  account: such a device is checked under this key *instead of* ``user``, so guesses at
  an account from elsewhere never lock its owner's own laptop out;
- ``addr``: the client address (trying many accounts from one place). A known device is
  not checked under it either: a province office behind one address keeps logging in
  whatever its colleagues mistype.

Under each key the first ``free`` failures go through; each further failure locks the
key for base, 2·base, 4·base ... up to a cap. An attempt under a locked key is refused
(429 with Retry-After) without the password being checked, so a locked guesser learns
nothing, not even from a correct guess. Only a wrong password counts: the login route
checks the limit again when its password check starts, so a burst of parallel guesses
overshoots by at most the checks that run at once. A success clears the ``pair`` and
``device`` counts, never ``user`` or ``addr`` (an attacker holding one account must not
wipe the count of its guesses at others).

Counts leak away with time (a leaky bucket, kept as the time the count reaches zero):
each key forgets its ``free`` failures per ``forget_after_s``, one at a time, whether or
not anyone keeps trying. Someone mistyping now and then is never locked out.

The counts live in the server database (``login_failure``) so every server process
shares them, with one atomic upsert per key (INSERT ... ON CONFLICT DO UPDATE ...
RETURNING, on SQLite and PostgreSQL), so concurrent workers lose no count. The keys
are hashed: no username or address is stored. The maintained ``limits`` library was
considered; it stores its counters in memory, Redis, Memcached, MongoDB or etcd, not
in an SQL database, and has no lock that grows per failure or a count that a success
clears, so this small module does it on the database the server already has.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from vss_core.tables import table_of
from vss_server.db import write_session
from vss_server.models import DeviceToken, LoginFailure

TABLE = table_of(LoginFailure)
EPSILON = 1e-6  # float noise in a count (seconds / leak): 2.9999999 failures are 3
PRUNE_EVERY_S = 600.0


@dataclass(frozen=True)
class Attempt:
    """One login attempt: who, from where, and the device if it is known for the account."""

    username: str
    address: str
    known_device: str | None = None  # a device id holding or having held a token of it


@dataclass(frozen=True)
class _Key:
    kind: str
    digest: str
    checked: bool  # whether a lock under it refuses this attempt


def known_device(session: Session, user_id: int | None, device_id: str) -> bool:
    """Whether ``device_id`` ever held a token of the account (revoked or expired too:
    its count stays its own, so a stolen laptop is limited there)."""
    if user_id is None:
        return False
    stmt = select(DeviceToken.id).where(
        DeviceToken.user_id == user_id, DeviceToken.device_id == device_id
    )
    return session.exec(stmt.limit(1)).first() is not None


def _digest(kind: str, *parts: str) -> str:
    return hashlib.sha256("\n".join((kind, *parts)).encode("utf-8", "replace")).hexdigest()


class LoginLimiter:
    def __init__(
        self,
        engine: sa.Engine,
        *,
        free_attempts: int = 5,
        free_per_user: int = 20,
        free_per_address: int = 100,
        base_delay_s: float = 1.0,
        max_delay_s: float = 900.0,
        forget_after_s: float = 3600.0,
        clock: Callable[[], float] = time.time,  # wall time: shared by several processes
    ) -> None:
        self.engine = engine
        self.free = {
            "pair": free_attempts,
            "user": free_per_user,
            "device": free_per_user,
            "addr": free_per_address,
        }
        self.base_delay_s, self.max_delay_s = base_delay_s, max_delay_s
        self.forget_after_s = forget_after_s
        self.clock = clock
        self._next_prune = 0.0

    # --- the keys and their numbers -------------------------------------------------------

    def _keys(self, attempt: Attempt) -> list[_Key]:
        user = attempt.username.strip().casefold()
        device = attempt.known_device
        keys = [
            _Key("pair", _digest("pair", user, attempt.address), True),
            _Key("user", _digest("user", user), device is None),
            _Key("addr", _digest("addr", attempt.address), device is None),
        ]
        if device is not None:
            keys.append(_Key("device", _digest("device", user, device), True))
        return keys

    def _leak_s(self, kind: str) -> float:
        """Seconds until one failure under a key of this kind is forgotten."""
        return self.forget_after_s / max(1, self.free[kind])

    def _most(self, kind: str) -> int:
        """The count never grows past where the lock reaches its cap."""
        steps = math.ceil(math.log2(max(2.0, self.max_delay_s / self.base_delay_s)))
        return self.free[kind] + steps + 1

    def _count(self, kind: str, drained_at: float, now: float) -> int:
        return max(0, math.ceil((drained_at - now) / self._leak_s(kind) - EPSILON))

    def delay_after(self, failures: int, free: int) -> float:
        """How long a key stays locked after its ``failures``-th failure."""
        if failures < free:
            return 0.0
        return min(self.max_delay_s, self.base_delay_s * 2 ** min(failures - free, 60))

    # --- the limiter's three calls ------------------------------------------------------

    def wait(self, attempt: Attempt) -> int:
        """0: go ahead; else the seconds until no key checked for this attempt is locked."""
        now = self.clock()
        checked = [k.digest for k in self._keys(attempt) if k.checked]
        stmt = sa.select(sa.func.max(TABLE.c.locked_until)).where(TABLE.c.key.in_(checked))
        with self.engine.connect() as conn:
            locked_until = conn.execute(stmt).scalar()
        if locked_until is None or locked_until <= now:
            return 0
        return max(1, math.ceil(locked_until - now))

    def failed(self, attempt: Attempt) -> None:
        """The password was wrong (or the account unknown or disabled): count it."""
        now = self.clock()
        with write_session(self.engine, feed=False) as session:
            conn = session.connection()
            for key in self._keys(attempt):
                self._count_failure(conn, key, now)
        if now >= self._next_prune:
            self._next_prune = now + PRUNE_EVERY_S
            self.prune()

    def succeeded(self, attempt: Attempt) -> None:
        """The password was right: clear the username+address and this device's counts."""
        cleared = [k.digest for k in self._keys(attempt) if k.kind in ("pair", "device")]
        with write_session(self.engine, feed=False) as session:
            session.execute(TABLE.delete().where(TABLE.c.key.in_(cleared)))

    # --- storage ----------------------------------------------------------------------------

    def _count_failure(self, conn: sa.Connection, key: _Key, now: float) -> None:
        """One atomic upsert adds the failure to the leaked-down count; then the lock."""
        leak = self._leak_s(key.kind)
        start = sa.case((TABLE.c.drained_at > now, TABLE.c.drained_at), else_=now)
        ceiling = now + self._most(key.kind) * leak
        grown = sa.case((start + leak > ceiling, ceiling), else_=start + leak)
        insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        stmt = (
            insert(TABLE)
            .values(key=key.digest, kind=key.kind, drained_at=now + leak, locked_until=0.0)
            .on_conflict_do_update(index_elements=[TABLE.c.key], set_={"drained_at": grown})
            .returning(TABLE.c.drained_at, TABLE.c.locked_until)
        )
        drained_at, locked_until = conn.execute(stmt).one()
        delay = self.delay_after(self._count(key.kind, drained_at, now), self.free[key.kind])
        if delay and now + delay > locked_until:
            # The upsert holds the row's lock until commit: no other worker interleaves.
            conn.execute(
                TABLE.update().where(TABLE.c.key == key.digest).values(locked_until=now + delay)
            )

    def counts(self, attempt: Attempt) -> dict[str, int]:
        """The current count under each key of this attempt (for tests and operators)."""
        now = self.clock()
        keys = self._keys(attempt)
        stmt = sa.select(TABLE.c.key, TABLE.c.drained_at).where(
            TABLE.c.key.in_([k.digest for k in keys])
        )
        with self.engine.connect() as conn:
            drained = {key: at for key, at in conn.execute(stmt)}
        return {k.kind: self._count(k.kind, drained.get(k.digest, now), now) for k in keys}

    def prune(self) -> int:
        """Drop the keys whose count has leaked away and whose lock has ended."""
        now = self.clock()
        with write_session(self.engine, feed=False) as session:
            done = session.exec(
                TABLE.delete().where(TABLE.c.drained_at <= now, TABLE.c.locked_until <= now)
            )
        return int(done.rowcount or 0)
