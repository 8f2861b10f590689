from actions.base import AnswerAction
from actions.question import latest_question
from actions.language import language_of
from baclofen.answers import compose, topics
from baclofen.interactions import interactions_for


class ActionAnswerInteraction(AnswerAction):
    """Interactions for every medicine or drink the user named, the caution first; a name no dictionary knows is
    said to be unknown (never the general list alone); the leaflet's classes when none was named. A topic the
    message also asks about ("oxycodone after my surgery") is answered after the medicines."""

    action_name = "action_answer_interaction"

    def answer(self, tracker):
        question = latest_question(tracker)
        language = language_of(tracker)
        # the question's medicines: a follow-up's are those of the question before it (actions/question.py)
        names = list(question.drugs) or list(dict.fromkeys(tracker.get_latest_entity_values("drug")))
        if not names and question.unknown_drug:
            return compose.unknown_medicine(question.unknown_drug, language)
        if not names:
            return compose.interaction_overview(language)
        answers = [compose.interaction(interactions_for(name), language) for name in names]
        if question.asks_how_long:
            answers.append(compose.interaction_timing_gap(language))
        for topic_id in (question.topic, *question.other_topics):
            if topic_id and not topics.is_about_medicines(topic_id):
                answers.append(topics.answer(topic_id, language))
        return compose.combine(answers)
