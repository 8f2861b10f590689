"""The hotline's own sentences and commands in a Vietnamese call (channels/voice/ with language="vi"): the menu, the
offer of more, the prompts and read-backs of the keypad, the apologies and the transfer from the catalogue's
`hotline` and `speech` groups; "thêm", "nhắc lại", "quay lại", "chậm lại", "có", "không", "dược sĩ" heard with or
without their diacritics; keypad digits as in English. Plain Python, no servers."""
import re

import pytest

from baclofen.answers import compose, doses
from baclofen.dosing.lookup import DoseQuery, lookup
from channels.voice import call as hotline_sentences
from channels.voice import keypad
from channels.voice.call import LISTEN_CONFIRM_DOSE, LISTEN_CONFIRM_ENTRY, Ask, Heard, Hotline, Reply, main_menu
from channels.voice.keypad import CORRECT_CHOICES, DOSES_CHOICES, Entry
from channels.voice.parts import word_count
from tests.channels.voice.test_call import LIMIT, reply

GREETING = "Xin chào, đây là đường dây tự động về thuốc baclofen của bệnh viện."
ENGLISH_WORDS = re.compile(r"\b(press|say|more|for|the|to|or|and|key|hash|star|sorry|yes|no|is|that|right|menu|"
                           r"repeat|pharmacist|emergency|call|please|tablets|pump|age|weight|years|months|kilograms|"
                           r"pounds|slowly|speed|keypad|again|doses|uses)\b", re.IGNORECASE)


@pytest.fixture
def hotline(configure):
    configure(BACLOFEN_EMERGENCY_NUMBER="115", BACLOFEN_HOTLINE="1900 1234")
    return Hotline(limit=LIMIT, min_confidence=0.3, language="vi")


def english(text: str) -> list:
    return ENGLISH_WORDS.findall(text)


def every_sentence(language: str) -> list:
    """Every sentence of the hotline's own, as it is said."""
    said = [main_menu(language), hotline_sentences.answered_menu(language=language),
            hotline_sentences.answered_menu(short=True, language=language),
            hotline_sentences.choices_menu(DOSES_CHOICES, language=language), hotline_sentences.route_prompt(language),
            hotline_sentences.correct_prompt(language), hotline_sentences.more_offer(None, True, language),
            hotline_sentences.more_offer(None, False, language),
            hotline_sentences.confirm_entry(Entry("age_years", 18, "months"), language),
            hotline_sentences.not_offered("7", language), hotline_sentences.not_offered("#", language),
            hotline_sentences.not_offered("x", language)]
    said += [hotline_sentences.entry_prompt(slot, how, language) for slot in ("age_years", "weight_kg")
             for how in (hotline_sentences.AFTER_QUESTION, hotline_sentences.OFFERED, hotline_sentences.AGAIN)]
    return said


def test_every_sentence_of_the_hotline_is_vietnamese_in_a_vietnamese_call(configure):
    configure(BACLOFEN_EMERGENCY_NUMBER="115")
    for said in every_sentence("vi"):
        assert english(said) == [], said
    assert main_menu("vi") == ("Trường hợp cấp cứu, hãy gọi một một năm. Bấm phím một: công dụng; hai: liều dùng; "
                               "ba: tác dụng phụ; bốn: tương tác thuốc; năm: lưu ý; không: gặp dược sĩ; chín: nghe "
                               "lại; tám: nói chậm hơn. Hoặc hãy đặt câu hỏi.")
    # English unchanged, and the default
    assert main_menu() == main_menu("en") == (
        "In an emergency, call one one five. Press one for uses, two for doses, three for side effects, four for "
        "interactions, five for precautions, zero for the pharmacist, nine to repeat, or eight to slow down. Or ask "
        "your question.")


def test_the_menu_and_the_keypad_offer_fit_a_turn_in_vietnamese(hotline):
    assert word_count(main_menu("vi")) + word_count(hotline_sentences.words_of("keypad_offer", "vi")) <= LIMIT


