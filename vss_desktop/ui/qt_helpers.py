"""Small typed helpers for widgets built in code.

``named(QLabel(), "status")`` makes a widget and gives it its object name in one go. Qt
for Python takes any Qt property as a constructor keyword (``objectName=``), but its stubs
list only each class's own properties, so the type checker refuses the inherited
``objectName``; ``named`` says the same thing and keeps the widget's type.

``cell(table, row, column)`` is a QTableWidget cell the dialog put there itself: Qt's
``item()`` answers None for an empty cell, which for these cells would be a bug.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

Q = TypeVar("Q", bound=QObject)


def named(obj: Q, name: str) -> Q:
    """``obj`` with its object name (what tests and style sheets find it by) set."""
    obj.setObjectName(name)
    return obj


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item at ``row``, ``column``; a cell left empty is a programming error."""
    item = table.item(row, column)
    if item is None:
        raise LookupError(f"{table.objectName()}: no item at row {row}, column {column}")
    return item
