"""One collector, one household and the rows of a visit, for tests that call the server's
push directly (tests/test_push_ingest_rules.py, tests/test_push_deferred_creates.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from vss_server import admin
from vss_server.models import UserAccount


def collector_with_household(
    engine: sa.Engine, tmp_path: Path, username: str, code: str
) -> tuple[UserAccount, str]:
    """A collector account and one household imported and assigned to them."""
    admin.create_user(engine, username, f"mat-khau-{username}")
    household = str(uuid.uuid4())
    csv = tmp_path / "households.csv"
    csv.write_text(
        "id,code,head_name,province,commune,village,collector\n"
        f"{household},{code},Lò Văn Chủ,Lào Cai,Xã 01,Thôn 1,{username}\n",
        encoding="utf-8",
    )
    admin.import_households(engine, csv)
    with Session(engine) as session:
        user = session.exec(select(UserAccount).where(UserAccount.username == username)).one()
    return user, household


def visit_rows(
    household: str, visit_id: str, receipt: str
) -> tuple[dict[str, Any], dict[str, Any], Callable[[int], dict[str, Any]]]:
    """A member's fields, a visit that collected 100 ₫, and its results by amount."""
    person = {"household_id": household, "full_name": "Lò Thị Mai"}
    visit = {
        "household_id": household,
        "visited_at": "2026-11-01T09:00:00+07:00",
        "outcome": "enrolled",
        "amount_collected": 100,
        "receipt_number": receipt,
    }

    def result(amount: int) -> dict[str, Any]:
        return {
            "visit_id": visit_id,
            "household_id": household,
            "kind": "vssid_installed",
            "amount": amount,
        }

    return person, visit, result
