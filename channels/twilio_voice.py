"""The hospital hotline over Twilio Programmable Voice: POST /webhooks/twilio_voice/webhook (TwiML in, TwiML out).

Over Rasa 3.6's TwilioVoiceInput it closes the stock channel's gaps and adds what a phone line needs:
- every request must carry a valid X-Twilio-Signature (twilio's RequestValidator, computed over the configured
  public URL + the query string, and the form fields, with the account's auth token): otherwise 403. The fields
  are read from the raw body with blank values kept: Twilio sends and signs empty fields (`CallerCity=`) that
  Sanic's request.form drops. The query string is checked as received and with its parameters in any other order
  (Twilio may sign the URL as written and call it with the parameters sorted); the <Gather> action URLs we write
  are sorted already;
- one conversation per call: the conversation is keyed on CallSid ("twilio_voice:CA...", channels/rest.
  conversation_id, so no other channel can reach it), never on From (a shared ward phone or a withheld number
  would merge callers); the caller's number is neither used nor stored;
- never an empty <Response/>: when the assistant produced no reply (the action server is down), took too long
  or failed, the caller hears an apology, the emergency number, and is transferred to the pharmacist;
- "pharmacist", "operator", "human" (a short request) or the ask_human intent: a short sentence, then <Dial> to the
  configured pharmacist number; an emergency answer is said first, then the transfer;
- silence: the first time a reprompt (the last question again), the second time a polite goodbye and <Hangup/>;
- a dose answer is read back first ("A child of four years weighing sixteen kilograms, tablets by mouth: is that
  right?"); "yes" says the dose, "no" asks again; the goodbye response ends the call with <Hangup/>;
- nothing the caller said is logged at the default level (only call ids shortened, counts and outcomes).

State between two requests of one call travels in the <Gather> action URL's query string (silence=1, confirm=1),
which Twilio signs with the rest of the URL, and in the tracker store (the dose answer waiting for its read-back):
the channel keeps nothing in memory, so several Rasa servers can serve one number.
"""
from __future__ import annotations

import itertools
import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text
from urllib.parse import parse_qs

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.twilio_voice import TwilioVoiceCollectingOutputChannel, TwilioVoiceInput
from rasa.shared.core.events import BotUttered
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import Gather, VoiceResponse

from baclofen import settings
from baclofen.render import speech
from channels.rest import conversation_id, run_turn, webhook_blueprint


logger = logging.getLogger(__name__)

FINISHED_STATUSES = {"completed", "busy", "failed", "no-answer", "canceled"}
PERSON_WORDS = re.compile(r"\b(pharmacist|operator|human)s?\b", re.IGNORECASE)
PERSON_REQUEST_MAX_WORDS = 8  # "pharmacist", "I want to talk to a human please"; longer sentences go to the NLU
YES = re.compile(r"^(yes|yeah|yep|yup|correct|right|that's right|that is right|that's correct|that is correct|"
                 r"exactly|sure|ok|okay)( (yes|it is|that's right|that is right|correct))*( please| thanks| thank you)?$")
NO = re.compile(r"^(no|nope|not really|wrong|incorrect|that's wrong|that is wrong|that's not right|"
                r"that is not right|no that's wrong|no it isn't|no it is not)( thanks| thank you)?$")
MAX_ORDERED_PARAMETERS = 4  # 24 orders at most; our <Gather> URLs have 3 parameters at most
DEFAULT_HINTS = "baclofen, pharmacist, milligrams, kilograms, pounds, tablets, intrathecal, pump, side effects, dosing"


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w' ]", " ", text.lower())).strip()


def asks_for_a_person(text: str) -> bool:
    return bool(PERSON_WORDS.search(text)) and len(text.split()) <= PERSON_REQUEST_MAX_WORDS


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
    """Keeps each bot message whole ({"text", "custom"}) so the channel knows which text a voice instruction
    (transfer, read-back, hang up) belongs to. Buttons are never read aloud: voice responses offer words instead."""

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        text = (message.get("text") or "").strip()
        if text:
            self._emoji_warning(text)
        if text or message.get("custom"):
            await self._persist_message(self._message(recipient_id, text=text or None, custom=message.get("custom")))


