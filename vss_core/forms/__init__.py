"""The VSS lists D03-TS (household BHYT participants) and D05-TS (voluntary SI participants)
of a period, shared by the app and the server (issue 13; docs/forms.md).

- :mod:`.participants`: from plain result rows (a visit's per-member results with their
  household and person) to the form's groups, rows and totals. No database, no Qt.
- :mod:`.workbook`: the form as an .xlsx file (openpyxl, imported only by who writes one).

Each end only selects its rows (vss_desktop.store.forms_query, vss_server.forms_export).
"""
