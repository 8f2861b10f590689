"""Ages, weights and amounts in a message: a number followed by a unit, plus "aged 6" / "my son is 4" ages.

Values are typed where they enter: an age in years (months and weeks converted), a weight in kilograms (pounds,
stones and grams converted), an amount as {"value", "unit"} with unit "mg" or "micrograms" ("per_kg": true for
"0.3 mg/kg"). Plain Python.
"""
from __future__ import annotations

from typing import Dict, List, Set, Tuple

from baclofen.dosing.person import age_in_years, weight_in_kg
from baclofen.language.rules import Rules
from baclofen.language.spans import Candidate


def measures(rules: Rules, lowers: List[str], glued: List[bool], helpers: Dict[str, Dict[int, int]],
                units: List[Tuple[str, int, int]]) -> List[Candidate]:
    """Ages, weights and amounts: a number followed by a unit, plus "aged 6" style ages."""
    out: List[Candidate] = []
    n = len(lowers)
    unit_ends: Dict[int, Tuple[str, int]] = {}
    for unit, start, end in units:
        if start not in unit_ends or unit_ends[start][1] < end:
            unit_ends[start] = (unit, end)
    used_numbers: Set[int] = set()
    stone_ends: Set[int] = set()

    for unit, u_start, u_end in sorted(units, key=lambda x: (x[1], -x[2])):
        allow_article = unit in ("years", "months", "weeks")
        found = rules.numbers.number_before(lowers, u_start, allow_article)
        if found is None:
            continue
        value, n_start = found
        if n_start in used_numbers:
            continue
        signed = rules.numbers.sign(lowers, glued, n_start)
        if signed is None:
            continue  # "2-3 years", "4 or 5 kg": a range is not one value
        value, span_start, span_end = value * signed[0], signed[1], u_end

        if unit in ("kg", "lb", "stone", "grams"):
            window = lowers[max(0, n_start - 3) : min(n, u_end + 3)]
            if any(w in rules.weight_unsupported for w in window):
                continue  # "7 lb 8 oz": not guessed
            if unit == "lb" and n_start > 0 and (n_start - 1) in stone_ends:
                continue  # the pounds of "9 stone 4 lb": part of the stones
            kg = weight_in_kg(value, unit)
            if unit == "stone":  # "9 stone 4", "9 st 4 lb": the pounds that follow belong to it
                parsed = rules.numbers.parse_number(lowers, span_end)
                if parsed is not None:
                    kg += weight_in_kg(parsed[0], "lb")
                    span_end = parsed[1]
                    if span_end in unit_ends and unit_ends[span_end][0] == "lb":
                        span_end = unit_ends[span_end][1]
                stone_ends.add(span_end - 1)
            out.append(Candidate(span_start, span_end, "weight", kg))
            used_numbers.add(n_start)
            continue

        if unit in ("mg", "micrograms"):
            amount = {"value": value, "unit": unit}
            if u_end in helpers["per_weight"]:  # "0.3 mg/kg": an amount per kilogram of body weight
                amount["per_kg"] = True
                span_end = helpers["per_weight"][u_end]
            out.append(Candidate(span_start, span_end, "amount", amount))
            used_numbers.add(n_start)
            continue

        # ages
        years = months = None
        if unit == "years":
            years = value
            half = rules.numbers.half_at(lowers, span_end)  # "a year and a half"
            if half:
                years, span_end = years + 0.5, half
            else:  # "2 years and 6 months", "2 years, 6 months"
                j = span_end
                while j < n and lowers[j] in (",", "and"):
                    j += 1
                parsed = rules.numbers.parse_number(lowers, j)
                if parsed and parsed[1] in unit_ends and unit_ends[parsed[1]][0] == "months":
                    years = round(years + parsed[0] / 12, 2)
                    span_end = unit_ends[parsed[1]][1]
        elif unit == "months":
            months = value
        else:  # weeks -> months
            months = round(value * 12 / 52, 1)

        certain = False
        j = span_end + 1 if span_end < n and lowers[span_end] == "-" else span_end
        if j in helpers["age_old"]:
            span_end, certain = helpers["age_old"][j], True
        if lowers[u_start] in ("yo", "y/o", "y.o", "y.o.", "yoa") or lowers[u_start:u_end] == ["y", "/", "o"]:
            certain = True
        if lowers[u_start:u_end] == ["m", "/", "o"]:
            certain = True
        if n_start in helpers["age_cue_end"]:
            span_start, certain = helpers["age_cue_end"][n_start], True
        if not certain:
            before = lowers[n_start - 1] if n_start > 0 else ""
            if before in rules.duration_before or span_end in helpers["duration_after"]:
                continue  # "for 3 years", "3 years ago": a duration
        age = years if years is not None else age_in_years(months, "months")
        out.append(Candidate(span_start, span_end, "age", age))
        used_numbers.add(n_start)

    # "aged 6", "a toddler of 2": a cue, then a number with no unit
    for cue_end, cue_start in helpers["age_cue_end"].items():
        parsed = rules.numbers.parse_number(lowers, cue_end)
        if parsed is None or cue_end in used_numbers:
            continue
        value, end = parsed
        if end in unit_ends:
            continue  # "aged 6 kg"? a unit follows: handled above or not an age
        out.append(Candidate(cue_start, end, "age", value))
        used_numbers.add(cue_end)

    # "my son is 4", "I'm 70", "he's almost 3": only when the number stands alone
    for cue_end in helpers["age_subject_end"]:
        number_start = cue_end
        while number_start < min(n, cue_end + 2) and lowers[number_start] in rules.age_approx_words:
            number_start += 1
        parsed = rules.numbers.parse_number(lowers, number_start)
        if parsed is None or number_start in used_numbers:
            continue
        value, end = parsed
        after = lowers[end] if end < n else ""
        if after and after not in rules.age_number_followers and any(ch.isalnum() for ch in after):
            continue
        signed = rules.numbers.sign(lowers, glued, number_start)
        if signed is None:
            continue
        out.append(Candidate(signed[1], end, "age", value * signed[0]))
        used_numbers.add(number_start)

    # "5ish, about 20 kg, starting dose": a bare number opening the message, then a comma, then a weight
    has_weight = any(c.entity == "weight" for c in out)
    first = 0
    while first < min(n, 2) and lowers[first] in rules.age_approx_words:
        first += 1  # "almost 3, 13 kg"
    parsed = rules.numbers.parse_number(lowers, first) if has_weight and first not in used_numbers else None
    if parsed is not None:
        value, number_end = parsed
        end = number_end
        while end < n and lowers[end] in rules.leading_age_suffixes:
            end += 1
        if end < n and lowers[end] == "," and not any(c.start <= first < c.end for c in out):
            out.append(Candidate(first, number_end, "age", value))  # "ish" left outside: it marks the age approximate
            used_numbers.add(first)
    # "about 20 kg, 4ish": a bare number with "ish" and a weight in the same message is the age
    for i in range(n - 1):
        if has_weight and lowers[i + 1] in ("ish", "-ish") and i not in used_numbers \
                and not any(c.start <= i < c.end for c in out):
            parsed = rules.numbers.parse_number(lowers, i)
            if parsed is not None and parsed[1] == i + 1:
                out.append(Candidate(i, i + 1, "age", parsed[0]))
                used_numbers.add(i)
    return out
