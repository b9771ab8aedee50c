"""Slow down password guessing: a growing delay after repeated failed logins.

Failures are counted under three keys: username+address (tight), username alone
(guessing one account from many addresses) and address alone (trying many
accounts from one place). Under each key the first ``free`` failures go through;
every further failure locks that key for base, 2·base, 4·base ... up to a cap.
An attempt while a key is locked is refused (429 with Retry-After) without the
password being checked, so a locked attacker learns nothing, not even from a
correct guess. Each attempt counts as a failure until it proves otherwise, so a
burst of parallel guesses cannot slip past the limit.

State lives in the server process (one process serves the API): a restart
forgets it. The table is bounded, so random usernames cannot fill the memory.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Entry:
    failures: int = 0
    last_failure: float = 0.0
    locked_until: float = 0.0


class LoginLimiter:
    def __init__(
        self,
        free_attempts: int = 5,
        free_per_user: int = 20,
        free_per_address: int = 50,
        base_delay_s: float = 1.0,
        max_delay_s: float = 900.0,
        forget_after_s: float = 3600.0,
        max_entries: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free = {"pair": free_attempts, "user": free_per_user, "addr": free_per_address}
        self.base_delay_s, self.max_delay_s = base_delay_s, max_delay_s
        self.forget_after_s, self.max_entries = forget_after_s, max_entries
        self.clock = clock
        self._entries: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _keys(username: str, address: str) -> list[tuple[str, str]]:
        user = username.strip().casefold()
        return [("pair", f"{user}\n{address}"), ("user", user), ("addr", address)]

    def _entry(self, key: tuple[str, str], now: float) -> _Entry:
        entry = self._entries.get(key)
        if entry is not None and now - entry.last_failure > self.forget_after_s:
            entry = None
        if entry is None:
            entry = self._entries[key] = _Entry()
        self._entries.move_to_end(key)
        return entry

    def delay_after(self, failures: int, free: int) -> float:
        """How long a key stays locked after its ``failures``-th failure."""
        if failures < free:
            return 0.0
        return min(self.max_delay_s, self.base_delay_s * 2 ** min(failures - free, 60))

    def attempt(self, username: str, address: str) -> int:
        """0: go ahead (counted as a failure until ``succeeded``); else seconds to wait."""
        now = self.clock()
        keys = self._keys(username, address)
        with self._lock:
            wait = max(
                (e.locked_until - now for k in keys if (e := self._entries.get(k)) is not None),
                default=0.0,
            )
            if wait > 0:
                return max(1, math.ceil(wait))
            for key in keys:
                entry = self._entry(key, now)
                entry.failures += 1
                entry.last_failure = now
                delay = self.delay_after(entry.failures, self.free[key[0]])
                entry.locked_until = now + delay if delay else 0.0
            self._prune(now)
        return 0

    def succeeded(self, username: str, address: str) -> None:
        """The password was right: forget this account's failures.

        The address's count stays: an attacker holding one valid account must not be
        able to wipe the count of its guesses at others by logging in between them.
        """
        pair, user, addr = self._keys(username, address)
        with self._lock:
            self._entries.pop(pair, None)
            self._entries.pop(user, None)
            entry = self._entries.get(addr)
            if entry is not None and entry.failures > 0:
                entry.failures -= 1  # this attempt was not a failure after all
                if entry.failures < self.free["addr"]:
                    entry.locked_until = 0.0

    def _prune(self, now: float) -> None:
        """Drop the oldest entries that are not locked once the table is full."""
        if len(self._entries) <= self.max_entries:
            return
        for key in list(self._entries):
            if len(self._entries) <= self.max_entries * 0.9:
                break
            if self._entries[key].locked_until <= now:
                del self._entries[key]
        while len(self._entries) > self.max_entries:  # all locked: the oldest goes
            self._entries.popitem(last=False)
