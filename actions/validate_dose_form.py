from typing import Any, Dict, List, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.delivery import deliver
from actions.dose_query import (
    AGE, AGE_APPROXIMATE, CONDITIONS, ORIGIN, PERSON_FACTS, POPULATION, ROUTE, WEIGHT, dose_query,
    slots_still_needed,
)
from actions.question import latest_question
from actions.language import language_of
from baclofen.answers import compose
from baclofen.dosing.person import DoseInputError, check_age, check_weight_for_age, is_child
from baclofen.language.question import Question

NEW_QUESTION = "ask_dose"  # a new dose question (not an answer to the form's): a new age means a new person
ANOTHER_PERSON = "ask_dose_another_person"  # "and for her brother?": someone new, nothing said of them yet


def interruptions(domain: DomainDict) -> set:
    """Intents that never fill a dose slot (domain.yml): their rules answer them, and the form must let them (a
    validation that sets nothing makes Rasa hand the turn to those rules)."""
    return {intent for mapping in domain["slots"][AGE]["mappings"] for intent in mapping.get("not_intent", [])}


def _is_adult(age: Optional[float], population: Optional[str]) -> bool:
    return population is not None or (age is not None and not is_child(age, None))


def slots_before_message(tracker: Tracker) -> Dict[Text, Any]:
    """The slots as they were when the latest message came in: by the time the form validates, Rasa has already
    set what the message said."""
    users = [index for index, event in enumerate(tracker.events) if event.get("event") == "user"]
    values: Dict[Text, Any] = {}
    for event in tracker.events[:users[-1] if users else 0]:
        if event.get("event") == "slot":
            values[event.get("name")] = event.get("value")
        elif event.get("event") in ("restart", "session_started"):
            values = {}  # a new session carries no slot over (domain.yml)
    return values


def route_unclear(tracker: Tracker, question: Question) -> bool:
    """Both routes named in the latest message, neither of them the one asked ("the tablets make him sleepy ... a
    pump: what dose do they start with?"), and none chosen before it (Rasa fills the slot with one of the two)."""
    return question.routes_unclear and slots_before_message(tracker).get(ROUTE) is None


def another_person(tracker: Tracker, said: set, changed: Dict[Text, Any]) -> bool:
    """Whether the latest message is about someone other than the person of the answer before: said so ("and for
    her brother?", "it's for his sister"), an adult after a child or a child after an adult, or a new dose
    question with another age. A corrected age ("sorry he's 7 not 4") is the same person."""
    question = latest_question(tracker)
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if question.another_person or intent == ANOTHER_PERSON:
        return True
    before = slots_before_message(tracker)
    before_age, before_population = before.get(AGE), before.get(POPULATION)
    if before_age is None and before_population is None:
        return False  # nobody before
    if POPULATION in said and not said & {"age", "number"}:
        return before_population != changed.get(POPULATION) and not _is_adult(before_age, None)
    if said & {"age", "number"} and changed.get(AGE) is not None:
        now_adult = _is_adult(changed[AGE], None)
        return (now_adult != _is_adult(before_age, before_population)
                or (intent == NEW_QUESTION and changed[AGE] != before_age))
    # "dose for my daughter" after an adult's dose: a child, age not said yet
    return question.child_named and question.age_years is None and _is_adult(before_age, before_population)


class ValidateDoseForm(FormValidationAction):
    """Asks only for what the answer needs and checks what each message changed, once, as a whole person (an age
    and the weight given with it together); the sentence of a bad value is said as it is. A new person starts a
    new set of facts: what was said of the person before (weight, route, conditions) is not carried over to them."""

    def name(self) -> Text:
        return "validate_dose_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        question = latest_question(tracker)
        about_nobody = (tracker.get_slot("requested_slot") is None and not question.has_person
                        and not question.another_person
                        and (tracker.latest_message.get("intent") or {}).get("name") != ANOTHER_PERSON)
        return slots_still_needed(dose_query(tracker), about_nobody, route_unclear(tracker, question))

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
        new_person = another_person(tracker, said, changed)
        if new_person:
            # Their own facts only: what this message said of them; the rest is asked (the answer before stays
            # in the conversation).
            kept = {AGE: {"age", "number"}, POPULATION: {"population"}, WEIGHT: {"weight"}, ROUTE: {"route"},
                    ORIGIN: {"origin"}}
            # "and for a 10 year old?" after the pump dose asks the same question for someone else: the route stays
            # (every answer names it); a new question ("dose for my 6 year old") starts the route afresh too.
            carried = {ROUTE} if question.follow_up else set()
            result.update({name: None for name in PERSON_FACTS if not kept.get(name, set()) & said
                           and name not in carried})
            changed = {name: value for name, value in changed.items() if name not in result}
            result[CONDITIONS] = list(question.conditions) or None
            if "kidneys" not in question.conditions:
                result["renal_impairment"] = None
        if POPULATION in said and not said & {"age", "number"} and changed.get(POPULATION) is not None:
            result[AGE] = None  # "adult" replaces an age given before
        elif changed.get(AGE) is not None:
            try:
                check_age(changed[AGE])
                result[POPULATION] = None  # an exact age replaces "adult"
                result[AGE_APPROXIMATE] = question.age_approximate
            except DoseInputError as error:
                deliver(dispatcher, tracker, compose.input_error(error, language_of(tracker)))
                result[AGE] = None
        age = result[AGE] if AGE in result else changed.get(AGE, tracker.get_slot(AGE))
        population = result[POPULATION] if POPULATION in result else changed.get(POPULATION,
                                                                                   tracker.get_slot(POPULATION))
        weight = None if WEIGHT in result else changed.get(WEIGHT, tracker.get_slot(WEIGHT))
        # Checked whenever the person or the weight changed; with no one known yet, the dose lookup checks it.
        person_changed = bool({AGE, POPULATION, WEIGHT} & (set(changed) | set(result)))
        if weight is not None and person_changed and (age is not None or population is not None):
            try:
                check_weight_for_age(weight, age)
            except DoseInputError as error:
                if "weight" in said:
                    deliver(dispatcher, tracker, compose.input_error(error, language_of(tracker)))
                # A weight kept from before that does not fit the person now is asked again, not refused: it was
                # someone else's, or the age was corrected.
                result[WEIGHT] = None
        if route_unclear(tracker, question):
            result[ROUTE] = None  # asked (required_slots), not guessed
        if "kidneys" in question.conditions:
            result["renal_impairment"] = True
        if question.conditions:
            before = [] if CONDITIONS in result else (tracker.get_slot(CONDITIONS) or [])
            result[CONDITIONS] = list(dict.fromkeys([*before, *question.conditions]))

        requested = tracker.get_slot("requested_slot")
        answered = {name for name in changed if name in (AGE, POPULATION, ROUTE, WEIGHT)}
        if (requested in (AGE, ROUTE, WEIGHT) and not answered and not new_person
                and intent not in interruptions(domain)):
            # the answer did not say what was asked
            deliver(dispatcher, tracker, compose.ask_again(requested, language_of(tracker)))
            result[requested] = None
        return [SlotSet(name, value) for name, value in {**changed, **result}.items()]
