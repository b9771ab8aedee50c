"""A fault-injecting TCP proxy for sync tests (asyncio, in a background thread).

On the way in it reads HTTP/1.1 framing (the head, then Content-Length bytes), so
a fault can hit one exchange of a kept-alive connection; on the way back it pumps
bytes. Faults cut connections, stall or withhold bytes: never drop bytes inside
the stream (that corrupts TCP rather than imitating loss). Both directions go
through a delay line that keeps order and a token bucket. Random choices come from
one ``random.Random(seed)``, so a failing run replays with its seed.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

Writer = asyncio.StreamWriter


class Kind(StrEnum):
    NONE = "none"
    CUT_REQUEST = "cut_request"  # forward `at` bytes of the request (< 0: all but -at), close
    CUT_BEFORE_RESPONSE = "cut_before_response"  # server answers; the client hears nothing
    CUT_RESPONSE = "cut_response"  # forward `at` bytes of the response (< 0: all but -at)
    STALL = "stall"  # hold the response for `seconds` after `at` bytes, then go on
    BLACKHOLE = "blackhole"  # take the request, never forward it, never answer
    HTTP_500 = "http_500"  # answer 500 without forwarding


@dataclass(frozen=True)
class Fault:
    kind: Kind = Kind.NONE
    at: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class Exchange:
    conn: int  # connection number, from 1
    number: int  # request number on that connection, from 1
    method: str
    path: str  # without the query string
    size: int  # bytes of the request, head and body


Policy = Callable[[Exchange], Fault]
NO_FAULT = Fault()
FAULT_500 = (
    b"HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\n"
    b"content-length: 52\r\nconnection: close\r\n\r\n"
    b'{"error":{"code":"proxy_fault","message":"injected"}}'
)


def no_faults(_exchange: Exchange) -> Fault:
    return NO_FAULT


class Planned:
    """The given faults, in order, for the next requests that ``match``; then none."""

    def __init__(self, *faults: Fault, match: Callable[[Exchange], bool] = bool) -> None:
        self.faults, self.match = deque(faults), match

    def __call__(self, exchange: Exchange) -> Fault:
        return self.faults.popleft() if self.faults and self.match(exchange) else NO_FAULT


class RandomFaults:
    """Each request gets a fault with probability ``rate``, of a kind drawn from ``kinds``."""

    def __init__(
        self, seed: int, rate: float = 0.3, kinds: Iterable[Kind] = (), max_stall: float = 1.0
    ) -> None:
        self.rng = random.Random(seed)
        self.rate, self.max_stall = rate, max_stall
        self.kinds = list(kinds) or [k for k in Kind if k is not Kind.NONE]

    def __call__(self, exchange: Exchange) -> Fault:
        if self.rng.random() >= self.rate:
            return NO_FAULT
        kind = self.rng.choice(self.kinds)
        at = self.rng.randrange(1, max(2, exchange.size if kind is Kind.CUT_REQUEST else 600))
        return Fault(kind, at, round(self.rng.uniform(0.05, self.max_stall), 2))


class _Link:
    """One direction of a connection: a delay line that keeps order, then a token bucket
    (``rate`` bytes/s, 1 KiB burst). Bytes for a peer that went away are discarded."""

    def __init__(self, writer: Writer, proxy: FaultProxy) -> None:
        self.writer, self.proxy, self.loop = writer, proxy, asyncio.get_running_loop()
        self.queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        self.tokens, self.stamp = 0.0, self.loop.time()
        self.task = asyncio.create_task(self._run())

    def send(self, data: bytes) -> None:
        if data:
            self.queue.put_nowait((self.loop.time() + self.proxy.latency, data))

    async def flush(self) -> None:
        await self.queue.join()

    async def _run(self) -> None:
        rate, broken = self.proxy.rate, False
        while True:
            due, data = await self.queue.get()
            try:
                await asyncio.sleep(0 if broken else max(0.0, due - self.loop.time()))
                for start in range(0, 0 if broken else len(data), 1024 if rate else len(data)):
                    piece = data[start : start + 1024] if rate else data
                    if rate:
                        now = self.loop.time()
                        self.tokens = min(1024.0, self.tokens + (now - self.stamp) * rate)
                        self.tokens, self.stamp = self.tokens - len(piece), now
                        await asyncio.sleep(max(0.0, -self.tokens / rate))
                    self.writer.write(piece)
                    self.proxy.transferred += len(piece)
                    await self.writer.drain()
            except OSError:
                broken = True
            finally:
                self.queue.task_done()


class _Connection:
    def __init__(
        self, proxy: FaultProxy, number: int, reader: asyncio.StreamReader, writer: Writer
    ):
        self.proxy, self.number = proxy, number
        self.client_reader, self.client_writer = reader, writer
        self.to_client = _Link(writer, proxy)
        self.server_writer: Writer | None = None
        self.to_server: _Link | None = None
        self.pump: asyncio.Task[None] | None = None
        self.fault, self.answered = NO_FAULT, 0  # the current exchange's fault; bytes sent back
        self.ended = asyncio.Event()  # the request loop ended, or the response pump did

    async def run(self) -> None:
        requests = asyncio.create_task(self._requests())
        requests.add_done_callback(lambda _task: self.ended.set())
        try:
            await self.ended.wait()
        finally:
            to_server = self.to_server.task if self.to_server else None
            for task in (requests, self.pump, self.to_client.task, to_server):
                if task is not None:
                    task.cancel()
                    await asyncio.gather(task, return_exceptions=True)
            for writer in (self.client_writer, self.server_writer):
                if writer is not None:
                    writer.close()
                    with contextlib.suppress(OSError):
                        await writer.wait_closed()

    async def _requests(self) -> None:
        with contextlib.suppress(OSError, EOFError, asyncio.LimitOverrunError, ValueError):
            await self._exchanges()  # else the client left, or sent what this cannot frame

    async def _exchanges(self) -> None:
        for number in range(1, 1_000_000):
            head = await self.client_reader.readuntil(b"\r\n\r\n")
            request = head + await self.client_reader.readexactly(_content_length(head))
            method, target = head.decode("latin-1").split(" ", 2)[:2]
            exchange = Exchange(self.number, number, method, target.split("?")[0], len(request))
            self.proxy.exchanges += 1
            fault = self.proxy.policy(exchange)
            if fault.kind is not Kind.NONE:
                self.proxy.events.append(f"{fault.kind} {method} {exchange.path}")
            if fault.kind is Kind.BLACKHOLE:
                while await self.client_reader.read(65536):
                    pass
                return
            if fault.kind is Kind.HTTP_500:
                self.to_client.send(FAULT_500)
                await self.to_client.flush()
                return
            if self.to_server is None:
                reader, self.server_writer = await asyncio.open_connection(*self.proxy.upstream)
                self.to_server = _Link(self.server_writer, self.proxy)
                self.pump = asyncio.create_task(self._responses(reader))
            if fault.kind is Kind.CUT_REQUEST:
                cut = fault.at if fault.at > 0 else len(request) + fault.at
                self.to_server.send(request[: max(0, min(cut, len(request) - 1))])
                await self.to_server.flush()
                return
            self.fault, self.answered = fault, 0  # set before the server can answer
            self.to_server.send(request)

    async def _responses(self, reader: asyncio.StreamReader) -> None:
        """Server to client, applying the current exchange's response fault."""
        with contextlib.suppress(OSError):
            while data := await reader.read(65536):
                fault = self.fault
                if fault.kind is Kind.CUT_BEFORE_RESPONSE:
                    self.proxy.events.append("cut: the response never left the proxy")
                    break
                if fault.kind is Kind.CUT_RESPONSE and fault.at < 0 and self.answered == 0:
                    # All but the last -at bytes: in the body, however long the head.
                    head, _, _ = data.partition(b"\r\n\r\n")
                    total = len(head) + 4 + _content_length(head)
                    fault = self.fault = Fault(Kind.CUT_RESPONSE, at=max(0, total + fault.at))
                if fault.kind is Kind.CUT_RESPONSE and self.answered + len(data) > fault.at:
                    self.to_client.send(data[: fault.at - self.answered])
                    await self.to_client.flush()
                    self.proxy.events.append(f"cut: response after {fault.at} bytes")
                    break
                if fault.kind is Kind.STALL and self.answered + len(data) > fault.at:
                    split = max(0, fault.at - self.answered)
                    self.to_client.send(data[:split])
                    await self.to_client.flush()
                    await asyncio.sleep(fault.seconds)
                    self.fault, self.answered, data = NO_FAULT, self.answered + split, data[split:]
                self.answered += len(data)
                self.to_client.send(data)
            await self.to_client.flush()
        self.ended.set()


