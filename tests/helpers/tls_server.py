"""The real server over HTTPS with a certificate from a private certificate authority (a
province's own), made with trustme: a context manager for tests/test_tls.py's fixture and
tests/test_provisioning.py."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests
import trustme

from helpers.server_harness import ServerProcess, free_port
from helpers.sync_helpers import seed_server, server_engine
from vss_server.migrate import upgrade


@contextlib.contextmanager
def tls_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A seeded server on https://127.0.0.1:PORT; yields (url, the CA's PEM file)."""
    ca = trustme.CA(organization_name="Sở BHXH thử nghiệm")
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ca_pem, cert_pem, key_pem = tmp_path / "ca.pem", tmp_path / "server.pem", tmp_path / "key.pem"
    ca.cert_pem.write_to_path(str(ca_pem))
    cert.cert_chain_pems[0].write_to_path(str(cert_pem))
    key_pem.write_bytes(cert.private_key_pem.bytes())
    data = ServerProcess(tmp_path / "server")  # its admin commands and database
    data.data_dir.mkdir(parents=True)
    upgrade(server_engine(data))  # what `serve` would do first
    seed_server(data, tmp_path)
    port = free_port()
    log_path = tmp_path / "server.log"
    log = open(log_path, "ab")  # noqa: SIM115 - owned by the child
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "vss_server",
            "--data-dir",
            str(data.data_dir),
            "serve",
            "--port",
            str(port),
            "--ssl-certfile",
            str(cert_pem),
            "--ssl-keyfile",
            str(key_pem),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    log.close()
    url = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(url + "/api/v1/health", verify=str(ca_pem), timeout=1).ok:
                    break
            assert proc.poll() is None, log_path.read_text()
            time.sleep(0.1)
        yield url, ca_pem
    finally:
        proc.terminate()
        proc.wait(10)
