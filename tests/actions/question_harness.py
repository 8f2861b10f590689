"""A tracker whose latest message carries the typed question the Rasa server's NLU would have read from it."""
from baclofen.language import entities
from baclofen.language.question import read
from tests.action_harness import tracker


def asked(text: str, intent: str = "", slots=None, **extra):
    found = entities.extract(text)
    question = read(text, found)
    result = tracker(text=text, intent=intent, entities=[(e["entity"], e["value"]) for e in found], slots=slots,
                     **extra)
    result.latest_message["question"] = question.as_dict()
    return result
