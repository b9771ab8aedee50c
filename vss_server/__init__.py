"""The reference central server for VSS Desktop (FastAPI + SQLModel)."""

__version__ = "0.1.0"
API_VERSION = "v1"
# What this server accepts beyond the first v1 protocol, told in /health and in the
# answer to /sync/status: an app holds back what needs a feature its server lacks
# (docs/sync-protocol.md, "Events").
FEATURES = ("events",)
