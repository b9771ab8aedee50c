"""A device following its pull feed with raw requests (tests/test_sync_concurrency.py,
tests/test_server_workers.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from typing import TypeVar

import requests

T = TypeVar("T")


class FeedWalker:
    """A device following its pull feed with raw requests, ``limit`` changes a page."""

    def __init__(self, url: str, headers: dict[str, str], limit: int) -> None:
        self.url, self.headers, self.limit = url, headers, limit
        self.cursor: str | None = None
        self.seen: set[str] = set()  # visit ids
        self.pages = 0

    def walk(self) -> None:
        """Follow the feed from the saved cursor to its current end."""
        with requests.Session() as http:
            while True:
                params = {"limit": self.limit} | ({"cursor": self.cursor} if self.cursor else {})
                page = http.get(self.url, headers=self.headers, params=params, timeout=30)
                assert page.status_code == 200, page.text
                body, self.pages = page.json(), self.pages + 1
                self.seen.update(c["id"] for c in body["changes"] if c["entity"] == "visit")
                self.cursor = body["cursor"]
                if not body["has_more"]:
                    return


def push_while_walking(
    devices: list[tuple[str, str]],
    walkers: list[FeedWalker],
    push: Callable[[str, str], T],
) -> list[T]:
    """Run ``push(user, device)`` for every device at once while every walker keeps
    following its feed; the pushes' results, in the order of ``devices``."""
    pushed = threading.Event()

    def follow(walker: FeedWalker) -> None:
        while not pushed.is_set():
            walker.walk()

    with ThreadPoolExecutor(len(devices) + len(walkers)) as pool:
        following = [pool.submit(follow, walker) for walker in walkers]
        futures = [pool.submit(push, user, device) for user, device in devices]
        wait(futures)
        pushed.set()
        for future in following:
            future.result()
    return [future.result() for future in futures]
