"""The actions answer in the conversation's language (the slot `language`, actions/language.py): English when it is
unset or holds a language the catalogues lack; in Vietnamese, the same figures, the same buttons' payloads."""
from actions.action_answer_dose import ActionAnswerDose
from actions.action_answer_emergency import ActionAnswerEmergency
from actions.action_answer_uses import ActionAnswerUses
from actions.action_ask_weight_kg import ActionAskWeightKg
from actions.action_check_dose import ActionCheckDose
from actions.validate_dose_form import ValidateDoseForm
from tests.action_harness import messages, run, text, tracker
from tests.actions.question_harness import asked

VIETNAMESE = {"language": "vi"}


def test_a_dose_in_vietnamese_has_the_english_figures():
    person = {"age_years": 3.0, "weight_kg": 14.0, "route": "oral"}
    english = text(ActionAnswerDose(), tracker(slots=person))
    vietnamese = text(ActionAnswerDose(), tracker(slots={**person, **VIETNAMESE}))
    assert "4.2 mg a day" in english and "Liều ban đầu: 4,2 mg mỗi ngày" in vietnamese
    assert "mục 2 (Liều dùng)" in vietnamese and "bác sĩ kê đơn quyết định" in vietnamese


def test_unset_or_unknown_language_is_english():
    for slots in ({}, {"language": None}, {"language": "fr"}):
        assert text(ActionAnswerUses(), tracker(slots=slots)).startswith("Baclofen relaxes muscle spasticity")


def test_an_emergency_in_vietnamese_opens_with_the_number():
    answer = text(ActionAnswerEmergency(), asked("con tôi uống nhầm thuốc baclofen", slots=VIETNAMESE))
    assert answer.startswith("Gọi ngay 115")


def test_a_proposed_dose_in_vietnamese_is_a_caution_never_a_yes():
    answer = text(ActionCheckDose(), asked("can I take 120 mg a day", slots={**VIETNAMESE, "population": "adult"}))
    assert answer.startswith("Thận trọng: Liều này cao hơn") and "120 mg" in answer


def test_the_web_widget_offers_the_common_questions_in_the_conversation_language():
    [english] = messages(ActionAnswerUses(), tracker("what is it for", channel="webchat"))
    [vietnamese] = messages(ActionAnswerUses(), tracker("thuốc dùng để làm gì", channel="webchat", slots=VIETNAMESE))
    assert [b["payload"] for b in vietnamese["buttons"]] == [b["payload"] for b in english["buttons"]]
    assert vietnamese["buttons"][0]["title"] == "Thuốc dùng để làm gì?"


def test_the_dose_form_asks_in_vietnamese():
    weight = text(ActionAskWeightKg(), tracker(slots={**VIETNAMESE, "age_years": 3.0, "route": "oral"},
                                               active_loop="dose_form"))
    assert "Để tính liều, tôi cần biết cân nặng. Trẻ nặng bao nhiêu? Ví dụ 16 kg hoặc 35 lb." in weight
    texts, _ = run(ValidateDoseForm(), tracker(
        intent="inform", entities=[("weight", 140.0)], new_slots={"weight_kg": 140.0}, active_loop="dose_form",
        slots={**VIETNAMESE, "age_years": 4.0, "route": "oral", "requested_slot": "weight_kg"}))
    [sent] = texts
    assert sent.startswith("Cân nặng 140 kg không hợp lý ở tuổi đó. Vui lòng kiểm tra lại cân nặng (kg hoặc lb)")
