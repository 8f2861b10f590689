"""A message read once into a typed question (baclofen/language/question.py): who it is about, what is proposed,
what is asked. Examples are this project's own wording of the issue-16 classes, not the independent sets'."""
import pytest

from baclofen.language import entities
from baclofen.language.question import HOW_LONG, PERMISSION, Question, person_entities, read


def question(text: str) -> Question:
    return read(text, entities.extract(text))


# ---- the person, not a population only referred to

@pytest.mark.parametrize("text, age, population, referred", [
    ("can my 3 year old have the adult dose of 15 mg a day?", 3, None, ("adult",)),
    ("what is the adult dose?", None, "adult", ()),
    ("my mum's tablets are 10 mg, my son is 6, how much for him?", 6, None, ()),
    ("my grandma is 82, what dose should she start on?", 82, None, ()),
    ("she is an adult now, what's the starting dose", None, "adult", ()),
])
def test_the_person_and_the_populations_referred_to(text, age, population, referred):
    read_ = question(text)
    assert read_.age_years == age
    assert read_.population == population
    assert read_.referred_populations == referred


def test_a_referred_population_gets_a_role_no_slot_takes():
    text = "the adult dose for my 5 year old"
    read_ = question(text)
    kept = person_entities(text, entities.extract(text), read_)
    adult = [e for e in kept if e["entity"] == "population"]
    assert adult and all(e.get("role") == "reference" for e in adult)


# ---- compound, approximate and corrected values

@pytest.mark.parametrize("text, years, approximate", [
    ("he's almost 3, about 13 kg, how much to start", 3 - 1 / 12, "below"),
    ("5ish, about 20 kg, starting and maintenance?", 5, "about"),
    ("6 and a half, 2 stone 12, starting dose", 6.5, None),
    ("3 and 1/2 yrs old, weight 32 lbs, starting dose?", 3.5, None),
    ("she is 2 years 10 months and 14 kg", 2 + 10 / 12, None),
    ("my son is 7, not 4", 7, None),
    ("my daughter's 4 (16 kg), starting dose?", 4, None),
    ("my baby brother is 15 and wants to know the max a day", 15, None),
])
def test_ages_are_read_whole(text, years, approximate):
    read_ = question(text)
    assert read_.age_years == pytest.approx(years, abs=0.01)
    assert read_.age_approximate == approximate


def test_a_bare_number_opening_the_message_is_an_age_only_with_a_weight():
    assert question("5, 20 kg, starting dose?").age_years == 5
    assert question("5, what's the starting dose?").age_years is None


@pytest.mark.parametrize("text, weight", [("2 stone 12, dose?", 18.14), ("about 20 kg", 20), ("44 lbs", 19.96)])
def test_weights_in_other_units(text, weight):
    assert question(text).weight_kg == pytest.approx(weight, abs=0.01)


# ---- what is proposed

@pytest.mark.parametrize("text, value, unit, per, per_kg, times, as_start", [
    ("can I give her 20 mg at once?", 20, "mg", "dose", False, None, False),
    ("is 150 mg a day ok?", 150, "mg", "day", False, None, False),
    ("20 kg child, 6 mg per dose 4 times a day to start?", 6, "mg", "dose", False, 4, True),
    ("im on baclofen 10mg 3x a day", 10, "mg", "dose", False, 3, False),
    ("the starting dose for kids is 2 mcg/kg/day right?", 2, "micrograms", "day", True, None, True),
    ("the 10 mg tablets, half a tablet 4 times a day, ok?", 5, "mg", "dose", False, 4, False),
    ("not 20 mg, 10 mg a day", 10, "mg", "day", False, None, False),
])
def test_the_proposed_amount(text, value, unit, per, per_kg, times, as_start):
    proposed = question(text).proposed
    assert (proposed.value, proposed.unit, proposed.per, proposed.per_kg, proposed.times_a_day, proposed.as_start) \
        == (value, unit, per, per_kg, times, as_start)


