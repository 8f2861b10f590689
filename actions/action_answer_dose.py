from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.delivery import deliver
from actions.logic import answers
from actions.logic.dose_lookup import DoseInputError, DoseQuery, lookup, parse_age, parse_weight


class ActionAnswerDose(Action):
    """Runs when the dose form is complete: slots -> dose lookup -> the dose answer.

    Weight is cleared afterwards so a follow-up about another person never reuses it.
    """

    def name(self) -> Text:
        return "action_answer_dose"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        try:
            years, group = parse_age(tracker.get_slot("age"))
            weight = tracker.get_slot("weight")
            query = DoseQuery(route=tracker.get_slot("route"), age_years=years, age_group=group,
                              weight_kg=parse_weight(weight) if weight else None,
                              renal_impairment=bool(tracker.get_slot("renal_impairment")),
                              origin=tracker.get_slot("origin"))
            dose = lookup(query)
        except DoseInputError as error:
            deliver(dispatcher, tracker, str(error))
        else:
            deliver(dispatcher, tracker, answers.dose(dose), dose=dose)
        return [SlotSet("weight", None)]
