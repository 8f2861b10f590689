"""What a story says, read where people say it in their own words (baclofen/language: entities, topics, question,
urgency in Vietnamese). Wording of this project's own, not of any evaluation set."""
import pytest

from baclofen.language import entities, topics, urgency
from baclofen.language.normalise import normalise
from baclofen.language.question import read


def _drugs(text):
    return [e["value"] for e in entities.extract(text) if e["entity"] == "drug"]


@pytest.mark.parametrize("text, alcohol", [
    ("I drink about four coffees a day, is that a problem?", False),
    ("she drinks 2 energy drinks before every shift", False),
    ("I don't drink alcohol at all, can I take CBD with it?", False),
    ("he never drinks beer these days", False),
    ("I drink wine most nights and coffee in the morning", True),
    ("can I drink alcohol while on baclofen?", True),
])
def test_alcohol_is_read_only_where_someone_drinks_it(text, alcohol):
    assert ("alcohol" in _drugs(text)) is alcohol


@pytest.mark.parametrize("text, topic", [
    ("my old dog is stiff in the back legs, can he have some?", "pets_accidental"),
    ("three months on it and it hasn't done a thing for her legs", "not_working"),
    ("she says she will stop the tablets altogether next week", "tapering_stopping"),
    ("what's the most the leaflet allows for a 9 year old?", "maximum_dose"),
    ("he had a few shots of tequila after his dose", "alcohol"),
    ("would baclofen even be a drug for that?", "what_is_it_used_for"),
])
def test_a_topic_is_found_in_everyday_words(text, topic):
    assert topic in topics.all_matches(normalise(text))


def test_the_travel_news_is_no_question_about_travel():
    assert "travel" not in topics.all_matches(normalise("we'll come back to you after the travel news"))


def test_of_two_routes_the_one_beside_the_amount_is_the_amounts():
    text = "Our ward chart gives the intrathecal screening dose as 50 mg. The tablets are different, I know."
    assert read(text, entities.extract(text)).route == "intrathecal"


@pytest.mark.parametrize("text", [
    "nghe mấy chị cùng phòng kể có người uống thuốc giãn cơ rồi ngủ luôn không dậy, có thật không",
    "máy bơm nước nhà tôi kêu tít tít suốt, ông nhà tôi đang uống baclofen có sao không",
    "kịch bản cho buổi tập huấn: bệnh nhân đặt bơm baclofen sốt cao, lú lẫn. Em cần viết phần tư vấn",
    "ca đêm về mệt xỉu, uống baclofen vào là ngủ như chết, có bình thường không",
])
def test_vietnamese_hearsay_drills_other_pumps_and_figures_of_speech_are_no_emergency(text):
    assert urgency.detect(text) is None


def test_vietnamese_tablets_counted_short_beside_a_child_are_an_emergency():
    text = "cháu tôi 3 tuổi lấy vỉ thuốc của bà ra chơi, đếm lại thì chỉ còn hai viên"
    assert urgency.detect(text) == "poisoning"


def test_an_ordinal_birthday_is_an_age():
    text = "our son had his 4th birthday on Sunday, what is the leaflet's range for him?"
    assert read(text, entities.extract(text)).age_years == 4


def test_of_an_amount_told_and_one_put_forward_the_one_put_forward_is_checked():
    text = "She got no effect at 50 micrograms in the screening. Could they try 75 micrograms tomorrow?"
    assert read(text, entities.extract(text)).proposed.value == 75


def test_a_fit_told_in_lay_words_after_running_out_is_an_emergency_not_a_crisis():
    text = ("grandad is on the floor, arms and legs shaking hard and his eyes gone up, 4 minutes now. "
            "he ran out of baclofen on monday")
    assert urgency.detect(text) is not None and urgency.leaning(text) is None


def test_a_story_of_side_effects_is_never_out_of_scope():
    from baclofen.language import intents

    text = ("Caller on the radio: since starting baclofen I've had trouble getting the water flowing at the loo "
            "and the finishing part in the bedroom isn't what it was. The host says we'll come back after the news.")
    asked = read(text, entities.extract(text))
    assert intents.decide(asked, "out_of_scope", text) == intents.ASK_IS_SIDE_EFFECT


def test_a_negator_does_not_reach_past_its_clause():
    # "not yet" belongs to the time before the pump; the fever after the comma is now
    assert urgency.detect("vợ tôi có bơm, chiều ni hai chân co cứng lại như hồi chưa đặt bơm, sốt nhẹ") == "pump"
    assert urgency.detect("he has the pump and no fever, but he is confused and rigid tonight") == "pump"


@pytest.mark.parametrize("text", ["this is my last message, thank you all for everything. bye",
                                  "đây là tin nhắn cuối của mình, cảm ơn mọi người nha"])
def test_a_last_message_said_as_goodbye_is_a_crisis(text):
    assert urgency.detect(text) == "crisis"


