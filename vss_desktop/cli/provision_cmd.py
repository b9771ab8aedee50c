"""`vss-desktop provision FILE`: set this laptop up from a province file (issue 16 §2;
docs/provisioning.md). No Qt.

Exit codes: 0 done, 2 the file is refused or cannot be applied to this laptop (nothing
changed), 6 the database cannot be opened (store_access). On a laptop that already has a
database, the database is opened (``VSS_PASSPHRASE`` when it is encrypted) to check which
server it is logged in to.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vss_desktop import paths, provisioning
from vss_desktop.cli.store_access import CommandFailed, command_store
from vss_desktop.store.encryption import DatabaseState, database_state

EXIT_REFUSED = 2


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    cmd = sub.add_parser(
        "provision",
        parents=[common],
        help="set this laptop up from a province file (server, certificate authority,"
        " language, idle lock, organisation)",
    )
    cmd.add_argument("file", help="the province file (JSON; see docs/provisioning.md)")
    cmd.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    return provision(paths.data_dir(args.data_dir), Path(args.file))


def provision(data_dir: Path, file: Path) -> int:
    try:
        province = provisioning.read_province_file(file)
    except provisioning.ProvisioningError as exc:
        return _refused(f"province file {file.name}: {exc}")
    try:
        if database_state(data_dir) is DatabaseState.MISSING:
            applied = provisioning.apply(data_dir, province)  # a fresh install
        else:
            with command_store(data_dir, "changed") as store:
                applied = provisioning.apply(data_dir, province, store)
    except CommandFailed as failed:
        return failed.report()
    except provisioning.ProvisioningError as exc:
        return _refused(str(exc))
    print(f"provisioned {data_dir} from {file.name}:")
    for key, value in applied.lines:
        print(f"  {key}: {value}")
    if applied.ended_login:
        print(
            f"the login to {applied.ended_login} was ended: log in to {province.server_url}"
            " (in the window: Sync → Server and login, or `vss-desktop login`)"
        )
    return 0


def _refused(reason: str) -> int:
    print(f"error: {reason}; nothing was changed", file=sys.stderr)
    return EXIT_REFUSED
