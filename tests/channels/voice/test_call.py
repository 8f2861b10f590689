"""channels/voice/: the hotline's decisions, without Twilio or Rasa: answers in parts that fit a turn, the keypad,
keyed ages and weights, repeat / more / back / slower, and what happens when the caller is not understood. The
replies come from the real composed answers, rendered by baclofen.render.speech as the action server sends them."""
import re

import pytest

from baclofen.answers import compose, doses, emergencies, topics
from baclofen.dosing.lookup import DoseQuery, child_oral_before_weight, lookup
from baclofen.dosing.person import DoseInputError
from channels.voice import keypad
from channels.voice.call import (
    LISTEN_CONFIRM_DOSE, LISTEN_CONFIRM_ENTRY, LISTEN_CORRECT, Ask, CallState, Heard,
    Hotline, Reply, Turn, form_question, main_menu,
)
from channels.voice.parts import split, word_count
from baclofen.interactions import interactions_for
from baclofen import knowledge
from baclofen.render import speech
from tests.core.render.test_speech import all_answers

LIMIT = 60
GREETING = "Hello, this is the hospital's automated baclofen line. I read from the leaflet; I am not a doctor."


def reply(answer) -> Reply:
    """What the voice channel receives for an answer (actions/delivery.py)."""
    return Reply.from_message({"text": speech.render(answer), "custom": speech.voice_meta(answer)})


@pytest.fixture
def hotline(configure):
    configure(BACLOFEN_EMERGENCY_NUMBER="115", BACLOFEN_HOTLINE="1900 1234")
    return Hotline(limit=LIMIT, min_confidence=0.3)


def start(hotline) -> Turn:
    return hotline.begin([Reply(GREETING)])


def ask(hotline, turn: Turn, answer, asking=None, **heard) -> Turn:
    step = hotline.hear(turn.state, Heard(**heard))
    assert isinstance(step, Ask), step
    return hotline.answer(step, [reply(answer)], asking)


def every_answer():
    found = all_answers() + [doses.overview(), compose.precaution(None), compose.other_language("es"),
                             compose.clarify(["ask_dose"], possible_emergency=True)]
    found += [doses.before_weight(child_oral_before_weight(DoseQuery("oral", age, None, None))) for age in (2, 4, 8)]
    found += [topics.answer(entry["id"]) for entry in knowledge.topics()]
    found += [emergencies.for_kind(kind) for kind in emergencies.BY_KIND]
    return found


def test_every_part_of_every_answer_fits_a_turn_with_its_prompt(hotline):
    """Every answer the assistant composes, said a part at a time: each turn (the part, the question after it, the
    prompt) within the limit, an emergency (said whole, no transfer) and a confirmed dose (in parts) included."""
    longest = {}
    for answer in every_answer():
        turn = ask(hotline, start(hotline), answer, asking="weight_kg" if answer.kind == "ask_weight" else None,
                   speech="a question")
        if answer.kind == compose.EMERGENCY:
            # One instruction, at the start and at the end; no transfer, no other number to call
            assert not turn.transfer and turn.says[0].startswith("Hang up and call one one five now")
            assert turn.says[-1].endswith("Hang up and call one one five now.") and len(turn.says) == 1
            assert "one nine zero zero" not in " ".join(turn.says) and turn.words <= LIMIT, (turn.words, turn.says)
            assert turn.state.keys["0"] == keypad.PHARMACIST
            continue
        if answer.dose is not None:
            assert turn.state.listen == LISTEN_CONFIRM_DOSE  # read back first
            turn = hotline.hear(turn.state, Heard(speech="yes"))
            assert answer.dose.covered is False or "prescriber decides" in turn.says[0], turn.says
        words = [turn.words]
        while turn.state.at + 1 < len(turn.state.parts):
            turn = hotline.hear(turn.state, Heard(speech="more"))
            words.append(turn.words)
        longest[answer.kind] = max(longest.get(answer.kind, 0), *words)
        assert max(words) <= LIMIT, (answer.kind, words, turn.says)
    assert set(longest) >= {"dose", "side_effects", "interaction_overview", "dose_overview", "precaution", "uses", "help",
                            "ask_weight", "topic_partly", "topic_not_covered", "interaction", "clarify"}


