from actions.action_handoff import ActionHandoff
from tests.action_harness import text, tracker


def test_handoff_gives_the_hotline(configure):
    configure(BACLOFEN_HOTLINE="1900 000")
    assert "1900 000" in text(ActionHandoff(), tracker())
