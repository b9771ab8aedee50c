"""The HTTP API (FastAPI), versioned under /api/v1: the application factory.

The routes live in vss_server.routes (one module per area), what they depend on in
vss_server.deps, the wire schemas in vss_server.schemas. See docs/sync-protocol.md,
docs/security.md.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware

from vss_server import __version__, console, figure_cache, kept_tables, metrics, search_index
from vss_server import db as server_db
from vss_server.config import ServerConfig
from vss_server.errors import install_handlers
from vss_server.gzip_request import GzipRequestMiddleware
from vss_server.migrate import check_at_head, prepare
from vss_server.ratelimit import LoginLimiter
from vss_server.routes import PREFIX, api_router
from vss_server.schemas import PushIn, TargetsPutIn
from vss_server.security import dummy_hash


def create_app(config: ServerConfig | None = None) -> FastAPI:
    """The application; without ``config``, configured from the environment (VSS_SERVER_*):
    each worker of `serve --workers N` is made this way (uvicorn's app factory)."""
    config = config or ServerConfig()
    app = FastAPI(
        title="VSS central server",
        version=__version__,
        description=(
            "Sync server for VSS Desktop: login, push, pull, targets."
            " Errors: {error: {code, message}}."
        ),
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
        lifespan=_lifespan,
    )
    _open_state(app, config)
    app.add_middleware(GZipMiddleware, minimum_size=512)
    # Added last, so it runs first: bodies are capped and un-gzipped before anything reads them.
    app.add_middleware(GzipRequestMiddleware, max_bytes=config.max_body_bytes)
    # Outermost of ours: it times the whole answer, and sees an oversized body's 413 too.
    app.add_middleware(metrics.MetricsMiddleware)
    install_handlers(app)
    app.include_router(api_router)
    app.include_router(metrics.router)
    console.install(app)
    _document_bodies(app, config)
    return app


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    yield
    metrics.process_ended()


def _open_state(app: FastAPI, config: ServerConfig) -> None:
    """The database (migrated first, or checked to be at head: config.migrate_on_start),
    the login limiter and the password-check slots, shared by every request through
    vss_server.deps.

    What a process keeps for itself, and why several workers still behave as one
    (docs/operations.md): login failures, tokens and console sessions live in the
    database; the login form's CSRF token is a cookie; uploads wait in files under
    data_dir. The password-check slots are per process (a budget of memory and cores:
    workers x password_checks_at_once at most); the kept-tables follower is a thread per
    process, whose refreshes take the feed lock, so two workers' refreshes never overlap.
    """
    url = config.resolved_database_url()
    migrations = server_db.create_server_engine(url)  # may wait behind another process's
    try:
        if config.migrate_on_start:
            prepare(migrations)
        else:
            check_at_head(migrations)
    finally:
        migrations.dispose()
    engine = server_db.create_server_engine(
        url, config.db_busy_timeout_s, config.db_pool_size, config.db_max_overflow
    )
    metrics.watch_pool(engine)
    app.state.config = config
    app.state.engine = engine
    app.state.kept_tables = kept_tables.Follower(
        engine, [figure_cache.refresh, search_index.refresh]
    )
    app.state.limiter = LoginLimiter(
        engine,
        free_attempts=config.login_free_attempts,
        free_per_user=config.login_free_per_user,
        free_per_address=config.login_free_per_address,
        base_delay_s=config.login_base_delay_s,
        max_delay_s=config.login_max_delay_s,
        forget_after_s=config.login_forget_after_s,
    )
    # Each check takes 16 MiB and a core for a fraction of a second: a flood of logins
    # waits here instead of filling the memory.
    app.state.password_slots = threading.BoundedSemaphore(config.password_checks_at_once)
    dummy_hash()  # made now, so the first login of an unknown name is not faster


def _document_bodies(app: FastAPI, config: ServerConfig) -> None:
    """Push and PUT targets read their bodies themselves (gzip, 400 for bad JSON, and the
    role checked first); the document still describes them."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = generate()
        components = doc.setdefault("components", {}).setdefault("schemas", {})
        for model, path, method in (
            (PushIn, f"{PREFIX}/sync/push", "post"),
            (TargetsPutIn, f"{PREFIX}/targets", "put"),
        ):
            schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(schema.pop("$defs", {}))
            if model is PushIn:
                schema["properties"]["ops"]["maxItems"] = config.max_batch_ops
            components[model.__name__] = schema
            doc["paths"][path][method]["requestBody"] = {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}
                    }
                },
            }
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
