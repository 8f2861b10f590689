from actions.base import AnswerAction
from actions.question import latest_question
from actions.language import language_of
from baclofen.answers import compose, doses
from baclofen.dosing.check import convert
from baclofen.dosing.person import DoseInputError


class ActionConvertUnits(AnswerAction):
    """'How many mg is 25 micrograms?': the exact conversion, units in full."""

    action_name = "action_convert_units"

    def answer(self, tracker):
        question = latest_question(tracker)
        amount = question.proposed
        if amount is None or question.conversion_to is None:
            return compose.clarify(["ask_dose"], language=language_of(tracker))
        try:
            converted = convert(amount.value, amount.unit, question.conversion_to)
            return doses.conversion(amount.value, amount.unit, converted, language_of(tracker))
        except DoseInputError as error:
            return compose.input_error(error, language_of(tracker))
