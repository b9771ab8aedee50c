"""Compact push answers: plain answers as runs of seq numbers (docs/sync-protocol.md).

On a slow link the per-op answers of a push cost more than their worth: each one
repeats a random op id that gzip cannot shrink (about 26 bytes an op, several seconds
per thousand ops at 64 kbit/s). An answer that says nothing but "applied" (or
"duplicate" of such an answer) is told instead by the op's ``seq``, in runs
``[first, last]`` per status; every other answer (conflict, rejection, a duplicate
repeating one) is listed whole, as in the full form. The record version of a plain
answer is left out: the app never uses it (only a pull brings a record's version).
"""

from __future__ import annotations

from typing import Any

PLAIN_STATUSES = ("applied", "duplicate")
PLAIN_KEYS = frozenset({"op_id", "status", "version"})


def is_plain(result: dict[str, Any]) -> bool:
    return result.get("status") in PLAIN_STATUSES and result.keys() <= PLAIN_KEYS


def compact(
    results: list[dict[str, Any]], seqs: list[int]
) -> tuple[list[dict[str, Any]], dict[str, list[list[int]]]]:
    """(answers listed whole, {status: [[first_seq, last_seq], ...]}) for a batch's answers.

    ``seqs`` are the seqs of the batch's ops, whose answers ``results`` are, one each in
    the same order (an op id sent twice has two answers). Runs hold consecutive seqs with
    the same plain status, in the batch's increasing seq order.
    """
    if len(seqs) != len(results):
        raise ValueError("one answer per op is needed to compact them")
    listed: list[dict[str, Any]] = []
    runs: dict[str, list[list[int]]] = {}
    for result, seq in zip(results, seqs, strict=True):
        if not is_plain(result):
            listed.append(result)
            continue
        status_runs = runs.setdefault(result["status"], [])
        if status_runs and status_runs[-1][1] == seq - 1:
            status_runs[-1][1] = seq
        else:
            status_runs.append([seq, seq])
    return listed, runs
