from actions.base import AnswerAction
from actions.dose_query import proposal_checked
from actions.language import language_of
from actions.question import latest_question
from baclofen.answers import compose


class ActionCheckDose(AnswerAction):
    """A proposed amount ("can I give her 20 mg at once?") placed against the leaflet's figures for that person and
    route: above the maximum, within the range, below it, or no figure; never a "yes"."""

    action_name = "action_check_dose"

    def answer(self, tracker):
        question = latest_question(tracker)
        if question.proposed is None:
            return compose.clarify(["ask_dose"], language=language_of(tracker))
        return proposal_checked(tracker, question)

