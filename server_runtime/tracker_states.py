"""A tracker's past states worked out from one replay of its events, kept while the conversation only grows.

Rasa 3.6's `Domain.states_for_tracker_history` (what every policy's `tracker.past_states` runs) replays the whole
conversation from its first event into a new tracker on every call: the MemoizationPolicy and the RulePolicy each
ask for it, the RulePolicy twice, for every action predicted. With the conversation re-read on every message that
was 15 % of the Rasa server's CPU on one user's turn (cProfile, 2026-12-06), and most calls replayed the same events.

Here the replay is kept with the tracker (for as long as that tracker object lives; weakly referenced): what each
prior tracker looked like at each `ActionExecuted` (Rasa's own `get_active_state` but the user's sub-state, the
previous action, whether the turn is hidden, followed up or the loop's own, the latest message) and the replayed
tracker. The user's sub-state is read from the message object on every call, as Rasa's replay reads it, because
later events change that shared object in place (DefinePrevUserUtteredFeaturization, EntitiesAdded). When the tracker was only appended to
since (the same event deque, unbounded, its last known event still in place) and the new events change nothing
already applied (no restart, session start, revert, no loop name not seen before; Rasa's own `applied_events` rules
run over the new events extend the applied list), only the new events are replayed; otherwise everything is, as
Rasa does. Each call's answer is built from those records by Rasa's own loop over them (the same rule-only removals
and substitutions, by Rasa's own static methods), from fresh copies of the recorded sub-states (shared within one
answer exactly where Rasa's answer shares them), so callers may change what they get, as the featurizer does.
Only plain `DialogueStateTracker`s with `omit_unset_slots=False` (what prediction asks) take this path; anything
else is Rasa's. The same states for every tracker, prefix and argument (tests/server_runtime).
"""
from __future__ import annotations

import copy
import itertools
import weakref
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.shared.core.constants import PREVIOUS_ACTION, USER
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

_original = Domain.states_for_tracker_history
_RESETS = (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted)
_IMMUTABLE = (str, int, float, bool, type(None))

# (hide_rule_turn, turn keeps hiding state: not followed up and not the loop's own action, previous action sub-state,
#  active state but the user's sub-state, latest user message)
Record = Tuple[bool, bool, Any, Dict[Text, Any], Any]


class _At:
    """What Domain._get_user_sub_state reads of a tracker: its latest message."""

    __slots__ = ("latest_message",)

    def __init__(self, latest_message: Any) -> None:
        self.latest_message = latest_message


class _History:
    def __init__(self, domain: Domain, tracker: DialogueStateTracker) -> None:
        self.domain = domain
        self.events = tracker.events
        self.count = len(tracker.events)
        self.last = tracker.events[-1] if self.count else None
        self.loop_names = {event.name for event in tracker.events if isinstance(event, ActiveLoop) and event.name}
        self.applied = tracker.applied_events()
        self.replay = tracker.init_copy()
        self.records: List[Record] = []
        self._final: Optional[Record] = None
        self._replay(self.applied)

    def _replay(self, events: List[Any]) -> None:
        for event in events:
            if isinstance(event, ActionExecuted):
                self.records.append(_record(self.domain, self.replay, event.hide_rule_turn))
            self.replay.update(event)
        self._final = None

    def final(self) -> Record:
        if self._final is None:
            self._final = _record(self.domain, self.replay, False)
        return self._final

    def extend(self, tracker: DialogueStateTracker) -> bool:
        """Replays the events appended since; False when the tracker changed otherwise (then start afresh)."""
        events = tracker.events
        if events is not self.events or len(events) < self.count:
            return False
        if self.count and events[self.count - 1] is not self.last:
            return False
        if len(events) == self.count:
            return True
        new = list(itertools.islice(events, self.count, None))
        for event in new:
            if isinstance(event, _RESETS) or (isinstance(event, ActiveLoop) and event.name
                                              and event.name not in self.loop_names):
                return False
        applied = list(self.applied)
        for event in new:  # Rasa's applied_events, continued (no reset or revert among the new events)
            if (isinstance(event, ActionExecuted) and event.action_name in self.loop_names
                    and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)):
                tracker._undo_till_previous_loop_execution(event.action_name, applied)
            else:
                applied.append(event)
        known = len(self.applied)
        if len(applied) < known or any(a is not b for a, b in zip(applied, self.applied)):
            return False
        self.count, self.last, self.applied = len(events), events[-1], applied
        self._replay(applied[known:])
        return True


