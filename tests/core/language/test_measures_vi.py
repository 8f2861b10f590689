"""Ages, weights and amounts typed in Vietnamese reach the dose lookup as the same typed values as in English: value
by value, at the leaflet's age-band edges, and never a time ("3 tuần", "1 tháng nay") read as an age."""
import pytest

from baclofen.dosing import limits
from baclofen.language import entities, question


def values(text, kind):
    return [e["value"] for e in entities.extract(text) if e["entity"] == kind]


@pytest.mark.parametrize("text, years", [
    ("con tôi 3 tuổi", 3.0), ("con toi 3 tuoi", 3.0), ("bé 18 tháng", 1.5), ("be 18 thang", 1.5),
    ("tuổi rưỡi", 1.5), ("tuoi ruoi", 1.5), ("2 tuổi rưỡi", 2.5), ("hai tuổi rưỡi", 2.5), ("ba tuổi", 3.0),
    ("mười hai tuổi", 12.0), ("muoi hai tuoi", 12.0), ("2 tuổi 3 tháng", 2.25), ("bé 3t", 3.0),
    ("ông tôi 80 tuổi", 80.0), ("bé được 18 tháng tuổi", 1.5),
    ("hai mươi tuổi", 20.0), ("bé 1,5 tuổi", 1.5),
])
def test_vietnamese_ages_in_years(text, years):
    assert values(text, "age") == [pytest.approx(years, abs=0.01)]


@pytest.mark.parametrize("text", ["uống được 3 tháng rồi", "1 tháng nay bị chóng mặt", "3 tuần", "uống 3 tuần",
                                  "trong 3 tháng", "3 tháng trước", "dùng được 6 tháng", "sau 2 tháng",
                                  "mình đang có bầu 5 tháng", "mang thai 3 tháng"])
def test_a_time_is_never_an_age(text):
    assert values(text, "age") == []


@pytest.mark.parametrize("vietnamese, english", [
    ("11 tháng", "11 months"), ("12 tháng", "12 months"), ("1 tuổi", "1 year old"), ("2 tuổi", "2 years old"),
    ("24 tháng", "24 months"), ("6 tuổi", "6 years old"), ("8 tuổi", "8 years old"), ("10 tuổi", "10 years old"),
    ("4 tuổi", "4 years old"), ("12 tuổi", "12 years old"), ("18 tuổi", "18 years old"),
    ("65 tuổi", "65 years old"), ("tuổi rưỡi", "a year and a half old"), ("30 tháng", "30 months"),
    ("6 tuần tuổi", "6 weeks old"), ("2 tuổi 6 tháng", "2 years and 6 months old"),
])
def test_at_the_age_band_edges_vietnamese_and_english_give_the_same_age_and_band(vietnamese, english):
    vi, en = values(vietnamese, "age"), values(english, "age")
    assert vi == en and len(vi) == 1
    if vi[0] >= 1:
        assert limits.oral_band(vi[0]) == limits.oral_band(en[0])


def test_almost_two_is_just_under_the_edge_as_in_english():
    vi = question.read("bé gần 2 tuổi", entities.extract("bé gần 2 tuổi"))
    en = question.read("she is almost 2", entities.extract("she is almost 2"))
    assert vi.age_years == en.age_years < 2 and vi.age_approximate == en.age_approximate == "below"


@pytest.mark.parametrize("text, kg", [
    ("16 cân", 16.0), ("16 ký", 16.0), ("16 kí", 16.0), ("16kg", 16.0), ("16 kg", 16.0), ("nặng 16", 16.0),
    ("bé nặng khoảng 12,5 ký", 12.5), ("be nang 14 ky", 14.0), ("cân nặng 20", 20.0),
])
def test_vietnamese_weights_in_kilograms(text, kg):
    assert values(text, "weight") == [kg]


def test_can_without_its_mark_is_a_weight_only_in_vietnamese():
    assert values("bé 3 tuổi 16 can", "weight") == [16.0]  # the message is Vietnamese
    assert values("my son is 16 can he take it", "weight") == []
    assert values("16 can", "weight") == []  # says nothing of its language
    assert entities.extract("16 can", "vi")[0]["value"] == 16.0  # the conversation's (the hotline caller's choice)


@pytest.mark.parametrize("text, route", [
    ("uống viên", "oral"), ("dạng viên", "oral"), ("đường uống", "oral"), ("dùng bơm", "intrathecal"),
    ("tiêm truyền trong màng não tủy", "intrathecal"), ("tiem truyen trong mang nao tuy", "intrathecal"),
    ("máy bơm", "intrathecal"),
])
def test_vietnamese_routes(text, route):
    assert set(values(text, "route")) == {route}


@pytest.mark.parametrize("text, amount, per, times", [
    ("5 mg x 3 lần một ngày có được không", 5.0, "dose", 3),
    ("1 viên 10mg ngày 3 lần được không", 10.0, "dose", 3),
    ("ngày 3 lần, mỗi lần 5 mg có được không", 5.0, "dose", 3),
    ("15mg/ngày chia 3 lần có được không", 15.0, "day", None),
    ("cho bé uống 2 viên 10mg được ko", 20.0, "dose", None),
    ("nửa viên 10mg một lần được không", 5.0, "dose", None),
    ("tôi uống 20 mg một ngày được không", 20.0, "day", None),
])
def test_vietnamese_amounts_with_how_often(text, amount, per, times):
    proposed = question.read(text, entities.extract(text)).proposed
    assert (proposed.value, proposed.unit, proposed.per, proposed.times_a_day) == (amount, "mg", per, times)


def test_a_whole_vietnamese_dose_question_reads_like_the_english_one():
    vi = question.read("con tôi 3 tuổi nặng 14 ký, uống viên thì liều bao nhiêu",
                       entities.extract("con tôi 3 tuổi nặng 14 ký, uống viên thì liều bao nhiêu"))
    en = question.read("dose for a 3 year old of 14 kg, tablets", entities.extract("dose for a 3 year old of 14 kg, tablets"))
    assert (vi.age_years, vi.weight_kg, vi.route, vi.language) == (en.age_years, en.weight_kg, en.route, "vi")
    assert vi.child_named and vi.asks_dose