@pytest.mark.parametrize("text, value", [
    ("I'm on 20mg a day at the moment. My plan is to jump straight to 75 next week, is that ok?", 75),
    ("been taking 10 mg three times a day, thinking: 60 a day from Monday. good plan?", 60),
    ("she's on 25mg/day, can we go up to 40/day?", 40),
    # the figure someone else is on, then put forward for her: the plan, not the dose she is on
    ("She's at 90 mg a day now. Her cousin is on 120 mg. Would it be alright to bump her up to 120 for a week?", 120),
])
def test_a_bare_figure_put_forward_after_the_dose_taken_is_the_proposal_in_its_unit(text, value):
    proposed = question(text).proposed
    assert (proposed.value, proposed.unit, proposed.per) == (value, "mg", "day")


@pytest.mark.parametrize("text", [
    "I'm on 20mg a day at the moment and I'm going to be 45 next week, anything to know?",  # an age, not a dose
    "on 60mg a day, can I go back down to 30?",  # lower: no plan to go up
    "on 30mg a day for 12 weeks now",
])
def test_a_bare_figure_that_is_no_higher_dose_is_not_proposed(text):
    proposed = question(text).proposed
    assert proposed is None or proposed.value in (20, 60, 30)


def test_a_dose_already_taken_is_told_not_proposed():
    assert question("I took 5 mg this morning, when do I take the next one?").reported
    assert not question("can I take 5 mg more?").reported


@pytest.mark.parametrize("text, assumed", [
    ("20 mg three times a day for me, is that under the max?", True),
    ("can I take 30 mg a day?", True),
    ("can I give my son 30 mg a day?", False),
    ("I'm 40, can I take 30 mg?", False),
])
def test_the_askers_own_dose_is_read_as_an_adults(text, assumed):
    read_ = question(text)
    assert read_.self_assumed is assumed
    if assumed:
        assert read_.population == "adult"


def test_a_child_named_by_weight_alone_is_a_child():
    read_ = question("20 kg child, 6 mg per dose")
    assert read_.child_named and read_.age_years is None and read_.weight_kg == 20


# ---- what is asked

@pytest.mark.parametrize("text, kind", [
    ("is it ok to drink wine on it?", PERMISSION),
    ("how long does it take to work", HOW_LONG),
])
def test_the_kind_of_question(text, kind):
    assert question(text).kind == kind


def test_timing_is_heard_inside_a_permission_question():
    read_ = question("How long after taking baclofen can I drink?")
    assert read_.kind == PERMISSION and read_.asks_how_long


def test_a_symptom_name_is_read_without_its_gloss():
    assert question("can baclofen cause gastrointestinal (GI) bleed?").unknown_symptom == "gastrointestinal bleed"


def test_further_topics_with_their_own_warning_are_kept():
    read_ = question("I take it for back pain, is it safe while breastfeeding?")
    # the question's own clause is asked first; the use the leaflet does not list follows
    assert read_.topic == "breastfeeding" and "back_pain" in read_.other_topics


@pytest.mark.parametrize("text, language", [
    ("¿puedo tomar 120 mg al día?", "es"), ("toi uong 150 mg mot ngay duoc khong", "vi"),
    ("can I take it with food", "en"), ("is baclofen the same as lioresal", "en"),
])
def test_the_language(text, language):
    assert question(text).language == language


@pytest.mark.parametrize("text", [
    "can my 3 year old of 14 kg have 5 mg 4 times a day to start?", "hello",
    "is it safe with ibuprofen while breastfeeding? I feel dizzy", "the adult dose for my mum, she is 80",
])
def test_the_question_survives_the_trip_through_the_parse_data(text):
    import dataclasses
    import json

    read_ = question(text)
    assert read_.as_dict() == dataclasses.asdict(read_)  # the shallow walk gives what asdict gives
    assert Question.from_dict(json.loads(json.dumps(read_.as_dict()))) == read_  # as stored in the tracker


def test_of_two_ages_the_childs_is_the_persons():
    read_ = question("my mum is 75 and my daughter is 4 (16 kg), starting dose for my daughter?")
    assert read_.age_years == 4 and read_.weight_kg == 16