def test_parts_keep_every_word_in_order_and_the_source_once():
    for answer in every_answer():
        if answer.kind in (compose.EMERGENCY,):
            continue
        units = speech.units(answer) if answer.dose is None else \
            [speech.Unit.from_dict(u) for u in speech.voice_meta(answer)["voice"]["units"]]
        parts = split(units, 38)
        said = " ".join(parts.texts)
        for unit in units:
            assert unit.text in said or all(piece in said for piece in re.split(r"(?<=[.?!,;:])\s+", unit.text)), unit
        assert sum(word_count(t) for t in parts.texts) == sum(word_count(u.text) for u in units)
        if answer.citation is not None and not any(line.citation for line in answer.lines):
            assert said.count(speech.brief_citation(answer.citation)) == 1


def test_side_effects_most_common_first_then_more_by_name(hotline):
    turn = ask(hotline, start(hotline), compose.side_effects(), speech="what are the side effects")
    assert turn.says[0].startswith("Side effects the leaflet lists. Common: confusion")
    assert "From the leaflet, section three." in turn.says[0]  # once, briefly, in the first part
    assert turn.says[-1] == "Say more, or press one, for the uncommon side effects."
    assert turn.state.keys["1"] == keypad.MORE
    more = hotline.hear(turn.state, Heard(digits="1"))
    assert more.says[0].startswith("Uncommon: shortness of breath") and "section three" not in more.says[0]
    rare = hotline.hear(more.state, Heard(speech="More."))
    assert rare.says[0].startswith("Rare: hallucinations")
    back = hotline.hear(rare.state, Heard(speech="go back"))
    assert back.says == more.says
    last = hotline.hear(hotline.hear(rare.state, Heard(speech="more")).state, Heard(speech="more"))
    assert last.says[0] == "That is all for this answer."


def test_repeat_says_the_same_words_and_keeps_what_keys_mean(hotline):
    turn = ask(hotline, start(hotline), compose.interaction_overview(), speech="interactions")
    for way in (Heard(digits="9"), Heard(speech="Say that again."), Heard(speech="repeat")):
        again = hotline.hear(turn.state, way)
        assert again.says == turn.says and again.state.keys == turn.state.keys


def test_slower_lowers_the_rate_for_the_rest_of_the_call_and_says_it_again(hotline):
    turn = ask(hotline, start(hotline), compose.uses(), speech="uses")
    assert turn.state.rate == 100
    slower = hotline.hear(turn.state, Heard(speech="slow down please"))
    assert slower.state.rate == 85 and slower.says == ("More slowly.", *turn.says)
    later = ask(hotline, slower, compose.side_effects(), speech="side effects")
    assert later.state.rate == 85  # the rest of the call
    assert hotline.hear(later.state, Heard(digits="8")).state.rate == 70
    slowest = hotline.hear(hotline.hear(later.state, Heard(digits="8")).state, Heard(digits="8"))
    assert slowest.state.rate == 70 and slowest.says[0] == "This is my slowest."
    assert hotline.hear(slowest.state, Heard(speech="normal speed")).state.rate == 100


