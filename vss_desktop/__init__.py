"""VSS Desktop: offline-first app for BHXH/BHYT collectors."""

__version__ = "0.1.0"
APP_NAME = "vss-desktop"
