"""Rasa 3.6 tokenizer: Rasa's WhitespaceTokenizer, each token's text then read as the rules read it, so that the
featurisers (CountVectors words and character n-grams) see one form of a word however it was typed.

"Thuốc", "thuoc" and "THUỐC" become one feature "thuoc" (marks dropped, character for character: baclofen.language
.normalise.fold); in a message that may be Vietnamese, chat abbreviations are written out ("ko" -> "khong", "dc" ->
"duoc", "3t" -> "3 tuoi"). A token without marks or abbreviations keeps its text: an English message's features are
what they were. Offsets stay those of the message, so entities and tokens still line up.
"""
from __future__ import annotations

import unicodedata
from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import METADATA, TEXT
from rasa.shared.nlu.training_data.message import Message

from baclofen.language import message_language
from baclofen.language.normalise import expand_word, fold


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class FoldingWhitespaceTokenizer(WhitespaceTokenizer):
    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        if attribute == TEXT and isinstance(message.get(TEXT), str):
            # composed once, first: every later component's offsets are into the composed text (the event keeps
            # the text as received, for the logs)
            composed = unicodedata.normalize("NFC", message.get(TEXT))
            if composed != message.get(TEXT):
                message.set(TEXT, composed)
        tokens = super().tokenize(message, attribute)
        if attribute != TEXT:
            return tokens
        text = message.get(TEXT)
        hint = message_language.hint_of(message.get(METADATA))
        language = message_language.of(text, hint)
        if language == "en" and text.isascii():
            return tokens  # an English message: its tokens as they were
        vietnamese = language == "vi"
        return [self._read(token, vietnamese, language != "en") for token in tokens]

    @staticmethod
    def _read(token: Token, vietnamese: bool, may_be_vietnamese: bool) -> Token:
        folded = fold(token.text)
        if may_be_vietnamese:
            expanded = expand_word(folded.lower(), vietnamese)
            folded = folded if expanded == folded.lower() else expanded
        if folded == token.text:
            return token
        return Token(folded, token.start, token.end, data=token.data, lemma=folded)
