"""The hospital hotline over Twilio Programmable Voice: POST /webhooks/twilio_voice/webhook (TwiML in, TwiML out).

An adapter: what is said and what is listened for are decided by channels/voice/ (plain Python, no Rasa import);
this module checks each request, runs the assistant's turns, carries the call's state from one request to the next
(in the action URLs, sealed) and writes TwiML.
Over Rasa 3.6's TwilioVoiceInput it closes the stock channel's gaps and adds what a phone line needs:
- every request must carry a valid X-Twilio-Signature (twilio's RequestValidator, computed over the configured
  public URL + the query string, and the form fields, with the account's auth token): otherwise 403. The fields
  are read from the raw body with blank values kept: Twilio sends and signs empty fields (`CallerCity=`) that
  Sanic's request.form drops. The query string is checked as received and with its parameters in any other order
  (Twilio may sign the URL as written and call it with the parameters sorted);
- one conversation per call: the conversation is keyed on CallSid ("twilio_voice:CA...", channels/rest.
  conversation_id, so no other channel can reach it), never on From (a shared ward phone or a withheld number
  would merge callers); the caller's number is neither used nor stored;
- every <Gather> takes speech and keys (input="dtmf speech"), with everything it says inside it, so that a caller
  can interrupt by speaking or pressing a key; one key acts at once, an age or a weight is keyed then hash;
- short turns: an answer is said a part at a time ("say more, or press one"), the menu and its keys after it, the
  emergency number first; repeat, more, back, slower (SSML prosody where the voice takes SSML) and the menu are
  answered here without the assistant; a dose is read back before it is said, and ages and weights keyed in are
  read back before the assistant gets them (as the same typed payload a spoken answer gives);
- never an empty <Response/>, never a hang-up on a caller who is still trying: when the assistant produced no
  reply (the action server is down), took too long or failed, the caller hears an apology, the emergency number,
  and is transferred to the pharmacist; two turns in a row not understood offer the keypad, a third transfers;
- "pharmacist", "operator", "human" (a short request), 0, or the ask_human intent: a short sentence, then <Dial> to
  the configured pharmacist number, whose action says goodbye as the transfer ended (DialCallStatus): after the
  pharmacist's call, or sorry when the pharmacist could not take it; an emergency answer is one instruction (hang
  up and call the emergency number), with no transfer;
- nothing the caller said is logged at the default level (only call ids shortened, counts and outcomes);
- a call's language (channels/voice/language.py): from the number called or a bilingual choice at the start,
  carried in the action URLs, passed to the assistant as `metadata.language` every turn; a Vietnamese call
  listens with language="vi-VN" and speaks with a Google vi-VN voice (never Polly: it has no Vietnamese).

State between two requests of one call (the parts left for "more", the words "repeat" says, the speaking rate, a
keyed value waiting for its confirmation, the dose waiting for its read-back) travels with the call: sealed
(channels/voice/state_token.py, an HMAC keyed from the auth token) into the `state` parameter of the action URL
of the <Gather> or <Dial> that ends each turn, and opened from the request Twilio posts there. The channel reads
and writes no conversation of its own (only the assistant's turns, through Rasa, touch the tracker store) and
keeps nothing in memory, so any Rasa server holding the same credentials can answer any request of a call. A
token that was changed, belongs to another call or is older than a call can last is refused: the caller hears
that the call cannot go on from there, the emergency number, and is put through to the pharmacist.
"""
from __future__ import annotations

import hashlib
import itertools
import logging
import re
import secrets
import time
from contextvars import ContextVar
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple
from urllib.parse import parse_qs

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.twilio_voice import TwilioVoiceCollectingOutputChannel, TwilioVoiceInput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import Gather, VoiceResponse

from baclofen import channel_table, settings
from channels.voice.call import Ask, CallState, Heard, Hotline, Reply, Turn, form_question
from channels.voice.state_token import MAX_TOKEN_CHARS, StateRefused, open_token, seal, state_key
from channels.voice import language as call_language
from channels.voice.language import CallLanguage, CallLanguages
from baclofen.render import speech
from channels.rest import conversation_id, run_turn, webhook_blueprint
from stores import resends


