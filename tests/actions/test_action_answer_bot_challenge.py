from actions.action_answer_bot_challenge import ActionAnswerBotChallenge
from tests.action_harness import text, tracker


def test_bot_challenge_says_automated_and_offers_pharmacist(configure):
    configure(BACLOFEN_HOTLINE="1900 000")
    answer = text(ActionAnswerBotChallenge(), tracker())
    assert "automated assistant" in answer and "1900 000" in answer
