"""Forged or damaged pull cursors: always 410 cursor_gone (or 422 for an over-long one),
never a 500, on SQLite and PostgreSQL (issue 11, C2)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import requests

from helpers.server_harness import ServerProcess
from helpers.sync_helpers import api_login, seed_server
from vss_server.feed import Cursor
from vss_server.pull import MAX_SEQ, CursorGone, read_cursor

pytestmark = pytest.mark.slow

PULL = "/api/v1/sync/pull"


def b64(raw: str | bytes) -> str:
    data = raw.encode() if isinstance(raw, str) else raw
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def forged(epoch: str, seq_json: str) -> str:
    """A cursor whose seq is the given JSON text, verbatim (so 1e400 or 2**70 stay as sent)."""
    return b64('{"e":' + json.dumps(epoch) + ',"s":' + seq_json + "}")


def forged_cursors(epoch: str, head: int) -> dict[str, str]:
    seqs = {
        "2^63": str(2**63),
        "2^64": str(2**64),
        "2^63-1 (beyond the head)": str(2**63 - 1),
        "just past the head": str(head + 1_000),
        "10^30": "1" + "0" * 30,
        "-1": "-1",
        "-2^70": str(-(2**70)),
        "float": "1.5",
        "whole float": "3.0",
        "1e400": "1e400",
        "NaN": "NaN",
        "Infinity": "Infinity",
        "true": "true",
        "null": "null",
        "string": '"12"',
        "list": "[1]",
        "object": '{"n":1}',
    }
    cursors = {f"seq {name}": forged(epoch, text) for name, text in seqs.items()}
    cursors.update(
        {
            "epoch not a string": b64('{"e":1,"s":0}'),
            "other epoch": forged("0000000000000000", "0"),
            "no seq": b64(json.dumps({"e": epoch})),
            "a list": b64("[1,2]"),
            "a number": b64("12"),
            "not JSON": b64("not json at all"),
            "bytes not UTF-8": b64(b"\xff\xfe\x00\x01garbage"),
            "base64 garbage": "!!!***$$$",
            "odd length": "abcde",
            "non-ASCII": "Đồng-bộ",
            "deep nesting": b64("[" * 70 + "]" * 70),
            "padding only": "====",
            "percent": "%00%ff",
        }
    )
    return cursors


def test_forged_cursors_answer_410_never_500(server: ServerProcess, tmp_path: Path) -> None:
    seed_server(server, tmp_path, households=4)
    headers = api_login(server, "thu.lt")
    first = requests.get(server.url + PULL, headers=headers, timeout=30)
    assert first.status_code == 200
    real = Cursor.decode(first.json()["cursor"])
    answers = {
        name: requests.get(
            server.url + PULL, params={"cursor": cursor}, headers=headers, timeout=30
        )
        for name, cursor in forged_cursors(real.epoch, real.seq).items()
    }
    wrong = {
        name: (a.status_code, a.text[:120])
        for name, a in answers.items()
        if a.status_code != 410 or a.json()["error"]["code"] != "cursor_gone"
    }
    assert wrong == {}
    # An over-long cursor is refused by the query's own limit, as documented.
    long = requests.get(
        server.url + PULL, params={"cursor": "A" * 201}, headers=headers, timeout=30
    )
    assert (long.status_code, long.json()["error"]["code"]) == (422, "invalid_request")
    # The real cursor still works, and so does the last one a page could have handed out.
    again = requests.get(
        server.url + PULL, params={"cursor": first.json()["cursor"]}, headers=headers, timeout=30
    )
    assert again.status_code == 200 and again.json()["changes"] == []


@pytest.mark.parametrize(
    "seq", [2**63, 2**64, -1, 1.5, 3.0, True, None, "7", float("inf"), float("nan")]
)
def test_read_cursor_refuses_seqs_no_database_can_hold(seq: object) -> None:
    text = b64(json.dumps({"e": "abc", "s": seq}))
    with pytest.raises(CursorGone):
        read_cursor(text, "abc", head=10)


def test_read_cursor_takes_any_seq_up_to_the_head() -> None:
    assert read_cursor(Cursor("abc", 0).encode(), "abc", head=0) == 0
    assert read_cursor(Cursor("abc", MAX_SEQ).encode(), "abc", head=MAX_SEQ) == 2**63 - 1
    with pytest.raises(CursorGone, match="ahead"):
        read_cursor(Cursor("abc", 11).encode(), "abc", head=10)
    with pytest.raises(CursorGone):
        read_cursor(b64("[" * 5000 + "]" * 5000), "abc", head=10)  # beyond the parser's depth
