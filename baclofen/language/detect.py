"""The language a message is written in: "en", "vi", "es", or None when the message does not tell. Plain Python.

    decide(text) -> "en" | "vi" | "es" | None

In order: a letter only Vietnamese writes ("ổ", "ư", "đ", a dot below...) decides Vietnamese, however short the
message ("3 tuổi"); a message of fewer than MIN_WORDS words, or of numbers only ("ok", "15 kg", "có"), does not
decide (the conversation keeps its language); Spanish by its common words (the assistant does not answer in it);
English when most words could not be Vietnamese syllables; otherwise lingua (EN+VI only, its models preloaded
once) with signs it does not weigh: Vietnamese function words, words all shaped like syllables, marks Vietnamese
shares with other languages, English function words against. Vietnamese typed without marks is where lingua alone
errs ("me toi bi dot quy" -> English). A score between VIETNAMESE_FROM and ENGLISH_BELOW does not decide: a short
message typed without marks ("da cam on a") keeps the conversation's language rather than switching it on a guess.
A message with a Vietnamese letter that is mostly English words ("she chewed the thuốc of grandfather") is English.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Optional, Sequence

from baclofen.language.normalise import abbreviations, nfc, normalise

MIN_WORDS = 3
# vietnamese_score(): lingua's confidence plus the Vietnamese signs, minus the English words (see decide()).
VIETNAMESE_FROM = 0.7
ENGLISH_BELOW = 0.45
# Marks Western languages do not put on a letter: dot below, hook above, horn, breve.
_VIETNAMESE_MARKS = frozenset({"\u0323", "\u0309", "\u031b", "\u0306"})
_TILDE = "\u0303"
# A Vietnamese syllable without marks: an onset, a vowel group, a final.
_SYLLABLE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?"
                       r"(?:uye|uya|uyu|ieu|yeu|uoi|uou|oai|oay|oeo|uay|uoi|[aeiouy]{1,2})"
                       r"(?:ng|nh|ch|[cmnpt])?$")
# Words of either language that carry no weight: units, names of the medicine, chat.
_NEUTRAL = frozenset({"mg", "kg", "mcg", "ml", "baclofen", "lioresal", "ok", "okay", "oke", "hi", "hello", "pump",
                      "x"})
# Unaccented syllables common in Vietnamese questions and rare as English words ("on", "a", "day", "me", "can",
# "the" are both: left out).
VIETNAMESE_WORDS = frozenset({
    "toi", "khong", "duoc", "cua", "cho", "gi", "bi", "thuoc", "uong", "nay", "mot", "va", "co", "dang", "roi",
    "nhieu", "bao", "lieu", "ngay", "lan", "vien", "tuoi", "nang", "sao", "lam", "khi", "nguoi", "chau", "anh",
    "minh", "voi", "nhu", "nao", "vay", "nhe", "xin", "chao", "cam", "biet", "hoi", "muon", "phai", "truoc", "thi",
    "nen", "dung", "bac", "ong", "tre", "gay", "tac", "phu", "ngung", "sot", "tho", "giat", "nhi", "cung", "nua",
    "het", "thay", "trong", "buon", "chong", "vo", "nhung", "duoc", "ruou", "bia", "tiem", "bom", "benh", "dieu",
    "tri", "loai", "thang", "tuan", "lau", "gio", "ngu", "luc", "sang", "chieu", "nha", "em", "nuot", "la", "ai",
    "ban", "chi", "mat", "nhuc", "met", "xong", "khoe", "vui", "long", "giup", "nhe", "oi", "dau", "da", "hen",
    "gap", "thoi", "tiet", "hom", "chuyen", "cuoi", "rat", "huu", "ich", "tim", "tai", "con", "ko", "dc", "bn",
    "khg", "hok", "ntn", "roi", "ne", "nhen", "nha", "luon", "giao", "cuu", "chet", "song", "nguy", "hiem",
    "vang", "huy", "alo", "u", "uh", "thoi", "dung",
})
ENGLISH_WORDS = frozenset({
    "the", "is", "my", "can", "i", "what", "how", "of", "and", "to", "take", "dose", "it", "for", "with", "a", "does",
    "do", "much", "he", "she", "you", "are", "in", "on", "if", "his", "her", "year", "old", "should", "will",
    "would", "side", "effects", "tablets", "was", "have", "has", "this", "that", "when", "why", "who", "about",
    "after", "before", "day", "mg", "son", "daughter", "child", "am", "not", "no", "yes", "please", "thanks", "help",
})
SPANISH_WORDS = frozenset({
    "cuantos", "son", "microgramos", "miligramos", "baclofeno", "da", "sueno", "al", "dar", "darle", "tomarlo", "pesa",
    "kilos", "puedo", "tomar", "para", "mi", "hijo", "hija", "dosis", "cuanto", "cuanta", "cuantas", "pastillas", "el",
    "la", "los", "las", "por", "dia", "anos", "tiene", "es", "con", "del", "una", "esta", "pero", "como", "puede", "si",
    "yo", "tengo", "embarazada", "lactancia", "efectos", "nino", "nina", "que", "le", "se", "de", "mucho", "muy",
    "medico", "tarde", "manana", "noche", "pasa", "algo", "sin", "comer", "quita", "pastilla", "desde"})


def has_vietnamese_letter(text: str) -> bool:
    """A letter only Vietnamese writes: đ, a dot below, a hook, a horn, a breve, a circumflex with a tone, a tilde
    on e, i, u or y. "café", "día", "à" and "ñ" are not."""
    for char in nfc(text):
        if char in "đĐ":
            return True
        if char.isascii() or not char.isalpha():
            continue
        marks = unicodedata.normalize("NFD", char)[1:]
        if set(marks) & _VIETNAMESE_MARKS or len(marks) >= 2:
            return True
        if marks == _TILDE and char.lower() in "ẽĩũỹ":
            return True
    return False


@functools.lru_cache(maxsize=1)
def _lingua():
    from lingua import Language, LanguageDetectorBuilder

    return (LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.VIETNAMESE)
            .with_preloaded_language_models().build(), Language.VIETNAMESE)


def warm_up() -> None:
    """Load lingua's models now (about 0.3 s and 100 MB), not on the first message."""
    _lingua()


