"""The server's settings come from pydantic-settings and its routes from one router per
area (issue 12 item 4): same variables, defaults and API as before."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest

pytest.importorskip("fastapi")
pytest.importorskip("pydantic_settings")

from pydantic_settings import BaseSettings  # noqa: E402

from vss_server.config import ServerConfig  # noqa: E402


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in [n for n in os.environ if n.startswith("VSS_SERVER_")]:
        monkeypatch.delenv(name)


def test_settings_are_pydantic_settings_with_the_vss_server_prefix() -> None:
    assert issubclass(ServerConfig, BaseSettings)
    assert ServerConfig.model_config["env_prefix"] == "VSS_SERVER_"


def test_defaults_are_unchanged(tmp_path: Path) -> None:
    cfg = ServerConfig(data_dir=tmp_path)
    assert (cfg.database_url, cfg.token_ttl_days) == ("", 30.0)
    assert (cfg.max_body_bytes, cfg.max_batch_ops, cfg.max_pull_limit) == (5 << 20, 500, 1000)
    assert (cfg.login_free_attempts, cfg.login_free_per_user, cfg.login_free_per_address) == (
        5,
        20,
        100,
    )
    assert (cfg.login_base_delay_s, cfg.login_max_delay_s, cfg.login_forget_after_s) == (
        1.0,
        900.0,
        3600.0,
    )
    assert (cfg.password_checks_at_once, cfg.db_busy_timeout_s) == (4, 5.0)


def test_every_setting_reads_its_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VSS_SERVER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("VSS_SERVER_DATABASE_URL", "postgresql://db/vss")
    monkeypatch.setenv("VSS_SERVER_MAX_BATCH_OPS", "7")
    monkeypatch.setenv("VSS_SERVER_LOGIN_BASE_DELAY_S", "2.5")
    monkeypatch.setenv("VSS_SERVER_DB_BUSY_TIMEOUT_S", "0.5")
    cfg = ServerConfig()
    assert cfg.data_dir == tmp_path
    assert cfg.resolved_database_url() == "postgresql+psycopg://db/vss"
    assert (cfg.max_batch_ops, cfg.login_base_delay_s, cfg.db_busy_timeout_s) == (7, 2.5, 0.5)


def test_options_beat_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VSS_SERVER_TOKEN_TTL_DAYS", "2")
    assert ServerConfig(data_dir=tmp_path, token_ttl_days=0.5).token_ttl_days == 0.5
    assert ServerConfig(data_dir=tmp_path).token_ttl_days == 2.0


def test_an_empty_variable_means_the_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("VSS_SERVER_MAX_PULL_LIMIT", "")
    monkeypatch.setenv("VSS_SERVER_DATABASE_URL", "")
    cfg = ServerConfig(data_dir=tmp_path)
    assert (cfg.max_pull_limit, cfg.database_url) == (1000, "")
    assert cfg.resolved_database_url() == f"sqlite:///{tmp_path / 'vss-server.sqlite3'}"


@pytest.mark.parametrize(
    ("name", "value"),
    [("VSS_SERVER_MAX_BATCH_OPS", "many"), ("VSS_SERVER_TOKEN_TTL_DAYS", "0")],
)
def test_a_bad_variable_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(pydantic.ValidationError, match=name.removeprefix("VSS_SERVER_").lower()):
        ServerConfig(data_dir=tmp_path)


def test_routes_live_in_one_router_per_area(tmp_path: Path) -> None:
    from fastapi.routing import APIRoute

    from vss_server import deps, schemas
    from vss_server.app import create_app
    from vss_server.routes import auth, campaigns, health, pull, push, status, targets

    where = {
        ("/api/v1" + r.path, *sorted(r.methods)): area.__name__
        for area in (auth, campaigns, health, pull, push, status, targets)
        for r in area.router.routes
        if isinstance(r, APIRoute)
    }
    assert where == {
        ("/api/v1/health", "GET"): health.__name__,
        ("/api/v1/auth/login", "POST"): auth.__name__,
        ("/api/v1/auth/logout", "POST"): auth.__name__,
        ("/api/v1/auth/rotate-device", "POST"): auth.__name__,
        ("/api/v1/devices", "GET"): auth.__name__,
        ("/api/v1/devices/{device_id}/revoke", "POST"): auth.__name__,
        ("/api/v1/sync/push", "POST"): push.__name__,
        ("/api/v1/sync/pull", "GET"): pull.__name__,
        ("/api/v1/sync/status", "POST"): status.__name__,
        ("/api/v1/targets", "GET"): targets.__name__,
        ("/api/v1/targets", "PUT"): targets.__name__,
        ("/api/v1/campaigns", "GET"): campaigns.__name__,
    }
    served = create_app(ServerConfig(data_dir=tmp_path)).openapi()["paths"]
    assert {(path, m.upper()) for path, ops in served.items() for m in ops} == set(where)
    assert {"SessionDep", "Auth", "SettingsDep"} <= set(vars(deps))
    assert {"PushIn", "PullOut", "LoginOut", "TargetsOut", "ErrorOut"} <= set(vars(schemas))