logger = logging.getLogger(__name__)

FINISHED_STATUSES = {"completed", "busy", "failed", "no-answer", "canceled"}
DIAL_ANSWERED = "completed"  # DialCallStatus: the pharmacist took the call (and it has ended)
DIAL_OUTCOME = "dial"  # the query parameter of the <Dial> action URL: Twilio posts there when the transfer ends
MAX_ORDERED_PARAMETERS = 4  # 24 orders at most; our action URLs have three (lang, state and turn, or dial)
DEFAULT_HINTS = ("baclofen, pharmacist, milligrams, kilograms, pounds, tablets, intrathecal, pump, side effects, "
                 "dosing, repeat, more, slower, menu")
STATE_PARAMETER = "state"  # the action URLs' parameter that carries the call's sealed state
SSML_VOICES = ("Polly.", "Google.")  # Twilio's <Say> takes SSML (prosody) with these voices only
# The language of the call this request belongs to, decided at the top of each request (handle): a context variable,
# so that the TwiML writers (_say, _gather ...) speak and listen in it without the call's language threaded through
# every method; Sanic runs each request in its own task, which has its own copy.
CURRENT_LANGUAGE: ContextVar[Optional[CallLanguage]] = ContextVar("hotline_call_language", default=None)


def _confidence(raw: str) -> Optional[float]:
    try:
        return float(raw) if raw.strip() else None
    except ValueError:
        return None


def _short(call_sid: str) -> str:
    """For logs: enough of the CallSid to find the call in Twilio's console, not a caller identifier."""
    return call_sid[-6:]


def _with_query(url: str, **params: Any) -> str:
    """The URL with its parameters in alphabetical order: the order Twilio may put them in before calling it."""
    query = "&".join(f"{key}={value}" for key, value in sorted(params.items()) if value)
    return url + "?" + query if query else url


def _query_orders(query: str) -> List[str]:
    """The query strings Twilio may have signed for the one it sent: as received first, then its parameters in
    every other order (Twilio may sign the URL as written and call it with the parameters sorted). The same
    parameters with the same values in each, so accepting any order accepts nothing else. Beyond
    MAX_ORDERED_PARAMETERS parameters (never in our own URLs), as received and sorted only."""
    pairs = query.split("&") if query else []
    if len(pairs) <= MAX_ORDERED_PARAMETERS:
        orders = ["&".join(order) for order in itertools.permutations(pairs)]
    else:
        orders = ["&".join(sorted(pairs, key=lambda pair: pair.split("=", 1)[0]))]
    return list(dict.fromkeys([query] + orders))


class FormFields(dict):
    """Every field of a form body, blank ones included, name -> [values]: what Twilio signed. `getall` is what
    RequestValidator asks a multi-valued mapping for."""

    @classmethod
    def parse(cls, body: bytes) -> "FormFields":
        return cls(parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False))

    def getall(self, name: str) -> List[str]:
        return self[name]

    def first(self, name: str, default: str = "") -> str:
        values = self.get(name)
        return values[0] if values else default


class HotlineVoiceCollector(TwilioVoiceCollectingOutputChannel):
    """Keeps each bot message whole ({"text", "custom", "buttons"}) so the hotline knows which text a voice
    instruction (transfer, read-back, hang up), spoken units or options belong to. Button titles are not read as
    they are: the hotline offers them as keys."""

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        text = (message.get("text") or "").strip()
        if text:
            self._emoji_warning(text)
        if text or message.get("custom"):
            await self._persist_message(self._message(recipient_id, text=text or None, custom=message.get("custom"),
                                                      buttons=message.get("buttons")))


