"""The app's rows for D03-TS / D05-TS (vss_core.forms): the live results of live visits
in a range of local days, with their household and person. Qt-free.

Same selection as the tally (store/metrics.py): deleted visits and results never count,
results on households or persons deleted since still do, the range is local Vietnam days
(vss_core.forms.participants.utc_bounds), optionally one collector as written on the
visits.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from vss_core.forms.participants import (
    Form,
    FormKind,
    ResultInput,
    build_form,
    result_input,
    result_kinds,
    utc_bounds,
)
from vss_desktop.store.models import Collection, Household, Person, Visit


def form_inputs(
    session: Session, form: FormKind | str, start: date, end: date, collector: str | None = None
) -> list[ResultInput]:
    lo, hi = utc_bounds(start, end)
    query = (
        select(Collection, Visit, Household, Person)
        .join(Visit, col(Visit.id) == col(Collection.visit_id))
        .outerjoin(Household, col(Household.id) == col(Visit.household_id))
        .outerjoin(Person, col(Person.id) == col(Collection.person_id))
        .where(
            col(Visit.deleted_at).is_(None),
            col(Collection.deleted_at).is_(None),
            col(Visit.visited_at) >= lo,
            col(Visit.visited_at) < hi,
            col(Collection.kind).in_(result_kinds(FormKind(form))),
        )
    )
    if collector is not None:
        query = query.where(col(Visit.collector) == collector)
    return [result_input(*row) for row in session.exec(query)]


def build(
    session: Session,
    form: FormKind | str,
    start: date,
    end: date,
    scope: str,
    collector: str | None = None,
) -> Form:
    """The form of the range (for everyone on this laptop, or one collector)."""
    return build_form(form, start, end, scope, form_inputs(session, form, start, end, collector))
