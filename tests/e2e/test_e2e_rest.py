"""End to end over the REST webhook: the real action server and Rasa server on loopback, real questions."""
import re

import pytest
import requests

from tests.servers import running_assistant

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    with running_assistant(tmp_path_factory.mktemp("assistant"), BACLOFEN_EMERGENCY_NUMBER="115",
                           BACLOFEN_HOTLINE="1900 1234") as assistant:
        yield assistant


def joined(texts):
    return "\n".join(texts)


def test_uses_in_everyday_words(bot):
    text = joined(bot.texts(bot.new_sender(), "what is baclofen used for?"))
    assert "multiple sclerosis" in text and "cerebral palsy" in text
    assert "section 1 (Uses)" in text


def test_one_message_dose_question(bot):
    text = joined(bot.texts(bot.new_sender(), "what dose of baclofen for a 3 year old weighing 14 kg, tablets"))
    assert "4.2 mg a day" in text and "1.05 mg per dose" in text
    assert "10.5-28 mg a day" in text and "20-30 mg a day" in text
    assert "prescriber decides" in text and "section 2 (Dosage)" in text


def test_dose_form_asks_only_what_is_missing_and_accepts_pounds_and_words(bot):
    sender = bot.new_sender()
    first = joined(bot.texts(sender, "how much baclofen should my daughter take?"))
    assert "How old" in first
    second = joined(bot.texts(sender, "two and a half"))
    # no route question (tablets, the common case); the age's own figures come with the weight question
    assert "weigh" in second and "20-30 mg a day" in second and "intrathecal" not in second.lower()
    answer = joined(bot.texts(sender, "30 lb"))
    # 30 lb = 13.61 kg; 0.3 mg/kg/day = 4.08 mg/day
    assert "13.61 kg" in answer and "4.08 mg a day" in answer and "20-30 mg a day" in answer


def test_dose_form_rejects_bad_input_and_goes_on(bot):
    sender = bot.new_sender()
    bot.texts(sender, "baclofen dose for my son")
    complaint = joined(bot.texts(sender, "-3 years"))
    assert "negative" in complaint and "How old" in complaint
    bot.texts(sender, "4")
    bot.texts(sender, "by mouth")
    implausible = joined(bot.texts(sender, "140 kg"))
    assert "not plausible" in implausible
    answer = joined(bot.texts(sender, "16 kilos"))
    assert "4.8 mg a day" in answer and "1.2 mg per dose" in answer


def test_user_corrects_a_value_inside_the_form(bot):
    sender = bot.new_sender()
    bot.texts(sender, "what's the baclofen dose for a 3 year old")
    bot.texts(sender, "by mouth")
    bot.texts(sender, "actually she is 7 years old")
    answer = joined(bot.texts(sender, "22 kg"))
    assert "7 years" in answer and "30-40 mg a day" in answer


def test_user_leaves_the_form(bot):
    sender = bot.new_sender()
    bot.texts(sender, "dose of baclofen for my child")
    text = joined(bot.texts(sender, "cancel"))
    assert "stopped the dose questions" in text
    text = joined(bot.texts(sender, "what are the side effects?"))
    assert "drowsiness" in text.lower() or "sleepiness" in text


def test_emergency_inside_the_form_comes_first(bot):
    sender = bot.new_sender()
    bot.texts(sender, "baclofen dose for my son")
    texts = bot.texts(sender, "help my son swallowed a whole strip of my baclofen tablets")
    assert texts[0].startswith("Call 115 now")


def test_emergency_pump_withdrawal(bot):
    texts = bot.texts(bot.new_sender(), "his baclofen pump ran out and now he has a high fever and is confused")
    assert texts[0].startswith("Call 115 now")


def test_brand_name_interaction(bot):
    text = joined(bot.texts(bot.new_sender(), "can I take advil with baclofen?"))
    assert "ibuprofen" in text and "section 5.1 (Interactions)" in text


def test_alcohol(bot):
    text = joined(bot.texts(bot.new_sender(), "is it ok to drink beer while on baclofen"))
    assert "alcohol" in text and "5.2" in text


