"""Fixtures of the metrics tests."""

import pytest


@pytest.fixture(autouse=True)
def _community_in_kyiv(settings):
    """The fixtures are written in Kyiv wall-clock time, whatever HUB_TIME_ZONE says."""
    settings.TIME_ZONE = "Europe/Kyiv"