def test_menu_keys_are_the_widget_payloads_and_the_emergency_number_comes_first(hotline):
    turn = start(hotline)
    assert turn.says == (GREETING, main_menu())
    assert turn.says[1].startswith("In an emergency, call one one five. Press one for uses, two for doses")
    assert turn.words <= LIMIT - 2  # "More slowly." fits before it
    for digit, payload in (("1", "/ask_uses"), ("3", "/ask_side_effects"), ("4", "/ask_interaction"),
                           ("5", "/ask_precaution"), ("0", "/ask_human")):
        assert hotline.hear(turn.state, Heard(digits=digit)).text == payload
    # Doses: whose dose first, with the widget's options after its dose overview, then the overview itself.
    doses_menu = hotline.hear(turn.state, Heard(digits="2"))
    assert doses_menu.says == ("In an emergency, call one one five. Press one, work out a child's dose; two, an "
                               "adult's dose; three, the leaflet's doses for every group; or zero, the pharmacist.",)
    for digit, payload in (("1", "dose for my child"), ("2", "dose for an adult"), ("3", "/ask_dose")):
        assert hotline.hear(doses_menu.state, Heard(digits=digit)).text == payload
    done = ask(hotline, turn, compose.dosage_forms(), speech="tablets or injection")
    assert done.says[-1] == ("In an emergency, call one one five. Press nine to repeat, zero for the pharmacist, "
                             "or star for the menu.")
    assert hotline.hear(done.state, Heard(digits="*")).says == (main_menu(),)


def test_an_answers_buttons_become_keys(hotline):
    turn = ask(hotline, start(hotline), compose.clarify(["ask_side_effects", "ask_dose"]), speech="hmm")
    assert turn.says[-1] == ("In an emergency, call one one five. Press one, side effects; two, doses; or zero, "
                             "the pharmacist.")
    assert hotline.hear(turn.state, Heard(digits="1")).text == "/ask_side_effects"
    assert hotline.hear(turn.state, Heard(digits="0")).text == "/ask_human"


def test_keyed_age_and_weight_are_read_back_then_sent_typed(hotline):
    doses_menu = hotline.hear(start(hotline).state, Heard(digits="2"))
    asked = hotline.answer(hotline.hear(doses_menu.state, Heard(digits="1")),
                           [Reply("How old is the person who takes baclofen?")], "age_years")
    assert asked.keyed_entry and asked.says[-1].startswith("Or key the age in years, then the hash key.")
    read = hotline.hear(asked.state, Heard(digits="*18#"))
    assert read.state.listen == LISTEN_CONFIRM_ENTRY and read.says[0].startswith("Eighteen months. Is that right?")
    sent = hotline.hear(read.state, Heard(digits="1"))
    assert sent.text == '/inform{"age": 1.5}'
    again = hotline.hear(read.state, Heard(speech="no"))
    assert again.keyed_entry and again.says[0].startswith("Key the age in years")
    weight = hotline.answer(sent, [reply(doses.before_weight(child_oral_before_weight(DoseQuery("oral", 4))))],
                            "weight_kg")
    assert weight.keyed_entry and "How much does the child weigh?" in weight.says[0]
    assert hotline.hear(hotline.hear(weight.state, Heard(digits="*35#")).state, Heard(speech="yes")).text == \
        '/inform{"weight": ' + str(35 * 0.45359237) + "}"
    assert hotline.hear(hotline.hear(weight.state, Heard(digits="16")).state, Heard(digits="1")).text == \
        '/inform{"weight": 16.0}'


@pytest.mark.parametrize("slot, digits", [("age_years", "500#"), ("weight_kg", "00#"), ("age_years", "4*#"),
                                          ("weight_kg", "12345#")])
def test_keys_that_are_no_age_or_weight_are_refused_with_a_sentence(slot, digits):
    with pytest.raises(DoseInputError):
        keypad.read_entry(slot, digits)