class HotlineVoiceInput(TwilioVoiceInput):
    """See the module docstring. Registered in credentials as channels.twilio_voice.HotlineVoiceInput."""

    @classmethod
    def name(cls) -> Text:
        return channel_table.VOICE.name  # "twilio_voice": domain.yml's `channel: twilio_voice` variants apply

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "HotlineVoiceInput":
        c = credentials or {}
        return cls(
            auth_token=c.get("auth_token"),
            public_url=c.get("public_url"),
            pharmacist_number=c.get("pharmacist_number"),
            initial_prompt=c.get("initial_prompt", "hello"),
            assistant_voice=c.get("assistant_voice", "Polly.Joanna-Neural"),
            speech_timeout=str(c.get("speech_timeout", "2")),
            speech_model=c.get("speech_model", "phone_call"),
            enhanced=str(c.get("enhanced", "true")).lower(),
            language=c.get("language", "en-US"),
            no_speech_timeout=int(c.get("no_speech_timeout", 6)),
            dial_timeout=int(c.get("dial_timeout", 30)),
            hints=c.get("hints", DEFAULT_HINTS),
            reply_timeout=float(c.get("reply_timeout", settings.current().reply_timeout_seconds)),
            vietnamese_voice=c.get("vietnamese_voice", call_language.DEFAULT_VIETNAMESE_VOICE),
            vietnamese_language=c.get("vietnamese_language", "vi-VN"),
            vietnamese_hints=c.get("vietnamese_hints", call_language.DEFAULT_VIETNAMESE_HINTS),
        )

    def __init__(self, auth_token: Optional[Text], public_url: Optional[Text], pharmacist_number: Optional[Text],
                 initial_prompt: Text = "hello", assistant_voice: Text = "Polly.Joanna-Neural",
                 speech_timeout: Text = "2", speech_model: Text = "phone_call", enhanced: Text = "true",
                 language: Text = "en-US", no_speech_timeout: int = 6, dial_timeout: int = 30,
                 hints: Text = DEFAULT_HINTS, reply_timeout: float = 10.0,
                 vietnamese_voice: Text = call_language.DEFAULT_VIETNAMESE_VOICE, vietnamese_language: Text = "vi-VN",
                 vietnamese_hints: Text = call_language.DEFAULT_VIETNAMESE_HINTS) -> None:
        super().__init__(initial_prompt, None, assistant_voice, speech_timeout, speech_model, enhanced)
        missing = [name for name, value in (("auth_token", auth_token), ("public_url", public_url),
                                             ("pharmacist_number", pharmacist_number)) if not value]
        if missing:
            raise InvalidConfigException(f"twilio_voice: {', '.join(missing)} must be set (see credentials.d/"
                                         "twilio_voice.yml); the channel never runs without signature checks.")
        if not str(public_url).startswith(("https://", "http://")) or "?" in str(public_url):
            raise InvalidConfigException("twilio_voice: public_url must be the full webhook URL Twilio calls, "
                                         "e.g. https://hotline.example.org/webhooks/twilio_voice/webhook")
        self.validator = RequestValidator(str(auth_token))
        self.state_key = state_key(str(auth_token))  # the same on every server that answers the number
        self.public_url = str(public_url)
        self.pharmacist_number = str(pharmacist_number)
        self.language = language
        self.no_speech_timeout = no_speech_timeout
        self.dial_timeout = dial_timeout
        self.hints = hints
        self.reply_timeout = reply_timeout
        current = settings.current()
        try:
            self.languages: CallLanguages = call_language.languages_from(
                current.voice_languages, current.voice_called_numbers, assistant_voice, language, hints,
                vietnamese_voice, vietnamese_language, vietnamese_hints)
        except ValueError as error:
            raise InvalidConfigException(f"twilio_voice: {error}") from error

    # ------------------------------------------------------------------ HTTP

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def receive(request: Request) -> HTTPResponse:
            try:
                fields = FormFields.parse(request.body or b"")
            except (UnicodeDecodeError, ValueError):
                return response.text("Bad request: the body must be a UTF-8 form", status=400)
            if not self.signed_by_twilio(request, fields):
                logger.warning("twilio_voice: rejected a request without a valid X-Twilio-Signature (403).")
                return response.text("Forbidden: invalid or missing X-Twilio-Signature", status=403)
            call_sid = fields.first("CallSid")
            if not call_sid:
                return response.text("Bad request: CallSid missing", status=400)
            twiml = await self.handle(request, fields, call_sid, on_new_message)
            return response.text(str(twiml), content_type="text/xml")

        return webhook_blueprint(self, receive)

    def signed_by_twilio(self, request: Request, fields: FormFields) -> bool:
        """Twilio signs the URL (ours: the configured public URL plus the query string we put in the <Gather>
        action) followed by every form field it sent, sorted, blank ones included."""
        signature = request.headers.get("X-Twilio-Signature")
        if not signature:
            return False
        return any(self.validator.validate(self.public_url + ("?" + query if query else ""), fields, signature)
                   for query in _query_orders(request.query_string))

    # ------------------------------------------------------------------ one request

    async def handle(self, request: Request, fields: FormFields, call_sid: str,
                     on_new_message: Callable) -> VoiceResponse:
        """The call's language first (channels/voice/language.py): carried in the URL, given by the number called,
        or asked; then the request in that language."""
        languages = self.languages
        known = languages.of_call(request.args.get(call_language.LANGUAGE_PARAMETER), fields.first("To"))
        choosing = request.args.get(call_language.CHOICE_PARAMETER)
        chosen = None
        if known is None and choosing is not None and fields.first("CallStatus") not in FINISHED_STATUSES:
            said = languages.prompt_count(choosing)
            chosen = languages.chosen(fields.first("Digits"), fields.first("SpeechResult"))
            if chosen is None and said < call_language.CHOICE_ATTEMPTS:
                return self._language_choice(call_sid, said + 1)
            chosen = chosen or languages.default  # never stuck before the greeting
        elif known is None and languages.asks and fields.first("CallStatus") not in FINISHED_STATUSES \
                and request.args.get("turn") is None and request.args.get(DIAL_OUTCOME) is None:
            return self._language_choice(call_sid, 1)
        token = CURRENT_LANGUAGE.set(known or chosen or languages.default)
        try:
            if chosen is not None:
                logger.info("twilio_voice: call ...%s: language %s chosen", _short(call_sid), chosen.code)
                return await self._begin(request, call_sid, on_new_message)
            return await self._handle_in_language(request, fields, call_sid, on_new_message)
        finally:
            CURRENT_LANGUAGE.reset(token)

    async def _handle_in_language(self, request: Request, fields: FormFields, call_sid: str,
                                  on_new_message: Callable) -> VoiceResponse:
        status = fields.first("CallStatus")
        if status in FINISHED_STATUSES:
            return self._hangup([])
        transfer_ended = request.args.get(DIAL_OUTCOME) is not None
        try:
            state = self._opened(request, call_sid)
        except StateRefused as refused:
            logger.warning("twilio_voice: call ...%s: refused the call's state in the action URL (%s).",
                           _short(call_sid), refused.reason)
            if not transfer_ended:
                return self._refused(call_sid)
            state = CallState()  # how the transfer ended is Twilio's to say (signed); the state held only the rate
        if transfer_ended:
            return self._transfer_ended(call_sid, fields.first("DialCallStatus"), state)
        hotline = Hotline(language=self._language().code)
        heard = Heard(speech=fields.first("SpeechResult").strip(), digits=fields.first("Digits").strip(),
                      confidence=_confidence(fields.first("Confidence")))
        if status == "ringing" or (request.args.get("turn") is None and not heard.speech and not heard.digits):
            return await self._begin(request, call_sid, on_new_message)

        step = hotline.hear(state, heard)
        if isinstance(step, Ask):
            replies, problem = await self._assistant(request, on_new_message, call_sid, step.text)
            if problem:
                return self._failure(call_sid, problem, step.state)
            step = hotline.answer(step, replies, form_question(replies, step.state.asking))
        return self._respond(call_sid, step)

    async def _begin(self, request: Request, call_sid: str, on_new_message: Callable) -> VoiceResponse:
        """The call starts: the assistant's greeting, then the menu."""
        logger.info("twilio_voice: call ...%s started", _short(call_sid))
        replies, problem = await self._assistant(request, on_new_message, call_sid, self.initial_prompt)
        if problem:
            return self._failure(call_sid, problem, CallState())
        return self._respond(call_sid, Hotline(language=self._language().code).begin(replies))

    async def _assistant(self, request: Request, on_new_message: Callable, call_sid: str,
                         text: str) -> Tuple[List[Reply], Optional[str]]:
        """One turn of the assistant: its replies (each tells what the dose form asks for, when it knows), and what
        went wrong if anything (then the caller is helped another way)."""
        collector = HotlineVoiceCollector()
        message = UserMessage(text, collector, conversation_id(self.name(), call_sid), input_channel=self.name(),
                              message_id=call_message_id(call_sid, request.args.get("turn"), text),
                              metadata={"language": self._language().code})  # the detector's hint, every turn
        problem = await run_turn(on_new_message, message, self.reply_timeout)
        if problem is None and not collector.messages:
            problem = "the turn produced no reply (is the action server up?)"
        if problem is not None:
            return [], problem
        return [Reply.from_message(m) for m in collector.messages], None

    def _transfer_ended(self, call_sid: str, outcome: str, state: CallState) -> VoiceResponse:
        """Twilio posts the <Dial> action when the transfer ends, with the caller still on the line: the pharmacist
        hung up after talking (DialCallStatus completed), or never took the call (busy, no-answer, failed,
        canceled)."""
        logger.info("twilio_voice: call ...%s: transfer ended (%s)", _short(call_sid), outcome or "no status")
        language = self._language().code
        if outcome == DIAL_ANSWERED:
            return self._hangup([speech.transfer_ended(language)], state.rate)  # "slower" holds to the end of the call
        return self._hangup([speech.transfer_failed(language)], state.rate)

    def _failure(self, call_sid: str, problem: str, state: CallState) -> VoiceResponse:
        logger.error("twilio_voice: call ...%s: %s; apology and transfer.", _short(call_sid), problem)
        return self._dial([speech.failure(self._language().code)], self._sealed(call_sid, state))

    # ------------------------------------------------------------------ the call's state, in the action URLs

    def _opened(self, request: Request, call_sid: str) -> CallState:
        """The state the request's action URL carries; none at all: a fresh state (the call's first request, or a
        call that began before the state travelled in the URL, which goes on from the menu's state)."""
        token = request.args.get(STATE_PARAMETER)
        if token is None:
            return CallState()
        return CallState.from_dict(open_token(token, call_sid, self.state_key, time.time()))

    def _sealed(self, call_sid: str, state: CallState) -> str:
        token = seal(state.as_dict(), call_sid, self.state_key, time.time())
        if len(token) > MAX_TOKEN_CHARS:
            # Twilio would not call a URL this long: the call goes on with its rate only ("more" and "repeat" then
            # have nothing to say, the caller can still ask), rather than end.
            logger.error("twilio_voice: call ...%s: the call's state (%d characters sealed) is too long for an "
                         "action URL; kept: the speaking rate.", _short(call_sid), len(token))
            token = seal(CallState(rate=state.rate).as_dict(), call_sid, self.state_key, time.time())
        return token

    def _refused(self, call_sid: str) -> VoiceResponse:
        """After a state token that cannot be trusted (Twilio signed the request: the token was sealed with another
        auth token, for another call, too long ago, or changed by someone who holds ours): nothing of it is used
        and nothing the caller said goes to the assistant. The caller is told, hears the emergency number and is
        put through to the pharmacist, as when the assistant cannot answer."""
        return self._dial([speech.call_state_refused(self._language().code)], self._sealed(call_sid, CallState()))

    def _respond(self, call_sid: str, turn: Turn) -> VoiceResponse:
        """The turn's TwiML; the call's state goes with the <Gather> or <Dial> that ends it."""
        if turn.transfer:
            logger.info("twilio_voice: call ...%s transferred to the pharmacist", _short(call_sid))
            return self._dial(list(turn.says), self._sealed(call_sid, turn.state), turn.state.rate)
        if turn.hangup:
            logger.info("twilio_voice: call ...%s ended by the caller's goodbye", _short(call_sid))
            return self._hangup(list(turn.says), turn.state.rate)
        return self._gather(list(turn.says), self._sealed(call_sid, turn.state), turn.state.rate,
                            keyed_entry=turn.keyed_entry)

    # ------------------------------------------------------------------ TwiML

    def _language(self) -> CallLanguage:
        return CURRENT_LANGUAGE.get() or self.languages.default

    def _action_url(self, **params: Any) -> str:
        """An action URL of this call: its parameters and the call's language (the next request's language)."""
        return _with_query(self.public_url, **params, **{call_language.LANGUAGE_PARAMETER: self._language().code})

    def _say(self, target: Any, text: str, rate: int = 100, language: Optional[CallLanguage] = None) -> None:
        spoken = language or self._language()
        voice, tag = spoken.voice, spoken.tag
        if rate >= 100:
            target.say(text, voice=voice, language=tag)
        elif voice.startswith(SSML_VOICES):
            target.say(voice=voice, language=tag).prosody(text, rate=f"{rate}%")
        else:
            # A voice without SSML cannot speak slower: a pause after each sentence instead.
            for sentence in speech_sentences(text):
                target.say(sentence, voice=voice, language=tag)
                target.pause(length=1)

    def _language_choice(self, call_sid: str, said: int) -> VoiceResponse:
        """The bilingual choice at the start of a call: each language offered in itself and its own voice, inside
        one <Gather> (keys and speech, heard in the first language: a caller can interrupt with a key). Its action
        URL carries the call's (fresh) state like every other, and how many times the choice has been said."""
        twiml = VoiceResponse()
        action = _with_query(self.public_url, **{call_language.CHOICE_PARAMETER: said,
                                                 STATE_PARAMETER: self._sealed(call_sid, CallState())})
        gather = Gather(input="dtmf speech", numDigits=1, method="POST", actionOnEmptyResult=True, action=action,
                        timeout=self.no_speech_timeout, speechTimeout=self.speech_timeout,
                        speechModel=self.speech_model, enhanced=self.enhanced, language=self.languages.default.tag,
                        hints=call_language.CHOICE_HINTS)
        for text, language in self.languages.prompt():
            self._say(gather, text, language=language)
        twiml.append(gather)
        return twiml

    def _gather(self, says: List[str], state: str, rate: int = 100, keyed_entry: bool = False) -> VoiceResponse:
        """Everything said inside one <Gather> (speech and keys), so that the caller can interrupt any of it. A
        menu acts on one key; an age or a weight is keys ended by hash, with more time between keys. `state`: the
        call's sealed state, for the request that answers it."""
        twiml = VoiceResponse()
        options: Dict[str, Any] = dict(numDigits=1) if not keyed_entry else dict(finishOnKey="#")
        gather = Gather(input="dtmf speech", action=self._action_url(state=state, turn=new_turn_id()), method="POST",
                        actionOnEmptyResult=True,
                        timeout=(channel_table.VOICE.limit("key_timeout_seconds") if keyed_entry
                                 else self.no_speech_timeout),
                        speechTimeout=self.speech_timeout, speechModel=self.speech_model, enhanced=self.enhanced,
                        language=self._language().tag, hints=self._language().hints, **options)
        for text in says:
            self._say(gather, text, rate)
        twiml.append(gather)
        return twiml

    def _dial(self, says: List[str], state: str, rate: int = 100) -> VoiceResponse:
        twiml = VoiceResponse()
        for text in says:
            self._say(twiml, text, rate)
        # With an action, Twilio posts how the transfer ended (DialCallStatus) and goes on with the TwiML returned:
        # without one, a caller whose pharmacist hung up first would hear the TwiML after <Dial> ("could not take
        # the call").
        twiml.dial(self.pharmacist_number, timeout=self.dial_timeout, action=self._action_url(dial=1, state=state),
                   method="POST")
        return twiml

    def _hangup(self, says: List[str], rate: int = 100) -> VoiceResponse:
        twiml = VoiceResponse()
        for text in says:
            self._say(twiml, text, rate)
        twiml.hangup()
        return twiml


def new_turn_id() -> str:
    """Names a <Gather> (its action URL's `turn`): Twilio's retries of its request carry the same."""
    return secrets.token_hex(6)


def call_message_id(call_sid: str, turn: Optional[str], text: str) -> str:
    """The id of the assistant's turn in a request, for resends (stores/resends.py): the call, the <Gather> it
    answers and what the caller said (a retry of the request is the same; another request is not)."""
    heard = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return resends.client_key(f"{call_sid}.{turn or 'start'}.{heard}")


def speech_sentences(text: str) -> List[str]:
    return [part for part in re.split(r"(?<=[.?!])\s+", text) if part]
