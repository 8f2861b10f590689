"""The hotline's decisions, in plain Python (no Rasa import): channels/twilio_voice.py only renders them as TwiML.

- parts.py: an answer's spoken units (baclofen.render.speech.units) grouped into short parts, and word counts;
- keypad.py: the menu and its keys, the words callers say for repeat / more / back / slower / menu, yes and no,
  and ages and weights keyed in (read back before they are used);
- call.py: one call's state and what the hotline says and listens for next, from what the caller said or keyed
  and what the assistant answered;
- state_token.py: that state sealed into the action URLs of the channel's TwiML, which Twilio posts back.
- language.py: a call's language (the number called, or a bilingual choice at the start) and how Twilio speaks and
  listens in it (the <Say> voice, the <Gather> language, the speech hints).
"""