def test_is_it_a_side_effect(bot):
    text = joined(bot.texts(bot.new_sender(), "can baclofen make you dizzy?"))
    assert "dizziness is listed as a common side effect" in text.lower() and not text.startswith("Yes")


def test_precaution_pregnancy(bot):
    text = joined(bot.texts(bot.new_sender(), "can I take baclofen while pregnant?"))
    assert "pregnancy" in text and "section 4" in text


def test_bot_challenge_and_human(bot):
    sender = bot.new_sender()
    assert "automated assistant" in joined(bot.texts(sender, "am I talking to a real person?"))
    assert "1900 1234" in joined(bot.texts(sender, "I want to talk to the pharmacist"))


def test_conversation_is_stored_in_the_tracker_store(bot):
    sender = bot.new_sender()
    bot.texts(sender, "what is baclofen used for?")
    tracker = bot.tracker(sender)
    users = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert users == ["what is baclofen used for?"]
    assert any(e["event"] == "action" and e["name"] == "action_answer_uses" for e in tracker["events"])


def test_an_emergency_said_across_two_messages_is_answered_first(bot):
    sender = bot.new_sender()
    bot.texts(sender, "what's the highest dose for an adult? and what if someone took like 30 tablets")
    text = joined(bot.texts(sender, "i already did. about 10 min ago"))
    assert re.match(r"^\W*Call 115 now\b", text), text
    after = joined(bot.texts(sender, "what is baclofen used for?"))  # and the conversation goes on
    assert "spasticity" in after and not after.startswith("Call 115")


def test_a_pump_named_before_and_a_fever_now_is_a_pump_emergency(bot):
    sender = bot.new_sender()
    bot.texts(sender, "my dad has an intrathecal baclofen pump for his MS")
    text = joined(bot.texts(sender, "he is burning up tonight and not making any sense"))
    assert re.match(r"^\W*Call 115 now\b", text), text


def test_what_only_the_safety_net_hears_opens_with_the_number_then_answers(bot):
    # (the net of 22 writers scores stop 34's example, "my partner just isn't right tonight, all glassy eyed and
    # slurring, and he had his baclofen earlier. what is baclofen used for?", 0.28: under its 0.3)
    text = joined(bot.texts(bot.new_sender(), "she's all glassy eyed, slurring and wobbly tonight after her baclofen, "
                                                "not herself at all. what is baclofen used for?"))
    assert "115" in text.split("\n")[0]


def test_a_short_follow_up_is_answered_with_the_question_before_it(bot):
    sender = bot.new_sender()
    bot.texts(sender, "Can I have a glass of wine with my baclofen?")
    text = joined(bot.texts(sender, "Surely just one small glass would be alright?"))
    assert "alcohol" in text and "section 5.2" in text  # the drink again, not the side-effect list
    assert not re.match(r"\W*(?:yes|yeah|sure|of course)\b", text, re.IGNORECASE)


def test_a_corrected_amount_is_checked_for_the_same_person(bot):
    sender = bot.new_sender()
    bot.texts(sender, "My 45 year old husband takes 30 mg a day of baclofen, is that ok?")
    text = joined(bot.texts(sender, "Correction - it's QDS, so 40 mg/day. Still fine?"))
    assert "40 mg a day" in text and "adult of 45 years" in text and "section 2" in text


def test_a_medicine_corrected_after_an_interaction_answer_gets_its_interaction(bot):
    sender = bot.new_sender()
    bot.texts(sender, "can I take advil with baclofen")
    text = joined(bot.texts(sender, "sorry i meant aleve, the naproxen one"))
    assert "naproxen" in text and "section 5.1" in text


def test_an_amount_put_to_the_dose_answer_before_is_checked(bot):
    sender = bot.new_sender()
    bot.texts(sender, "What is the maximum daily oral dose of baclofen for an adult?")
    text = joined(bot.texts(sender, "So 25 mg a day would be within that, then?"))
    assert "within the leaflet's figures" in text and "25 mg a day" in text