def decide(text: object) -> Optional[str]:
    """The language `text` is written in, or None when it does not tell (see the module docstring)."""
    if not isinstance(text, str) or not text.strip():
        return None
    letter = has_vietnamese_letter(text)
    normalised = normalise(text)
    words = re.findall(r"[a-z]+(?:'[a-z]+)?", normalised)
    if len(normalised.split()) < MIN_WORDS or not [w for w in words if w not in _NEUTRAL]:
        return "vi" if letter else None  # "ok", "15 kg", "7, 22 kg": nothing to tell a language by
    if letter:  # English with a Vietnamese word or two ("she chewed the thuốc of grandfather") stays English
        return "en" if _mostly_english(words) else "vi"
    if any(mark in text for mark in "¿¡ñÑ") and not _english_over_spanish(words):  # written only in Spanish
        return "es"  # unless the message is English with a Spanish word or two ("Señorita, what is it for?")
    found = _by_words(words)
    if found:
        return found
    score = vietnamese_score(normalised, words, _MARKED_WEIGHT * _marked_share(text))
    # between the two: too little to tell (most often a short Vietnamese message typed without marks), so the
    # conversation keeps its language rather than switching on a guess
    return "vi" if score >= VIETNAMESE_FROM else ("en" if score < ENGLISH_BELOW else None)


_MARKED_WEIGHT = 0.4
LONG_ENOUGH = 20  # words: a message this long tells its language by the shape of nearly all its words
_CHAT_WORDS = frozenset(abbreviations()[0]) | frozenset(abbreviations()[1])  # always; only in Vietnamese


_SPANISH_MARKS = frozenset("áéíóúñüÁÉÍÓÚÑÜ¿¡")


