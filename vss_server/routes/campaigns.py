"""GET /campaigns: the district's campaigns a caller may see, sent whole at every sync.
See docs/sync-protocol.md."""

from __future__ import annotations

from fastapi import APIRouter

from vss_server.campaigns import CampaignView, campaigns_for, current_version
from vss_server.deps import Auth, SessionDep
from vss_server.schemas import CampaignCommuneOut, CampaignOut, CampaignsOut, error_responses

router = APIRouter(tags=["campaigns"])


def _out(view: CampaignView) -> CampaignOut:
    return CampaignOut(
        id=view.id,
        name=view.name,
        start_date=view.start_date,
        end_date=view.end_date,
        status="closed" if view.status == "closed" else "open",
        communes=[CampaignCommuneOut(province=p, commune=c) for p, c in view.communes],
        targets=view.targets,
        version=view.version,
        updated_at=view.updated_at,
    )


@router.get("/campaigns", response_model=CampaignsOut, responses=error_responses(401))
def list_campaigns(auth: Auth, session: SessionDep) -> CampaignsOut:
    """A collector's campaigns: those covering a commune of their areas or of a household
    they hold. A supervisor gets every campaign."""
    user, _token = auth
    return CampaignsOut(
        version=current_version(session),
        campaigns=[_out(v) for v in campaigns_for(session, user)],
    )