@pytest.mark.parametrize("text", [
    "bị giật điện thoại ở ngã tư, bực muốn chết. thôi kệ, hỏi thuốc này uống trước khi ngủ được không",
    "deadline dí chết mất, chắc em xỉu tại bàn. bố em uống baclofen có uống chút rượu được không",
    "thằng cu lấy vỉ thuốc của bà, tôi đếm đi đếm lại đúng 10 viên, không viên nào bị bóc, miệng nó sạch",
])
def test_vietnamese_hyperbole_snatching_and_a_checked_pack_are_no_emergency(text):
    assert urgency.detect(text) is None


@pytest.mark.parametrize("text, kind", [
    ("my son got into the blister pack, I counted and all 10 are still there, nothing missing", None),
    ("my son got into the blister pack, I counted and 2 are missing", "poisoning"),
    ("thằng cu lấy vỉ thuốc của bà, tôi đếm lại thiếu 2 viên, còn đủ 8 viên", "poisoning"),
])
def test_a_pack_checked_with_every_tablet_there_is_no_poisoning(text, kind):
    assert urgency.detect(text) == kind


def test_a_question_about_warning_signs_is_not_said_to_be_unanswered():
    from baclofen.language.unmatched import unmatched_questions

    text = ("I'm writing a care plan for clients with intrathecal baclofen pumps. Which warning signs should go on "
            "the list that means urgent help is needed? It's for a document, nobody is unwell.")
    assert unmatched_questions(text, entities.extract(text)) == ()


def _age(text):
    return read(text, entities.extract(text)).age_years


@pytest.mark.parametrize("text", [
    "I train at the pool 5 days a week, will baclofen slow my swimming?",
    "we've had four decades of farming, forty years of lifting bales, is my back a listed use?",
    "he has been on it for about two years now, 10 mg three times a day",
    "now it is 7 weeks and she is only a little better, is that normal?",
    "the doctor said continue 3 months and then review",
])
def test_time_gone_by_and_rates_are_never_ages(text):
    assert _age(text) is None


@pytest.mark.parametrize("text, years", [
    ("my baby, 6 weeks, how much would it be?", 6 / 52 * 12 / 12),
    ("18 months, 11 kg, what dose?", 1.5),
    ("she is 3 years of age and 14 kg", 3.0),
    ("she's a year and a half", 1.5),
])
def test_an_age_is_still_an_age(text, years):
    assert _age(text) == pytest.approx(years, abs=0.01)


@pytest.mark.parametrize("text", [
    "Event log: 01:40 my insulin pump alarmed for a low reservoir, cartridge changed, glucose fine. I take baclofen "
    "tablets too. Which frequency is the blood sugar side effect?",
    "Her breast pump keeps beeping about its battery all night. She is on baclofen, can she still express milk?",
    "When the consultant said 'pump' and 'baclofen' in one breath I got confused. I'm on the tablets only. Anything "
    "for a diabetic to know?",
])
def test_another_pump_and_a_word_quoted_are_no_pump_emergency(text):
    assert urgency.detect(text, "en") is None


def test_the_baclofen_pump_named_after_another_pump_is_still_read():
    assert urgency.detect("his insulin pump is fine but his baclofen pump is beeping and he is burning up and muddled",
                          "en") == "pump"


def test_an_unlisted_use_that_describes_a_listed_one_is_not_the_question():
    text = ("The GP wants me on baclofen for the stiffness in my neck from cervical spondylosis. I had a febrile fit "
            "as a toddler. Is that a problem?")
    assert read(text, entities.extract(text)).topic != "back_pain"
    other_use = ("She has had a spinal cord injury since the accident in 2019 and takes it three times a day for the "
                 "spasms, which it helps with a lot. Separately, a friend from her support group says it stops alcohol "
                 "cravings. Does the leaflet say it can be used for alcohol cravings too?")
    assert read(other_use, entities.extract(other_use)).topic == "alcohol_use_disorder"


def test_the_sentence_that_asks_decides_the_topic_of_a_short_message():
    text = "what is the starting dose for adults. my dad just got his first box and he gets muddled easily"
    assert read(text, entities.extract(text)).topic == "starting_dose_titration"


def _question(text):
    return read(text, entities.extract(text))


@pytest.mark.parametrize("text, years", [
    ("My girl Mai is 5 and on the tablets since spring, how much would she end up on?", 5.0),
    ("My niece's 4 and has just started baclofen, how often is it raised?", 4.0),
])
def test_an_age_after_a_relation_and_a_name_is_read(text, years):
    assert _question(text).age_years == years


def test_a_band_of_ages_is_nobodys_age():
    text = "the leaflet gives a pump start for children aged 4 to 18, my son is 3, what does it say for him?"
    assert _question(text).age_years == 3.0


def test_kidneys_said_to_be_healthy_are_no_condition():
    assert "kidneys" not in _question("He is 60 and his kidneys are normal. What starting dose?").conditions
    assert "kidneys" in _question("He is 60 and has kidney failure. What starting dose?").conditions


@pytest.mark.parametrize("text", [
    "She has been on the tablets for a year and the team will start the pump at 25 micrograms. Is that in line with "
    "the leaflet for a 6 year old?",
    "His tablets make him drowsy so they talked about a pump. What would the pump start at for a 9 year old?",
])
def test_of_two_routes_a_microgram_amount_or_the_asking_sentence_decides(text):
    assert _question(text).route == "intrathecal"


