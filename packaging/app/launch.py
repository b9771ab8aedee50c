"""The bundle's entry point (packaging/app/vss-desktop.spec): the same `main` as the
installed `vss-desktop` script, the window or a headless command."""

import sys

from vss_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
