from typing import Any, Dict, List, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.delivery import deliver
from actions.dose_query import (
    AGE, AGE_APPROXIMATE, CONDITIONS, POPULATION, ROUTE, WEIGHT, dose_query, slots_still_needed,
)
from actions.question import latest_question
from baclofen.answers import compose
from baclofen.dosing.person import DoseInputError, check_age, check_weight_for_age

NEW_QUESTION = "ask_dose"  # a new dose question (not an answer to the form's): a new age means a new person


def interruptions(domain: DomainDict) -> set:
    """Intents that never fill a dose slot (domain.yml): their rules answer them, and the form must let them (a
    validation that sets nothing makes Rasa hand the turn to those rules)."""
    return {intent for mapping in domain["slots"][AGE]["mappings"] for intent in mapping.get("not_intent", [])}


class ValidateDoseForm(FormValidationAction):
    """Asks only for what the answer needs and checks what each message changed, once, as a whole person (an age
    and the weight given with it together); the sentence of a bad value is said as it is."""

    def name(self) -> Text:
        return "validate_dose_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        about_nobody = tracker.get_slot("requested_slot") is None and not latest_question(tracker).has_person
        return slots_still_needed(dose_query(tracker), about_nobody)

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> List[EventType]:
        # Slot values to check (at the form's start: every value given before it, too), and what the latest
        # message itself said: the person's latest word decides between an exact age and "adult".
        changed: Dict[Text, Any] = tracker.slots_to_validate()
        question = latest_question(tracker)
        said = {entity.get("entity") for entity in tracker.latest_message.get("entities", [])
                if entity.get("role") is None}
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        result: Dict[Text, Any] = {}
        if POPULATION in said and not said & {"age", "number"} and changed.get(POPULATION) is not None:
            result[AGE] = None  # "adult" replaces an age given before
        elif changed.get(AGE) is not None:
            try:
                check_age(changed[AGE])
                result[POPULATION] = None  # an exact age replaces "adult"
                result[AGE_APPROXIMATE] = question.age_approximate
                new_person = ((intent == NEW_QUESTION and changed[AGE] != tracker.get_slot(AGE))
                              or question.another_person)  # "actually it's for his brother, he's 2"
                if new_person and "weight" not in said:
                    result[WEIGHT] = None  # someone else's dose: not the weight of the person before
            except DoseInputError as error:
                deliver(dispatcher, tracker, compose.input_error(error))
                result[AGE] = None
        age = result[AGE] if AGE in result else changed.get(AGE, tracker.get_slot(AGE))
        weight = changed.get(WEIGHT) if WEIGHT not in result else None
        if weight is not None and age is not None:  # with no age yet, the dose lookup checks it
            try:
                check_weight_for_age(weight, age)
            except DoseInputError as error:
                deliver(dispatcher, tracker, compose.input_error(error))
                result[WEIGHT] = None
        if "kidneys" in question.conditions:
            result["renal_impairment"] = True
        if question.conditions:
            result[CONDITIONS] = list(dict.fromkeys([*(tracker.get_slot(CONDITIONS) or []), *question.conditions]))

        requested = tracker.get_slot("requested_slot")
        answered = {name for name in changed if name in (AGE, POPULATION, ROUTE, WEIGHT)}
        if requested in (AGE, ROUTE, WEIGHT) and not answered and intent not in interruptions(domain):
            deliver(dispatcher, tracker, compose.ask_again(requested))  # the answer did not say what was asked
            result[requested] = None
        return [SlotSet(name, value) for name, value in {**changed, **result}.items()]
