"""The language of a call on the hotline: which one, and how Twilio speaks and listens in it. Plain Python, no Rasa
import; channels/twilio_voice.py writes what is decided here as TwiML attributes.

A call's language is decided once, at its start, and then travels in the <Gather> and <Dial> action URLs
(`lang=vi`), so that every later request of the call knows it without reading the conversation:
- the number called (Twilio's `To`), when the hospital maps it to a language (BACLOFEN_VOICE_CALLED_NUMBERS:
  a Vietnamese line needs no question);
- otherwise, when more than one language is offered (BACLOFEN_VOICE_LANGUAGES="en vi"), one short bilingual
  prompt, each half in its own voice: "For English, press one. Tiếng Việt, bấm phím hai." A key or a word
  ("English", "tiếng Việt") chooses; after two prompts without a choice the call goes on in the first language
  offered, so that a caller is never stuck before the greeting;
- otherwise the first language offered (English by default: the hotline as it was).

Every turn passes the language to the assistant as `metadata.language` (the hint the language detector honours).
A Vietnamese call listens with <Gather language="vi-VN"> (speech and keys) and speaks with a Google vi-VN voice:
Amazon Polly has no Vietnamese voice, so a Polly voice for Vietnamese is refused at start.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

ENGLISH, VIETNAMESE = "en", "vi"  # the values of the conversation's `language` slot
LANGUAGE_PARAMETER = "lang"       # the action URLs' query parameter carrying the call's language
CHOICE_PARAMETER = "choose"       # the action URL of the language prompt: how many times it has been said
CHOICE_ATTEMPTS = 2               # prompts said before the call goes on in the first language

DEFAULT_VIETNAMESE_VOICE = "Google.vi-VN-Standard-A"
DEFAULT_VIETNAMESE_HINTS = ("baclofen, dược sĩ, liều dùng, tác dụng phụ, tương tác, miligam, microgam, kilôgam, "
                            "viên nén, bơm, nhắc lại, lặp lại, thêm, quay lại, chậm lại, chậm hơn, đúng, sai")
CHOICE_HINTS = "English, Vietnamese, Tiếng Việt, one, two, một, hai"


@dataclass(frozen=True)
class CallLanguage:
    """One language of the hotline: its code (the `language` slot's value, sent as metadata.language), the BCP-47
    tag of <Gather language> and <Say language>, the <Say> voice, the speech hints, and how the choice prompt
    offers it (said in this language and voice)."""

    code: str
    tag: str
    voice: str
    hints: str
    offer: str  # "For English, press {key}." with the key said in this language

    def offer_with_key(self, key: str) -> str:
        return self.offer.format(key=key_word(key, self.code))


# Key names for the choice prompt, in each language ("press one" / "bấm phím hai").
_KEY_WORDS = {ENGLISH: ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
              VIETNAMESE: ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")}
_OFFERS = {ENGLISH: "For English, press {key}.", VIETNAMESE: "Tiếng Việt, bấm phím {key}."}
# Words a caller may say to choose, without accents and in lower case (what plain() makes of SpeechResult).
_SAID = {ENGLISH: ("english", "tieng anh", "inh lit"), VIETNAMESE: ("vietnamese", "tieng viet", "viet nam", "vietnam", "viet")}
_SAID_KEYS = {"1": ("one", "mot", "1"), "2": ("two", "hai", "2")}


def key_word(key: str, code: str) -> str:
    return _KEY_WORDS.get(code, _KEY_WORDS[ENGLISH])[int(key)]


def plain(text: str) -> str:
    """Lower case without accents: what the caller said, compared with the words of _SAID."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Mn").split())


def is_polly(voice: str) -> bool:
    return voice.strip().lower().startswith("polly.")


def parse_called_numbers(text: str) -> Dict[str, str]:
    """'+842873001234=vi +15550199=en' -> {'+842873001234': 'vi', '+15550199': 'en'} (commas or spaces apart)."""
    found: Dict[str, str] = {}
    for pair in text.replace(",", " ").split():
        number, _, code = pair.partition("=")
        if number and code:
            found[number.strip()] = code.strip().lower()
    return found


