"""Printed documents: the household visit list, household sheets and the reminder list.

``data`` reads the store and imports no Qt at all; ``documents.build`` turns a
``PrintRequest`` into a ``render.Document``; ``layout`` cuts it into A4 pages and
``render`` paints them on a PDF writer (``write_pdf``), a printer (``print_document``)
or a preview (``paint``). Only QtCore/QtGui/QtPrintSupport here, never widgets, so all
of it runs headless and in worker threads. This package module imports nothing, so
``data`` stays importable without Qt.
"""
