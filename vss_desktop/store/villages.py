"""The collector's village list per commune (issue 5 item 6; domain.md §5).

Villages have no national coded list, so the collector keeps one per commune, in the
order of the route. The list is local; households keep their village as text. Names
are compared folded (case, diacritics, đ/d) so "Thôn Nà Hẩu" and "thon na hau" are one.
Errors: ``services.ValidationFailed`` (nothing written) and ``services.NotFound``.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, col, select

from vss_core.clock import utcnow
from vss_core.identifiers import Problem
from vss_core.tables import string_length
from vss_core.text import fold
from vss_desktop.store import queries
from vss_desktop.store.db import Store
from vss_desktop.store.models import Household, Village
from vss_desktop.store.services import NotFound, ValidationFailed

NAME_MAX = string_length(Village, "name")


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def list_villages(session: Session, commune: str) -> list[Village]:
    """The commune's list, in the collector's order."""
    stmt = (
        select(Village)
        .where(Village.commune == _clean(commune), col(Village.deleted_at).is_(None))
        .order_by(col(Village.position), col(Village.name))
    )
    return list(session.exec(stmt))


def known_villages(session: Session, commune: str) -> list[str]:
    """Names to offer for ``commune``: the list in its order, then the other names
    already written on its households. With no commune: every village in use."""
    commune = _clean(commune)
    if not commune:
        return queries.villages(session)
    listed = [v.name for v in list_villages(session, commune)]
    seen = {fold(name) for name in listed}
    used = [n for n in queries.commune_villages(session, commune) if fold(n) not in seen]
    return listed + used


def communes(session: Session) -> list[str]:
    """Communes with households or with a list, by name."""
    used = session.exec(
        select(Household.commune)
        .where(col(Household.deleted_at).is_(None), Household.commune != "")
        .distinct()
    ).all()
    listed = session.exec(
        select(Village.commune).where(col(Village.deleted_at).is_(None)).distinct()
    ).all()
    return sorted(set(used) | set(listed), key=fold)


def _check_name(session: Session, commune: str, name: str, keep_id: str | None = None) -> str:
    name = _clean(name)
    if not _clean(commune):
        raise ValidationFailed({"commune": [Problem("required")]})
    if not name:
        raise ValidationFailed({"name": [Problem("required")]})
    if len(name) > NAME_MAX:
        raise ValidationFailed({"name": [Problem("text.too_long", params={"max": str(NAME_MAX)})]})
    folded = fold(name)
    for village in list_villages(session, commune):
        if village.id != keep_id and fold(village.name) == folded:
            raise ValidationFailed({"name": [Problem("village.duplicate")]})
    return name


def add_village(store: Store, commune: str, name: str) -> Village:
    """Add ``name`` at the end of the commune's list."""
    with store.write() as session:
        name = _check_name(session, commune, name)
        last = session.exec(
            select(sa.func.max(Village.position)).where(
                Village.commune == _clean(commune), col(Village.deleted_at).is_(None)
            )
        ).one()
        village = Village(commune=_clean(commune), name=name, position=(last or 0) + 1)
        session.add(village)
    return village


def add_used_villages(store: Store, commune: str) -> int:
    """Put the names already written on the commune's households into its list."""
    with store.read() as session:
        missing = known_villages(session, commune)[len(list_villages(session, commune)) :]
    for name in missing:
        add_village(store, commune, name)
    return len(missing)


def _live(session: Session, village_id: str) -> Village:
    village = session.get(Village, village_id)
    if village is None or village.deleted_at is not None:
        raise NotFound(f"village {village_id}")
    return village


def rename_village(store: Store, village_id: str, name: str) -> Village:
    with store.write() as session:
        village = _live(session, village_id)
        village.name = _check_name(session, village.commune, name, keep_id=village.id)
        session.add(village)
    return village


def remove_village(store: Store, village_id: str) -> None:
    """Take a village off the list (its households keep their text)."""
    with store.write() as session:
        village = _live(session, village_id)
        village.deleted_at = utcnow()
        session.add(village)


def move_village(store: Store, village_id: str, steps: int) -> None:
    """Move a village ``steps`` places down the route (negative: up)."""
    with store.write() as session:
        village = _live(session, village_id)
        order = list_villages(session, village.commune)
        index = next(i for i, v in enumerate(order) if v.id == village.id)
        target = max(0, min(len(order) - 1, index + steps))
        order.insert(target, order.pop(index))
        for position, item in enumerate(order, start=1):
            if item.position != position:
                item.position = position
                session.add(item)
