"""The hotline's words in Vietnamese (baclofen/render/speech.py with the catalogue's `speech` group): numbers read as
Vietnamese reads them, units in full, the emergency instruction first; the same figures as the written answer."""
import pytest

from baclofen.answers import compose, doses, emergencies
from baclofen.dosing.lookup import DoseQuery, lookup
from baclofen.render import speech


@pytest.mark.parametrize("number, said", [
    (0, "không"), (5, "năm"), (10, "mười"), (11, "mười một"), (15, "mười lăm"), (20, "hai mươi"),
    (21, "hai mươi mốt"), (24, "hai mươi tư"), (25, "hai mươi lăm"), (100, "một trăm"), (105, "một trăm linh năm"),
    (115, "một trăm mười lăm"), (1200, "một nghìn hai trăm"), (1005, "một nghìn không trăm linh năm"),
])
def test_vietnamese_integers(number, said):
    assert speech.vietnamese_integer_words(number) == said


def test_decimals_are_said_digit_by_digit_after_phay():
    assert speech.number_words("1.05", "vi") == "một phẩy không năm"
    assert speech.number_words("1.05") == "one point zero five"


def test_a_dose_is_said_in_vietnamese_with_the_written_figures():
    answer = compose.dose(lookup(DoseQuery("oral", 3, None, 14), "vi"))
    said = speech.render(answer)
    assert said.startswith("Liều ban đầu là bốn phẩy hai miligam mỗi ngày")
    assert "không phẩy ba miligam trên kilôgam mỗi ngày" in said
    assert "Theo tờ thông tin thuốc, mục hai." in said
    assert speech.readback(answer.dose) == "Trẻ ba tuổi nặng mười bốn kilôgam, thuốc viên đường uống: đúng không ạ? " \
                                           "Hãy nói đúng, hoặc không."


def test_an_emergency_call_says_the_number_first_in_vietnamese():
    said = speech.render(emergencies.poisoning("vi"))
    assert said.startswith("Hãy gác máy và gọi ngay một một năm.")
    assert speech.voice_meta(emergencies.poisoning("vi"))["voice"]["reprompt"] == "Hãy gác máy và gọi ngay một một năm."


def test_no_english_word_is_said_in_a_vietnamese_answer():
    for answer in (doses.overview("vi"), compose.side_effects(None, "vi"), compose.uses("vi"),
                   compose.clarify(["ask_uses"], language="vi"), doses.intrathecal_adult("vi")):
        said = speech.render(answer) + " ".join(unit["text"] for unit in speech.voice_meta(answer)["voice"]["units"])
        for english in (" the ", " and ", "milligram", " point ", " to ", "section", "Please"):
            assert english not in said, (answer.kind, english)
