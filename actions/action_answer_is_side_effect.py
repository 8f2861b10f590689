from actions.base import AnswerAction
from actions.question import latest_question
from actions.language import language_of
from baclofen.answers import compose, concerns


class ActionAnswerIsSideEffect(AnswerAction):
    """'Can baclofen cause X?': for each symptom named, whether the leaflet lists it and how often; a symptom the list
    does not have is said to be not listed (never the whole list instead); a change told of a part of the body in
    other words, what the leaflet lists for that part (answers/concerns.py adds those beside named symptoms)."""

    action_name = "action_answer_is_side_effect"

    def answer(self, tracker):
        question = latest_question(tracker)
        # the question's symptoms: a follow-up's are those of the question before it (actions/question.py)
        symptoms = list(question.symptoms) or list(dict.fromkeys(tracker.get_latest_entity_values("symptom")))
        language = language_of(tracker)
        unknown = question.unknown_symptom
        if symptoms and question.symptom_as_use:  # "does it help ringing in the ears?": not a use, and a side effect
            return compose.combine([compose.symptom_as_use(symptom, language) for symptom in symptoms])
        if not symptoms and unknown:
            return compose.is_side_effect(unknown, language)
        if not symptoms and question.body_areas:  # "his eyes do a strange flicking": that part's, not every one
            return compose.combine(concerns.side_effects_of_areas(question, question.body_areas, language))
        if not symptoms:
            return compose.side_effects(None, language)
        return compose.combine([compose.is_side_effect(symptom, language) for symptom in symptoms])