def test_a_noun_of_words_is_no_unknown_medicine_but_a_made_up_name_is():
    assert _question("which circumstances with baclofen need a doctor's advice?").unknown_drug is None
    assert _question("can I take it with zorblaxin?").unknown_drug == "zorblaxin"


@pytest.mark.parametrize("text, drug", [
    ("my husband is on lith ium and now they want to add baclofen, is that ok together", "lithium"),
    ("can she take it with her war farin", "warfarin"),
])
def test_a_medicine_dictated_in_two_pieces_is_read(text, drug):
    assert drug in _drugs(text)


def test_a_comparison_with_adults_is_no_comparison_of_medicines():
    assert _question("is the top dose for a 12 year old different compared with an adult?").topic != \
        "compare_other_relaxants"
    assert _question("how does baclofen compare with tizanidine?").topic == "compare_other_relaxants"


def test_a_use_in_children_with_a_listed_condition_asks_the_uses():
    text = "my neighbour says it is also used in children with cerebral palsy, is that so?"
    assert _question(text).topic == "what_is_it_used_for"


def test_a_child_of_spinal_origin_asking_about_the_pump_gets_its_own_topic():
    text = "Could a 9 year old with spasticity after a spinal cord injury have intrathecal baclofen?"
    assert _question(text).topic == "intrathecal_children_spinal"


@pytest.mark.parametrize("text", [
    "I'm killing myself with these night shifts, honestly. Can I take baclofen with coffee?",
    "working myself into the ground at the moment; is baclofen ok with paracetamol?",
])
def test_work_that_wears_one_out_is_no_crisis(text):
    assert urgency.detect(text, "en") is None


def test_a_wish_to_die_with_the_tablets_stays_a_crisis():
    assert urgency.detect("I keep thinking about killing myself with all my baclofen", "en") == "crisis"


def test_a_back_that_locks_up_is_no_question_about_storage():
    assert _question("my back still locks up after five weeks, should I keep taking it?").topic != "storage"


def test_machines_other_than_cars_are_the_driving_caution():
    assert _question("Can I run the chainsaw and the quad bike on baclofen?").topic == "driving"


def test_a_baby_cutting_teeth_is_no_child_with_tablets_in_the_mouth():
    text = ("rough night, the baby was teething till 5 and the toddler has a cold. I'm on baclofen myself, can I take "
            "ibuprofen with my baclofen for this headache?")
    assert urgency.detect(text, "en") is None
    assert urgency.detect("my toddler was chewing my baclofen strip and has white bits in his mouth", "en") == \
        "poisoning"


@pytest.mark.parametrize("text", [
    "My grandfather watched a drama where the man nearly fainted on his pills; he is fine on baclofen, should he stop?",
    "The carer highlighted 'fits', 'hallucinations' and 'chest pain' in the leaflet. How common are they? He is fine.",
    "She has two full boxes left over since her husband passed. What should she do with them?",
])
def test_what_nearly_happened_words_marked_and_packs_in_stock_are_no_emergency(text):
    assert urgency.detect(text, "en") is None


def test_a_crisis_said_in_fragments_is_a_crisis():
    assert urgency.detect("so tired. cant. pills all. then over. sorry", "en") == "crisis"


def test_a_use_said_only_as_the_reason_is_not_the_question():
    fasting = "I take baclofen for my back. Ramadan starts soon and I can't eat in the day. How do I take it when I fast?"
    assert _question(fasting).topic != "back_pain"
    assert _question("is baclofen any good for back pain?").topic == "back_pain"


def test_eating_or_drinking_in_a_fast_is_no_alcohol():
    assert "alcohol" not in _drugs("during the fast I cannot eat or drink until sunset, how do I take my tablets?")
    assert "alcohol" in _drugs("can he have a few beers at the gig on saturday?")


def test_other_pumps_give_no_route():
    assert _question("just got a new breast pump, can I express on baclofen?").route is None
    assert _question("I have the pump, not tablets. Are the leaflet doses mine?").route == "intrathecal"


@pytest.mark.parametrize("text, topic", [
    ("I ride the moto taxi with passengers all day, is it ok to keep working on it?", "driving"),
    ("I run an industrial mixer at the bakery, is that alright on baclofen?", "driving"),
    ("what are the signs when intrathecal baclofen is stopped suddenly?", "withdrawal_symptoms"),
    ("which group of medicines increases baclofen's effect?", "interactions_general"),
    ("what exactly is this medicine for?", "what_is_it_used_for"),
    ("is baclofen a medicine for stage fright?", "what_is_it_used_for"),
])
def test_topics_said_in_other_words(text, topic):
    from baclofen.language import topics as topic_words
    assert topic in topic_words.all_matches(text)


def test_falls_alone_say_nothing_of_age():
    from baclofen.language import topics as topic_words
    assert "elderly" not in topic_words.all_matches("she is 10 and has had two falls since starting it")


def test_a_dose_for_someone_is_no_question_of_uses():
    from baclofen.language import topics as topic_words
    assert "what_is_it_used_for" not in topic_words.all_matches("what is the dose for a child")