def test_dose_read_back_yes_says_it_whole_no_offers_corrections(hotline):
    dose = compose.dose(lookup(DoseQuery("oral", 4, None, 16)))
    turn = ask(hotline, start(hotline), dose, speech="sixteen kilos")
    assert turn.says[0] == speech.readback(dose.dose) and turn.says[-1] == "Or press one for yes, two for no."
    said = hotline.hear(turn.state, Heard(digits="1"))
    # A part at a time: the starting dose, its split and who decides first; the rest on "more"
    assert said.says[0].startswith("The starting dose is four point eight milligrams a day")
    assert "one point two milligrams per dose" in said.says[0] and "prescriber decides" in said.says[0]
    assert "maintenance" not in said.says[0] and said.words <= LIMIT
    assert said.says[-1] == "Say more, or press one, for the maintenance dose."
    assert hotline.hear(said.state, Heard(digits="9")).says == said.says
    parts = [said]
    while parts[-1].state.at + 1 < len(parts[-1].state.parts):
        parts.append(hotline.hear(parts[-1].state, Heard(speech="more")))
    assert all(part.words <= LIMIT for part in parts)
    assert "twelve to thirty milligrams a day" in parts[1].says[0]  # the maintenance by weight (16 kg)
    assert hotline.hear(parts[2].state, Heard(speech="repeat")).says == parts[2].says  # the last part again
    # Every sentence of the whole spoken answer is said once, in one part or another (the source where it fits)
    sentences = re.compile(r"(?<=[.?!])\s+")
    assert sorted(sentences.split(" ".join(p.says[0] for p in parts))) == sorted(sentences.split(speech.render(dose)))
    refused = hotline.hear(turn.state, Heard(speech="no"))
    assert refused.state.listen == LISTEN_CORRECT
    assert hotline.hear(refused.state, Heard(digits="2")).says == (
        "Key the weight in kilograms, then the hash key. For pounds, press star first.",)
    assert hotline.hear(refused.state, Heard(digits="3")).says == (
        "Press one for tablets, or two for a pump or injection.",)


def test_two_turns_not_understood_offer_the_keypad_the_third_transfers(hotline):
    turn = start(hotline)
    first = ask(hotline, turn, compose.clarify(["ask_dose"]), speech="mumble")
    assert first.listens and first.state.trouble == 1 and first.says[0].startswith("I'm not sure")
    second = ask(hotline, first, compose.clarify(["ask_dose"]), speech="mumble")
    assert second.says[0] == "Sorry, I still did not catch that. You can use the keypad."
    assert second.says[1] == main_menu() and second.listens
    third = ask(hotline, second, compose.clarify(["ask_dose"]), speech="mumble")
    assert third.transfer and third.says == (speech.transfer(),)
    # Understood in between: the count starts again.
    understood = ask(hotline, second, compose.uses(), speech="uses")
    assert understood.state.trouble == 0


def test_low_confidence_counts_as_not_understood_but_an_emergency_is_answered(hotline):
    turn = start(hotline)
    doubtful = hotline.hear(turn.state, Heard(speech="what are the side effects", confidence=0.12))
    assert doubtful.doubtful
    missed = hotline.answer(doubtful, [reply(compose.side_effects())], None)
    assert missed.says[0] == "Sorry, I did not catch that." and missed.state.trouble == 1
    assert missed.says[1:] == (main_menu(),)
    urgent = hotline.answer(hotline.hear(missed.state, Heard(speech="he swallowed all of them", confidence=0.1)),
                            [reply(emergencies.poisoning())], None)
    assert not urgent.transfer and urgent.says[0].startswith("Hang up and call one one five now")
    assert not hotline.hear(turn.state, Heard(speech="side effects", confidence=0.0)).doubtful  # 0: not given


def test_silence_reprompts_then_offers_the_keypad_then_the_pharmacist_never_a_hang_up(hotline):
    asked = hotline.answer(hotline.hear(start(hotline).state, Heard(speech="dose for my son")),
                           [Reply("How old is the person who takes baclofen?")], "age_years")
    once = hotline.hear(asked.state, Heard())
    assert once.says == ("Sorry, I did not hear anything.", "How old is the person who takes baclofen?",
                         "Or key the age in years, then the hash key. For months, press star first.")
    twice = hotline.hear(once.state, Heard())
    assert twice.says == ("I still cannot hear you. You can use the keypad.",
                          "Key the age in years, then the hash key. For months, press star first.")
    thrice = hotline.hear(twice.state, Heard())
    assert thrice.transfer and not thrice.hangup