def _record(domain: Domain, tracker: DialogueStateTracker, hide_rule_turn: bool) -> Record:
    """What Rasa's loop reads of a prior tracker. The user's sub-state is not kept: it is read from the message
    object on every call, as Rasa does, because later events change that shared object in place (the featurization
    chosen for it, entities added)."""
    keeps = not tracker.followup_action and not tracker.latest_action_name == tracker.active_loop_name
    state = domain.get_active_state(tracker, omit_unset_slots=False)
    state.pop(USER, None)
    return hide_rule_turn, keeps, domain._get_prev_action_sub_state(tracker), state, tracker.latest_message


def _copied(value: Any, memo: Dict[int, Any]) -> Any:
    """A fresh copy of a recorded sub-state, one per original within one answer."""
    found = memo.get(id(value))
    if found is None:
        if type(value) is dict and all(type(v) in _IMMUTABLE or (type(v) is tuple and all(
                type(item) in _IMMUTABLE for item in v)) for v in value.values()):
            found = dict(value)
        else:
            found = copy.deepcopy(value)
        memo[id(value)] = found
    return found


_histories: Dict[int, Tuple["weakref.ref[DialogueStateTracker]", _History]] = {}


def _forget(key: int, reference: "weakref.ref[DialogueStateTracker]") -> None:
    entry = _histories.get(key)
    if entry is not None and entry[0] is reference:
        del _histories[key]


def _history(domain: Domain, tracker: DialogueStateTracker) -> _History:
    key = id(tracker)
    entry = _histories.get(key)
    if entry is not None and entry[0]() is tracker and entry[1].domain is domain and entry[1].extend(tracker):
        return entry[1]
    history = _History(domain, tracker)
    reference = weakref.ref(tracker, lambda ref, key=key: _forget(key, ref))
    _histories[key] = (reference, history)
    return history


def states_for_tracker_history(
    self: Domain,
    tracker: DialogueStateTracker,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: Optional[Dict[Text, Any]] = None,
) -> List[Dict[Text, Any]]:
    if (omit_unset_slots or type(tracker) is not DialogueStateTracker or type(self) is not Domain
            or tracker.events.maxlen is not None):
        return _original(self, tracker, omit_unset_slots=omit_unset_slots,
                         ignore_rule_only_turns=ignore_rule_only_turns, rule_only_data=rule_only_data)
    history = _history(self, tracker)
    memo: Dict[int, Any] = {}
    states: List[Dict[Text, Any]] = []
    last_ml_action_sub_state = None
    turn_was_hidden = False
    for hide_rule_turn, keeps, previous_action, rest, message in itertools.chain(history.records,
                                                                                (history.final(),)):
        # Rasa's loop in Domain.states_for_tracker_history, over the records
        if ignore_rule_only_turns:
            if not turn_was_hidden:
                last_ml_action_sub_state = previous_action
            if keeps:
                turn_was_hidden = hide_rule_turn
            if turn_was_hidden:
                continue
        # Rasa's get_active_state: the user's sub-state (read now), then the rest, empty ones left out
        user = self._get_user_sub_state(_At(message))
        state = {USER: user} if user else {}
        for state_type, sub_state in rest.items():
            state[state_type] = _copied(sub_state, memo)
        if ignore_rule_only_turns:
            self._remove_rule_only_features(state, rule_only_data)
            if states:
                self._substitute_rule_only_user_input(state, states[-1])
            if last_ml_action_sub_state:
                state[PREVIOUS_ACTION] = _copied(last_ml_action_sub_state, memo)
        states.append(self._clean_state(state))
    return states


def apply() -> None:
    from server_runtime import RuntimeReplacementError

    for owner, names in ((Domain, ("get_active_state", "_get_user_sub_state", "_get_prev_action_sub_state", "_remove_rule_only_features",
                                   "_substitute_rule_only_user_input", "_clean_state")),
                         (DialogueStateTracker, ("applied_events", "init_copy", "generate_all_prior_trackers",
                                                 "_first_loop_execution_or_unhappy_path",
                                                 "_undo_till_previous_loop_execution"))):
        for name in names:
            if not hasattr(owner, name):
                raise RuntimeReplacementError(f"tracker_states: {owner.__name__}.{name} is gone; this replacement "
                                              f"follows Rasa 3.6's states_for_tracker_history")
    Domain.states_for_tracker_history = states_for_tracker_history


def confirm() -> None:
    from server_runtime import RuntimeReplacementError

    if Domain.states_for_tracker_history is not states_for_tracker_history:
        raise RuntimeReplacementError("tracker_states: Domain.states_for_tracker_history still replays every call")