class CallLanguages:
    """The languages the hotline speaks and how a call gets its own. `offered`: codes in the order of their keys
    (the first is the default); `called_numbers`: number called -> code."""

    def __init__(self, languages: Mapping[str, CallLanguage], offered: Sequence[str],
                 called_numbers: Mapping[str, str]) -> None:
        unknown = [code for code in list(offered) + list(called_numbers.values()) if code not in languages]
        if unknown or not offered:
            raise ValueError(f"hotline languages: unknown or none offered: {unknown or 'none'} "
                             f"(known: {', '.join(languages)})")
        polly = [lang.code for lang in languages.values() if lang.code == VIETNAMESE and is_polly(lang.voice)]
        if polly:
            raise ValueError("hotline languages: Amazon Polly has no Vietnamese voice; use a Google vi-VN voice "
                             f"(e.g. {DEFAULT_VIETNAMESE_VOICE})")
        if len(offered) > 9:
            raise ValueError("hotline languages: at most nine can be offered on the keypad")
        self.languages = dict(languages)
        self.offered: Tuple[str, ...] = tuple(offered)
        self.called_numbers = dict(called_numbers)

    @property
    def default(self) -> CallLanguage:
        return self.languages[self.offered[0]]

    @property
    def asks(self) -> bool:
        """A call whose number says nothing of its language starts with the choice."""
        return len(self.offered) > 1

    def of_call(self, carried: Optional[str], called: str) -> Optional[CallLanguage]:
        """The call's language when it is known: carried in the action URL, or given by the number called."""
        if carried in self.languages:
            return self.languages[carried]
        code = self.called_numbers.get(called.strip())
        return self.languages[code] if code else None

    @staticmethod
    def prompt_count(said: Optional[str]) -> int:
        """How many times the choice has been said (the prompt's action URL), 1 when unreadable."""
        try:
            return max(1, int(said or 1))
        except ValueError:
            return 1

    def keys(self) -> Dict[str, CallLanguage]:
        return {str(index + 1): self.languages[code] for index, code in enumerate(self.offered)}

    def prompt(self) -> List[Tuple[str, CallLanguage]]:
        """The bilingual choice: each language offered in itself, with its key, in its own voice."""
        return [(language.offer_with_key(key), language) for key, language in self.keys().items()]

    def chosen(self, digits: str, speech: str) -> Optional[CallLanguage]:
        """The language a key or the caller's words chose, or None."""
        keys = self.keys()
        if digits:
            return keys.get(digits.strip()[:1])
        said = f" {plain(speech)} "
        for code in sorted(self.offered, key=lambda c: c != VIETNAMESE):  # "tiếng Việt" before a bare "anh"
            if any(f" {word} " in said for word in _SAID.get(code, ())):
                return self.languages[code]
        for key, words in _SAID_KEYS.items():
            if key in keys and any(f" {word} " in said for word in words):
                return keys[key]
        return None


def languages_from(settings_offered: str, settings_called: str, english_voice: str, english_tag: str,
                   english_hints: str, vietnamese_voice: str = DEFAULT_VIETNAMESE_VOICE,
                   vietnamese_tag: str = "vi-VN", vietnamese_hints: str = DEFAULT_VIETNAMESE_HINTS) -> CallLanguages:
    """The hotline's languages from its settings (offered, called numbers) and credentials (voices, tags)."""
    languages = {
        ENGLISH: CallLanguage(ENGLISH, english_tag, english_voice, english_hints, _OFFERS[ENGLISH]),
        VIETNAMESE: CallLanguage(VIETNAMESE, vietnamese_tag, vietnamese_voice, vietnamese_hints,
                                 _OFFERS[VIETNAMESE]),
    }
    offered = [code.lower() for code in settings_offered.replace(",", " ").split()] or [ENGLISH]
    return CallLanguages(languages, offered, parse_called_numbers(settings_called))
