"""The reference central server for VSS Desktop (FastAPI + SQLModel)."""

__version__ = "0.1.0"
API_VERSION = "v1"
