"""What is being asked, decided from the typed question (baclofen/language/intents.py) before the classifier's
guess: the order of the rules, and the guard that turns an unsupported whole-section guess into a question back."""
import pytest

from baclofen.language import entities, intents
from baclofen.language.question import read


def decide(text: str, classifier: str = "out_of_scope"):
    return intents.decide(read(text, entities.extract(text)), classifier, text)


@pytest.mark.parametrize("text, expected", [
    # an emergency first, whatever else the message asks or the classifier says
    ("my son is 4 and swallowed a handful of my tablets, what's his dose?", intents.EMERGENCY),
    ("Con tôi nuốt mấy viên thuốc baclofen", intents.EMERGENCY),
    # a language the assistant does not answer in
    ("¿puedo tomar 120 mg al día?", intents.OTHER_LANGUAGE),
    # a unit question
    ("how many mg is 25 micrograms?", intents.CONVERT_UNITS),
    # a proposed amount, put up for checking
    ("can I give her 20 mg at once?", intents.CHECK_DOSE),
    ("0.75 mg/kg/day for a 20 kg child, correct?", intents.CHECK_DOSE),
    ("I'm on dialysis, can I take the normal 80 mg a day?", intents.CHECK_DOSE),
    # ...but not an amount told or merely mentioned
    ("I took 5 mg this morning, when do I take the next one?", intents.ASK_TOPIC),
    ("the 40 mg he takes daily, where does it go in the body?", None),
    # medicines named: the interaction, unless the topic comes first
    ("can I take oxycodone after my surgery", intents.ASK_INTERACTION),
    ("can I take it with zolpiclone", intents.ASK_INTERACTION),
    ("what dose of baclofen is used for alcohol dependence?", intents.ASK_TOPIC),
    ("is tizanidine stronger than baclofen?", intents.ASK_TOPIC),
    # a medicine named with the symptom it treats: the interaction; the unlisted use alone stays the topic
    ("can I take my Norco for back pain with baclofen", intents.ASK_INTERACTION),
    ("I'm on Elavil for nerve pain, is baclofen ok", intents.ASK_INTERACTION),
    ("is it ok to take amitriptyline for sleep with baclofen?", intents.ASK_INTERACTION),
    ("does baclofen help back pain?", intents.ASK_TOPIC),
    ("is baclofen ok for nerve pain?", intents.ASK_TOPIC),
    ("can I take baclofen for sleep", intents.ASK_TOPIC),
    ("what is the dose of amitriptyline for sleep", None),  # another medicine asked about on its own
    # a symptom the list does not have
    ("can baclofen cause hair loss?", intents.ASK_TOPIC),
    ("does baclofen cause itchy skin?", intents.ASK_IS_SIDE_EFFECT),
    # catalogue topics: a whole answer of the dialogue, or the topic's own answer
    ("what's the maximum dose?", intents.ASK_DOSE),
    ("8 years exactly, max per day?", intents.ASK_DOSE),
    ("what is it used for", intents.ASK_USES),
    ("does it make you sleepy", intents.ASK_IS_SIDE_EFFECT),
    ("I missed a dose, what should I do?", intents.ASK_TOPIC),
    ("I'm breastfeeding, what's my starting dose?", intents.ASK_DOSE),
    ("my pump refill is next week, what's the usual adult maintenance dose?", intents.ASK_DOSE),
    ("I missed my dose, what dose should I take now?", intents.ASK_TOPIC),
    # a person and a dose; a fact for the dose question, said or corrected
    ("dose for my 6 year old", intents.ASK_DOSE),
    ("sorry he's 7 not 4", intents.INFORM),
    ("16 kg", intents.INFORM),
    ("tablets", intents.INFORM),
])
def test_the_rules_decide(text, expected):
    assert decide(text) == expected


@pytest.mark.parametrize("text, classifier", [
    ("I see people on forums talking, what do you think?", "ask_side_effects"),
    ("Say, where does the rest of it go?", "ask_precaution"),
    ("Tell me more", "ask_uses"),
    ("What about next week?", "ask_dose"),
])
def test_a_whole_section_guess_with_nothing_behind_it_becomes_a_question_back(text, classifier):
    assert decide(text, classifier) == intents.NLU_FALLBACK


@pytest.mark.parametrize("text, classifier", [
    ("what are the side effects", "ask_side_effects"),
    ("any warnings I should know about", "ask_precaution"),
    ("what does it treat", "ask_uses"),
    ("how much should I take", "ask_dose"),
    ("can I mix it with other medicines", "ask_interaction"),
])
def test_a_whole_section_guess_with_words_behind_it_stands(text, classifier):
    assert decide(text, classifier) in (None, classifier)


@pytest.mark.parametrize("text, classifier", [
    ("Which warnings apply to me with this medicine?", "help"),
    ("What strengths does this medication come in?", "help"),
    ("What is this drug going to do for me?", "out_of_scope"),
    ("How should I take this medicine?", "out_of_scope"),
])
def test_a_question_about_the_medicine_guessed_as_small_talk_gets_a_question_back(text, classifier):
    """Not the help text or "I only answer about baclofen": its topic, or a question back with buttons."""
    assert decide(text, classifier) in (intents.NLU_FALLBACK, intents.ASK_TOPIC)


