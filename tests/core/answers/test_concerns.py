"""baclofen/answers/concerns.py: every concern of a story answered, each with its source; a short question keeps
its one answer."""
import pytest

from baclofen.answers import compose, concerns, emergencies, topics
from baclofen.interactions import interactions_for
from baclofen.language import entities, question
from baclofen.render import text as render


def read(message):
    return question.read(message, entities.extract(message))


STORY = ("My husband has MS and has been on baclofen for a year. Lately he is very sleepy in the afternoons. We "
         "have a family wedding coming up and he wants a few beers, is that ok? Also can he still drive us there, "
         "it is a three hour trip?")


def test_a_story_gets_an_answer_for_each_concern_with_its_source():
    asked = read(STORY)
    assert asked.several_concerns and asked.topic == "alcohol"
    # what the action answers first: the topic and the warnings it carries (actions/action_answer_interaction.py)
    first = compose.combine([topics.answer(t) for t in (asked.topic, *asked.other_topics)])
    reply = render.render(concerns.answer_every_concern(asked, first))
    assert "alcohol" in reply.lower()
    assert "driv" in reply.lower()  # the driving precaution
    assert "somnolence" in reply.lower() or "sleep" in reply.lower()  # the symptom, as a listed side effect
    assert reply.count("section") >= 3  # each part keeps its own source
    assert "side effects the leaflet lists" not in reply.lower()  # the symptom asked, not the whole list


def test_a_short_question_keeps_its_one_answer():
    asked = read("can he drink beer with it?")
    first = topics.answer(asked.topic)
    assert not asked.several_concerns
    assert concerns.further(asked, first) == []


def test_an_emergency_and_a_question_back_stand_alone():
    asked = read(STORY)
    assert concerns.further(asked, compose.emergency()) == []
    assert concerns.further(asked, compose.clarify([])) == []


def test_the_same_answer_is_not_given_twice():
    asked = read(STORY)
    first = topics.answer(asked.concerns[0])
    added = concerns.further(asked, first)
    assert all(answer.lines != first.lines for answer in added)


ACUTE_WITH_A_QUESTION = ("My father had baclofen and four glasses of wine at the party, now he will not wake up and "
                         "his breathing is slow. Is it normal to mix baclofen and alcohol?")


def test_after_an_emergency_the_question_asked_follows_it():
    asked = read(ACUTE_WITH_A_QUESTION)
    assert asked.urgency == "acute"
    answer = concerns.answer_every_concern(asked, emergencies.for_kind(asked.urgency))
    reply = render.render(answer)
    assert reply.startswith("Call 115 now")
    assert "alcohol" in reply.split("\n\n", 1)[1].lower()  # after the emergency, not instead of it
    assert reply.lower().count("alcohol") < 4  # the topic and the medicine "alcohol" said once, not twice
    assert answer.urgent is not None  # the hotline still says only the instruction (render/speech.py)


def test_nothing_follows_a_crisis_answer():
    asked = read("I have saved up two months of baclofen and I want to go to sleep and not wake up. "
                 "Would a bottle of vodka with it make it work faster?")
    assert asked.urgency == "crisis"
    assert concerns.further(asked, emergencies.for_kind("crisis")) == []


def test_no_dose_follows_a_poisoning_answer():
    asked = read("my 3 year old just swallowed 6 of my baclofen 10 mg tablets, what is the normal dose for his age?")
    assert asked.urgency == "poisoning"
    added = concerns.further(asked, emergencies.for_kind("poisoning"))
    assert all(answer.dose is None for answer in added)


def test_a_question_nothing_matched_is_said_back_with_where_to_ask():
    asked = read("My husband is on baclofen for his spinal injury and he is sleepy in the afternoons. Is that the "
                 "baclofen? And is it fine for him to swim in the sea at the weekend?")
    first = topics.answer(asked.topic) if asked.topic else compose.is_side_effect(asked.symptoms[0])
    reply = render.render(concerns.answer_every_concern(asked, first))
    assert "I found no answer in the leaflet to your question \u201cis it fine for him to swim in the sea at the " \
           "weekend?\u201d" in reply
    assert "pharmacist" in reply.split("swim", 1)[1]


def test_after_an_emergency_only_what_a_sentence_asks_follows():
    # a topic only told ("on it since his fall", an older man) is no question to answer after the number
    told = read("My father is 82 and takes baclofen since his fall. He has gone grey and is barely breathing, "
                "what do I do?")
    assert told.urgency == "acute"
    assert concerns.after_emergency(told, emergencies.for_kind("acute")) == []
    asked = read("He swallowed a whole strip of my baclofen and is hard to wake. Is it worse with the beer he had?")
    assert asked.urgency
    after = concerns.after_emergency(asked, emergencies.for_kind(asked.urgency))
    assert after and "alcohol" in render.render(after[0]).lower()


@pytest.mark.parametrize("topic_id", ["how_long_to_work", "not_working", "tolerance"])
def test_the_six_week_review_always_comes_with_not_stopping_suddenly(topic_id):
    reply = render.render(topics.answer(topic_id))
    assert "6 weeks" in reply and "Do not stop baclofen suddenly" in reply


