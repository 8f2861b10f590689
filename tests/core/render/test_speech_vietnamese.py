"""Numbers and units said in Vietnamese (baclofen/render/numbers_vi.py through baclofen/render/speech.py's
`language="vi"` path): every written digit said, nothing re-rounded, units in full, English unchanged."""
import pytest

from baclofen.prose import Phone, Prose
from baclofen.quantities import Number, Quantity, QuantityRange
from baclofen.render import speech


@pytest.mark.parametrize("written, said", [
    ("0", "không"),
    ("4", "bốn"),
    ("12", "mười hai"),
    ("15", "mười lăm"),          # 5 after ten is "lăm", not "năm"
    ("21", "hai mươi mốt"),      # 1 after twenty is "mốt"
    ("28", "hai mươi tám"),
    ("105", "một trăm lẻ năm"),  # an empty tens place is "lẻ"
    ("1200", "một nghìn hai trăm"),
    ("4.2", "bốn phẩy hai"),     # the decimal comma is "phẩy"
    ("1.05", "một phẩy không năm"),  # the zero is said: num2words(1.05) would drop it
    ("10.5", "mười phẩy năm"),
    ("-3", "âm ba"),
])
def test_numbers_are_said_in_vietnamese_from_their_written_digits(written, said):
    assert speech.number_words(written, "vi") == said


def test_units_are_said_in_full_in_vietnamese():
    assert speech.say(Prose.of(Quantity(15, "mg")), "vi") == "mười lăm miligam"
    assert speech.say(Prose.of(Quantity(1.05, "mg")), "vi") == "một phẩy không năm miligam"
    assert speech.say(Prose.of(Quantity(500, "micrograms")), "vi") == "năm trăm microgam"
    assert speech.say(Prose.of(Quantity(14, "kg")), "vi") == "mười bốn kilôgam"
    assert speech.say(Prose.of(Quantity(0.3, "mg per kg a day")), "vi") == \
        "không phẩy ba miligam trên kilôgam mỗi ngày"
    ranged = QuantityRange(high=Quantity(28, "mg"), low=Quantity(10.5, "mg"))
    assert speech.say(Prose.of(ranged), "vi") == "mười phẩy năm đến hai mươi tám miligam"
    assert speech.say(Prose.of(QuantityRange(Quantity(20, "mg"))), "vi") == "tối đa hai mươi miligam"


def test_phone_numbers_are_said_digit_by_digit_in_vietnamese():
    assert speech.say(Prose.of("Gọi ", Phone("115"), "."), "vi") == "Gọi một một năm."
    assert speech.digits_words("1900 1234", "vi") == "một chín không không, một hai ba bốn"


def test_english_is_unchanged_by_default():
    assert speech.number_words("1.05") == "one point zero five"
    assert speech.say(Prose.of(Quantity(1.05, "mg"), " and ", Number(3))) == "one point zero five milligrams and three"
    assert speech.say(Prose.of(Quantity(500, "micrograms")), "en") == "five hundred micrograms"


def test_no_vietnamese_number_keeps_a_digit():
    for value in (0, 1, 7, 15, 21, 99, 100, 101, 115, 999, 1000, 2024, 1.05, 0.75, 28.5):
        said = speech.number_words(str(Number(value)), "vi")
        assert not any(c.isdigit() for c in said), (value, said)
