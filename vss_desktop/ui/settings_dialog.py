"""Settings: language, the collector's username and printed name, the 'expiring soon'
window, the lock."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from vss_desktop.settings import RANGES, Settings


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        self.language = QComboBox()
        self.language.setObjectName("languageBox")
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.collector = QLineEdit(settings.collector)
        self.collector.setObjectName("collectorEdit")
        self.collector_name = QLineEdit(settings.collector_name)
        self.collector_name.setObjectName("collectorNameEdit")
        self.collector_name.setMaxLength(120)
        self.collector_name.setPlaceholderText(self.tr("empty: your account's name"))
        self.days = QSpinBox()
        self.days.setRange(*RANGES["expiring_days"])
        self.days.setValue(settings.expiring_days)
        self.days.setSuffix(self.tr(" days"))
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setObjectName("lockMinutes")
        self.lock_minutes.setRange(*RANGES["lock_after_minutes"])
        self.lock_minutes.setValue(settings.lock_after_minutes)
        self.lock_minutes.setSuffix(self.tr(" minutes without use"))

        form = QFormLayout(self)
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow(self.tr("&Collector username:"), self.collector)
        form.addRow(self.tr("Collector &name on printed lists:"), self.collector_name)
        form.addRow(self.tr("Card &expiring soon within:"), self.days)
        form.addRow(self.tr("Lock the app &after:"), self.lock_minutes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _save(self) -> None:
        self.settings = replace(
            self.settings,
            language=self.language.currentData(),
            collector=self.collector.text().strip(),
            collector_name=" ".join(self.collector_name.text().split()),
            expiring_days=self.days.value(),
            lock_after_minutes=self.lock_minutes.value(),
        )
        self.accept()
