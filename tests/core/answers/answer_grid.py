"""Every answer kind over a grid of people, routes and proposed doses: what the English snapshot
(golden/en.txt) and the Vietnamese parity test render.

`cases(language)` yields (case name, Answer). Each case is built by the same compose call in every language, so a
case's English and Vietnamese answers can be compared part by part. The answer to a language not answered in
(`other_language_cases`) is the same whatever the conversation's language: it is in the English snapshot only.
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


def _guarded(make: Callable[[str], Answer], language: str) -> Answer:
    try:
        return make(language)
    except DoseInputError as error:
        return compose.input_error(error, language)


Case = Tuple[str, Callable[[str], Answer]]  # a name, and the answer in a language


def _fixed() -> List[Case]:
    found: List[Case] = [
        ("uses", compose.uses), ("dosage_forms", compose.dosage_forms), ("withdrawal", compose.withdrawal),
        ("handoff", compose.handoff), ("help", compose.help_text), ("bot_challenge", compose.bot_challenge),
        ("interaction_overview", compose.interaction_overview), ("timing_gap", compose.interaction_timing_gap),
        ("service_unavailable", compose.service_unavailable), ("cannot_continue_safely", compose.cannot_continue_safely),
        ("too_many_waiting", compose.too_many_waiting),
        ("message_too_long", lambda lang: compose.message_too_long(3000, 2000, lang)),
        ("empty_message", compose.empty_message), ("precautions", lambda lang: compose.precaution(None, lang)),
        ("side_effects", lambda lang: compose.side_effects(None, lang)), ("dose_overview", doses.overview),
        ("intrathecal_adult", doses.intrathecal_adult),
        ("unknown_medicine", lambda lang: compose.unknown_medicine("zzqx", lang)),
        ("possible_emergency", lambda lang: compose.emergency_first(compose.uses(lang))),
        ("conversion", lambda lang: doses.conversion(25, "micrograms", check.convert(25, "micrograms", "mg"), lang)),
        ("conversion_mg", lambda lang: doses.conversion(2, "mg", check.convert(2, "mg", "micrograms"), lang)),
        ("weight_question", lambda lang: Answer.of("ask_weight", doses.weight_question(lang), language=lang))]
    found += [(f"side_effects/{f}", lambda lang, f=f: compose.side_effects(f, lang)) for f in ("common", "uncommon", "rare")]
    found += [(f"is_side_effect/{s}", lambda lang, s=s: compose.is_side_effect(s, lang)) for s in SYMPTOMS]
    found += [(f"symptom_as_use/{s}", lambda lang, s=s: compose.symptom_as_use(s, lang)) for s in SYMPTOMS[:2]]
    found += [(f"precaution/{p}", lambda lang, p=p: compose.precaution(p, lang)) for p in knowledge.precautions()]
    found += [(f"interaction/{d}", lambda lang, d=d: compose.interaction(interactions_for(d), lang)) for d in MEDICINES]
    found += [(f"ask_again/{slot}", lambda lang, slot=slot: compose.ask_again(slot, lang)) for slot in compose.ASK_AGAIN]
    found += [(f"emergency/{kind}", lambda lang, kind=kind: emergencies.for_kind(kind, lang))
              for kind in (*emergencies.BY_KIND, "unknown")]
    found += [(f"clarify/{','.join(c)}/{e}", lambda lang, c=c, e=e: compose.clarify(c, e, lang))
              for c in ((), ("ask_uses",), ("ask_precaution", "ask_withdrawal", "ask_dosage_forms", "ask_uses"))
              for e in (False, True)]
    found += [(f"topic/{entry['id']}", lambda lang, t=entry["id"]: topics.answer(t, lang)) for entry in knowledge.topics()]
    found += [("combined", lambda lang: compose.combine([compose.interaction(interactions_for("advil"), lang),
                                                         compose.is_side_effect("dizziness", lang)]))]
    return found


def _dose_cases() -> Iterator[Case]:
    for query in DOSE_QUERIES:
        name = f"dose/{query.route}/{query.age_years}/{query.age_group}/{query.weight_kg}/{query.renal_impairment}/{query.origin}"
        yield name, lambda lang, q=query: compose.dose(lookup(q, lang))
        if query.age_years is not None and query.weight_kg is None and not query.renal_impairment:
            yield "before_weight/" + name, lambda lang, q=query: doses.before_weight(child_oral_before_weight(q, lang))
            yield "for_person/" + name, lambda lang, q=query: doses.for_person(
                lookup(q, lang), conditions=("pregnancy", "kidneys", "breastfeeding"), route_assumed=True,
                approximate_age="almost")


def _check_cases() -> Iterator[Case]:
    for (age, group, weight, route, renal), proposed in itertools.product(CHECK_PEOPLE, PROPOSED):
        query = DoseQuery(route, age, group, weight, renal)
        name = f"check/{route}/{age}/{group}/{weight}/{renal}/" + "/".join(map(str, proposed))
        yield name, lambda lang, q=query, p=proposed: doses.check(check.check(q, check.ProposedDose(*p), language=lang),
                                                                 assumed_adult=q.age_group == "adult")
        if age is None and group is None and weight is not None:
            yield name + "/child", lambda lang, q=query, p=proposed: doses.check(
                check.check(q, check.ProposedDose(*p), child_age_unknown=True, language=lang))


def case_makers() -> Iterator[Case]:
    """Every case, as a function of the language."""
    yield from itertools.chain(_fixed(), _dose_cases(), _check_cases())


def cases(language: str = "en") -> Iterator[Tuple[str, Answer]]:
    for name, make in case_makers():
        yield name, _guarded(make, language)


ENGLISH_ONLY = {"other_language"}  # said in English and the language written in, whatever the conversation's


def other_language_cases() -> Iterator[Tuple[str, Answer]]:
    yield from ((f"other_language/{code}", compose.other_language(code)) for code in ("es", "vi", "fr"))
