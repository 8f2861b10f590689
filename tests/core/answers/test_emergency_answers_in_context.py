"""baclofen/answers/emergencies.py: an acute emergency's answer says what brought it on; a message only the learned
safety net hears, leaning to a crisis, gets the crisis answer alone. baclofen/answers/concerns.py: a question that
proposes what to do is not said back word for word."""
import pytest

from baclofen import interactions
from baclofen.answers import compose, concerns, doses, emergencies, topics
from baclofen.answers.model import EMERGENCY
from baclofen.language import entities, question
from baclofen.render import text as render


@pytest.mark.parametrize("language", ["en", "vi"])
def test_an_acute_answer_after_a_stop_says_that_stopping_can_cause_it(language):
    plain = render.render(emergencies.for_kind("acute", language))
    stopped = render.render(emergencies.for_kind("acute", language, "withdrawal"))
    assert stopped.startswith(plain.split(".")[0])  # the same instruction first, with the number
    assert len(stopped) > len(plain)
    assert render.render(emergencies.withdrawal(language)).split(". ", 1)[1].split(".")[0] in stopped


def test_an_acute_answer_after_tablets_taken_says_so_and_keeps_the_pack():
    reply = render.render(emergencies.for_kind("acute", "en", "poisoning"))
    assert reply.startswith("Call 115 now") and "taken too much" in reply and "pack" in reply


def test_a_net_only_message_leaning_to_a_crisis_gets_the_crisis_answer_alone():
    about_pills = compose.clarify(["ask_interaction"])
    answer = emergencies.heard_by_net_alone(about_pills, "crisis")
    assert answer.kind == EMERGENCY
    said = render.render(answer)
    assert said.startswith(render.render(emergencies.crisis("en")).rstrip())  # the crisis answer whole, first
    # nothing of the medicines; only the way back for whoever was misread
    assert said.rstrip().endswith("tell me what you would like to know about baclofen.")
    assert "interact" not in said.lower()


def test_a_net_only_message_otherwise_opens_with_the_number_then_answers_what_was_asked():
    about_lithium = compose.interaction(interactions.interactions_for("lithium"))
    reply = render.render(emergencies.heard_by_net_alone(about_lithium, None))
    assert reply.startswith("If someone is very unwell right now") and "115" in reply.split("\n")[0]
    assert render.render(about_lithium) in reply


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("says_nothing_of_it", [
    lambda language: compose.clarify(["ask_interaction"], language=language),
    lambda language: compose.help_text(language)])
def test_a_net_only_message_answered_by_a_question_back_gets_the_signs_and_what_to_do(language, says_nothing_of_it):
    # "I cannae wake him ... breathing sounds weird" read by the net alone: "I'm not sure what you are asking" or
    # every side effect after the number told a carer nothing (set L's reviewer)
    answer = emergencies.heard_by_net_alone(says_nothing_of_it(language), None)
    assert answer.kind == says_nothing_of_it(language).kind  # still a question back to the hotline
    reply = render.render(answer)
    lines = reply.split("\n")
    assert "115" in lines[0]
    assert lines[1] == render.render(emergencies.acute(language)).split("\n")[0].split(". ", 1)[1]  # signs, meanwhile
    assert render.render(says_nothing_of_it(language)).split("\n")[0] not in reply
    assert "555 0100" in reply  # the pharmacist, if nothing of that is happening


@pytest.mark.parametrize("expected", [compose.is_side_effect("shortness of breath"), compose.side_effects()])
def test_a_symptom_said_to_be_a_side_effect_comes_after_the_signs_that_need_help_now(expected):
    # set L: blue lips and 4 breaths a minute, read by the net alone, got "shortness of breath is an uncommon side
    # effect" after the number
    reply = render.render(emergencies.heard_by_net_alone(expected, None)).split("\n")
    assert "115" in reply[0] and "hard to wake" in reply[1]
    # the side effect said on a condition (set Y: chest pain to the jaw, then "sweating is a rare side effect")
    assert reply[2] == "If none of this is happening now, this is what the leaflet says:"
    assert render.render(expected).split("\n")[0] in reply[3:]


def every_concern(story, first_answer):
    """The story read, and the reply to all its concerns after `first_answer(asked)` (what the action answers first)."""
    asked = question.read(story, entities.extract(story))
    return asked, render.render(concerns.answer_every_concern(asked, first_answer(asked)))


def test_a_proposal_is_not_said_back_but_still_answered_as_not_found():
    story = ("My mum is 80 and has been on baclofen since the spring for stiffness after a stroke of the spine. We have "
             "a family dinner on Sunday and she would like a small glass of wine with it, is that alright with her "
             "tablets? Also her feet have been cold at night this week. Should we just give her an extra tablet "
             "before bed and see how she is in the morning?")
    asked, reply = every_concern(story, lambda asked: compose.combine(
        [topics.answer(t) for t in (asked.topic, *asked.other_topics)]))
    assert asked.several_concerns and asked.topic == "alcohol"
    assert "alcohol" in reply.lower()
    assert "extra tablet before bed" not in reply
    assert "I found no answer in the leaflet to one of your questions" in reply


def test_a_topic_is_answered_after_a_first_answer_about_a_dose_the_message_only_mentions():
    story = ("I'm on 40 mg a day of baclofen by mouth for my spinal cord injury and I'm getting a pump fitted next "
             "month at the city hospital, which I'm nervous about because I've never had an operation. My neighbour "
             "says you keep the tablets too. Do I stop my tablets once the pump is in, or keep taking them alongside? "
             "And is there anything about infections before the operation?")
    asked, reply = every_concern(story, lambda asked: doses.overview("en"))
    assert asked.several_concerns and asked.topic == "tablets_with_pump"
    assert render.render(topics.answer("tablets_with_pump")).split("\n")[0] in reply


def test_a_net_only_message_the_net_is_sure_of_gets_the_signs_and_what_to_do_before_the_answer():
    about_lithium = compose.interaction(interactions.interactions_for("lithium"))
    plain = render.render(emergencies.heard_by_net_alone(about_lithium, None)).split("\n")
    sure = render.render(emergencies.heard_by_net_alone(about_lithium, None, sure=True)).split("\n")
    assert sure[0] == plain[0] and "115" in sure[0]
    assert "do not let them sleep it off" in sure[1] and "sleep it off" not in "\n".join(plain)
    assert render.render(about_lithium) in "\n".join(sure)
