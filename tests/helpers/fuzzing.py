"""Hypothesis settings shared by the tests that fuzz the real server."""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings


def hypothesis_settings(examples: int) -> settings:
    """Derandomized (the same cases every run, so a failure replays), no shrinking."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,  # nothing written into the work tree
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],  # report the case as found, no shrinking
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
