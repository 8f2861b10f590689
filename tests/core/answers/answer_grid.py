"""Every answer kind over a grid of people, routes and proposed doses: what the English snapshot
(golden/en.txt) and the Vietnamese parity test render.

`cases(language)` yields (case name, Answer). Each case is built by the same compose call in every language, so a
case's English and Vietnamese answers can be compared part by part.
"""
from __future__ import annotations

import itertools
from typing import Callable, Iterator, List, Tuple

from baclofen import knowledge
from baclofen.answers import compose, doses, emergencies, topics
from baclofen.answers.model import Answer
from baclofen.dosing import check
from baclofen.dosing.lookup import DoseQuery, child_oral_before_weight, lookup
from baclofen.dosing.person import DoseInputError
from baclofen.interactions import interactions_for

AGES = (None, 0.5, 1, 1.5, 2, 3, 6, 8, 10, 11, 12, 13, 17, 18, 40, 65, 80)
WEIGHTS = (None, 14, 40)
ROUTES = ("oral", "intrathecal", None)
DOSE_QUERIES = [DoseQuery(route, age, None if age is not None else group, weight, renal, origin)
                for route, age, group, weight, renal, origin in itertools.product(
                    ROUTES, AGES, ("adult", "elderly"), WEIGHTS, (False, True), (None, "spinal"))
                if not (age is not None and group == "elderly")]
# Proposed amounts: (value, unit, per, per_kg, times a day, as a start)
PROPOSED = [(15, "mg", "day", False, None, False), (20, "mg", "dose", False, None, False),
            (10, "mg", "dose", False, 3, True), (120, "mg", "day", False, None, False),
            (90, "mg", "day", False, None, False), (2, "mg", None, False, None, False),
            (0.3, "mg", "day", True, None, False), (0.5, "mg", "dose", True, 4, False),
            (300, "micrograms", "day", True, None, False), (25, "micrograms", None, False, None, False),
            (150, "micrograms", "day", False, None, False), (1, "mg", "day", False, None, True)]
CHECK_PEOPLE = [(age, group, weight, route, renal)
                for age, group, weight, route, renal in itertools.product(
                    (None, 1, 3, 8, 11, 12, 40, 70), ("adult", None), (None, 14, 40), ("oral", "intrathecal"),
                    (False, True))
                if not (age is not None and group is not None)]
SYMPTOMS = ("dizziness", "sleepy", "hair loss", "withdrawal reaction", "blurred vision")
MEDICINES = ("advil", "lithium", "elavil", "beer", "tylenol", "baclofen", "diazepam", "zzqx", "amitriptyline")


def _guarded(make: Callable[[], Answer]) -> Answer:
    try:
        return make()
    except DoseInputError as error:
        return compose.input_error(error)


def _fixed() -> List[Tuple[str, Callable[[], Answer]]]:
    found = [("uses", compose.uses), ("dosage_forms", compose.dosage_forms), ("withdrawal", compose.withdrawal),
             ("handoff", compose.handoff), ("help", compose.help_text), ("bot_challenge", compose.bot_challenge),
             ("interaction_overview", compose.interaction_overview), ("timing_gap", compose.interaction_timing_gap),
             ("service_unavailable", compose.service_unavailable),
             ("cannot_continue_safely", compose.cannot_continue_safely),
             ("too_many_waiting", compose.too_many_waiting), ("message_too_long", lambda: compose.message_too_long(3000, 2000)),
             ("empty_message", compose.empty_message), ("precautions", lambda: compose.precaution(None)),
             ("side_effects", compose.side_effects), ("dose_overview", doses.overview),
             ("intrathecal_adult", doses.intrathecal_adult),
             ("unknown_medicine", lambda: compose.unknown_medicine("zzqx")),
             ("possible_emergency", lambda: compose.emergency_first(compose.uses())),
             ("conversion", lambda: doses.conversion(25, "micrograms", check.convert(25, "micrograms", "mg"))),
             ("conversion_mg", lambda: doses.conversion(2, "mg", check.convert(2, "mg", "micrograms")))]
    found += [(f"side_effects/{f}", lambda f=f: compose.side_effects(f)) for f in ("common", "uncommon", "rare")]
    found += [(f"is_side_effect/{s}", lambda s=s: compose.is_side_effect(s)) for s in SYMPTOMS]
    found += [(f"symptom_as_use/{s}", lambda s=s: compose.symptom_as_use(s)) for s in SYMPTOMS[:2]]
    found += [(f"precaution/{p}", lambda p=p: compose.precaution(p)) for p in knowledge.precautions()]
    found += [(f"interaction/{d}", lambda d=d: compose.interaction(interactions_for(d))) for d in MEDICINES]
    found += [(f"ask_again/{slot}", lambda slot=slot: compose.ask_again(slot)) for slot in compose.ASK_AGAIN]
    found += [(f"emergency/{kind}", lambda kind=kind: emergencies.for_kind(kind))
              for kind in (*emergencies.BY_KIND, "unknown")]
    found += [(f"clarify/{','.join(c)}/{e}", lambda c=c, e=e: compose.clarify(c, e))
              for c in ((), ("ask_uses",), ("ask_precaution", "ask_withdrawal", "ask_dosage_forms", "ask_uses"))
              for e in (False, True)]
    found += [(f"other_language/{code}", lambda code=code: compose.other_language(code)) for code in ("es", "vi", "fr")]
    found += [(f"topic/{entry['id']}", lambda t=entry["id"]: topics.answer(t)) for entry in knowledge.topics()]
    found += [("combined", lambda: compose.combine([compose.interaction(interactions_for("advil")),
                                                    compose.is_side_effect("dizziness")]))]
    return found


def _dose_cases() -> Iterator[Tuple[str, Callable[[], Answer]]]:
    for query in DOSE_QUERIES:
        name = f"dose/{query.route}/{query.age_years}/{query.age_group}/{query.weight_kg}/{query.renal_impairment}/{query.origin}"
        yield name, lambda q=query: compose.dose(lookup(q))
        if query.age_years is not None and query.weight_kg is None and not query.renal_impairment:
            yield "before_weight/" + name, lambda q=query: doses.before_weight(child_oral_before_weight(q))
            yield "for_person/" + name, lambda q=query: doses.for_person(
                lookup(q), conditions=("pregnancy", "kidneys", "breastfeeding"), route_assumed=True,
                approximate_age="almost")


def _check_cases() -> Iterator[Tuple[str, Callable[[], Answer]]]:
    for (age, group, weight, route, renal), proposed in itertools.product(CHECK_PEOPLE, PROPOSED):
        query = DoseQuery(route, age, group, weight, renal)
        name = f"check/{route}/{age}/{group}/{weight}/{renal}/" + "/".join(map(str, proposed))
        yield name, lambda q=query, p=proposed: doses.check(check.check(q, check.ProposedDose(*p)),
                                                           assumed_adult=q.age_group == "adult")
        if age is None and group is None and weight is not None:
            yield name + "/child", lambda q=query, p=proposed: doses.check(
                check.check(q, check.ProposedDose(*p), child_age_unknown=True))


def cases() -> Iterator[Tuple[str, Answer]]:
    for name, make in itertools.chain(_fixed(), _dose_cases(), _check_cases()):
        yield name, _guarded(make)
