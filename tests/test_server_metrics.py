"""GET /metrics: Prometheus text whose counters follow the pushes, with no personal data
in it, readable from the allowed addresses only (vss_server.metrics)."""

from __future__ import annotations

import re
from pathlib import Path

import pydantic
import pytest
import requests

from helpers.server_api import Client, new_id, op
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import seed_server, server_rows
from vss_server.config import ServerConfig
from vss_server.metrics import allowed

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def value(text: str, sample: str) -> float:
    """The value of one sample line (name with labels, as printed) of ``text``; 0 if absent."""
    for line in text.splitlines():
        if line.startswith(sample + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_counters_follow_a_push_and_name_no_one(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "server").start()
    try:
        seed_server(server, tmp_path)
        home = next(h for h in server_rows(server, "household") if h["collector"] == "thu.lt")
        client = Client.login(server, "thu.lt", "device-metrics-01")
        url = server.url + "/metrics"
        before = requests.get(url, timeout=10).text
        person = new_id()
        fields = {"household_id": home["id"], "full_name": "Vàng Thị Mỷ", "relation": "child"}
        first = client.push(
            op("person", "create", person, fields),
            op("person", "update", new_id(), {"phone": "0912345678"}, base=1),  # no such person
        )
        assert [r["status"] for r in first] == ["applied", "rejected"]
        assert client.push_raw(client.sent).status_code == 200  # the same batch again
        assert client.get(f"/sync/pull?cursor={new_id()}").status_code == 410
        requests.get(server.url + f"/api/v1/households/{person}", timeout=10)  # no such page
        text = requests.get(url, timeout=10).text
    finally:
        server.stop()

    def moved(sample: str) -> float:
        return value(text, sample) - value(before, sample)

    assert moved('vss_sync_pushes_total{outcome="accepted"}') == 2
    assert moved('vss_sync_ops_total{status="applied"}') == 1
    assert moved('vss_sync_ops_total{status="rejected"}') == 1
    assert moved('vss_sync_ops_total{status="duplicate"}') == 2
    push = 'route="/api/v1/sync/push"'
    assert moved(f'vss_http_requests_total{{method="POST",{push},status="2xx"}}') == 2
    assert moved(f"vss_http_request_duration_seconds_count{{{push}}}") == 2
    assert (
        moved('vss_http_requests_total{method="GET",route="/api/v1/sync/pull",status="4xx"}') == 1
    )
    assert moved('vss_http_requests_total{method="GET",route="unmatched",status="4xx"}') == 1
    assert "vss_http_failures_total" in text and "vss_db_connections_in_use" in text
    assert value(text, "vss_db_connections_in_use") >= 0
    # Counts only: no account, device, record, name, phone or address in a label.
    for personal in ("thu.lt", "device-metrics-01", "Vàng", "0912345678", "127.0.0.1"):
        assert personal not in text
    assert not UUID.search(text)


def test_only_allowed_addresses_read_the_metrics(tmp_path: Path) -> None:
    """Loopback reads them; a client named by the trusted proxy (127.0.0.1) from the
    intranet gets the 404 of an unknown page; the setting takes networks or "none"."""
    server = ServerProcess(tmp_path / "server").start()
    try:
        mine = requests.get(server.url + "/metrics", timeout=10)
        proxied = requests.get(
            server.url + "/metrics", headers={"X-Forwarded-For": "10.20.30.40"}, timeout=10
        )
        unknown = requests.get(server.url + "/no-such-page", timeout=10)
    finally:
        server.stop()
    assert mine.status_code == 200 and mine.headers["content-type"].startswith("text/plain")
    assert (proxied.status_code, proxied.json()) == (404, unknown.json())
    assert allowed("::1", ServerConfig().metrics_allow)
    assert not allowed("10.20.30.40", ServerConfig().metrics_allow)
    assert allowed("10.20.30.40", "127.0.0.1, 10.20.0.0/16")
    assert not allowed("127.0.0.1", "none")
    assert not allowed("testclient", "0.0.0.0/0")  # not an address: refused
    with pytest.raises(pydantic.ValidationError):
        ServerConfig(metrics_allow="10.0.0.0/8,intranet")
