from actions.action_clarify import ActionClarify
from tests.action_harness import messages, tracker


def test_unsure_asks_with_the_closest_topics_and_the_pharmacist():
    unsure = tracker(text="tell me more", intent="nlu_fallback")
    unsure.latest_message["intent_ranking"] = [{"name": "nlu_fallback"}, {"name": "ask_side_effects"},
                                               {"name": "ask_uses"}, {"name": "greet"}]
    [message] = messages(ActionClarify(), unsure)
    titles = [button["title"] for button in message["buttons"]]
    assert 2 <= len(titles) <= 4
    assert titles[:2] == ["Side effects", "What it is used for"] and "pharmacist" in titles[-1].lower()
    assert "Side effects:" not in message["text"]  # a question back, no section pasted
