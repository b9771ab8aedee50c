"""`vss-server campaign create|list|close`: the district's campaigns (issue 15).

Every value is checked by vss_server.campaigns, so a refusal reads the same wherever a
campaign comes from: `error: <message>`, exit 2, nothing written.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from vss_server import campaigns

ACTOR = campaigns.ADMIN_DEVICE


def add_parsers(sub: argparse._SubParsersAction) -> None:
    campaign = sub.add_parser("campaign", help="create, list or close district campaigns")
    what = campaign.add_subparsers(dest="campaign_action", required=True)
    create = what.add_parser("create", help="a new open campaign (checked whole first)")
    create.add_argument("--name", required=True, help=f"1 to {campaigns.NAME_MAX} characters")
    # Dates as text: a bad one is refused like every other value (error:, exit 2).
    create.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    create.add_argument("--to", dest="end", required=True, help="last day (inclusive)")
    create.add_argument(
        "--commune",
        action="append",
        default=[],
        required=True,
        help="PROVINCE/COMMUNE, e.g. 'Lào Cai/Xã Tả Van' (repeat for more)",
    )
    create.add_argument(
        "--target",
        action="append",
        default=[],
        help="METRIC=VALUE: people, or whole đồng for amount_collected (repeat for more)",
    )
    what.add_parser("list", help="every campaign, the newest first")
    close = what.add_parser("close", help="close a campaign (the apps keep showing it)")
    close.add_argument("id")


def _day(text: str, which: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise campaigns.CampaignRefused(
            "invalid_campaign", f"{which}: not a date YYYY-MM-DD: {text!r}"
        ) from None


def _communes(texts: list[str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for text in texts:
        province, slash, commune = (part.strip() for part in text.partition("/"))
        if not slash or not province or not commune:
            raise campaigns.CampaignRefused(
                "invalid_campaign", f"--commune {text!r}: PROVINCE/COMMUNE"
            )
        pairs.append((province, commune))
    return tuple(pairs)


def _targets(texts: list[str]) -> dict[str, int]:
    targets: dict[str, int] = {}
    for text in texts:
        metric, equals, value = (part.strip() for part in text.partition("="))
        try:
            number = int(value)
        except ValueError:
            number = None
        if not equals or number is None:
            raise campaigns.CampaignRefused(
                "invalid_campaign", f"--target {text!r}: METRIC=VALUE, a whole number"
            )
        if metric in targets:
            raise campaigns.CampaignRefused("invalid_campaign", f"--target {metric}: given twice")
        targets[metric] = number
    return targets


def _spec(args: argparse.Namespace) -> campaigns.CampaignSpec:
    return campaigns.CampaignSpec(
        name=args.name,
        start_date=_day(args.start, "--from"),
        end_date=_day(args.end, "--to"),
        communes=_communes(args.commune),
        targets=_targets(args.target),
    )


def _print_list(engine: sa.Engine) -> None:
    with Session(engine) as session:
        views = campaigns.every(session)
    print("id\tfrom\tto\tstatus\tname\tcommunes")
    for v in views:
        print(
            f"{v.id}\t{v.start_date:%d/%m/%Y}\t{v.end_date:%d/%m/%Y}\t{v.status}\t"
            f"{v.name}\t{len(v.communes)}"
        )


def run(engine: sa.Engine, args: argparse.Namespace) -> int:
    try:
        if args.campaign_action == "create":
            print(f"created campaign {campaigns.create(engine, _spec(args), ACTOR)}")
        elif args.campaign_action == "close":
            closed = campaigns.close(engine, args.id, ACTOR)
            print(f"closed campaign {args.id}" if closed else f"campaign {args.id} already closed")
        else:
            _print_list(engine)
    except campaigns.CampaignRefused as refused:
        print(f"error: {refused.message}", file=sys.stderr)
        return 2
    return 0
