from actions.base import AnswerAction
from actions.dose_query import dose_query
from actions.question import latest_question
from actions.language import language_of
from baclofen.answers import compose, doses
from baclofen.dosing import check
from baclofen.dosing.person import DoseInputError


class ActionCheckDose(AnswerAction):
    """A proposed amount ("can I give her 20 mg at once?") placed against the leaflet's figures for that person and
    route: above the maximum, within the range, below it, or no figure; never a "yes"."""

    action_name = "action_check_dose"

    def answer(self, tracker):
        question = latest_question(tracker)
        language = language_of(tracker)
        proposed = question.proposed
        if proposed is None:
            return compose.clarify(["ask_dose"], language=language)
        try:
            amount = check.ProposedDose(proposed.value, proposed.unit, proposed.per, proposed.per_kg,
                                        proposed.times_a_day)
            result = check.check(dose_query(tracker, question), amount,
                                 child_age_unknown=question.child_named and question.age_years is None,
                                 language=language)
            return doses.check(result, assumed_adult=question.self_assumed)
        except DoseInputError as error:
            return compose.input_error(error, language)