@pytest.mark.parametrize("text, classifier", [
    ("what can you do?", "help"), ("help", "help"), ("how do I use you?", "help"),
    ("what's the weather tomorrow?", "out_of_scope"), ("can you book me an appointment?", "out_of_scope"),
])
def test_small_talk_stays_small_talk(text, classifier):
    assert decide(text, classifier) is None


@pytest.mark.parametrize("text", ["What are the side effects of baclofen?", "side effects of this medication?",
                                  "what are the side effects of taking it"])
def test_the_side_effects_of_the_medicine_are_the_list_not_a_symptom_called_baclofen(text):
    assert decide(text, "ask_side_effects") == intents.ASK_SIDE_EFFECTS


def test_a_second_person_must_be_named():
    from baclofen.language import entities
    from baclofen.language.intents import ANOTHER_PERSON, NLU_FALLBACK, decide
    from baclofen.language.question import read

    for text, expected in [("what about my hospital number 123456", NLU_FALLBACK),
                           ("and for her brother?", None), ("what about my husband?", None)]:
        assert decide(read(text, entities.extract(text)), ANOTHER_PERSON, text) == expected, text


def test_a_story_that_tells_an_age_in_passing_is_not_a_dose_question():
    story = ("On the radio this morning they talked about tablets that knock you out. My grandad says his baclofen "
             "sends him to sleep every evening but he is up at six doing the crossword. Is that normal? He's 86.")
    assert decide(story, intents.ASK_IS_SIDE_EFFECT) in (None, intents.ASK_IS_SIDE_EFFECT)  # "is that normal?"
    asked = ("My granddaughter has CP and her school has asked about the tablets. She's 7 and on baclofen since "
             "January, she loves drawing. What's the usual daily range for her age according to the leaflet?")
    assert decide(asked, "out_of_scope") == intents.ASK_DOSE


@pytest.mark.parametrize("text, expected", [
    ("Does the leaflet cover my condition at all?", intents.NLU_FALLBACK),  # nothing of a side effect asked
    ("Can baclofen lower your body temperature?", None),                   # "can it ...?": the classifier's
    ("My arms are weaker since I started baclofen, isn't it meant to do the opposite?", None),
    ("My knees have ached for a fortnight since the dose went up to 40. Known thing?", None),
    ("Ever since the baclofen went up I've been off my food. Could it be from the tablets?", None),
])
def test_a_guess_that_a_symptom_is_asked_about_needs_something_behind_it(text, expected):
    assert decide(text, intents.ASK_IS_SIDE_EFFECT) == expected


def test_an_amount_a_day_above_every_ceiling_is_checked_whatever_else_is_asked():
    text = "My back spasms are bad since the fall and the new doctor wrote 120 mg a day for my back. Is that right?"
    assert decide(text) == intents.CHECK_DOSE
    assert decide("can I take 20 mg a day for my back pain?") == intents.ASK_TOPIC  # an unlisted use: no dose


def test_a_story_about_a_precaution_is_not_a_dose_question_unless_it_asks_one():
    story = ("A friend told me she is expecting her first child. She has had spasticity since a spinal injury and "
             "takes baclofen every day. She asked me what the leaflet says about baclofen in pregnancy.")
    assert decide(story) != intents.ASK_DOSE


def test_a_group_the_leaflet_has_words_for_backs_a_guess_of_the_precautions():
    # the group named ("old people") is the elderly precaution: the guess stands, or the topic says it outright
    assert decide("My gran is in her nineties now. Is there anything special for old people on baclofen that I "
                  "should know about?", intents.ASK_PRECAUTION) in (None, intents.ASK_PRECAUTION)
    assert decide("Anything I should know about it?", intents.ASK_PRECAUTION) == intents.NLU_FALLBACK


@pytest.mark.parametrize("text", ["Even just the one pint?", "what about a glass of wine with it?", "can I drink?"])
def test_a_drink_asked_about_is_a_drink_with_baclofen(text):
    assert decide(text, "ask_dose") == intents.ASK_INTERACTION


def test_the_dose_someone_is_on_told_beside_a_precaution_question_is_not_checked():
    """"I'm on 10 mg three times a day, can I drive?" asks about driving; an amount above every ceiling still is."""
    for text in ("im on 10mg three times a day, can i drive?",
                 "The doctor gave me baclofen 5mg three times for my back. Can I keep driving the truck?"):
        question = read(text, entities.extract(text))
        assert question.on_a_dose and intents.decide(question, "ask_precaution", text) == intents.ASK_PRECAUTION
    above = "im on 40mg three times a day, can i drive?"
    assert intents.decide(read(above, entities.extract(above)), "ask_precaution", above) == intents.CHECK_DOSE