def _content_length(head: bytes) -> int:
    """The body's length; ValueError for chunked bodies (requests never sends them)."""
    headers = dict(line.lower().partition(b":")[::2] for line in head.split(b"\r\n")[1:])
    if b"transfer-encoding" in headers:
        raise ValueError("chunked requests are not framed by this proxy")
    return int(headers.get(b"content-length", b"0").strip() or 0)


class FaultProxy:
    """``with FaultProxy(server_port, policy=...) as proxy:`` then talk to ``proxy.url``.

    ``policy`` is asked once per request and may be swapped at any time; it sees the
    request's connection number, so a fault can target one connection. ``latency``
    (seconds) and ``rate`` (bytes/s, 0: unlimited) apply to each direction.
    """

    def __init__(
        self,
        upstream_port: int,
        policy: Policy = no_faults,
        latency: float = 0.0,
        rate: float = 0.0,
    ) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.policy, self.latency, self.rate = policy, latency, rate
        self.port = self.connections = self.exchanges = self.transferred = 0
        self.events: list[str] = []  # the faults that bit, in order
        self._tasks: set[asyncio.Task[None]] = set()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultProxy:
        ready = threading.Event()
        self._thread = threading.Thread(target=asyncio.run, args=(self._serve(ready),))
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fault proxy did not start")
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._loop and self._stopping and self._thread:
            self._loop.call_soon_threadsafe(self._stopping.set)
            self._thread.join(10)

    async def _serve(self, ready: threading.Event) -> None:
        self._loop, self._stopping = asyncio.get_running_loop(), asyncio.Event()
        async with await asyncio.start_server(self._accept, "127.0.0.1", 0) as server:
            self.port = server.sockets[0].getsockname()[1]
            ready.set()
            await self._stopping.wait()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: Writer) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.connections += 1
        try:
            await _Connection(self, self.connections, reader, writer).run()
        except asyncio.CancelledError:
            pass  # at stop: ending quietly keeps asyncio's connection callback from logging
        finally:
            self._tasks.discard(task)
