"""Write resources/translations/qtbase_vi.ts: Vietnamese for Qt's own strings we show.

Qt ships no Vietnamese catalog, so standard buttons and the edit context menu
would appear in English; this covers the ones a collector meets.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

EDIT_MENU = {
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "&Cắt",
    "&Copy": "&Sao chép",
    "&Paste": "&Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
}
CONTEXTS = {
    "QPlatformTheme": {
        "OK": "Đồng ý",
        "Save": "Lưu",
        "Save All": "Lưu tất cả",
        "Open": "Mở",
        "&Yes": "&Có",
        "Yes to &All": "Có cho &tất cả",
        "&No": "&Không",
        "N&o to All": "K&hông cho tất cả",
        "Abort": "Hủy bỏ",
        "Retry": "Thử lại",
        "Ignore": "Bỏ qua",
        "Close": "Đóng",
        "Cancel": "Hủy",
        "Discard": "Bỏ thay đổi",
        "Help": "Trợ giúp",
        "Apply": "Áp dụng",
        "Reset": "Đặt lại",
        "Restore Defaults": "Khôi phục mặc định",
    },
    "QLineEdit": EDIT_MENU,
    "QWidgetTextControl": EDIT_MENU,
    "QAbstractSpinBox": {"&Select All": "&Chọn tất cả", "&Step up": "&Tăng", "Step &down": "&Giảm"},
}


def main() -> None:
    root = ET.Element("TS", version="2.1", language="vi_VN")
    for name, messages in CONTEXTS.items():
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = name
        for source, translation in messages.items():
            message = ET.SubElement(context, "message")
            ET.SubElement(message, "source").text = source
            ET.SubElement(message, "translation").text = translation
    ET.indent(root)
    target = Path(__file__).resolve().parent.parent / "resources/translations/qtbase_vi.ts"
    target.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        + ET.tostring(root, encoding="unicode")
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
