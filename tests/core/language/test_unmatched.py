"""baclofen/language/unmatched.py: the questions of a story nothing else understood, and only those."""
import pytest

from baclofen.language import entities
from baclofen.language.unmatched import QUOTE_CHARS, unmatched_questions


def unmatched(text):
    return unmatched_questions(text, entities.extract(text))


def test_a_question_on_something_the_leaflet_never_names_is_kept_as_written():
    story = ("My wife has had the pump for two years and it has changed her life. We are going to see her sister "
             "in Da Nang next month. Does the leaflet say anything about flying with a pump? Also, is it fine "
             "for her to swim in the sea?")
    # flying is a topic of its own (travel); swimming in the sea is nothing the assistant knows
    assert unmatched(story) == ("is it fine for her to swim in the sea?",)


@pytest.mark.parametrize("question", [
    "Can I just stop today?",                      # stopping: the leaflet says not suddenly
    "What's the most he is allowed in a day?",     # the dose ceiling
    "Can I keep working the forklift?",            # machines: a precaution
    "Will it make me even sleepier?",              # a side effect
    "Is that the baclofen?",                       # points back only
    "Should I worry?",
    "Can we push towards 144?",                    # a figure: a dose question
    "Is a glass of champagne at the wedding all right?",  # alcohol
    "Does it cause headaches?",                    # a symptom the extractor knows
])
def test_questions_of_the_leaflets_own_subjects_are_not_unmatched(question):
    story = "I have been on baclofen for a few months now for my MS and mostly it has been fine. " + question
    assert unmatched(story) == ()


def test_a_long_question_is_quoted_by_its_end():
    question = ("and one more thing that has been bothering me for quite a while now since the neighbours mentioned "
                "it at the barbecue, is it true that a copper bracelet helps the tablets work?")
    found = unmatched("My son takes baclofen. " + question)
    assert len(found) == 1 and len(found[0]) <= QUOTE_CHARS + 3
    assert found[0].startswith("...") and found[0].endswith("helps the tablets work?")
