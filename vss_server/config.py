"""Server configuration from options or environment (VSS_SERVER_*). See docs/security.md."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

import platformdirs


def default_data_dir() -> Path:
    return Path(
        os.environ.get("VSS_SERVER_DATA_DIR")
        or platformdirs.user_data_dir("vss-server", appauthor=False)
    )


@dataclass
class ServerConfig:
    database_url: str = ""  # empty: a SQLite file in data_dir
    data_dir: Path = field(default_factory=default_data_dir)
    token_ttl_days: float = 30.0  # a token's lifetime from login; then the app asks to log in
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

    @classmethod
    def from_env(cls, **overrides: object) -> ServerConfig:
        """Defaults, then VSS_SERVER_<NAME> for each number (e.g. VSS_SERVER_TOKEN_TTL_DAYS,
        VSS_SERVER_LOGIN_FREE_PER_ADDRESS for an office behind one address), then options."""
        cfg = cls(database_url=os.environ.get("VSS_SERVER_DATABASE_URL", ""))
        for f in fields(cls):
            raw = os.environ.get(f"VSS_SERVER_{f.name.upper()}")
            if raw and f.type in ("int", "float"):
                setattr(cfg, f.name, int(raw) if f.type == "int" else float(raw))
        for key, value in overrides.items():
            if value is not None:
                setattr(cfg, key, value)
        if not cfg.token_ttl_days > 0:
            raise ValueError("the token lifetime must be positive")
        return cfg

    def resolved_database_url(self) -> str:
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://"):  # use psycopg 3, not psycopg2
                url = "postgresql+psycopg://" + url[len("postgresql://") :]
            return url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'vss-server.sqlite3'}"
