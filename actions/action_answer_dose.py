from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.delivery import deliver
from actions.dose_query import AGE_APPROXIMATE, CONDITIONS, dose_query, route_assumed
from actions.language import language_of
from actions.question import latest_question
from baclofen.answers import compose, concerns, doses
from baclofen.dosing.lookup import lookup
from baclofen.dosing.person import DoseInputError


class ActionAnswerDose(Action):
    """Runs when the dose form is complete: the person's figures (for tablets unless another route was named, with
    the warnings that apply to them), or, for a question about nobody in particular, every group's figures at once.

    The person's values stay for a follow-up ("and for the pump?"); a new dose question with a new age starts afresh
    (actions/validate_dose_form.py).
    """

    def name(self) -> Text:
        return "action_answer_dose"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        query = dose_query(tracker)
        language = language_of(tracker)
        question = latest_question(tracker)  # a story's other concerns follow the dose
        if query.age_years is None and query.age_group is None:
            deliver(dispatcher, tracker, concerns.after_dose(question, doses.overview(language)))
            return []
        try:
            answer = doses.for_person(lookup(query, language), conditions=tracker.get_slot(CONDITIONS) or (),
                                      route_assumed=route_assumed(tracker),
                                      approximate_age=tracker.get_slot(AGE_APPROXIMATE))
        except DoseInputError as error:
            answer = compose.input_error(error, language)
        deliver(dispatcher, tracker, concerns.after_dose(question, answer))
        return []
