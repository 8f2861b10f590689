"""rasa_sdk's plugin hook (rasa_sdk/plugin.py imports this package by name): hardens the action server."""
import pluggy

from rasa_sdk_plugins import guard


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(guard)
