"""Every answer kind has a Vietnamese rendering with the same numbers, units, phone numbers and sources as its
English one, over the grid of answer_grid (every kind, a grid of ages, weights, routes and proposed doses): the
typed parts of both are extracted and compared, never read back from text. No English sentence is left in a
Vietnamese answer; emergencies open with the number to call; a caution never opens with a plain yes."""
import re

import pytest

from baclofen.answers import compose
from baclofen.answers.model import EMERGENCY, Answer
from baclofen.render import slack, text
from baclofen.settings import current
from tests.core.answers.answer_grid import cases

VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
# English words no Vietnamese sentence has (medicine and symptom names the person typed are echoed as typed)
ENGLISH_WORDS = re.compile(r"\b(?:the|and|leaflet|dose|doses|day|your|you|with|for|is|are|not|take|call|source)\b",
                           re.I)
PLAIN_YES = re.compile(r"^(?:- |Lưu ý: )?(?:Có|Được)\b")

PAIRS = list(zip(cases("en"), cases("vi")))


def typed_parts(answer: Answer):
    """Every figure, phone number and range the answer carries, wherever it sits (lines, dose figures, urgency)."""
    proses = [line.prose for line in answer.lines]
    if answer.dose is not None:
        proses += [answer.dose.who, *answer.dose.cautions, *(figure.detail for figure in answer.dose.figures)]
        proses += [figure.amount for figure in answer.dose.figures if figure.amount is not None]
    if answer.urgent is not None:
        proses.append(answer.urgent.number)
    parts = set()
    for prose in proses:
        parts |= {part for part in getattr(prose, "parts", (prose,)) if not isinstance(part, str)}
    return parts


def test_the_grid_is_the_same_in_both_languages():
    assert len(PAIRS) > 2000
    assert all(english_name == vietnamese_name for (english_name, _), (vietnamese_name, _) in PAIRS)


def test_every_answer_has_the_same_figures_units_sources_and_choices_in_vietnamese():
    different = {}
    for (name, english), (_, vietnamese) in PAIRS:
        if vietnamese.language != "vi":
            different[name] = "not in Vietnamese"
        elif typed_parts(english) != typed_parts(vietnamese):
            different[name] = typed_parts(english) ^ typed_parts(vietnamese)
        elif (english.kind, english.citation) != (vietnamese.kind, vietnamese.citation):
            different[name] = "kind or sources"
        elif [b.payload for b in english.buttons] != [b.payload for b in vietnamese.buttons]:
            different[name] = "buttons"
    assert dict(list(different.items())[:5]) == {}, len(different)


def test_every_vietnamese_line_is_vietnamese():
    english_left = {}
    for name, answer in cases("vi"):
        for line in filter(None, text.render(answer).splitlines()):
            if not VIETNAMESE_LETTERS.search(line) or ENGLISH_WORDS.search(line):
                english_left.setdefault(name, line)
    assert dict(list(english_left.items())[:5]) == {}, len(english_left)


def test_the_source_is_cited_with_the_original_sections_names():
    written = {name: text.render(answer) for name, answer in cases("vi")}
    assert "Nguồn: tờ thông tin thuốc baclofen, mục 2 (Liều dùng)." in written["dose/oral/40/None/None/False/None"]
    assert "mục 3 (Tác dụng phụ)" in written["side_effects"]
    assert "mục 4 (Lưu ý)" in written["withdrawal"] and "mục 1 (Công dụng)" in written["uses"]
    assert "mục 5.1 (Tương tác thuốc)" in written["interaction/lithium"]


def test_a_listed_side_effect_is_named_in_vietnamese_even_when_asked_in_english():
    written = dict((name, text.render(answer)) for name, answer in cases("vi"))
    assert written["symptom_as_use/dizziness"].startswith("Dùng baclofen cho chóng mặt không nằm trong các công dụng")


def test_vietnamese_figures_use_mg_microgam_and_the_decimal_comma():
    written = {name: text.render(answer) for name, answer in cases("vi")}
    assert "- Liều ban đầu: 4,2 mg mỗi ngày (0,3 mg/kg/ngày)." in written["dose/oral/3/None/14/False/None"]
    assert "25-50 microgam" in written["intrathecal_adult"] and "microgram" not in written["intrathecal_adult"]


def test_every_vietnamese_answer_says_once_it_is_a_checked_machine_translation():
    for name, answer in cases("vi"):
        assert text.render(answer).count("dịch có máy hỗ trợ") == 1, name
        assert "dược sĩ là người quyết định" in slack.blocks_text(slack.render(answer)["blocks"]), name


def test_emergencies_open_with_the_number_to_call_in_vietnamese():
    emergencies = [(name, answer) for name, answer in cases("vi") if answer.kind == EMERGENCY]
    assert len(emergencies) >= 6
    for name, answer in emergencies + [("possible", compose.emergency_first(compose.uses("vi")))]:
        first_sentence = text.render(answer).split(".")[0]
        assert first_sentence.startswith(f"Gọi ngay {current().emergency_number}"), name


def test_a_caution_never_opens_with_a_plain_yes():
    said = [(name, line) for name, answer in cases("vi") for line in text.render(answer).splitlines()]
    assert [(name, line) for name, line in said if PLAIN_YES.match(line)] == []
    checks = {name: text.render(answer) for name, answer in cases("vi") if answer.kind == "dose_check"}
    assert all(not PLAIN_YES.match(written) for written in checks.values())
    above = [written for written in checks.values() if "cao hơn mức" in written.splitlines()[0]]
    assert above and all(written.startswith("Thận trọng:") for written in above)


@pytest.mark.parametrize("intent", sorted(compose.CLARIFY_CHOICES))
def test_buttons_are_titled_in_vietnamese_with_the_same_payloads(intent):
    english, vietnamese = compose.clarify([intent]), compose.clarify([intent], language="vi")
    assert [b.payload for b in vietnamese.buttons] == [b.payload for b in english.buttons]
    assert all(VIETNAMESE_LETTERS.search(b.title) for b in vietnamese.buttons)
    assert all(b.title != e.title for b, e in zip(vietnamese.buttons, english.buttons))
