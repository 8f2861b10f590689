from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.delivery import deliver
from actions.dose_query import WEIGHT, dose_query
from baclofen.answers import compose
from baclofen.dosing.lookup import lookup
from baclofen.dosing.person import DoseInputError


class ActionAnswerDose(Action):
    """Runs when the dose form is complete: slots -> dose lookup -> the dose answer.

    Weight is cleared afterwards so a follow-up about another person never reuses it.
    """

    def name(self) -> Text:
        return "action_answer_dose"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        try:
            answer = compose.dose(lookup(dose_query(tracker)))
        except DoseInputError as error:
            answer = compose.input_error(error)
        deliver(dispatcher, tracker, answer)
        return [SlotSet(WEIGHT, None)]
