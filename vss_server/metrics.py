"""GET /metrics in Prometheus' text format (prometheus-client), and what feeds it.

Labels hold route templates (``/api/v1/sync/push``, ``/console/households/{household_id}``),
methods, status classes (``2xx``) and op statuses: never a username, device id, record id
or address, so the page holds counts only. It still shows the province's activity hour by
hour, so only the addresses in ``metrics_allow`` may read it (loopback by default); anyone
else gets the same 404 as an unknown page.

Several workers (``serve --workers N``) count in files under $PROMETHEUS_MULTIPROC_DIR,
which the serve command sets up (vss_server.cli); whichever worker answers /metrics adds
them all up. One process counts in memory.
"""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import event
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vss_server.config import metrics_networks

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter(
    "vss_http_requests_total",
    "HTTP requests answered, by route template, method and status class",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "vss_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by route template",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
FAILURES = Counter(
    "vss_http_failures_total",
    "Answers with a 5xx status (an unexpected error, a busy database), by route template",
    ["route"],
)
PUSHES = Counter(
    "vss_sync_pushes_total",
    "Push batches: accepted (answered op by op) or refused whole (device reset, wrong order)",
    ["outcome"],
)
OPS = Counter(
    "vss_sync_ops_total",
    "Pushed ops by answer: applied, duplicate, conflict, rejected",
    ["status"],
)
DB_CONNECTIONS = Gauge(
    "vss_db_connections_in_use",
    "Database connections checked out of the pools (all live workers together)",
    multiprocess_mode="livesum",
)

UNMATCHED = "unmatched"  # a path no route serves: scanners must not grow the label set
CLIENT_CLOSED = 499  # nginx's code for a request its client left before the answer


def count_push(statuses: Iterable[str] | None) -> None:
    """One push batch: its ops' answers, or None when the batch was refused whole."""
    if statuses is None:
        PUSHES.labels("refused").inc()
        return
    PUSHES.labels("accepted").inc()
    tally: dict[str, int] = {}
    for status in statuses:
        tally[status] = tally.get(status, 0) + 1
    for status, n in tally.items():
        OPS.labels(status).inc(n)


def watch_pool(engine: sa.Engine) -> None:
    """Keep DB_CONNECTIONS in step with ``engine``'s pool."""

    @event.listens_for(engine, "checkout")
    def _out(*_args: Any) -> None:
        DB_CONNECTIONS.inc()

    @event.listens_for(engine, "checkin")
    def _in(*_args: Any) -> None:
        DB_CONNECTIONS.dec()


def process_ended() -> None:
    """A worker stops: its live gauge leaves the sum (its counters stay counted)."""
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(os.getpid())


def _route_label(scope: Scope) -> str:
    # FastAPI keeps an included router's route with its own path ("/health") and puts the
    # full template in its routing context; earlier versions copied the route whole.
    found = scope.get("fastapi")
    context = found.get("effective_route_context") if isinstance(found, dict) else None
    for path in (getattr(context, "path", None), getattr(scope.get("route"), "path", None)):
        if isinstance(path, str):
            return path
    root = scope.get("root_path", "")
    if isinstance(root, str) and root:  # a mount (the console's static files)
        return root + "/{path}"
    return UNMATCHED


class MetricsMiddleware:
    """Counts every HTTP request once it is answered (or has failed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # an exception that escapes becomes a 500 further out
        answered = False

        async def sending(message: Message) -> None:
            nonlocal status, answered
            if message["type"] == "http.response.start":
                status, answered = int(message["status"]), True
            await send(message)

        try:
            await self.app(scope, receive, sending)
            if not answered:  # the client hung up mid-request (a dropped link): no failure
                status = CLIENT_CLOSED
        finally:
            # The router fills in the route on this same scope as it dispatches.
            route = _route_label(scope)
            REQUESTS.labels(route, scope.get("method", "?"), f"{status // 100}xx").inc()
            LATENCY.labels(route).observe(time.perf_counter() - started)
            if status >= 500:
                FAILURES.labels(route).inc()


def allowed(client: str | None, setting: str) -> bool:
    try:
        address = ipaddress.ip_address(client or "")
    except ValueError:
        return False
    return any(address in network for network in metrics_networks(setting))


router = APIRouter()


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    settings = request.app.state.config
    if not allowed(request.client.host if request.client else None, settings.metrics_allow):
        raise HTTPException(404)  # what an unknown page answers
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
