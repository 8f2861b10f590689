# Slack bot for clinicians (channels/slack.py): its tests against the real servers and a local Slack Web API stand-in.
.PHONY: test-slack

test-slack: $(MODEL)
	$(BIN)/pytest -q tests/core/render/test_slack.py tests/channels/test_slack_channel.py
