from actions.base import AnswerAction, latest_entity
from actions.question import latest_question
from actions.language import language_of
from baclofen import knowledge
from baclofen.answers import compose


class ActionAnswerPrecaution(AnswerAction):
    """The precaution for the topic named (pregnancy, driving, ...), or all of them."""

    action_name = "action_answer_precaution"

    def answer(self, tracker):
        question = latest_question(tracker)
        # a follow-up's condition is the one of the question before it (actions/question.py)
        named = latest_entity(tracker, "topic") or (question.conditions[0] if question.follow_up and question.conditions
                                                    else None)
        topic = question.topic
        if named is None and topic is not None:
            named = knowledge.topic(topic).get("precaution")  # "safe for older adults?": the catalogue's precaution
        return compose.precaution(named, language_of(tracker))