def test_a_net_only_message_whose_question_names_nothing_known_gets_the_signs_not_a_guessed_topic():
    older = topics.answer("elderly")
    guessed = emergencies.heard_by_net_alone(older, None, guessed=True)
    assert guessed.kind == emergencies.POSSIBLE_EMERGENCY
    kept = emergencies.heard_by_net_alone(older, None, guessed=False)
    assert render.render(older) in render.render(kept)


def test_after_an_emergency_a_condition_of_theirs_that_bears_on_it_follows_but_no_dosing_matter():
    nursing = read("I'm breastfeeding and on baclofen. My baby won't wake properly for feeds and her breathing "
                   "stops for a few seconds at a time.")
    after = concerns.after_emergency(nursing, emergencies.for_kind(nursing.urgency))
    assert nursing.urgency and any("breast milk" in render.render(answer) for answer in after)
    older = read("Gran is 88 and on baclofen and her lips are blue and she's barely breathing. What now?")
    assert concerns.after_emergency(older, emergencies.for_kind(older.urgency)) == []


@pytest.mark.parametrize("message", [
    "what is the dose for a 7 year old and can she take it with her inhaler?",
    "is baclofen safe in pregnancy, and does it make you drowsy?",
    "How much can an adult take a day and what about alcohol?",
])
def test_two_questions_joined_in_a_short_message_are_two_concerns_but_not_a_story(message):
    asked = read(message)
    assert asked.several_concerns and not asked.story


@pytest.mark.parametrize("message", [
    "he is 7 and is on 10 mg, what should he take?",  # told, then asked once
    "can i take it and drive?",  # one question about two things together
    "my son and daughter both take it. is that ok?",
    "i take 10mg and what i want to know is whether i can drive?",
])
def test_one_question_with_and_in_it_stays_one_concern(message):
    assert not read(message).several_concerns


def test_a_dose_asked_beside_another_question_is_answered_with_the_persons_figures():
    asked = read("My son is 7, how much baclofen does he get a day, and can he have it with his calpol?")
    assert asked.several_concerns and asked.dose_asked
    first = compose.interaction(interactions_for(asked.drugs[0]))
    reply = render.render(concerns.answer_every_concern(asked, first))
    assert "30-40 mg a day for ages 6-8 years" in reply  # the age band, no weight asked in the middle
    assert "How much does the child weigh" not in reply
    assert "section 2" in reply and "section 5" in reply


def test_a_dose_asked_beside_another_question_with_no_one_named_gets_every_groups_figures():
    asked = read("Can my husband take his baclofen with Advil, and how much baclofen is too much in a day?")
    first = compose.interaction(interactions_for(asked.drugs[0]))
    assert "80-100 mg a day" in render.render(concerns.answer_every_concern(asked, first))


def test_the_dose_someone_is_on_told_in_a_story_is_not_put_up_for_checking():
    told = read("My husband is being assessed for the pump and the team will try a test dose next week, and they "
                "plan to go up step by step if it does not work. He is on oral baclofen 20 mg three times daily; "
                "does he keep taking that alongside the pump, and can he keep driving?")
    assert told.on_a_dose and told.several_concerns
    assert not concerns.wants_proposal_checked(told, compose.uses())


NUMBERED = ("Three things about my wife, if you have a minute. Her kidneys filter at about half speed now, her "
            "nephrologist says. Does that change anything for the baclofen? She takes naproxen for her hip most days. "
            "Is that a problem with it? She also keeps bees and gets stung now and then. Is that allowed on these "
            "tablets?")


def test_each_question_of_a_story_is_answered_even_one_that_only_points_back():
    asked = read(NUMBERED)
    # "Is that allowed on these tablets?" names nothing itself: it is read with the sentence it points back to
    assert len(asked.asked_parts) == 3
    first = topics.answer(asked.topic)
    reply = render.render(concerns.answer_every_concern(asked, first))
    lowered = reply.lower()
    assert "kidney" in lowered
    assert "naproxen" in lowered
    assert "found no answer in the leaflet" in lowered and "keeps bees" in lowered
    paragraphs = [line for line in reply.splitlines() if line.strip() and not line.startswith("Source")]
    assert len(paragraphs) == len(set(paragraphs))  # no paragraph said twice


def test_questions_asked_come_before_what_the_story_only_tells():
    # four questions: each gets its answer though the story also tells a condition of its own
    story = ("My son is 15 and on baclofen for his cerebral palsy; his grandmother takes tramadol for her back. Can he "
             "have a beer at his cousin's wedding? Is it safe for him to drive the tractor on the farm? Does it "
             "cause constipation? And is the dose different because he is tall?")
    asked = read(story)
    first = topics.answer(asked.topic)
    reply = render.render(concerns.answer_every_concern(asked, first)).lower()
    assert "alcohol" in reply
    assert "machine" in reply or "driv" in reply
    assert "constipation" in reply


