"""The catalogues (baclofen/catalogue/<language>.yml, baclofen/wording.py) and the Vietnamese wording of the
knowledge (knowledge/vi.yml): the same ids in every language, the same typed parts in each translation, no figure
written in any of them, Vietnamese written with its diacritics."""
import re

import pytest
import yaml

from baclofen import knowledge, wording
from baclofen.prose import Prose
from baclofen.quantities import UNITS, Number, Quantity, quantity_range
from baclofen.settings import current

SLOT = re.compile(r"\{[^}]*\}")
VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
ENGLISH_ONLY = "compose.other_language."  # said in English and the language written in, whatever the conversation's


def ids(language):
    return set(wording.catalogue(language))


def texts(language):
    """The entries that are sentences (not the lists of words the hotline says in full)."""
    return {key: text for key, text in wording.catalogue(language).items() if isinstance(text, str)}


def test_vietnamese_has_every_english_id_and_no_other():
    english = {key for key in ids("en") if not key.startswith(ENGLISH_ONLY)}
    # English unit names, written and said, come from baclofen/quantities.py
    unit_names = {f"{group}.{unit}" for unit in UNITS for group in ("units", "speech.units")}
    assert english - ids("vi") == set()
    assert ids("vi") - english - unit_names == set()
    assert unit_names <= ids("vi")


@pytest.mark.parametrize("key", sorted(k for k in texts("en") if not k.startswith(ENGLISH_ONLY)))
def test_each_translation_places_the_same_typed_parts(key):
    """A translation may reorder a sentence, never drop or add a figure, a phone number or a name."""
    english, vietnamese = wording.catalogue("en")[key], wording.catalogue("vi")[key]
    assert set(SLOT.findall(english)) == set(SLOT.findall(vietnamese)), key


@pytest.mark.parametrize("language", wording.LANGUAGES)
def test_no_figure_is_written_in_a_catalogue(language):
    written = {key: SLOT.sub("", text) for key, text in texts(language).items()}
    assert {key: text for key, text in written.items() if re.search(r"\d", text)} == {}


def test_no_figure_is_written_in_the_vietnamese_knowledge():
    entries = yaml.safe_load((current().knowledge_dir / "vi.yml").read_text(encoding="utf-8"))["words"]
    assert {english: text for english, text in entries.items() if re.search(r"\d", SLOT.sub("", text))} == {}


def test_vietnamese_sentences_keep_their_diacritics():
    sentences = {key: text for key, text in texts("vi").items() if len(SLOT.sub("", text).split()) >= 3}
    assert len(sentences) > 150
    assert [key for key, text in sentences.items() if not VIETNAMESE_LETTERS.search(text)] == []


def test_a_knowledge_sentence_keeps_its_numbers_typed_in_vietnamese():
    advice = knowledge.precautions()["children"]["advice"]
    english, vietnamese = wording.from_knowledge(advice), wording.from_knowledge(advice, "vi")
    typed = [part for part in english.parts if not isinstance(part, str)]
    assert typed == [Quantity(12, "years"), Quantity(4, "years")]
    assert [part for part in vietnamese.parts if not isinstance(part, str)] == typed
    assert wording.write(vietnamese, "vi").startswith("tờ thông tin thuốc cho biết")
    assert "dưới 12 tuổi và dưới 4 tuổi" in wording.write(vietnamese, "vi")


def test_a_missing_vietnamese_wording_is_an_error_not_english():
    with pytest.raises(KeyError):
        wording.knowledge_words("a phrase nobody translated", "vi")


@pytest.mark.parametrize("part, english, vietnamese", [
    (Quantity(1.05, "mg"), "1.05 mg", "1,05 mg"),
    (Quantity(25, "micrograms"), "25 micrograms", "25 microgam"),
    (Quantity(1, "micrograms"), "1 microgram", "1 microgam"),
    (Quantity(0.3, "mg per kg a day"), "0.3 mg per kg a day", "0,3 mg/kg/ngày"),
    (quantity_range(80, 100, "mg"), "80-100 mg", "80-100 mg"),
    (quantity_range(None, 60, "mg"), "up to 60 mg", "tối đa 60 mg"),
    (Quantity(3, "doses"), "3 doses", "3 lần"),
    (Number(12), "12", "12"),
])
def test_typed_parts_are_written_in_each_language(part, english, vietnamese):
    """Vietnamese marks decimals with a comma: "1.05 mg" there could be read as 105 mg."""
    assert wording.write(Prose.of(part)) == english
    assert wording.write(Prose.of(part), "vi") == vietnamese


def test_a_language_without_a_catalogue_is_answered_in_english():
    assert wording.language_or_default("fr") == wording.language_or_default(None) == "en"
    assert wording.language_or_default("vi") == "vi"


# ---------------------------------------------------------------- the hotline's own sentences (channels/voice/)

HOTLINE_CODE = ("channels/voice/call.py", "channels/voice/keypad.py")
# ids written whole in the hotline's code ("hotline.keys_unread"), or after its helpers (_words("no_more"))
HOTLINE_ID = re.compile(r'"(hotline\.[a-z_.]+)"|_(?:words|fill)\("([a-z_.]+)"')
# ids the code builds from a name (f"hotline.menu.{name}", f"entry.{what}" ...): every one it builds
HOTLINE_BUILT = {f"hotline.{group}.{name}" for group, names in {
    "menu": ("uses", "doses", "side_effects", "interactions", "precautions", "pharmacist", "repeat", "slower"),
    "keys": ("star", "hash"), "route": ("tablets", "pump"), "correct": ("age", "weight", "route"),
    "entry": ("age", "weight", "years", "months", "kilograms", "pounds", "then_hash", "after_question", "offered",
              "again")}.items() for name in names} | {f"hotline.{group}_{part}" for group in ("options", "menu")
                                                      for part in ("separator", "last")}


def hotline_ids(language):
    return {key for key in ids(language) if key.startswith("hotline.")}


def test_every_hotline_sentence_is_in_both_catalogues():
    assert len(hotline_ids("en")) >= 50
    assert hotline_ids("en") == hotline_ids("vi")


def test_every_hotline_sentence_the_code_names_is_in_both_catalogues():
    root = current().knowledge_dir.parent
    named, literals = set(), set()
    for path in HOTLINE_CODE:
        code = (root / path).read_text(encoding="utf-8")
        for whole, short in HOTLINE_ID.findall(code):
            named.add(whole or f"hotline.{short}")
        literals |= {f"hotline.{literal}" for literal in re.findall(r'"([a-z_]+)"', code)}
    named |= HOTLINE_BUILT
    assert len(named) >= 50
    assert named - hotline_ids("en") == set() and named - hotline_ids("vi") == set()
    # no sentence left in a catalogue that nothing says (some are chosen by a condition: "slower_now" or "slowest")
    assert hotline_ids("en") - named - literals == set()


def test_the_hotline_speaks_vietnamese_with_its_diacritics_and_no_english_sentence():
    vietnamese = {key: text for key, text in texts("vi").items() if key.startswith("hotline.")}
    english = {key: text for key, text in texts("en").items() if key.startswith("hotline.")}
    same = [key for key, text in vietnamese.items() if text == english[key] and SLOT.sub("", text).strip(" ,;:")]
    assert same == []
