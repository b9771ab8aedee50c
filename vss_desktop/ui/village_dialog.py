"""The collector's village list per commune: add, rename, remove, put in route order.

Work → Villages…. Households keep their village as text; this list is what the household
form offers first, in this order. Everything here is a few rows: the reads are quick
indexed queries and run on the UI thread like the other small forms' saves.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vss_desktop.labels import problem_message
from vss_desktop.store import Store, villages
from vss_desktop.store.services import NotFound, ValidationFailed
from vss_desktop.ui.widgets import line_edit


class VillageDialog(QDialog):
    def __init__(self, store: Store, commune: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("villageDialog")
        self.setWindowTitle(self.tr("Villages of a commune"))
        self.store = store
        self.commune = QComboBox()
        self.commune.setObjectName("villageCommune")
        self.commune.setEditable(True)
        self.commune.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line_edit(self.commune).setPlaceholderText(self.tr("commune or ward, as on the households"))
        with store.read() as session:
            self.commune.addItems(villages.communes(session))
        self.commune.setCurrentIndex(-1)
        self.commune.setEditText(commune)
        self.commune.currentTextChanged.connect(lambda _t: self.reload())
        self.list = QListWidget()
        self.list.setObjectName("villageList")
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newVillage")
        self.new_name.setMaxLength(villages.NAME_MAX)
        self.new_name.setPlaceholderText(self.tr("a new village, then Enter"))
        self.new_name.returnPressed.connect(self.add)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")

        self.add_used_button = QPushButton(self.tr("Add the names &in use"))
        self.rename_button = QPushButton(self.tr("&Rename…"))
        self.remove_button = QPushButton(self.tr("Re&move"))
        self.up_button = QPushButton(self.tr("&Up"))
        self.down_button = QPushButton(self.tr("&Down"))
        self.add_used_button.clicked.connect(self.add_used)
        self.rename_button.clicked.connect(self.rename)
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        side = QVBoxLayout()
        for button in (self.up_button, self.down_button, self.rename_button, self.remove_button):
            side.addWidget(button)
        for button in (
            self.up_button,
            self.down_button,
            self.rename_button,
            self.remove_button,
            self.add_used_button,
        ):
            # Enter in the name field adds the village; it must not also press a button.
            button.setAutoDefault(False)
            button.setDefault(False)
        side.addStretch(1)
        side.addWidget(self.add_used_button)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 1)
        middle.addLayout(side)

        form = QFormLayout()
        commune_label = QLabel(self.tr("&Commune:"))
        commune_label.setBuddy(self.commune)
        form.addRow(commune_label, self.commune)
        new_label = QLabel(self.tr("&New village:"))
        new_label.setBuddy(self.new_name)
        form.addRow(new_label, self.new_name)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        for close in buttons.buttons():
            if isinstance(close, QPushButton):
                close.setAutoDefault(False)
        hint = QLabel(
            self.tr(
                "The household form offers these names first, in this order (the order of"
                " your route). Households keep the name they were saved with."
            )
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(middle, 1)
        layout.addWidget(self.message)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setMinimumSize(520, 460)
        self.list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.reload()

    # --- reading -------------------------------------------------------------------------

    def current_commune(self) -> str:
        return " ".join(self.commune.currentText().split())

    def names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def reload(self, select_id: str | None = None) -> None:
        commune = self.current_commune()
        self.list.clear()
        if commune:
            with self.store.read() as session:
                listed = villages.list_villages(session, commune)
                in_use = villages.known_villages(session, commune)[len(listed) :]
            for village in listed:
                item = QListWidgetItem(village.name)
                item.setData(Qt.ItemDataRole.UserRole, village.id)
                self.list.addItem(item)
                if village.id == select_id:
                    self.list.setCurrentItem(item)
            self.add_used_button.setText(
                self.tr("Add the names &in use (%1)").replace("%1", str(len(in_use)))
            )
            self.add_used_button.setEnabled(bool(in_use))
        else:
            self.add_used_button.setEnabled(False)
        self.new_name.setEnabled(bool(commune))
        self._update_buttons()

    def _selected_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _update_buttons(self) -> None:
        row, count = self.list.currentRow(), self.list.count()
        chosen = row >= 0
        for button in (self.rename_button, self.remove_button):
            button.setEnabled(chosen)
        self.up_button.setEnabled(chosen and row > 0)
        self.down_button.setEnabled(chosen and row < count - 1)

    # --- changes ---------------------------------------------------------------------------

    def _run(self, change: Callable[[], object]) -> bool:
        try:
            change()
        except ValidationFailed as exc:
            problems = [p for items in exc.problems.values() for p in items]
            self.message.setText("\n".join(problem_message(p) for p in problems))
            return False
        except NotFound:
            self.message.setText(self.tr("This village is no longer in the list."))
            self.reload()
            return False
        self.message.clear()
        return True

    def add(self) -> None:
        name = self.new_name.text()
        added: list[str] = []

        def change() -> None:
            added.append(villages.add_village(self.store, self.current_commune(), name).id)

        if self._run(change):
            self.new_name.clear()
            self.reload(select_id=added[0])
            self.new_name.setFocus()

    def add_used(self) -> None:
        if self._run(lambda: villages.add_used_villages(self.store, self.current_commune())):
            self.reload()

    def rename(self) -> None:
        village_id = self._selected_id()
        if village_id is None:
            return
        name, ok = QInputDialog.getText(
            self,
            self.tr("Rename the village"),
            self.tr("New name:"),
            text=self.list.currentItem().text(),
        )
        if ok and self._run(lambda: villages.rename_village(self.store, village_id, name)):
            self.reload(select_id=village_id)

    def remove(self) -> None:
        village_id = self._selected_id()
        if village_id is None:
            return
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            self.tr("Take “%1” off the list? Its households keep their village.").replace(
                "%1", self.list.currentItem().text()
            ),
        )
        if answer == QMessageBox.StandardButton.Yes and self._run(
            lambda: villages.remove_village(self.store, village_id)
        ):
            self.reload()

    def move_selected(self, steps: int) -> None:  # not move(): that is QWidget's
        village_id = self._selected_id()
        if village_id and self._run(lambda: villages.move_village(self.store, village_id, steps)):
            self.reload(select_id=village_id)
            self.list.setFocus()