def test_a_medicine_and_its_group_are_one_answer():
    asked = read("She is on Lyrica for nerve pain and has terrible spasms at night. Is baclofen ok with it, and can "
                 "she take it at bedtime only?")
    first = topics.answer(asked.topic) if asked.topic else compose.interaction(interactions_for(asked.drugs[0]))
    reply = render.render(concerns.answer_every_concern(asked, first)).lower()
    assert reply.count("depress the central nervous system") == 1


@pytest.mark.parametrize("story", [
    "The baclofen has me nodding off by lunch most days. Is that normal with it? I still have to take the combine "
    "harvester out every afternoon before the rain comes, and my brother says I looked half asleep up there.",
    "Since the increase I get dizzy spells in the afternoon, is that from the tablets? We're meant to be going to my "
    "sister's by car at the weekend, three hours each way, and I'm the only one with a licence these days.",
])
def test_a_sedating_side_effect_told_beside_driving_gets_the_driving_precaution(story):
    asked = read(story)
    first = concerns.compose.is_side_effect(asked.symptoms[0]) if asked.symptoms else topics.answer(asked.topic)
    reply = render.render(concerns.answer_every_concern(asked, first)).lower()
    assert "should not drive or use machines" in reply


def test_the_sedating_side_effects_are_the_leaflets():
    from baclofen import knowledge, vocabulary
    named = {name for name, _ in knowledge.side_effect_index().values()}
    assert set(vocabulary.load()["sedating_side_effects"]) <= named


def test_a_sedating_side_effect_at_the_wheel_is_warned_of_in_a_short_message_too():
    asked = read("The tablets leave me drowsy by noon and I run the forklift all afternoon. Is the drowsiness normal?")
    assert not asked.several_concerns  # one question: the driving line still follows its answer
    first = concerns.compose.is_side_effect(asked.symptoms[0])
    reply = render.render(concerns.answer_every_concern(asked, first)).lower()
    assert reply.index("side effect") < reply.index("should not drive or use machines")


def test_a_risky_plan_only_told_is_warned_of_before_the_other_told_topics():
    asked = read("My dad is 79 and his kidneys are weak, and he had a hip operation in spring. The doctor is starting "
                 "him on baclofen next week. How long does it take to work? Till his own box comes I'll just share "
                 "my tablets with him, we're on the same thing anyway.")
    assert "someone_elses_medicine" in (asked.topic, *asked.other_topics, *asked.concerns)
    first = topics.answer(asked.topic)
    rest = concerns.further(asked, first)
    said = [render.render(answer).lower() for answer in rest]
    sharing = next(i for i, reply in enumerate(said) if "prescribed for someone else" in reply)
    told = [i for i, reply in enumerate(said) if "kidney" in reply or "operation" in reply]
    assert all(sharing < i for i in told)


def test_tablets_taken_on_top_of_a_pump_told_in_another_sentence_are_the_pumps_question():
    asked = read("My son has had his baclofen pump for two years now. He still has a few of his old tablets at home. "
                 "When his legs are bad he takes one extra, is that ok? And can he go swimming with it?")
    assert "tablets_with_pump" in asked.asked_parts[0].topics


def test_a_symptom_of_a_message_only_the_safety_net_hears_is_never_called_expected():
    from dataclasses import replace
    asked = read("My mother is 81 and has been on baclofen since the spring. She has been so sleepy and a bit confused "
                 "since yesterday evening, we can barely get an answer out of her. Her daughter says let her rest. "
                 "Can she still have her glass of wine with dinner?")
    assert asked.several_concerns
    first = compose.interaction(interactions_for("alcohol"))
    told = render.render(concerns.answer_every_concern(asked, first)).lower()
    heard = render.render(concerns.answer_every_concern(replace(asked, heard_by_net=True), first)).lower()
    assert "side effect" in told  # as a calm story, each symptom against the leaflet's list
    assert "side effect" not in heard  # after the emergency number, never "a common side effect"
    assert "alcohol" in heard


def test_a_listed_side_effect_is_never_followed_by_if_it_worries_you_after_the_emergency_number():
    import dataclasses

    told = "Since baclofen my chest is tight and I'm short of breath and sweating. Is it the tablets?"
    asked = read(told)
    first = compose.combine([compose.is_side_effect(s) for s in asked.symptoms])
    plain = render.render(concerns.answer_every_concern(asked, first))
    assert "If it worries you" in plain  # whom to tell, said of a listed side effect
    heard = dataclasses.replace(asked, heard_by_net=True)  # only the learned net heard an emergency in it
    assert "If it worries you" not in render.render(concerns.answer_every_concern(heard, first))


def test_a_topic_of_listed_side_effects_about_something_told_says_whom_to_tell():
    told = read("Since the baclofen his eyes do a strange flicking from side to side. Is it the tablets?")
    assert told.topic == "vision_hearing"
    reply = render.render(concerns.answer_every_concern(told, topics.answer(told.topic)))
    assert "Involuntary eye movements" in reply and "If it worries you" in reply
    asked = read("Can baclofen cause hair loss?")  # a symptom the leaflet does not list: says whom to ask already
    if asked.topic is not None:
        reply = render.render(concerns.answer_every_concern(asked, topics.answer(asked.topic)))
        assert "only lists it" not in reply