def test_one_route_is_kept_when_the_other_is_refused():
    assert question("intrathecal for my 6 year old, she can't tolerate the tablets, starting dose?").route == \
        "intrathecal"
    assert question("tablets or the pump for my son?").route is None


def test_the_person_entities_keep_one_age_and_the_chosen_route():
    text = "I'm 30 and breastfeeding my 3 month old, what's the starting dose for me?"
    read_ = question(text)
    kept = person_entities(text, entities.extract(text), read_)
    assert read_.age_years == 30 and [e["value"] for e in kept if e["entity"] in ("age", "number")] == [30]
    text = "intrathecal for my 6 year old, she can't tolerate the tablets"
    kept = person_entities(text, entities.extract(text), question(text))
    assert [e["value"] for e in kept if e["entity"] == "route"] == ["intrathecal"]


def test_a_condition_said_to_be_normal_is_not_one():
    read_ = question("max dose for an adult with normal renal function?")
    assert "kidneys" not in read_.conditions and read_.topic != "kidney_problems"


def test_of_several_amounts_the_one_with_its_schedule_is_checked():
    proposed = question("the leaflet says 15 mg, so I take 15 mg three times a day?").proposed
    assert (proposed.value, proposed.times_a_day) == (15, 3)


def test_a_symptom_asked_about_as_a_use():
    assert question("does baclofen help ringing in the ears?").symptom_as_use
    assert not question("does baclofen cause ringing in the ears?").symptom_as_use


@pytest.mark.parametrize("text, age", [
    ("I'm 41 and my 5 year old has cerebral palsy, what dose for him?", 5),
    ("our 18-month-old weighs 11 kg and I am 35, dose?", 1.5),
])
def test_the_child_said_as_an_age_is_the_person_not_the_parent(text, age):
    read_ = question(text)
    assert read_.age_years == age and read_.child_named


@pytest.mark.parametrize("text, another", [
    ("actually it's for her brother, he's 6", True), ("it is for my other son, he is 9", True),
    ("sorry he's 7 not 4", False), ("it's for my son, he's 4", False),
])
def test_another_person_is_told_apart_from_a_correction(text, another):
    assert question(text).another_person is another


def test_a_story_is_about_what_its_questions_ask_first():
    story = ("We moved house in March and I gave up coffee at the same time, which was hard. I'm on baclofen for MS "
             "and the move went fine, though the boxes took weeks to unpack. My question: can I drink a glass of wine at my daughter's wedding?")
    asked = read(story, entities.extract(story))
    assert asked.several_concerns and asked.topic == "alcohol", asked.topic


# Read after set M's first run (classes; wording of this project's own).
@pytest.mark.parametrize("text", [
    "Our girl is 6 and the team plan a pump because the tablets make her sick. What dose would she start on?",
    "A boy of 9 is being assessed for a spinal pump. What intrathecal dose do children start at? Another child "
    "in the class is on tablets and seems sleepy, is that a side effect?",
])
def test_the_route_is_the_one_the_dose_question_names_or_the_one_that_suits(text):
    assert question(text).route == "intrathecal"


@pytest.mark.parametrize("text, age", [("And for a lady of ninety-one?", 91.0), ("what about a man of 70", 70.0)])
def test_a_person_of_a_number_is_that_age(text, age):
    assert question(text).age_years == age


def test_a_crushing_pain_is_no_question_about_crushing_tablets():
    assert question("she has a crushing pain in the chest, is that the baclofen?").topic != "crush_split_tablets"
    assert question("can the tablets be crushed into jam?").topic == "crush_split_tablets"


def test_only_the_sentences_that_ask_say_what_is_asked():
    read = question("Grandad has been on baclofen since his stroke and drinks a little whisky. What should I do now?")
    assert "alcohol" not in read.asked_topics
    asked = question("Dad is 80 and on baclofen. Can he have a whisky with it?")
    assert "alcohol" in asked.asked_topics


@pytest.mark.parametrize("text", ["can I take my baclofen and still go to the gym", "baclofen and even one beer?"])
def test_a_function_word_after_and_or_with_is_no_unknown_medicine(text):
    assert question(text).unknown_drug is None


