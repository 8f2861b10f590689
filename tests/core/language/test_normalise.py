"""One normal form of a message: the same whether typed composed (NFC), decomposed (NFD, some keyboards) or
without marks; the mark-free copy keeps every offset; chat abbreviations written out only where they are
Vietnamese."""
import unicodedata

from hypothesis import given, settings, strategies as st

from baclofen.language.normalise import expand_abbreviations, fold, nfc, normalise, set_aside_homographs

VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # huyền, sắc, hỏi, ngã, nặng


def without_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


VOWELS = set("aăâeêioôơuưy")


def _letter(letter: str, tone: str, upper: bool) -> str:
    """A letter as a Vietnamese keyboard writes it: a tone on a vowel only."""
    written = unicodedata.normalize("NFC", letter + (tone if letter in VOWELS else ""))
    return written.upper() if upper else written


letters = st.builds(_letter, st.sampled_from(VIETNAMESE_LETTERS), st.sampled_from(TONES), st.booleans())
messages = st.lists(st.lists(letters, min_size=1, max_size=6).map("".join), min_size=1, max_size=8).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(messages)
def test_composed_decomposed_and_unmarked_typing_normalise_alike(text):
    composed = unicodedata.normalize("NFC", text)
    decomposed = unicodedata.normalize("NFD", text)
    assert normalise(composed) == normalise(decomposed) == normalise(without_marks(composed))


@settings(max_examples=300, deadline=None)
@given(messages)
def test_the_mark_free_copy_keeps_every_offset_and_the_case(text):
    folded = fold(unicodedata.normalize("NFD", text))
    assert len(folded) == len(nfc(text))
    assert folded == without_marks(nfc(text))
    assert [c.isupper() for c in folded] == [c.isupper() for c in without_marks(nfc(text))]


def test_the_marks_go_and_nothing_else_changes():
    assert normalise("Con tôi NUỐT 2 viên, Đã gọi 115") == "con toi nuot 2 vien, da goi 115"
    assert fold("Đã uống thuốc") == "Da uong thuoc"
    assert fold("dose for a 3 year old") == "dose for a 3 year old"


def test_a_decomposed_message_is_composed_before_anything_reads_it():
    assert nfc("tuo\u0302\u0309i") == "tuổi"
    assert fold("tuo\u0302\u0309i") == "tuoi"


def test_chat_abbreviations_are_written_out():
    assert expand_abbreviations("con ko uong dc thuoc, be 3t nang bn ky") == \
        "con khong uong duoc thuoc, be 3 tuoi nang bao nhieu ky"
    assert expand_abbreviations("hok biet j het r", vietnamese=True) == "khong biet gi het roi"


def test_abbreviations_that_are_english_chat_too_wait_for_a_vietnamese_message():
    assert expand_abbreviations("k thanks, r u there", vietnamese=False) == "k thanks, r u there"
    assert expand_abbreviations("i can't take it vs tizanidine", vietnamese=False) == "i can't take it vs tizanidine"
    assert expand_abbreviations("k uong dc", vietnamese=True) == "khong uong duoc"


def test_an_everyday_word_written_with_marks_is_set_aside_before_its_marks_go():
    masked = set_aside_homographs("giảm liều từ từ, cần tư vấn")
    assert len(masked) == len("giảm liều từ từ, cần tư vấn")
    assert "tu tu" not in normalise(masked) and "tu van" not in normalise(masked)
    assert normalise(set_aside_homographs("tôi muốn tự tử")) == "toi muon tu tu"
