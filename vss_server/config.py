"""Server configuration from options or environment (VSS_SERVER_*)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
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
    token_ttl_days: int = 30
    max_body_bytes: int = 5 * 1024 * 1024  # decompressed request body cap
    max_batch_ops: int = 500
    max_pull_limit: int = 1000
    login_attempts_per_minute: int = 10

    @classmethod
    def from_env(cls, **overrides: object) -> ServerConfig:
        cfg = cls(
            database_url=os.environ.get("VSS_SERVER_DATABASE_URL", ""),
        )
        for key, value in overrides.items():
            if value is not None:
                setattr(cfg, key, value)
        return cfg

    def resolved_database_url(self) -> str:
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://"):  # use psycopg 3, not psycopg2
                url = "postgresql+psycopg://" + url[len("postgresql://") :]
            return url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'vss-server.sqlite3'}"