def test_respiratory_depression_is_no_question_about_mood():
    read = question("Is respiratory depression something the leaflet mentions for baclofen?")
    assert read.topic != "mood_depression" and "depression" not in read.symptoms


@pytest.mark.parametrize("text, topic", [
    ("Does baclofen work for the stiffness of multiple sclerosis?", "what_is_it_used_for"),
    ("could it help my son's cerebral palsy?", "what_is_it_used_for"),
    ("Which patients are considered for the intrathecal pump instead of tablets?", "pump_what_is_it"),
])
def test_a_listed_condition_asked_about_is_a_question_about_uses(text, topic):
    assert question(text).topic == topic


@pytest.mark.parametrize("text", [
    "She is on baclofen for her spine. My question is whether lithium and baclofen clash.",
    "He takes baclofen every night. I was wondering if sertraline is alright with it.",
])
def test_a_question_said_without_a_questions_shape_still_asks(text):
    assert question(text).asked_drugs


def test_switching_the_pump_off_for_a_while_is_asked_as_stopping():
    text = "Going abroad in August with the baclofen pump. Could I just switch the pump off for the fortnight?"
    assert "tapering_stopping" in question(text).asked_topics


def test_asking_whether_to_have_something_seen_to():
    assert question("I've got a rash since starting it. Should I get it looked at?").asks_care
    assert not question("I've got a rash since starting it. Is that a side effect?").asks_care


@pytest.mark.parametrize("text, times", [
    ("My doctor gave me baclofen 5mg three times for my back", 3),
    ("10mg tds", 3),
    ("10 mg x3", 3),
    ("20mg twice", 2),
    ("10 mg three times a day", 3),
])
def test_how_often_without_a_day_is_read_as_doses_a_day(text, times):
    proposed = read(text, entities.extract(text)).proposed
    assert proposed.times_a_day == times and proposed.per == "dose"


def test_how_often_in_another_period_is_not_a_day():
    text = "10 mg three times a week"
    assert read(text, entities.extract(text)).proposed.times_a_day is None


@pytest.mark.parametrize("text, times", [
    ("the label says 5 mg three time a day", 3),  # the singular, as many write it
    ("she gets 5 mg three time", 3),
    ("my neurologist started it at 5 mg at 07:00, 13:00 and 19:00", 3),
    ("10 mg at 8am and 8pm", 2),
])
def test_how_often_said_in_the_singular_or_by_the_clock(text, times):
    asked = read(text, entities.extract(text))
    assert asked.proposed.times_a_day == times and asked.proposed.per == "dose"


@pytest.mark.parametrize("text, value", [
    ("I'm on 20 mg three times a day. I'm thinking 40 mg three times on my long days", 40.0),
    ("I take 100 mg a day now and it is not enough. I will go to 140 mg from tomorrow", 140.0),
    ("I'm on 20 mg four times a day since spring. I want to go 30 mg four times for the playoffs. Can I?", 30.0),
    ("She takes 100 mg a day now. The neurologist proposes to go to 120 mg. Is 120 mg acceptable?", 120.0),
])
def test_of_two_amounts_the_one_put_forward_is_checked(text, value):
    assert read(text, entities.extract(text)).proposed.value == value


@pytest.mark.parametrize("text, value", [
    ("Her specialist has her on 35 mg a day. The chart says 6 to 8 years 30-40, older than 8 up to 60. Which is she?",
     35.0),
    ("He takes 20 mg a day; the leaflet says children older than 8 years: up to 60 mg/day. Is 20 mg right for 9?", 20.0),
])
def test_the_leaflets_table_quoted_is_not_the_dose_checked(text, value):
    assert read(text, entities.extract(text)).proposed.value == value


@pytest.mark.parametrize("text", ["the paper from the chemist says 5 mg three times a day",
                                  "my neurologist started baclofen at 5 mg"])
def test_what_the_prescriber_or_the_label_set_is_a_dose_someone_is_on(text):
    asked = read(text, entities.extract(text))
    assert asked.on_a_dose and asked.prescribed
    assert not read("I take 30 mg three times a day", entities.extract("I take 30 mg three times a day")).prescribed


