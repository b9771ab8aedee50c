"""`vss-desktop`: the window, or a headless command for scripts (vss_desktop.cli)."""

from __future__ import annotations

import logging
import sys

from vss_desktop import paths
from vss_desktop.cli.window_options import window_args
from vss_desktop.update import launcher


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # The window's options alone: the commands (and the store they import) are not loaded,
    # so the passphrase's key derivation starts on a small process (issue 17).
    args = window_args(argv)
    if args is None:
        # A command, --help or --version: started once its code has loaded, for a launcher
        # trying an update (the window says so once it is up: vss_desktop.ui.app.run).
        launcher.mark_started()
        from vss_desktop.cli.parser import build_parser

        args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    handler = getattr(args, "handler", None)
    if handler is not None:  # a headless command
        return handler(args)
    from vss_desktop.ui.app import run  # Qt is loaded only for the window

    return run(paths.data_dir(args.data_dir), demo=args.demo, language=args.lang)


if __name__ == "__main__":
    sys.exit(main())
