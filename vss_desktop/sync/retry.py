"""Exponential backoff with full jitter: sleep a random time up to min(cap, base * 2**n).

A server's ``Retry-After`` (a busy database answers 503 with one) is a floor: the wait
is never shorter. One longer than ``longest_wait`` is not sat through inside a sync: the
call gives up at once and the engine schedules the next sync no earlier (engine.py).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from vss_desktop.sync.transport import Transient

T = TypeVar("T")


@dataclass
class Backoff:
    base: float = 0.5
    cap: float = 30.0
    attempts: int = 6  # tries per call before the sync gives up for now
    longest_wait: float = 120.0  # the longest Retry-After waited for within one sync
    rng: random.Random = field(default_factory=random.Random)
    sleep: Callable[[float], None] = time.sleep

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        jittered = self.rng.uniform(0, min(self.cap, self.base * 2**attempt))
        return max(jittered, retry_after or 0.0)

    def retries(self, exc: Transient, attempt: int) -> bool:
        """Whether to try again after the ``attempt``-th failure (0-based) raised ``exc``."""
        return attempt < self.attempts - 1 and (exc.retry_after or 0.0) <= self.longest_wait

    def run(
        self, call: Callable[[], T], on_retry: Callable[[Transient, int], None] | None = None
    ) -> T:
        """Call until it succeeds or raises something not transient; re-raise the last failure."""
        for attempt in range(self.attempts):
            try:
                return call()
            except Transient as exc:
                if not self.retries(exc, attempt):
                    raise
                if on_retry is not None:
                    on_retry(exc, attempt)
                self.sleep(self.delay(attempt, exc.retry_after))
        raise AssertionError("unreachable")