@pytest.mark.parametrize("text, name", [
    ("Does qat interfere with baclofen?", "qat"),
    ("Is Zorvatil compatible with baclofen? Expected answer please.", "zorvatil"),
    ("is kava ok with baclofen?", "kava"),
])
def test_a_name_before_how_two_things_get_on_is_the_medicine_asked(text, name):
    assert read(text, entities.extract(text)).unknown_drug == name


def test_a_family_puzzled_is_no_confused_mind():
    text = "the leaflet gives doses for little children too. We are confused. Is it allowed for him?"
    asked = read(text, entities.extract(text))
    assert "confusion" not in asked.symptoms and asked.topic != "memory_cognition"


@pytest.mark.parametrize("text", ["My neurologist has me on 20 mg three times a day. Is 100 mg over the limit?",
                                  "Doc's got me on 5mg three times a day. When can it go up and how high?"])
def test_a_dose_someone_put_me_on_is_read_as_my_own(text):
    asked = read(text, entities.extract(text))
    assert asked.population == "adult" and asked.self_assumed


def test_a_temperature_that_drops_is_the_listed_low_body_temperature():
    text = "Can baclofen make my body temperature drop? I work on the ice all day."
    assert read(text, entities.extract(text)).symptoms == ("low body temperature",)


@pytest.mark.parametrize("text, own", [
    ("I started 5 mg three times. After one week I am still stiff. Can I go to 20 mg three times myself now?", True),
    ("I want to bump myself up to 25 mg four times without asking the GP", True),
    ("can I just increase to 15 mg three times a day?", True),
    ("The neurologist wants to raise her to 20 mg three times a day, is that ok?", False),
    ("can I take 10 mg three times a day?", False),
])
def test_a_change_of_dose_decided_by_oneself(text, own):
    assert read(text, entities.extract(text)).changes_own_dose is own




def test_the_question_clause_says_what_is_asked_after_what_is_told():
    text = "baclofen makes me drowsy these days, can I still drive the tractor?"
    assert read(text, entities.extract(text)).topic == "driving"


@pytest.mark.parametrize("text, topic", [
    # a cooking pot is no cannabis; smoked, it is
    ("we boil the crab in the copper pot, then I take my baclofen, ok?", None),
    ("he smokes pot most evenings, does that mix with baclofen?", "cannabis_cbd"),
    # the tablets kept somewhere else: where to store them
    ("the van gets very hot in summer. Should I keep them somewhere cooler?", "storage"),
])
def test_a_pot_and_a_place_to_keep_them(text, topic):
    assert question(text).topic == topic


@pytest.mark.parametrize("text", [
    "my neighbour gave me a strip of his last week, he swears it relaxes everything. is it for arthritis?",
    "Dad's on 10 mg three times a day; I thought I'd split my bottle with my aunt until her own prescription comes",
])
def test_tablets_shared_or_given_are_someone_elses_medicine(text):
    read_ = question(text)
    assert "someone_elses_medicine" in (read_.topic, *read_.concerns, *read_.other_topics, *read_.asked_topics)


def test_the_amount_put_forward_is_not_a_limit_quoted_after_it():
    # "the maximum is up to 100" quotes a limit: the amount put forward is 25 mg three times (75 mg a day)
    read_ = question("I'm 52, on 10 mg three times a day. Can I increase by myself to 25 mg three times, that's 75 mg a "
                     "day? I read the maximum is up to 100, so 75 is fine.")
    assert (read_.proposed.value, read_.proposed.per, read_.proposed.times_a_day) == (25.0, "dose", 3)
    assert read_.changes_own_dose


def test_the_sum_put_forward_after_so_is_the_proposal_and_the_asker_an_adult():
    read_ = question("My neurologist has me at 100 mg a day for the MS spasms, ten tablets of 10. Can I add two more "
                     "10 mg tablets at night, so 120 mg? Just until the appointment.")
    assert read_.proposed.value == 120.0
    assert read_.population == "adult" and read_.self_assumed


