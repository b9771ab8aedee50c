"""Setting a period's local targets (issue 5 item 2), one field per metric.

The targets are written through store.targets (with its checks) in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget
from sqlmodel import Session

from vss_core.enums import Metric, PeriodKind
from vss_core.formatting import format_date, format_money
from vss_core.identifiers import Problem
from vss_core.periods import period_bounds
from vss_core.validation import Problems
from vss_desktop import labels
from vss_desktop.store import Store, targets
from vss_desktop.store.models import Target
from vss_desktop.ui.form import FormDialog, compact_width
from vss_desktop.ui.progress_text import count_text, period_name, value_text
from vss_desktop.ui.widgets import MoneyField


class _InTransaction:
    """A stand-in Store whose write() is an open transaction: the form's targets are set
    through store.targets (with its checks) and commit together or not at all."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @contextmanager
    def write(self) -> Iterator[Session]:
        yield self._session


class TargetsDialog(FormDialog):
    """Local targets of one period, one field per metric; an empty field means no target.

    A metric whose target the supervisor set on the server is shown, read-only.
    """

    def __init__(
        self,
        store: Store,
        kind: PeriodKind,
        start: date,
        current: Sequence[Target],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.kind, self.start = store, kind, start
        self.end = period_bounds(kind, start)[1]
        self.setObjectName("targetsDialog")
        self.setWindowTitle(self.tr("Set targets"))
        self.local: dict[Metric, int] = {}
        server: dict[Metric, int] = {}
        known = {m.value for m in Metric}
        for target in current:
            if target.metric in known:
                into = server if target.source == targets.TargetSource.SERVER else self.local
                into[Metric(target.metric)] = target.value
        self.inputs: dict[Metric, QLineEdit] = {}

        intro = QLabel(
            self.tr("Targets for %1 (%2 – %3). Leave a field empty for no target.")
            .replace("%1", period_name(kind, start))
            .replace("%2", format_date(start))
            .replace("%3", format_date(self.end))
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        names = labels.metric_labels()
        for n, metric in enumerate(Metric, start=1):
            text = f"&{n}. {names[metric]}:"  # Alt+1 … Alt+6, the same in every language
            if metric in server:
                shown = QLabel(
                    self.tr("%1 (set by supervisor)").replace(
                        "%1", value_text(metric, server[metric])
                    )
                )
                shown.setObjectName(f"server_{metric.value}")
                form.addRow(QLabel(text.replace("&", "")), shown)
                continue
            field = self._field(metric)
            self.inputs[metric] = field
            self.add_row(form, text, [(metric.value, field)])
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        if server:
            note = QLabel(
                self.tr("Targets set by the supervisor come from the server with the sync.")
            )
            note.setWordWrap(True)
            note.setStyleSheet("color: #555555;")
            layout.addWidget(note)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.finish_setup()

    def _field(self, metric: Metric) -> QLineEdit:
        value = self.local.get(metric)
        if metric is Metric.AMOUNT_COLLECTED:
            money = MoneyField()
            money.setMaxLength(len(format_money(targets.VALUE_MAX)))
            compact_width(money, "000.000.000.000 ₫")
            if value is not None:
                money.setText(format_money(value))  # 0 is a target too: set_value would blank it
            return money
        field = QLineEdit()
        field.setAlignment(Qt.AlignmentFlag.AlignRight)
        field.setValidator(QRegularExpressionValidator(r"[\d.]{0,11}", field))
        field.setPlaceholderText(self.tr("people"))
        compact_width(field, "000.000.000")
        if value is not None:
            field.setText(count_text(value))
        return field

    def values(self, problems: Problems | None = None) -> dict[Metric, int | None]:
        """The value typed for each editable metric, None when empty."""
        problems = {} if problems is None else problems
        out: dict[Metric, int | None] = {}
        for metric, field in self.inputs.items():
            text = field.text().replace("₫", "").strip()
            digits = re.sub(r"[.\s]", "", text)
            if not digits:
                out[metric] = None
            elif not digits.isdigit() or int(digits) > targets.VALUE_MAX:
                problems.setdefault(metric.value, []).append(Problem("amount.invalid"))
                out[metric] = None
            else:
                out[metric] = int(digits)
        return out

    def validate(self) -> Problems:
        problems: Problems = {}
        self.values(problems)
        return problems

    def write(self) -> str:
        changes = {m: v for m, v in self.values().items() if v != self.local.get(m)}
        with self.store.write() as session:
            within = cast(Store, _InTransaction(session))
            for metric, value in changes.items():
                if value is None:
                    targets.clear_target(within, metric, self.kind, self.start)
                else:
                    targets.set_target(within, metric, self.kind, self.start, value)
        return f"{self.kind.value}:{self.start.isoformat()}"
