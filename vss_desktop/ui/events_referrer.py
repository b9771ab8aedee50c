"""A walk-in's event and its referrer, as the visit form shows them (issue 15).

:class:`EventVisit` is what the event form tells the visit form: which event, how to
name it, and who already took part (the first choices for "Referred by").
:class:`ReferrerField` is that field: a list of the event's earlier participants, and a
search line that adds any person the app's search finds (CCCD, BHXH code, card number or
name); the search runs in a worker, as the window's does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QSizePolicy, QWidget
from sqlmodel import Session, col, select

from vss_core.enums import Relation
from vss_core.formatting import format_datetime_local
from vss_core.search_text import household_text, matches, person_text, query_words
from vss_desktop import labels
from vss_desktop.store import Store, queries
from vss_desktop.store.models import Household, Person, Visit
from vss_desktop.ui.tasks import TaskRunner

FOUND_MAX = 40  # people offered from one search; typing more narrows it
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass(frozen=True)
class Participant:
    """A person who can be named as the referrer."""

    person_id: str
    household_id: str
    name: str
    village: str

    def text(self) -> str:
        return f"{self.name} — {self.village}" if self.village else self.name


@dataclass(frozen=True)
class EventVisit:
    """The event a visit form records a walk-in of."""

    event_id: str
    kind: str  # enums.EventKind
    starts_at: datetime  # aware UTC
    place: str  # commune (and village) as the collector wrote them
    participants: tuple[Participant, ...] = ()

    def title(self) -> str:
        """ "Advice booth, 06/12/2026 08:00 — Xã Mường Khương"."""
        kind = labels.label(labels.event_kind_labels(), self.kind)
        when = format_datetime_local(self.starts_at)
        return f"{kind}, {when} — {self.place}" if self.place else f"{kind}, {when}"


def _participants(rows: Sequence[tuple[Person, str]]) -> list[Participant]:
    return [Participant(p.id, p.household_id, p.full_name, village) for p, village in rows]


def event_participants(session: Session, event_id: str) -> list[Participant]:
    """The members of the households met at the event (walk-ins so far), heads first."""
    walkins = select(Visit.household_id).where(
        Visit.event_id == event_id, col(Visit.deleted_at).is_(None)
    )
    rows = session.exec(
        select(Person, Household.village)
        .join(Household, col(Household.id) == col(Person.household_id))
        .where(
            col(Person.household_id).in_(walkins),
            col(Person.deleted_at).is_(None),
            col(Household.deleted_at).is_(None),
        )
        .order_by(col(Household.head_name), col(Person.relation) != Relation.HEAD)
    ).all()
    return _participants(rows)


def find_people(session: Session, text: str, limit: int = FOUND_MAX) -> list[Participant]:
    """People the app's search finds for ``text``: the members whose own document matches,
    and the head of a household whose code or phone matched."""
    words = query_words(text)
    if words is None:
        return []
    # The first households in list order, with bounded work per keystroke (issue 17); the
    # rest of a broad search only if those held fewer than ``limit`` people who match
    # (a household can match on words spread over several of its members).
    flt = queries.HouseholdFilter(text=text)
    first, whole = queries.first_household_ids(session, flt, limit)
    found = _people_in(session, words, first, limit)
    if len(found) < limit and not whole:
        rest = queries.household_ids(session, flt)[len(first) :]
        found += _people_in(session, words, rest, limit - len(found))
    return found


def _people_in(
    session: Session, words: list[str], household_ids: list[str], limit: int
) -> list[Participant]:
    found: list[Participant] = []
    for chunk_start in range(0, len(household_ids), 200):
        chunk = household_ids[chunk_start : chunk_start + 200]
        rows = session.exec(
            select(Person, Household)
            .join(Household, col(Household.id) == col(Person.household_id))
            .where(col(Person.household_id).in_(chunk), col(Person.deleted_at).is_(None))
        ).all()
        order = {hid: n for n, hid in enumerate(chunk)}
        for person, household in sorted(rows, key=lambda r: order[r[1].id]):
            own = matches(words, person_text(person))
            via_household = person.relation == Relation.HEAD and matches(
                words, household_text(household)
            )
            if own or via_household:
                found.append(
                    Participant(person.id, person.household_id, person.full_name, household.village)
                )
                if len(found) >= limit:
                    return found
    return found


class ReferrerField(QWidget):
    """ "Referred by": no one, an earlier participant, or a person found by the search."""

    searched = Signal(int)  # people found (tests wait on it)

    def __init__(
        self,
        store: Store,
        participants: Sequence[Participant],
        exclude_household: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.exclude_household = exclude_household
        self.tasks = TaskRunner(self)
        self.combo = QComboBox()
        self.combo.setObjectName("referrer")
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.combo.setMinimumContentsLength(22)
        self.search_line = QLineEdit()
        self.search_line.setObjectName("referrerSearch")
        self.search_line.setClearButtonEnabled(True)
        self.search_line.setPlaceholderText(self.tr("find by name, CCCD, BHXH code… (Enter)"))
        self.search_line.setAccessibleName(self.tr("Find the person who referred this family"))
        self.search_line.installEventFilter(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        row.addWidget(self.search_line, 1)
        self._participants = [p for p in participants if p.household_id != exclude_household]
        self._fill([])

    def _fill(self, found: Sequence[Participant]) -> None:
        """No one, then the event's participants, then what the last search found."""
        keep = self.value()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.tr("— no one —"), "")
        seen: set[str] = set()
        for group in (self._participants, found):
            if group and self.combo.count() > 1:
                self.combo.insertSeparator(self.combo.count())
            for person in group:
                if person.person_id not in seen and person.household_id != self.exclude_household:
                    seen.add(person.person_id)
                    self.combo.addItem(person.text(), person.person_id)
        self.combo.setCurrentIndex(max(self.combo.findData(keep or ""), 0))
        self.combo.blockSignals(False)

    def value(self) -> str | None:
        """The chosen person's id; None for no one."""
        data = self.combo.currentData()
        return data or None

    def set_value(self, person_id: str | None) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(person_id or ""), 0))

    def search(self) -> None:
        """Search for what is typed (in the worker); the people found join the list."""
        text, store = self.search_line.text(), self.store

        def work() -> list[Participant]:
            with store.read() as session:
                return find_people(session, text)

        self.tasks.submit(work, self._found, latest="people")

    def _found(self, found: list[Participant]) -> None:
        found = [p for p in found if p.household_id != self.exclude_household]
        self._fill(found)
        if len(found) == 1:
            self.set_value(found[0].person_id)
        self.searched.emit(len(found))
        if len(found) > 1 and self.search_line.hasFocus():
            self.combo.setFocus(Qt.FocusReason.OtherFocusReason)
            self.combo.showPopup()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search_line
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER_KEYS
        ):
            self.search()  # Enter here searches: it must not save the visit
            return True
        return super().eventFilter(watched, event)

    def wait(self) -> None:
        self.tasks.wait()