class HotlineVoiceInput(TwilioVoiceInput):
    """See the module docstring. Registered in credentials as channels.twilio_voice.HotlineVoiceInput."""

    @classmethod
    def name(cls) -> Text:
        return "twilio_voice"  # so domain.yml's `channel: twilio_voice` response variants apply

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
        )

    def __init__(self, auth_token: Optional[Text], public_url: Optional[Text], pharmacist_number: Optional[Text],
                 initial_prompt: Text = "hello", assistant_voice: Text = "Polly.Joanna-Neural",
                 speech_timeout: Text = "2", speech_model: Text = "phone_call", enhanced: Text = "true",
                 language: Text = "en-US", no_speech_timeout: int = 6, dial_timeout: int = 30,
                 hints: Text = DEFAULT_HINTS, reply_timeout: float = 10.0) -> None:
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
        self.public_url = str(public_url)
        self.pharmacist_number = str(pharmacist_number)
        self.language = language
        self.no_speech_timeout = no_speech_timeout
        self.dial_timeout = dial_timeout
        self.hints = hints
        self.reply_timeout = reply_timeout

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
        status = fields.first("CallStatus")
        if status in FINISHED_STATUSES:
            return self._hangup([])
        speech_result = fields.first("SpeechResult").strip()
        silence_arg = request.args.get("silence") or "0"
        silences = int(silence_arg) if silence_arg.isdigit() else 0
        confirming = request.args.get("confirm") == "1"

        if not speech_result:
            if status == "ringing" or (silences == 0 and not confirming and request.args.get("turn") is None):
                logger.info("twilio_voice: call ...%s started", _short(call_sid))
                return await self._bot_turn(on_new_message, call_sid, self.initial_prompt)
            return await self._silence(request, call_sid, silences + 1, confirming)

        if confirming:
            answer = _normalise(speech_result)
            if YES.match(answer):
                return await self._confirmed_dose(request, call_sid)
            if NO.match(answer):
                return self._gather([speech.readback_rejected()])
        return await self._bot_turn(on_new_message, call_sid, speech_result)

    async def _bot_turn(self, on_new_message: Callable, call_sid: str, text: str) -> VoiceResponse:
        collector = HotlineVoiceCollector()
        message = UserMessage(text, collector, conversation_id(self.name(), call_sid), input_channel=self.name())
        problem = await run_turn(on_new_message, message, self.reply_timeout)
        if problem is not None:
            logger.error("twilio_voice: call ...%s: %s; apology and transfer.", _short(call_sid), problem)
            return self._failure()
        return self._render(collector.messages, call_sid, person_asked=asks_for_a_person(text))

    # ------------------------------------------------------------------ TwiML

    def _render(self, messages: List[Dict[str, Any]], call_sid: str, person_asked: bool) -> VoiceResponse:
        says: List[str] = []
        transfer = hangup = emergency = False
        readback: Optional[str] = None
        for message in messages:
            meta = (message.get("custom") or {}).get("voice") or {}
            if meta.get("kind") == "dose":
                readback = meta.get("readback")  # the dose itself is said after the caller confirms
                continue
            if message.get("text"):
                says.append(message["text"])
            transfer = transfer or bool(meta.get("transfer"))
            hangup = hangup or bool(meta.get("hangup"))
            emergency = emergency or meta.get("kind") == "emergency"

        if person_asked and not transfer:
            # The caller asked for a person in a few words: whatever the classifier made of it, transfer.
            says = says if emergency else []
            transfer = True
        if transfer:
            if not says or says[-1] != speech.transfer():
                says.append(speech.transfer())
            logger.info("twilio_voice: call ...%s transferred to the pharmacist%s", _short(call_sid),
                        " after the emergency answer" if emergency else "")
            return self._dial(says)
        if hangup:
            logger.info("twilio_voice: call ...%s ended by the caller's goodbye", _short(call_sid))
            return self._hangup(says)
        if readback:
            return self._gather(says + [readback], confirm=True)
        if not says:
            logger.error("twilio_voice: call ...%s: the turn produced no reply (is the action server up?); "
                         "apology and transfer.", _short(call_sid))
            return self._failure()
        return self._gather(says)

    def _say(self, target: Any, text: str) -> None:
        target.say(text, voice=self.assistant_voice, language=self.language)

    def _gather(self, says: List[str], confirm: bool = False, silence: int = 0) -> VoiceResponse:
        """Every Say but the last, then the last inside <Gather> so the caller can answer (or interrupt) it."""
        twiml = VoiceResponse()
        for text in says[:-1]:
            self._say(twiml, text)
        gather = Gather(input="speech", action=_with_query(self.public_url, turn=1, confirm=int(confirm),
                                                           silence=silence),
                        method="POST", actionOnEmptyResult=True, timeout=self.no_speech_timeout,
                        speechTimeout=self.speech_timeout, speechModel=self.speech_model, enhanced=self.enhanced,
                        language=self.language, hints=self.hints)
        self._say(gather, says[-1])
        twiml.append(gather)
        return twiml

    def _dial(self, says: List[str]) -> VoiceResponse:
        twiml = VoiceResponse()
        for text in says:
            self._say(twiml, text)
        twiml.dial(self.pharmacist_number, timeout=self.dial_timeout)
        # Reached only when the pharmacist did not answer: no silent line.
        self._say(twiml, speech.transfer_failed())
        twiml.hangup()
        return twiml

    def _hangup(self, says: List[str]) -> VoiceResponse:
        twiml = VoiceResponse()
        for text in says:
            self._say(twiml, text)
        twiml.hangup()
        return twiml

    def _failure(self) -> VoiceResponse:
        return self._dial([speech.failure()])

    # ------------------------------------------------------------------ silence and read-back

    async def _last_bot_messages(self, request: Request, call_sid: str) -> List[BotUttered]:
        try:
            tracker = await request.app.ctx.agent.tracker_store.retrieve(conversation_id(self.name(), call_sid))
        except Exception as error:
            logger.error("twilio_voice: call ...%s: could not read the conversation (%s)", _short(call_sid),
                         type(error).__name__)
            return []
        if not tracker:
            return []
        return [e for e in tracker.events if isinstance(e, BotUttered)]

    @staticmethod
    def _dose_meta(event: BotUttered) -> Optional[Dict[str, Any]]:
        meta = ((event.data or {}).get("custom") or {}).get("voice") or {}
        return meta if meta.get("kind") == "dose" else None

    async def _silence(self, request: Request, call_sid: str, silences: int, confirming: bool) -> VoiceResponse:
        if silences >= 2:
            logger.info("twilio_voice: call ...%s ended after silence", _short(call_sid))
            return self._hangup([speech.goodbye_after_silence()])
        bot = await self._last_bot_messages(request, call_sid)
        question: Optional[str] = None
        if confirming:
            question = next((self._dose_meta(e)["readback"] for e in reversed(bot) if self._dose_meta(e)), None)
        elif bot and bot[-1].text and "?" in bot[-1].text and not self._dose_meta(bot[-1]):  # a question: ask again
            question = bot[-1].text
        return self._gather([speech.didnt_hear(question)], confirm=confirming and question is not None,
                            silence=silences)

    async def _confirmed_dose(self, request: Request, call_sid: str) -> VoiceResponse:
        bot = await self._last_bot_messages(request, call_sid)
        dose = next((e for e in reversed(bot) if self._dose_meta(e)), None)
        if dose is None or not dose.text:
            return self._failure()
        return self._gather([dose.text, speech.anything_else()])
