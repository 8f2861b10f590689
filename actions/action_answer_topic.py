from dataclasses import replace

from actions.base import AnswerAction
from actions.dose_query import dose_query
from actions.question import latest_question
from actions.language import language_of
from baclofen import knowledge
from baclofen.answers import compose, doses, topics
from baclofen.dosing.lookup import INTRATHECAL, lookup
from baclofen.dosing.person import DoseInputError, is_child
from baclofen.interactions import interactions_for
from baclofen.language.question import PERMISSION


class ActionAnswerTopic(AnswerAction):
    """A topic of the catalogue (knowledge/topics.yml): its facts, the related fact, or "the leaflet does not cover
    it" with the pharmacist; never the nearest section pasted instead. A warning the message also touches (another
    precaution, a medicine it names) follows the topic's answer."""

    action_name = "action_answer_topic"

    def answer(self, tracker):
        question = latest_question(tracker)
        language = language_of(tracker)
        if question.topic is None:
            return compose.clarify([], language=language)
        if knowledge.topic(question.topic).get("compose") == "intrathecal_adult":
            child = self._child_intrathecal(tracker, question)
            if child is not None:
                return child
        with_medicines = topics.adds_interactions(question.topic, asked_permission=question.kind == PERMISSION)
        answers = [topics.answer(question.topic, language)]
        answers += [topics.answer(other, language) for other in question.other_topics
                    if with_medicines or not topics.is_about_medicines(other)]
        if question.drugs and with_medicines:
            answers += [compose.interaction(interactions_for(name), language) for name in question.drugs]
        if question.asks_effect and not topics.is_about_side_effects(question.topic):
            answers += [compose.is_side_effect(symptom, language) for symptom in question.symptoms]  # "can reducing it cause X?"
        return compose.combine(answers)

    @staticmethod
    def _child_intrathecal(tracker, question):
        """The intrathecal figures asked about in a conversation about a child are that child's (or that the leaflet
        gives none at that age), never the adult test dose."""
        query = dose_query(tracker, question)
        if not is_child(query.age_years, query.age_group):
            return None
        try:
            return doses.for_person(lookup(replace(query, route=INTRATHECAL), language_of(tracker)))
        except DoseInputError as error:
            return compose.input_error(error, language_of(tracker))