@pytest.mark.parametrize("said, command", [
    ("thêm", keypad.MORE), ("Thêm.", keypad.MORE), ("them", keypad.MORE), ("nghe tiếp", keypad.MORE),
    ("tiếp tục", keypad.MORE), ("nhắc lại", keypad.REPEAT), ("Nhắc lại đi.", keypad.REPEAT),
    ("nhac lai", keypad.REPEAT), ("lặp lại", keypad.REPEAT), ("lap lai", keypad.REPEAT), ("nói lại", keypad.REPEAT),
    ("quay lại", keypad.BACK), ("quay lai", keypad.BACK), ("trở lại", keypad.BACK), ("chậm lại", keypad.SLOWER),
    ("cham lai", keypad.SLOWER), ("nói chậm hơn", keypad.SLOWER), ("nhanh quá", keypad.SLOWER),
    ("nhanh hơn", keypad.FASTER), ("danh mục", keypad.MENU), ("các lựa chọn", keypad.MENU),
    ("more", keypad.MORE), ("repeat", keypad.REPEAT),  # English commands still work in a Vietnamese call
])
def test_vietnamese_commands_with_and_without_diacritics(said, command):
    assert keypad.command(said, "vi") == command


def test_vietnamese_commands_are_not_heard_in_an_english_call():
    assert [keypad.command(said) for said in ("thêm", "nhắc lại", "quay lại", "chậm lại")] == [None] * 4
    assert keypad.yes_or_no("có") is None and not keypad.asks_for_a_person("dược sĩ")
    # a Vietnamese question is not a command
    assert keypad.command("thêm thông tin về tác dụng phụ của baclofen", "vi") is None


@pytest.mark.parametrize("said, answer", [
    ("có", keypad.YES), ("Có ạ.", keypad.YES), ("co", keypad.YES), ("đúng", keypad.YES), ("đúng rồi", keypad.YES),
    ("dung roi", keypad.YES), ("vâng", keypad.YES), ("dạ đúng", keypad.YES), ("phải", keypad.YES),
    ("không", keypad.NO), ("khong", keypad.NO), ("Không đúng.", keypad.NO), ("sai", keypad.NO),
    ("sai rồi", keypad.NO), ("không phải", keypad.NO), ("yes", keypad.YES), ("no", keypad.NO),
])
def test_vietnamese_yes_and_no(said, answer):
    assert keypad.yes_or_no(said, "vi") == answer


@pytest.mark.parametrize("said", ["dược sĩ", "duoc si", "Cho tôi nói chuyện với dược sĩ.", "gặp nhân viên",
                                  "pharmacist"])
def test_a_pharmacist_asked_for_in_vietnamese(said):
    assert keypad.asks_for_a_person(said, "vi")


def test_a_vietnamese_call_start_more_repeat_back_slower(hotline):
    begun = hotline.begin([Reply(GREETING)])
    assert begun.says == (GREETING, main_menu("vi"))
    answer = hotline.answer(hotline.hear(begun.state, Heard(digits="3")), [reply(compose.side_effects(None, "vi"))],
                            None)
    assert answer.says[-1].startswith("Nói 'thêm', hoặc bấm phím một, để nghe ")
    assert all(not english(said) for said in answer.says)
    more = hotline.hear(answer.state, Heard(speech="Thêm"))
    assert more.says[0] != answer.says[0] and more.words <= LIMIT
    assert hotline.hear(more.state, Heard(speech="nhac lai")).says == more.says
    assert hotline.hear(more.state, Heard(speech="quay lại")).says[0] == answer.says[0]
    slower = hotline.hear(more.state, Heard(speech="chậm lại"))
    assert slower.says == ("Chậm hơn.", *more.says) and slower.state.rate == 85
    slowest = hotline.hear(slower.state, Heard(speech="chậm lại"))
    assert hotline.hear(slowest.state, Heard(speech="chậm lại")).says[0] == "Đây là tốc độ chậm nhất."
    assert hotline.hear(slowest.state, Heard(speech="nhanh hơn")).says[0] == "Tốc độ bình thường."
    last = more
    while last.state.at + 1 < len(last.state.parts):
        last = hotline.hear(last.state, Heard(speech="thêm"))
    assert hotline.hear(last.state, Heard(speech="thêm")).says[0] == "Câu trả lời này đến đây là hết."


