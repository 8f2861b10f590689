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


def test_a_question_naming_nothing_the_leaflet_answers_is_said_back_before_the_topics():
    # asked plainly, about something no topic, medicine or symptom of the leaflet names: the reply says which
    # question it found no answer to, then offers the topics in case something else was meant
    from tests.actions.question_harness import asked
    unsure = asked("My uncle does it every winter morning. Is ice swimming in the fjord ok with his baclofen?",
                   intent="nlu_fallback")
    unsure.latest_message["intent_ranking"] = [{"name": "nlu_fallback"}, {"name": "ask_interaction"}]
    [message] = messages(ActionClarify(), unsure)
    assert message["text"].startswith("I found no answer in the leaflet to your question")
    assert "ice swimming in the fjord ok with his baclofen" in message["text"]
    assert "If you meant something else, is it about one of these?" in message["text"]
    assert "pharmacist" in message["buttons"][-1]["title"].lower()


def test_a_question_back_that_found_a_known_subject_stays_a_plain_question_back():
    # "stop" is a subject of the leaflet: never said to be one it has no answer to
    from tests.actions.question_harness import asked
    unsure = asked("Is it fine for him to stop on the ferry crossing tomorrow?", intent="nlu_fallback")
    unsure.latest_message["intent_ranking"] = [{"name": "nlu_fallback"}, {"name": "ask_withdrawal"}]
    [message] = messages(ActionClarify(), unsure)
    assert message["text"].startswith("I'm not sure what you are asking.")
    assert "found no answer" not in message["text"]
