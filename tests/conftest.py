"""Shared fixtures. Settings are read once per process (baclofen.settings); a test that changes the environment
does it through `configure`, and every test starts from the real environment's settings."""
import pytest

from baclofen import settings


@pytest.fixture(autouse=True)
def _fresh_settings():
    settings.reload()
    yield
    settings.reload()


@pytest.fixture
def configure(monkeypatch):
    """configure(BACLOFEN_HOTLINE="1900 1234", ...): set variables for this test and read the settings again."""
    def apply(**variables):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return settings.reload()
    return apply