def test_an_unknown_key_is_said_and_counted(hotline):
    turn = hotline.hear(start(hotline).state, Heard(digits="7"))
    assert turn.says[0] == "Sorry, seven is not a key I offered." and turn.state.trouble == 1


def test_a_person_asked_for_is_a_transfer_whatever_the_assistant_made_of_it(hotline):
    step = hotline.hear(start(hotline).state, Heard(speech="operator"))
    turn = hotline.answer(step, [reply(compose.clarify(["ask_dose"]))], None)
    assert turn.transfer and turn.says == (speech.transfer(),)


def test_the_state_survives_its_stored_form(hotline):
    turn = ask(hotline, start(hotline), compose.side_effects(), speech="side effects")
    turn = hotline.hear(turn.state, Heard(digits="8"))
    stored = CallState.from_dict(__import__("json").loads(__import__("json").dumps(turn.state.as_dict())))
    assert stored == turn.state
    assert hotline.hear(stored, Heard(speech="more")).says == hotline.hear(turn.state, Heard(speech="more")).says
    assert CallState.from_dict({"rate": "fast", "parts": "oops", "at": 9}) == CallState()
    assert CallState.from_dict(None) == CallState()


def test_two_medicines_keep_each_source_after_its_answer(hotline):
    answer = compose.combine([compose.interaction(interactions_for("advil")),
                              compose.interaction(interactions_for("beer"))])
    parts = split(speech.units(answer), 38).texts
    said = " ".join(parts)
    assert said.index("ibuprofen") < said.index("section five point one") < said.index("alcohol") < \
        said.index("section five point two")


def test_words_are_counted_as_heard():
    assert word_count("Call one one five now.") == 5
    assert word_count("twenty-eight milligrams") == 2
    assert keypad.command("Say that again.") == keypad.REPEAT
    assert keypad.command("tell me more about side effects") is None
    assert keypad.yes_or_no("Yes, that's right.") == keypad.YES


def test_a_question_back_that_opens_with_the_emergency_number_is_said_whole_then_its_options(hotline):
    answer = compose.clarify(["ask_uses", "ask_precaution", "ask_dosage_forms"], possible_emergency=True)
    turn = ask(hotline, start(hotline), answer, speech="he is not right")
    assert turn.says[0].startswith("If someone is very unwell right now") and "Is it about one of these?" in \
        turn.says[0] and len(turn.state.parts) == 1
    assert turn.says[1].startswith("Press one, what it is used for; two, pregnancy, driving and other cautions")
    assert "In an emergency" not in turn.says[1]  # the number was the first thing said


def test_the_form_question_comes_with_the_replies():
    """What the dose form asks for is told by the last reply that tells it; replies that say nothing about the form
    (domain.yml responses without a voice payload) leave it as it was."""
    age = Reply.from_message({"text": "How old?", "custom": {"voice": {"asking": "age_years"}}})
    left = Reply.from_message({"text": "Stopped.", "custom": {"voice": {"asking": None}}})
    unfilled = Reply.from_message({"text": "Sorry.", "custom": {"voice": {"kind": "not_understood",
                                                                          "asking": "None"}}})
    silent = Reply.from_message({"text": "You're welcome."})
    assert form_question([reply(compose.side_effects()), age], None) == "age_years"
    assert form_question([age, left], "age_years") is None
    assert form_question([unfilled], "weight_kg") is None  # Rasa writes an empty slot as "None"
    assert form_question([silent], "weight_kg") == "weight_kg"
    assert form_question([], None) is None


def test_the_channel_does_not_look_into_the_conversation_for_the_form_question():
    from pathlib import Path
    source = (Path(__file__).resolve().parents[3] / "channels" / "twilio_voice.py").read_text()
    assert "requested_slot" not in source and "active_loop" not in source