def test_a_vietnamese_call_keys_an_age_and_confirms_a_dose(hotline):
    begun = hotline.begin([Reply(GREETING)])
    doses_menu = hotline.hear(begun.state, Heard(digits="2"))
    assert doses_menu.says == (hotline_sentences.choices_menu(DOSES_CHOICES, language="vi"),)
    asked = hotline.answer(hotline.hear(doses_menu.state, Heard(digits="1")),
                           [Reply("Người dùng baclofen bao nhiêu tuổi?")], "age_years")
    assert asked.keyed_entry and asked.says[-1].startswith("Hoặc bấm số tuổi theo năm, rồi bấm phím thăng.")
    read = hotline.hear(asked.state, Heard(digits="*18#"))
    assert read.state.listen == LISTEN_CONFIRM_ENTRY and read.says == (
        "Mười tám tháng. Đúng không ạ? Nói có hoặc bấm phím một; nói không hoặc bấm phím hai.",)
    assert hotline.hear(read.state, Heard(speech="có")).text == '/inform{"age": 1.5}'
    assert hotline.hear(read.state, Heard(digits="1")).text == '/inform{"age": 1.5}'
    again = hotline.hear(read.state, Heard(speech="không"))
    assert again.keyed_entry and again.says[0].startswith("Hãy bấm số tuổi theo năm")
    unread = hotline.hear(asked.state, Heard(digits="12345#"))
    assert unread.says[0] == "Xin lỗi, tôi không đọc được các phím vừa bấm."
    too_old = hotline.hear(asked.state, Heard(digits="500#"))
    assert not english(too_old.says[0]), too_old.says

    dose = compose.dose(lookup(DoseQuery("oral", 3, None, 14), "vi"))
    readback = hotline.answer(Ask("/inform", asked.state), [reply(dose)], None)
    assert readback.state.listen == LISTEN_CONFIRM_DOSE
    assert readback.says[-1] == "Hoặc bấm phím một nếu đúng, phím hai nếu không đúng."
    said = hotline.hear(readback.state, Heard(speech="đúng rồi"))
    assert said.says[0].startswith("Liều ban đầu là bốn phẩy hai miligam mỗi ngày")
    refused = hotline.hear(readback.state, Heard(speech="khong"))
    assert refused.says == ("Xin lỗi. Vui lòng cho tôi biết lại tuổi và cân nặng, và nói thuốc viên hoặc bơm.",
                            hotline_sentences.correct_prompt("vi"))
    assert [choice.said("vi") for choice in CORRECT_CHOICES] == [
        "để bấm số tuổi", "để bấm số cân nặng", "để đổi giữa thuốc viên và bơm"]
    route = hotline.hear(refused.state, Heard(digits="3"))
    assert route.says == ("Bấm phím một nếu dùng thuốc viên, hoặc hai nếu dùng bơm hoặc thuốc tiêm.",)


def test_a_vietnamese_call_apologises_offers_the_keypad_and_transfers_in_vietnamese(hotline):
    begun = hotline.begin([Reply(GREETING)])
    silent = hotline.hear(begun.state, Heard())
    assert silent.says[0] == "Xin lỗi, tôi không nghe thấy gì."
    silent_again = hotline.hear(silent.state, Heard())
    assert silent_again.says == ("Tôi vẫn không nghe thấy bạn. Bạn có thể dùng bàn phím.", main_menu("vi"))
    unknown = hotline.hear(begun.state, Heard(digits="7"))
    assert unknown.says[0] == "Xin lỗi, phím bảy không có trong các lựa chọn."
    keypad_offer = hotline.hear(unknown.state, Heard(digits="6"))
    assert keypad_offer.says[0] == "Xin lỗi, tôi vẫn chưa nghe rõ. Bạn có thể dùng bàn phím."
    transferred = hotline.hear(keypad_offer.state, Heard())
    assert transferred.transfer and transferred.says == ("Tôi đang chuyển máy cho dược sĩ. Xin vui lòng giữ máy.",)
    step = hotline.hear(begun.state, Heard(speech="cho tôi gặp dược sĩ"))
    assert isinstance(step, Ask)
    person = hotline.answer(step, [Reply("Vâng.")], None)
    assert person.transfer and person.says == ("Tôi đang chuyển máy cho dược sĩ. Xin vui lòng giữ máy.",)


def test_an_answers_own_options_are_offered_in_vietnamese(hotline):
    begun = hotline.begin([Reply(GREETING)])
    overview = hotline.answer(hotline.hear(begun.state, Heard(speech="liều dùng")), [reply(doses.overview("vi"))],
                              None)
    last = overview
    while last.state.at + 1 < len(last.state.parts):
        last = hotline.hear(last.state, Heard(digits="1"))
    assert "Bấm phím một: tính liều cho trẻ em; hai: liều cho người lớn; hoặc không: gặp dược sĩ." in last.says[-1]