@pytest.mark.parametrize("text, guess", [
    ("is that safe for him?", "ask_precaution"),  # what "that" is, the conversation says, or a question back
    ("would those be ok for her?", "ask_side_effects"),
    ("when", "out_of_scope"),  # nothing said to answer: not "I only answer about baclofen"
    ("and then?", "out_of_scope"),
])
def test_a_message_that_names_nothing_is_asked_back_whatever_the_classifier_guessed(text, guess):
    assert intents.decide(read(text, entities.extract(text)), guess, text) == intents.NLU_FALLBACK


@pytest.mark.parametrize("text, guess", [
    ("is it safe for him?", "ask_precaution"),  # "it": the medicine this assistant is about
    ("what is the weather like", "out_of_scope"),
])
def test_the_classifiers_guess_stands_when_the_message_says_what_it_is_about(text, guess):
    assert intents.decide(read(text, entities.extract(text)), guess, text) is None


def _decided(text, guess="ask_dose"):
    return intents.decide(read(text, entities.extract(text)), guess, text)


def test_the_figures_asked_beside_the_dose_someone_was_given_are_the_figures():
    assert _decided("My neurologist started baclofen at 5 mg at 07:00, 13:00 and 19:00. What is the daily ceiling "
                    "for adults?") == "ask_dose"
    # put up for judgement, it is checked
    assert _decided("My neurologist started baclofen at 5 mg three times a day. Is that right for an adult?") == "check_dose"


@pytest.mark.parametrize("text", ["I take 100 mg a day now. I will go to 140 mg from tomorrow, just confirm the max",
                                  "thinking of 150 mg, my back is bad, what does the leaflet say about the most i can have",
                                  # a dose taken for months told first, the plan after it, and driving beside
                                  "She has taken 100 mg a day for months. The neurologist proposes to go to 120 mg. I "
                                  "check the timetable before I drive. Is 120 mg acceptable?"])
def test_an_amount_above_every_ceiling_however_it_is_read_is_checked(text):
    assert _decided(text, "ask_topic") == "check_dose"


def test_the_room_left_above_the_dose_someone_takes_is_a_check():
    assert _decided("I take 30 mg three times a day. So how much room do I have left?") == "check_dose"


@pytest.mark.parametrize("text, expected", [
    # the first question names a use, a medicine or a symptom; what the story only tells (coffee, a hobby) follows
    ("I roast coffee for a living and my cousin broke his back last spring. The clinic gave him baclofen. "
     "What is this medicine for exactly?", intents.ASK_USES),
    ("I run a small bakery and the flour dust gets everywhere. I take Nurofen for my shoulder most days. "
     "Is Nurofen fine with the baclofen?", intents.ASK_INTERACTION),
    ("How much baclofen is right for my girl of 6, and can she swallow the tablets crushed in jam?", intents.ASK_DOSE),
])
def test_the_first_question_asked_leads_not_a_topic_only_told(text, expected):
    assert decide(text) == expected


@pytest.mark.parametrize("text", [
    "Can I keep riding my scooter to work on baclofen?",
    "I pilot the ferry across the bay twice a day. Is that allowed on baclofen?",
])
def test_riding_and_piloting_are_the_driving_precaution(text):
    assert read(text, entities.extract(text)).topic == "driving"


@pytest.mark.parametrize("text", [
    "Is baclofen for stiffness after a stroke?",
    "My aunt's hand is clenched since her stroke. The neighbour says baclofen. Is baclofen for this?",
    "So would it fix the cramps I get in my hands after a day of picking?",
])
def test_asked_whether_baclofen_is_for_something_is_answered_with_its_uses(text):
    assert decide(text) == intents.ASK_USES


@pytest.mark.parametrize("text", ["is baclofen for kids too?", "is it ok for my mum with her kidneys?"])
def test_for_a_person_is_not_a_use(text):
    assert decide(text) != intents.ASK_USES


@pytest.mark.parametrize("text", [
    "Is it alright to knock back a couple after work while I'm on baclofen?",
    "Can I have a few cold ones at the barbecue on baclofen?",
])
def test_drinking_said_the_everyday_way_is_alcohol(text):
    assert "alcohol" in read(text, entities.extract(text)).drugs


def test_a_dose_asked_for_a_number_of_years_asks_for_that_age():
    text = "The doctor wrote baclofen for my son, he has CP. How much for 11 years? Kids dose or adult dose?"
    asked = read(text, entities.extract(text))
    assert asked.age_years == 11 and decide(text) == intents.ASK_DOSE
    # years on the medicine stay a duration
    assert read("He has taken it for 11 years, is that safe?", entities.extract("He has taken it for 11 years, is "
                                                                              "that safe?")).age_years is None


def test_a_dose_the_doctor_moved_me_to_is_the_askers_own():
    text = "Doc upped me to 30 mg three times a day. My mate says the max is 80 and I'm over. Who's right?"
    asked = read(text, entities.extract(text))
    assert asked.population == "adult" and decide(text) == intents.CHECK_DOSE
