# The hotline voice channel (channels/twilio_voice.py): its unit and end-to-end tests only.
.PHONY: test-voice
test-voice: $(MODEL)
	$(BIN)/pytest -q tests/core/render/test_speech.py tests/channels/voice tests/channels/test_voice_channel.py \
		tests/channels/test_voice_vietnamese.py
