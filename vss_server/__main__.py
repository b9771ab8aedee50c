import sys

from vss_server.cli import main

sys.exit(main())
