"""Server settings: options, else the environment (VSS_SERVER_<NAME>), else the defaults.
See docs/security.md."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import platformdirs
from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from vss_core import app_version


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("vss-server", appauthor=False))


class ServerConfig(BaseSettings):
    """Each field reads VSS_SERVER_<FIELD> (e.g. VSS_SERVER_TOKEN_TTL_DAYS,
    VSS_SERVER_LOGIN_FREE_PER_ADDRESS for an office behind one address); keyword
    arguments (the CLI's options) win over the environment."""

    # An empty variable counts as unset, as `VAR= vss-server serve` always did.
    model_config = SettingsConfigDict(env_prefix="VSS_SERVER_", env_ignore_empty=True)

    database_url: str = ""  # empty: a SQLite file in data_dir
    data_dir: Path = Field(default_factory=default_data_dir)
    # A token's lifetime from login; then the app asks to log in.
    token_ttl_days: float = Field(default=30.0, gt=0)
    max_body_bytes: int = 5 * 1024 * 1024  # request body cap, before and after gzip
    max_batch_ops: int = 500
    max_pull_limit: int = 1000
    # Failed logins: this many go through without delay, then each further failure doubles
    # the wait (login_base_delay_s, 2x, 4x ... up to login_max_delay_s). Counted per
    # username+address, and with looser limits per username (per device for a device the
    # account used before) and per address. See vss_server.ratelimit, docs/security.md.
    login_free_attempts: int = 5
    login_free_per_user: int = 20
    login_free_per_address: int = 100  # an office's collectors share one address
    login_base_delay_s: float = 1.0
    login_max_delay_s: float = 900.0
    login_forget_after_s: float = 3600.0  # each key forgets its free failures in this time
    password_checks_at_once: int = 4  # each scrypt check takes 16 MiB and ~0.2 s of a core
    # How long a request waits for a database lock (a long import, a busy writer) before
    # it answers 503 with Retry-After; the admin commands wait 30 s.
    db_busy_timeout_s: float = 5.0
    # The supervisors' web console (issue 14): a session ends after this many idle minutes,
    # and after console_session_max_hours whatever happens.
    console_idle_minutes: float = Field(default=30.0, gt=0)
    console_session_max_hours: float = Field(default=12.0, gt=0)
    # Each server process keeps its own pool of database connections: at most
    # db_pool_size + db_max_overflow each, so `serve --workers N` may hold N times that
    # on PostgreSQL (docs/operations.md, "the connection budget").
    db_pool_size: int = Field(default=10, ge=1)
    db_max_overflow: int = Field(default=20, ge=0)
    # False: the server does not migrate at start, it checks that the database is at the
    # head revision and refuses to start if not (`vss-server migrate` first). `serve
    # --workers N` (N > 1) sets it for its workers, so that N processes never migrate at once.
    migrate_on_start: bool = True
    # Who may read GET /metrics: client addresses or networks, comma-separated (the
    # address uvicorn saw, or the X-Forwarded-For of a proxy in --forwarded-allow-ips);
    # "none" turns the page off. Everyone else gets 404: the counters show the province's
    # activity hour by hour. See docs/operations.md.
    metrics_allow: str = "127.0.0.1/32,::1/128"
    # The app's newest version and the oldest one still fit for use (issue 16): told to each
    # app in the answer to POST /sync/status. Numeric versions ("1.4.0"); empty: not known.
    # An app below the minimum still pushes and pulls; it is told to update.
    app_version_current: str = ""
    app_version_minimum: str = ""
    # The app's signed update repository (TUF metadata/ and targets/, made by
    # packaging/app/publish_update.py), served read-only under /api/v1/updates/;
    # unset: no updates are served. See docs/updates.md.
    updates_dir: Path | None = None

    @field_validator("metrics_allow")
    @classmethod
    def _valid_networks(cls, value: str) -> str:
        metrics_networks(value)  # raises ValueError on a bad address: refused at start
        return value

    @field_validator("app_version_current", "app_version_minimum")
    @classmethod
    def _valid_version(cls, value: str) -> str:
        value = value.strip()
        if value and not app_version.is_valid(value):
            raise ValueError(f"not a version (numbers and dots, like 1.4.0): {value!r}")
        return value

    @model_validator(mode="after")
    def _minimum_not_above_current(self) -> ServerConfig:
        current, minimum = self.app_version_current, self.app_version_minimum
        if current and minimum and app_version.is_below(current, minimum):
            raise ValueError(
                f"app_version_minimum {minimum} is above app_version_current {current}"
            )
        return self

    def resolved_database_url(self) -> str:
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://"):  # use psycopg 3, not psycopg2
                url = "postgresql+psycopg://" + url[len("postgresql://") :]
            return url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'vss-server.sqlite3'}"


def metrics_networks(
    setting: str,
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The networks of a ``metrics_allow`` setting ("none": none)."""
    if setting.strip().lower() == "none":
        return ()
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False)
        for part in setting.split(",")
        if part.strip()
    )
