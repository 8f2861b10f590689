from typing import Any, Dict, List, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.delivery import deliver
from actions.logic import entity_rules
from actions.logic.dose_lookup import (
    DoseInputError, ROUTES, check_weight_for_age, needs_route, needs_weight, parse_age, parse_weight,
)

ASK_AGE_AGAIN = "I did not catch an age. How old is the person, in years or months (or \"adult\")?"
ASK_WEIGHT_AGAIN = "Please give the weight with its unit, for example \"16 kg\" or \"35 lb\"."
ASK_ROUTE_AGAIN = "Please say \"by mouth\" (tablets) or \"intrathecal\" (pump or injection)."


def _age(tracker: Tracker):
    try:
        return parse_age(tracker.get_slot("age")) if tracker.get_slot("age") else (None, None)
    except DoseInputError:
        return None, None


class ValidateDoseForm(FormValidationAction):
    """Asks only for what the answer needs and checks each answer; the message of a bad one is said as it is."""

    def name(self) -> Text:
        return "validate_dose_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        years, group = _age(tracker)
        if years is None and group is None:
            return ["age"]
        slots = ["age"]
        if needs_route(years, group):
            slots.append("route")
        if needs_weight(years, group, tracker.get_slot("route")):
            slots.append("weight")
        return slots

    async def run(self, dispatcher, tracker, domain):
        events = await super().run(dispatcher, tracker, domain)
        if "kidneys" in tracker.get_latest_entity_values("topic"):
            events.append(SlotSet("renal_impairment", True))
        return events

    def validate_age(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> Dict[Text, Any]:
        normalised = entity_rules.parse_age(str(value))
        if normalised is None:
            deliver(dispatcher, tracker, ASK_AGE_AGAIN)
            return {"age": None}
        try:
            parse_age(normalised)
        except DoseInputError as error:
            deliver(dispatcher, tracker, str(error))
            return {"age": None}
        return {"age": normalised}

    def validate_weight(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> Dict[Text, Any]:
        normalised = entity_rules.parse_weight(str(value))
        if normalised is None:
            deliver(dispatcher, tracker, ASK_WEIGHT_AGAIN)
            return {"weight": None}
        try:
            years, _ = _age(tracker)
            check_weight_for_age(parse_weight(normalised), years)
        except DoseInputError as error:
            deliver(dispatcher, tracker, str(error))
            return {"weight": None}
        return {"weight": normalised}

    def validate_route(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> Dict[Text, Any]:
        route: Optional[str] = value if value in ROUTES else entity_rules.parse_route(str(value))
        if route is None:
            deliver(dispatcher, tracker, ASK_ROUTE_AGAIN)
        return {"route": route}
