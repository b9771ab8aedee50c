"""The commune's Excel/CSV lists of households and members: read, check, template.

Shared by the server's ``vss-server import`` and the app's import (issue 13), Qt-free
and database-free. See docs/import.md.
"""

from vss_core.importing.errors import MESSAGES, ListRefused, RowProblem, message
from vss_core.importing.parser import ParsedHousehold, ParsedList, ParsedPerson, parse_list
from vss_core.importing.reading import MAX_DATA_ROWS
from vss_core.importing.template import write_template

__all__ = [
    "MAX_DATA_ROWS",
    "MESSAGES",
    "ListRefused",
    "ParsedHousehold",
    "ParsedList",
    "ParsedPerson",
    "RowProblem",
    "message",
    "parse_list",
    "write_template",
]
