"""Keyboard-only driving of widgets, shared by the GUI tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_text(qtbot, text: str) -> None:
    """Type into the focused widget, one key event per character.

    QTest maps only ASCII characters to key codes (it aborts on others), so the
    Vietnamese letters go as key events carrying their text, which is what a
    Vietnamese keyboard layout sends.
    """
    for char in text:
        if char.isascii():
            qtbot.keyClick(focused(), char)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                focused(),
                Qt.Key.Key_unknown,
                char,
                Qt.KeyboardModifier.NoModifier,
            )


def press(qtbot, key: Qt.Key, times: int = 1, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifier)


def tab(qtbot, times: int = 1) -> None:
    press(qtbot, Qt.Key.Key_Tab, times)
