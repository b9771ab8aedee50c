"""Server logging that keeps personal data out of the log files.

The server never logs request bodies or record values itself. What could still
carry them is an exception's message: a database error quotes the SQL parameters
(names, CCCD numbers, phones), and Starlette re-raises every unexpected error so
that uvicorn logs it too. Every formatter here prints tracebacks as code locations
and the exception's type only, never its message.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

WITHHELD = "(message withheld: it may quote personal data)"


def redacted_traceback(exc_info: Any) -> str:
    etype, _value, tb = exc_info
    frames = "".join(traceback.format_tb(tb))
    name = f"{etype.__module__}.{etype.__qualname__}" if etype else "Exception"
    return f"Traceback (most recent call last):\n{frames}{name}: {WITHHELD}"


class RedactingFormatter(logging.Formatter):
    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        return redacted_traceback(ei)

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return stack_info


def _uvicorn_formatter(base: str) -> type[logging.Formatter]:
    import uvicorn.logging

    parent = getattr(uvicorn.logging, base)
    return type(f"Redacting{base}", (RedactingFormatter, parent), {})


def redacting_default_formatter(**kwargs: Any) -> logging.Formatter:
    return _uvicorn_formatter("DefaultFormatter")(**kwargs)


def redacting_access_formatter(**kwargs: Any) -> logging.Formatter:
    return _uvicorn_formatter("AccessFormatter")(**kwargs)


LINE = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's logging setup with redacting formatters, for the server's own loggers too.

    The access log holds the client address, method, path with query and status: no
    route takes personal data in its path or query (the pull cursor is opaque).
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "default": {
                "()": "vss_server.logs.redacting_default_formatter",
                "fmt": LINE,
                "use_colors": False,
            },
            "access": {
                "()": "vss_server.logs.redacting_access_formatter",
                "fmt": '%(asctime)s %(levelname)s %(client_addr)s "%(request_line)s" %(status_code)s',
                "use_colors": False,
            },
        },
        "handlers": {
            "default": {
                "formatter": "default",
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
            },
            "access": {
                "formatter": "access",
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
            },
        },
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
            "vss_server": {"handlers": ["default"], "level": "INFO", "propagate": False},
        },
    }


def configure_cli_logging() -> None:
    """Admin commands: plain lines on stderr, tracebacks redacted the same way."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
