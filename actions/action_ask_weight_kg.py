from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.delivery import deliver
from actions.dose_query import WEIGHT, dose_query
from actions.question import latest_question
from actions.language import language_of
from baclofen.answers import concerns, doses
from baclofen.answers.model import ASK_WEIGHT, Answer
from baclofen.dosing.lookup import child_oral_before_weight
from baclofen.dosing.person import DoseInputError


class ActionAskWeightKg(Action):
    """The dose form's weight question (Rasa calls action_ask_<slot>): the first time, it first gives what the
    child's age alone says (the rates per kg, the age band's maintenance), so that "max a day for an 8 year old?"
    is answered at once; when the question is asked again, only the question."""

    def name(self) -> Text:
        return "action_ask_weight_kg"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        answer = Answer.of(ASK_WEIGHT, doses.weight_question(language), language=language)
        question = latest_question(tracker)
        if not _asked_before(tracker) or question.age_years is not None:  # new age: its figures
            try:
                answer = doses.before_weight(child_oral_before_weight(dose_query(tracker), language))
            except DoseInputError:
                pass  # no figures to give first: the question alone
            # the message that brought the dose form may ask more ("and can his mum breastfeed?"): answered now,
            # not lost behind the weight question
            answer = concerns.after_dose(question, answer)
        deliver(dispatcher, tracker, answer, asking=WEIGHT)
        return []


def _asked_before(tracker: Tracker) -> bool:
    """Whether the weight was already the form's question when the latest message came in (asked again)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == "requested_slot":
            return event.get("value") == WEIGHT
    return False
