"""The rules that apply to a conversation's states, found from rules read once, not from their JSON on every check.

Rasa 3.6's `RulePolicy._get_possible_keys` walks back through every state of the conversation and, at each one,
asks `_is_rule_applicable` of every rule still possible: that reverses the rule's parsed states again and turns
its lists into tuples again for every check, and keeps checking rules already shorter than the walk (always
applicable from then on) until the conversation's first state. With this model's ~80 rules it ran ~80 checks per
state, twice per prediction: about 8 % of the Rasa server's CPU on one user's turn (cProfile, 2026-12-06).

Here each rule key is read once (Rasa's own `_rule_key_to_state`, lists as tuples, reversed) and kept by its text;
a rule leaves the walk as soon as it is applicable for good (the walk went past its length, Rasa's first test) and
the walk stops when no rule is left to check. Each remaining check is Rasa's own test, in its order: both states
conversation starters -> applicable; one of them a starter -> not; otherwise every feature of the rule's state
matches as in `_does_rule_match_state` (a set value equal, SHOULD_NOT_BE_SET unset or itself). The same set of
keys for every lookup and states (tests/server_runtime).
"""
from __future__ import annotations

from typing import Any, Dict, List, Set, Text, Tuple

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET, USER
from rasa.shared.nlu.constants import ACTION_NAME, INTENT

_original = RulePolicy._get_possible_keys
# rule key (its JSON text) -> its states last first, each as ((state type, ((key, value), ...)), ...) with lists
# as tuples, and whether the state has a previous action
_read: Dict[Text, Tuple[Tuple[Tuple[Tuple[Text, Tuple[Tuple[Text, Any], ...]], ...], bool], ...]] = {}


def _as_tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _reversed_rule(rule_key: Text):
    found = _read.get(rule_key)
    if found is None:
        found = tuple(
            (tuple((state_type, tuple((key, _as_tuple(value)) for key, value in sub_state.items()))
                   for state_type, sub_state in state.items()),
             bool(state.get(PREVIOUS_ACTION)))
            for state in reversed(RulePolicy._rule_key_to_state(rule_key)))
        _read[rule_key] = found
    return found


def _matches(rule_state, conversation_state: Dict[Text, Any]) -> bool:
    """RulePolicy._does_rule_match_state on a read rule state."""
    for state_type, rule_sub_state in rule_state:
        conversation_sub_state = conversation_state.get(state_type, {})
        for key, value_from_rules in rule_sub_state:
            value_from_conversation = conversation_sub_state.get(key)
            if value_from_rules == SHOULD_NOT_BE_SET:
                if value_from_conversation and value_from_conversation != SHOULD_NOT_BE_SET:
                    return False
            elif value_from_rules and value_from_conversation != value_from_rules:
                return False
    return True


def _required(rule_state, state_type: Text, key: Text) -> Any:
    """The value a read rule state requires of one feature (None: any value may do)."""
    for found_type, sub_state in rule_state:
        if found_type == state_type:
            for found_key, value in sub_state:
                if found_key == key and value and value != SHOULD_NOT_BE_SET:
                    return value
    return None


class _Index:
    """A lookup's rules, read, grouped by what their last state requires of the conversation's last state."""

    def __init__(self, lookup: Dict[Text, Text]) -> None:
        self.keys = frozenset(lookup.keys())
        self.always: List = []  # no states: applicable at once
        self.starters: List = []  # last state without previous action
        self.by_need: Dict[Tuple[Any, Any], List] = {}  # (previous action name, intent) required, None for any
        for key in lookup.keys():
            rule = _reversed_rule(key)
            if not rule:
                self.always.append((key, rule))
            elif not rule[0][1]:
                self.starters.append((key, rule))
            else:
                need = (_required(rule[0][0], PREVIOUS_ACTION, ACTION_NAME), _required(rule[0][0], USER, INTENT))
                self.by_need.setdefault(need, []).append((key, rule))

    def first_turn(self, state: Dict[Text, Any]) -> Tuple[Set[Text], List]:
        """Rasa's check of every rule against the conversation's last state: (applicable for good, still to walk)."""
        applicable = {key for key, _ in self.always}
        if not state.get(PREVIOUS_ACTION):
            # both conversation starters: applicable; a rule with a previous action: not
            still = []
            for key, rule in self.starters:
                if len(rule) <= 1:
                    applicable.add(key)
                else:
                    still.append((key, rule))
            return applicable, still
        action = state[PREVIOUS_ACTION].get(ACTION_NAME)
        intent = state.get(USER, {}).get(INTENT)
        needs = {(None, None), (None, intent), (action, None), (action, intent)}
        still = []
        for need in needs:
            for key, rule in self.by_need.get(need, ()):
                if _matches(rule[0][0], state):
                    if len(rule) <= 1:
                        applicable.add(key)
                    else:
                        still.append((key, rule))
        return applicable, still


_indexes: Dict[int, Tuple[Dict[Text, Text], _Index]] = {}


def _index(lookup: Dict[Text, Text]) -> _Index:
    found = _indexes.get(id(lookup))
    if found is None or found[0] is not lookup or found[1].keys != lookup.keys():
        found = (lookup, _Index(lookup))
        _indexes[id(lookup)] = found
    return found[1]


def _get_possible_keys(self: RulePolicy, lookup: Dict[Text, Text], states: List[Dict[Text, Any]]) -> Set[Text]:
    if not states:
        return set(lookup.keys())
    applicable, checking = _index(lookup).first_turn(states[-1])
    for turn_index in range(1, len(states)):
        if not checking:
            break
        state = states[-1 - turn_index]
        current_previous_action = bool(state.get(PREVIOUS_ACTION))
        still = []
        for key, rule in checking:
            if turn_index >= len(rule):
                applicable.add(key)
                continue
            rule_state, rule_previous_action = rule[turn_index]
            if not rule_previous_action and not current_previous_action:
                still.append((key, rule))
            elif not rule_previous_action or not current_previous_action:
                continue
            elif _matches(rule_state, state):
                still.append((key, rule))
        checking = still
    applicable.update(key for key, _ in checking)
    return applicable


def apply() -> None:
    from server_runtime import RuntimeReplacementError

    for name in ("_get_possible_keys", "_is_rule_applicable", "_does_rule_match_state", "_rule_key_to_state"):
        if not hasattr(RulePolicy, name):
            raise RuntimeReplacementError(f"rule_keys: RulePolicy.{name} is gone; this replacement was written "
                                          f"for its Rasa 3.6 form")
    RulePolicy._get_possible_keys = _get_possible_keys


def confirm() -> None:
    from server_runtime import RuntimeReplacementError

    if RulePolicy._get_possible_keys is not _get_possible_keys:
        raise RuntimeReplacementError("rule_keys: RulePolicy._get_possible_keys is still Rasa's")