@pytest.mark.parametrize("text", [
    "We've been creeping the dose up since spring and I can't tell if it's doing anything. How long is a fair trial "
    "before we call it quits?",
    "How long do we give it before we give up on it?",
])
def test_how_long_a_fair_trial_is_how_long_it_takes_to_work(text):
    read_ = question(text)
    assert "how_long_to_work" in (read_.topic, *read_.asked_topics)


def test_an_infection_told_beside_a_pump_operation_is_the_pumps_precaution():
    read_ = question("Mum's pump has to be replaced as the battery is running down, but she has a urine infection this "
                     "week and they've put the operation back a fortnight. Why does an infection matter?")
    assert "pump_infection" in (read_.topic, *read_.concerns, *read_.other_topics, *read_.asked_topics)


def _read(text):
    return read(text, entities.extract(text))


@pytest.mark.parametrize("text, age", [
    ("My niece Keisha, she 11 now and 32 kilo. Which one the leaflet say for 11 years oui?", 11.0),  # no "is"
    ("He was born two months early at Mulago. Now he is 7, how often can we increase?", 7.0),  # prematurity
    ("My grandson turn 6 yesterday already. So now 6 which one?", 6.0),
])
def test_stop_39_ages_said_the_everyday_way(text, age):
    ages = [e["value"] for e in entities.extract(text) if e["entity"] == "age"]
    assert ages and set(ages) == {age}


@pytest.mark.parametrize("text, topic", [
    ("She 11 now and 32 kilo. Which one the leaflet say for 11 years?", None),  # her age, not years of use
    ("Doc has me on 5 mg three times a day but I'm out with the dogs from dawn. Can I take the 15 mg in one go?",
     None),  # dogs only told
    ("my old dog is stiff in the back legs, can he have some?", "pets_accidental"),
    ("The health visitors are coming to give the vaccines. Can he have the vaccines while on baclofen?", "vaccines"),
    ("She is feeding from the breast. Can she continue to feed the baby?", "breastfeeding"),
    ("The pharmacy gave me Lioresal this time, last time the box said baclofen. Same thing or not?",
     "brand_generic_names"),
    ("Is it alright if I leave off the baclofen for the weekend and start back on Monday?", "tapering_stopping"),
    ("The doctor said 'increase slowly'. How often does the leaflet say we can increase?", "starting_dose_titration"),
    ("Now I read on this paper that there's a top number. What is it?", "maximum_dose"),  # stop 40
    ("if one day I forget that I took my morning baclofen and I take it again, what will happen?", "extra_dose"),
])
def test_stop_39_topics_asked_the_everyday_way(text, topic):
    found = _read(text)
    assert (found.topic == topic) if topic else ("long_term_effects" not in (found.topic, *found.concerns)
                                                 and found.topic != "pets_accidental")


# ---------------------------------------------------------------- amounts and durations (stop 40, set X's first run)

def test_years_on_the_medicine_are_no_age():
    question = _read("Gareth here, I've got MS, been on baclofen three years. I'm on 20mg three times a day.")
    assert question.age_years is None
    assert (question.proposed.value, question.proposed.times_a_day) == (20, 3)


@pytest.mark.parametrize("text", [
    "My uncle takes Lithicarb, for his bipolar, 250 mg twice daily, for years. Now he is starting baclofen.",
    "He is on 250 mg of lithium and now starts baclofen, anything to flag?",
    "Nan's on Priadel 400 mg for her bipolar, now the hospital's given her baclofen",
])
def test_another_medicines_dose_is_not_put_up_as_baclofens(text):
    assert _read(text).proposed is None


@pytest.mark.parametrize("text, value, times", [
    ("he takes 250 mg of lithium and 10 mg baclofen three times a day, ok?", 10, 3),
    ("I take 10 mg of baclofen 3 times a day", 10, 3),
    ("Can I take 30 mg one time in the morning, same same, so I never forget?", 30, 1),
    ("Priya 16.5 kg x 300 mg per kg = 4950 mg per day, divided by 4. Where is my error?", 300, None),
])
def test_baclofens_amount_and_how_often(text, value, times):
    proposed = _read(text).proposed
    assert (proposed.value, proposed.times_a_day) == (value, times)
