"""Publish a bundle as a signed update: tufup's repository tools (docs/updates.md).

    python packaging/app/publish_update.py init  --repo DIR --keys DIR
    python packaging/app/publish_update.py add   BUNDLE_DIR --version X --repo DIR --keys DIR
                                                 [--no-patch] [--required]
    python packaging/app/publish_update.py renew --repo DIR --keys DIR

Run it on the release machine, where the keys are, never on the server: it makes the
archive (and a patch from the previous one), signs the TUF metadata, and leaves
DIR/metadata and DIR/targets to copy to the server's VSS_SERVER_UPDATES_DIR. ``init``
creates the keys (once; keep them offline and backed up) and the first root.json, which
`build.py --trusted-root DIR/metadata/root.json` puts in every bundle. ``renew`` signs the
timestamp and snapshot again before they expire (TIMESTAMP_DAYS): an app refuses
metadata past its date and then finds no update (it goes on running).
Prints a JSON line: the files and their sizes.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from tufup.repo import Repository

APP_NAME = "vss-desktop"  # vss_desktop.APP_NAME: the archives' names, the client's filter
# Days each role's signature holds. The timestamp says "this is the newest": short enough
# that a captured old repository is refused, long enough for a province's release rhythm.
EXPIRATION_DAYS = {"root": 730, "targets": 365, "snapshot": 365, "timestamp": 60}


class _Repository(Repository):
    """tufup's Repository without its config file in the working directory: every setting
    comes from this script's options."""

    @classmethod
    def load_config(cls) -> dict:
        return {}

    def save_config(self) -> None:
        pass


def open_repository(repo: Path, keys: Path) -> Repository:
    repository = _Repository(
        app_name=APP_NAME,
        repo_dir=repo,
        keys_dir=keys,
        expiration_days=dict(EXPIRATION_DAYS),
    )
    if (repo / "metadata" / "root.json").exists():
        # What tufup's own from_config does; initialize() would ask to overwrite the keys.
        repository._load_keys_and_roles(create_keys=False)
    else:
        repository.initialize()  # the keys and the first root.json
    return repository


def add(bundle: Path, version: str, repo: Path, keys: Path, patch: bool, required: bool) -> dict:
    repository = open_repository(repo, keys)
    repository.add_bundle(
        new_bundle_dir=bundle, new_version=version, skip_patch=not patch, required=required
    )
    repository.publish_changes(private_key_dirs=[keys])
    return _report(repository, version)


def renew(repo: Path, keys: Path) -> dict:
    repository = open_repository(repo, keys)
    for role in ("snapshot", "timestamp"):
        repository.refresh_expiration_date(role)
    repository.publish_changes(private_key_dirs=[keys])
    return _report(repository, "")


def _report(repository: Repository, version: str) -> dict:
    targets = repository.targets_dir
    files = {p.name: p.stat().st_size for p in sorted(targets.iterdir()) if p.is_file()}
    chosen = {n: s for n, s in files.items() if not version or f"-{version}." in n}
    return {"repo": str(repository.repo_dir), "targets": chosen}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("init", "add", "renew"):
        command = sub.add_parser(name)
        command.add_argument("--repo", type=Path, required=True, help="the repository folder")
        command.add_argument("--keys", type=Path, required=True, help="the private keys' folder")
        if name == "add":
            command.add_argument("bundle", type=Path, help="the bundle folder (dist/vss-desktop)")
            command.add_argument("--version", required=True, help="numbers and dots: 1.4.0")
            command.add_argument("--no-patch", action="store_true", help="archive only")
            command.add_argument(
                "--required", action="store_true", help="apps install it before any later one"
            )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "init":
        report = _report(open_repository(args.repo, args.keys), "")
    elif args.command == "add":
        if not (args.bundle / APP_NAME).exists() and not (args.bundle / f"{APP_NAME}.exe").exists():
            print(f"error: {args.bundle} has no {APP_NAME} program", file=sys.stderr)
            return 2
        report = add(
            args.bundle, args.version, args.repo, args.keys, not args.no_patch, args.required
        )
    else:
        report = renew(args.repo, args.keys)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
