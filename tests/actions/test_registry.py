"""The action server offers every action the domain names."""
from rasa_sdk.executor import ActionExecutor

from tests.action_harness import DOMAIN


def test_every_domain_action_is_implemented():
    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(DOMAIN["actions"]) <= set(executor.actions)
