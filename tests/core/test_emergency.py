"""The emergency backstop: emergencies in everyday words are caught; ordinary questions are not."""
import pytest

from baclofen.language.emergency import is_emergency


@pytest.mark.parametrize("text", [
    "my kid ate my baclofen", "my child swallowed my baclofen tablets", "I think I overdosed",
    "help my son swallowed a whole strip of my baclofen tablets", "took too many baclofen",
    "she took the whole bottle", "he is not breathing", "I can't wake him up", "my toddler got into my pills",
    "his pump ran out and he has a fever", "the pump alarm is beeping", "he is having a seizure",
    "the pump is empty and she is confused", "my daughter swallowed 10 tablets", "he had too many tablets",
    "HE'S CONVULSING", "fever and confusion since the pump stopped",
])
def test_emergencies_are_caught(text):
    assert is_emergency(text)


@pytest.mark.parametrize("text", [
    "I took my baclofen at 8am", "can I eat grapefruit with baclofen", "I ate before taking baclofen",
    "the tablets are hard to swallow", "what if the pump is empty", "how does the pump work", "dose for my son",
    "can baclofen cause seizures when stopped?", "what is baclofen used for", "I swallowed my tablet with water",
    "", "   ", "🙂", "巴氯芬的剂量是多少",
])
def test_ordinary_questions_are_not_emergencies(text):
    assert not is_emergency(text)


def test_non_text_is_not_an_emergency():
    assert not is_emergency(None)
