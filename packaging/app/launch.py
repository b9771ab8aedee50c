"""The bundle's entry point (packaging/app/vss-desktop.spec): the same `main` as the
installed `vss-desktop` script, the window or a headless command.

First it hands over to a newer version that an update staged or installed
(vss_desktop.update.launcher, docs/updates.md); that version, started by this one, says
it started once its first window is up (a command: once its code has loaded), so a broken
update is rolled back."""

import sys

from vss_desktop import __version__
from vss_desktop.update import launcher

if __name__ == "__main__":
    handed_over = launcher.main_guarded(__version__)
    if handed_over is not None:
        sys.exit(handed_over)
    from vss_desktop.__main__ import main

    sys.exit(main())  # main() says when it started (launcher.mark_started)