def _marked_share(text: str) -> float:
    """The share of the message's words that carry a mark Spanish does not write ("môi", not "día")."""
    written = [w for w in nfc(text).split() if any(c.isalpha() for c in w)]
    if not written or any(c in "¿¡ñÑ" for c in text):
        return 0.0
    marked = [w for w in written if any(not c.isascii() and c.isalpha() and c not in _SPANISH_MARKS for c in w)]
    return len(marked) / len(written)


def _english_only(words: Sequence[str]) -> int:
    return sum(w in ENGLISH_WORDS and w not in VIETNAMESE_WORDS for w in words)


def _english_over_spanish(words: Sequence[str]) -> bool:
    english = sum(w in ENGLISH_WORDS and w not in SPANISH_WORDS for w in words)
    return english >= 3 and english > 2 * sum(w in SPANISH_WORDS for w in words)


def _mostly_english(words: Sequence[str]) -> bool:
    english = _english_only(words)
    return english >= 3 and english > 2 * sum(w in VIETNAMESE_WORDS for w in words)


def mixed(text: str) -> bool:
    """Both languages in one message: a Vietnamese letter and English words ("bé 3 tuổi sorry, 3 year old, has white
    powder around mouth"). Its emergencies are read in both lexicons."""
    return has_vietnamese_letter(text) and _english_only(re.findall(r"[a-z]+(?:'[a-z]+)?", normalise(text))) >= 2


def vietnamese_without_marks_within(text: str) -> bool:
    """Vietnamese typed without marks among English words ("guest o resort ... uong cocktail o pool bar ... goi ko
    day"), which the detector may decide is English: its emergencies are read in the Vietnamese lexicon too."""
    words = re.findall(r"[a-z]+(?:'[a-z]+)?", normalise(text))
    vietnamese = [w for w in words if w in VIETNAMESE_WORDS]
    return len(set(vietnamese)) >= MIXED_DISTINCT and len(vietnamese) >= MIXED_SHARE * len(words)


# Vietnamese words typed without marks that make an English message mixed: this many different ones, this share.
MIXED_DISTINCT = 3
MIXED_SHARE = 0.2


def _by_words(words: Sequence[str]) -> Optional[str]:
    """Spanish by its common words; English when most words could not be Vietnamese syllables."""
    counted = [w for w in words if w not in _NEUTRAL]
    if not counted:
        return None
    spanish = sum(w in SPANISH_WORDS for w in counted)
    english = sum(w in ENGLISH_WORDS for w in counted)
    # two different Spanish words at least: one said over and over ("mi" in Jamaican English) is no Spanish
    if (len({w for w in counted if w in SPANISH_WORDS}) >= 2 and spanish > english
            and spanish > sum(w in VIETNAMESE_WORDS for w in counted)):
        return "es"
    syllables = sum(bool(_SYLLABLE.match(w)) for w in counted) / len(counted)
    return "en" if syllables < 0.6 else None


def vietnamese_score(normalised: str, words: Sequence[str], marked: float = 0.0) -> float:
    """lingua's confidence that the message is Vietnamese, moved by the share of Vietnamese function words, by
    words that could all be syllables, and by marks Vietnamese shares with other languages (`marked`: "môi bé tím
    tái" has no letter only Vietnamese writes)."""
    detector, vietnamese = _lingua()
    confidence = detector.compute_language_confidence(normalised, vietnamese)
    counted = [w for w in words if w not in _NEUTRAL] or list(words)
    share = sum(w in VIETNAMESE_WORDS for w in counted) / len(counted)
    english = sum(w in ENGLISH_WORDS and w not in VIETNAMESE_WORDS for w in counted) / len(counted)
    # every word could be a syllable; or, in a long message, all but an English word or two ("catheter", "pump")
    # are syllables or Vietnamese chat ("bs", "k")
    syllables = [bool(_SYLLABLE.match(w)) for w in counted]
    vietnamese_like = sum(s or w in VIETNAMESE_WORDS or w in _CHAT_WORDS for s, w in zip(syllables, counted))
    vietnamese_shaped = all(syllables) or (len(counted) >= LONG_ENOUGH and vietnamese_like >= 0.9 * len(counted))
    shaped = 0.15 if vietnamese_shaped else 0.0
    return confidence + share + shaped + marked - english
