"""Ages, weights and amounts in a message: a number followed by a unit, plus "aged 6" / "my son is 4" ages.

Values are typed where they enter: an age in years (months and weeks converted), a weight in kilograms (pounds,
stones and grams converted), an amount as {"value", "unit"} with unit "mg" or "micrograms" ("per_kg": true for
"0.3 mg/kg"). Plain Python.
"""
from __future__ import annotations

from typing import Dict, List, Optional, Set, Tuple

from baclofen.dosing.person import age_in_years, weight_in_kg
from baclofen.language.rules import Rules
from baclofen.language.spans import Candidate


def measures(rules: Rules, lowers: List[str], glued: List[bool], helpers: Dict[str, Dict[int, int]],
                units: List[Tuple[str, int, int]]) -> List[Candidate]:
    """Ages, weights and amounts: a number followed by a unit, plus "aged 6" style ages."""
    unit_ends = _longest_unit_at(units)
    used_numbers: Set[int] = set()
    out = _measures_with_units(rules, lowers, glued, helpers, units, unit_ends, used_numbers)
    out += _cued_ages(rules, lowers, helpers, unit_ends, used_numbers)
    out += _subject_ages(rules, lowers, glued, helpers, used_numbers)
    out += _birthday_ages(lowers)
    # the bare ages below count only beside a weight, so they read what was found before them
    out += _bare_ages_beside_a_weight(rules, lowers, out, used_numbers)
    return out


def _longest_unit_at(units: List[Tuple[str, int, int]]) -> Dict[int, Tuple[str, int]]:
    """Each token where a unit starts -> (that unit, the end of its longest match)."""
    unit_ends: Dict[int, Tuple[str, int]] = {}
    for unit, start, end in units:
        if start not in unit_ends or unit_ends[start][1] < end:
            unit_ends[start] = (unit, end)
    return unit_ends


def _measures_with_units(rules: Rules, lowers: List[str], glued: List[bool], helpers: Dict[str, Dict[int, int]],
                         units: List[Tuple[str, int, int]], unit_ends: Dict[int, Tuple[str, int]],
                         used_numbers: Set[int]) -> List[Candidate]:
    """A number followed by a unit: a weight, an amount or an age, by the unit."""
    out: List[Candidate] = []
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
        value, span_start = value * signed[0], signed[1]
        if unit in ("kg", "lb", "stone", "grams"):
            candidate = _weight(rules, lowers, unit, value, n_start, span_start, u_end, unit_ends, stone_ends)
        elif unit in ("mg", "micrograms"):
            candidate = _amount(helpers, unit, value, span_start, u_end)
        else:
            candidate = _age_with_unit(rules, lowers, helpers, unit, value, n_start, span_start, u_start, u_end,
                                       unit_ends)
        if candidate is not None:
            out.append(candidate)
            used_numbers.add(n_start)
    return out


def _a_change_of_weight(rules: Rules, lowers: List[str], n_start: int) -> bool:
    """A change word within the three words before the number, an approximation aside ("put on nearly 2 stone")."""
    at = n_start - 1
    while at >= 0 and lowers[at] in rules.age_approx_words | {"on", "up", "down", "by", "over"}:
        at -= 1
    return at >= 0 and at >= n_start - 3 and lowers[at] in rules.weight_change_before


def _weight(rules: Rules, lowers: List[str], unit: str, value: float, n_start: int, span_start: int, u_end: int,
            unit_ends: Dict[int, Tuple[str, int]], stone_ends: Set[int]) -> Optional[Candidate]:
    """A weight in kilograms; the pounds after stones join them, ounces are not guessed."""
    window = lowers[max(0, n_start - 3) : min(len(lowers), u_end + 3)]
    if any(w in rules.weight_unsupported for w in window):
        return None  # "7 lb 8 oz": not guessed
    if unit == "lb" and n_start > 0 and (n_start - 1) in stone_ends:
        return None  # the pounds of "9 stone 4 lb": part of the stones
    if (u_end + 1 < len(lowers) and lowers[u_end] == "of" and lowers[u_end + 1].isalpha()
            and lowers[u_end + 1] not in rules.weight_of_the_body):
        return None  # "one kilo of oil", "5 kg of rice": a weight of something, not of the person
    if _a_change_of_weight(rules, lowers, n_start):
        return None  # "he's put on nearly two stone": weight gained or lost, not the person's
    kg = weight_in_kg(value, unit)
    span_end = u_end
    if unit == "stone":  # "9 stone 4", "9 st 4 lb": the pounds that follow belong to it
        parsed = rules.numbers.parse_number(lowers, span_end)
        if parsed is not None:
            kg += weight_in_kg(parsed[0], "lb")
            span_end = parsed[1]
            if span_end in unit_ends and unit_ends[span_end][0] == "lb":
                span_end = unit_ends[span_end][1]
        stone_ends.add(span_end - 1)
    return Candidate(span_start, span_end, "weight", kg)


def _amount(helpers: Dict[str, Dict[int, int]], unit: str, value: float, span_start: int,
            u_end: int) -> Candidate:
    """An amount in mg or micrograms, per kilogram when "/kg" follows."""
    amount = {"value": value, "unit": unit}
    span_end = u_end
    if u_end in helpers["per_weight"]:  # "0.3 mg/kg": an amount per kilogram of body weight
        amount["per_kg"] = True
        span_end = helpers["per_weight"][u_end]
    return Candidate(span_start, span_end, "amount", amount)


def _age_with_unit(rules: Rules, lowers: List[str], helpers: Dict[str, Dict[int, int]], unit: str, value: float,
                   n_start: int, span_start: int, u_start: int, u_end: int,
                   unit_ends: Dict[int, Tuple[str, int]]) -> Optional[Candidate]:
    """An age in years, months or weeks; without a sign that it is an age, a duration is left out."""
    school_year = rules.numbers.parse_number(lowers, u_end) if unit == "years" else None
    if school_year is not None and school_year[1] not in unit_ends and (
            school_year[1] >= len(lowers) or lowers[school_year[1]] not in (",", "and")):
        return None  # "a Year 3 pupil", "in year 10": a school year, not an age ("2 years 10 months" is one)
    years, months, span_end = _years_and_months(rules, lowers, unit, value, u_end, unit_ends)
    certain = False
    j = span_end + 1 if span_end < len(lowers) and lowers[span_end] == "-" else span_end
    if j in helpers["age_old"]:
        span_end, certain = helpers["age_old"][j], True
    if lowers[u_start] in ("yo", "y/o", "y.o", "y.o.", "yoa") or lowers[u_start:u_end] == ["y", "/", "o"]:
        certain = True
    if lowers[u_start:u_end] == ["m", "/", "o"]:
        certain = True
    if n_start in helpers["age_cue_end"]:
        span_start, certain = helpers["age_cue_end"][n_start], True
    if not certain:
        at = n_start - 1
        while at > 0 and lowers[at] in rules.age_approx_words:
            at -= 1  # "for about two years", "for nearly 3 years": the duration's word is before the approximation
        before = lowers[at] if at >= 0 else ""
        if before in ("is", "was", "been", "'s") and at > 0 and lowers[at - 1] in ("it", "that", "which"):
            before = "it"  # "now it is 7 weeks", "it's been 3 months": time gone by, not someone's age
        dose_for = before == "for" and at > 0 and lowers[at - 1] in _DOSE_ASKED_FOR  # "how much for 11 years?"
        if (before in rules.duration_before and not dose_for) or span_end in helpers["duration_after"] \
                or _years_of_doing(lowers, span_end):
            return None  # "for 3 years", "3 years ago", "forty years of sewing": a duration
        if unit in ("months", "weeks") and not _owner_before(rules, lowers, n_start) and not _reads_as_age(
                lowers, n_start, unit_ends):
            return None  # "now it is 7 weeks", "continue 3 months": no one whose age it is
    age = years if years is not None else age_in_years(months, "months")
    return Candidate(span_start, span_end, "age", age)


# A dose asked "for" an age: "how much for 11 years?", "what dose for 6 years?" (a duration follows other words).
_DOSE_ASKED_FOR = frozenset({"much", "many", "dose", "dosage", "doses", "mg", "milligrams"})
OWNER_WINDOW = 8  # words before an uncued "6 weeks" where the one whose age it is must be named


def _owner_before(rules: Rules, lowers: List[str], n_start: int) -> bool:
    """Someone named in the words before the number, within its sentence ("my baby, 6 weeks", "she's 3 months")."""
    for word in reversed(lowers[max(0, n_start - OWNER_WINDOW):n_start]):
        if word in (".", "!", "?"):
            return False
        if word in rules.age_owners:
            return True
    return False


def _reads_as_age(lowers: List[str], n_start: int, unit_ends: Dict[int, Tuple[str, int]]) -> bool:
    """An uncued "18 months" that is still an age: the message opens with it ("18 months, 11 kg, what dose?") or a
    weight is given with it."""
    weighed = any(unit in ("kg", "lb", "stone") for unit, _ in unit_ends.values())
    return n_start == 0 or weighed


def _years_of_doing(lowers: List[str], span_end: int) -> bool:
    """"forty years of sewing", "20 years of nursing": time spent on something ("3 years of age" is cued before)."""
    return (span_end + 1 < len(lowers) and lowers[span_end] == "of" and lowers[span_end + 1].endswith("ing")
            and len(lowers[span_end + 1]) > 4)


def _years_and_months(rules: Rules, lowers: List[str], unit: str, value: float, u_end: int,
                      unit_ends: Dict[int, Tuple[str, int]]) -> Tuple[Optional[float], Optional[float], int]:
    """(years or None, months or None, where the age's words end): "a year and a half", "2 years, 6 months"."""
    span_end = u_end
    if unit == "months":
        return None, value, span_end
    if unit != "years":  # weeks -> months
        return None, round(value * 12 / 52, 1), span_end
    years = value
    half = rules.numbers.half_at(lowers, span_end)  # "a year and a half"
    if half:
        return years + 0.5, None, half
    j = span_end  # "2 years and 6 months", "2 years, 6 months"
    while j < len(lowers) and lowers[j] in (",", "and"):
        j += 1
    parsed = rules.numbers.parse_number(lowers, j)
    if parsed and parsed[1] in unit_ends and unit_ends[parsed[1]][0] == "months":
        years = round(years + parsed[0] / 12, 2)
        span_end = unit_ends[parsed[1]][1]
    return years, None, span_end


def _cued_ages(rules: Rules, lowers: List[str], helpers: Dict[str, Dict[int, int]],
               unit_ends: Dict[int, Tuple[str, int]], used_numbers: Set[int]) -> List[Candidate]:
    """"aged 6", "a toddler of 2": a cue, then a number with no unit."""
    out: List[Candidate] = []
    for cue_end, cue_start in helpers["age_cue_end"].items():
        parsed = rules.numbers.parse_number(lowers, cue_end)
        if parsed is None or cue_end in used_numbers:
            continue
        value, end = parsed
        if end in unit_ends:
            continue  # "aged 6 kg"? a unit follows: handled above or not an age
        if end + 1 < len(lowers) and lowers[end] in ("to", "-", "–", "and") and rules.numbers.parse_number(
                lowers, end + 1) is not None:
            continue  # "children aged 4 to 18": a band of ages, nobody's age
        out.append(Candidate(cue_start, end, "age", value))
        used_numbers.add(cue_end)
    return out


# "my boy Callum is 7", "my niece Anh is 3": a relation, a name, then the age; "my em trai (little bro) is 7": a
# relation glossed in brackets, then the age
_RELATIONS = frozenset("son daughter boy girl child kid nephew niece grandson granddaughter grandchild brother sister "
                       "bro sis stepson stepdaughter grandkid toddler baby cousin pupil grandad granddad grandpa "
                       "grandma granny gran nan nana grandfather grandmother mum mom dad father mother lad lass laddie lassie".split())


def _named_subject_ends(lowers: List[str], rules: Rules) -> List[int]:
    named = [i + 3 for i in range(len(lowers) - 3)
             if lowers[i] in _RELATIONS and lowers[i + 1].isalpha() and lowers[i + 1] not in rules.stop_words
             and lowers[i + 2] in ("is", "'s")]
    glossed = [i + 3 for i in range(len(lowers) - 3)
               if lowers[i] in _RELATIONS and lowers[i + 1] == ")" and lowers[i + 2] in ("is", "'s")]
    return named + glossed


def _subject_ages(rules: Rules, lowers: List[str], glued: List[bool], helpers: Dict[str, Dict[int, int]],
                  used_numbers: Set[int]) -> List[Candidate]:
    """"my son is 4", "I'm 70", "he's almost 3", "my boy Callum is 7": only when the number stands alone."""
    out: List[Candidate] = []
    n = len(lowers)
    for cue_end in [*helpers["age_subject_end"], *_named_subject_ends(lowers, rules)]:
        number_start = cue_end
        if number_start + 1 < n and lowers[number_start] == "," and cue_end - 1 >= 0 and lowers[cue_end - 1] in _RELATIONS:
            number_start += 1  # "her son, 9, takes baclofen": the age said between commas
        while number_start < min(n, cue_end + 2) and lowers[number_start] in rules.age_approx_words:
            number_start += 1
        parsed = rules.numbers.parse_number(lowers, number_start)
        if parsed is None or number_start in used_numbers:
            continue
        value, end = parsed
        if lowers[end:end + 3] == ["and", "a", "half"]:  # "my grandson is 8 and a half": over 8
            value, end = value + 0.5, end + 3
        after = lowers[end] if end < n else ""
        if after and after not in rules.age_number_followers and any(ch.isalnum() for ch in after):
            continue
        signed = rules.numbers.sign(lowers, glued, number_start)
        if signed is None:
            continue
        out.append(Candidate(signed[1], end, "age", value * signed[0]))
        used_numbers.add(number_start)
    return out


_ORDINAL_ENDINGS = ("st", "nd", "rd", "th")


def _birthday_ages(lowers: List[str]) -> List[Candidate]:
    """"has just had her 2nd birthday" (read as "2", "nd", "birthday"): the age the ordinal says."""
    return [Candidate(i, i + 3, "age", float(word))
            for i, word in enumerate(lowers[:-2]) if word.isdigit() and len(word) <= 2
            and lowers[i + 1] in _ORDINAL_ENDINGS and lowers[i + 2].startswith("birthday")]


def _bare_ages_beside_a_weight(rules: Rules, lowers: List[str], found: List[Candidate],
                               used_numbers: Set[int]) -> List[Candidate]:
    """A number with no unit or cue is an age only beside a weight: "5ish, about 20 kg", "about 20 kg, 4ish"."""
    if not any(c.entity == "weight" for c in found):
        return []
    out: List[Candidate] = []
    n = len(lowers)

    def taken(i: int) -> bool:
        return any(c.start <= i < c.end for c in found + out)

    # "5ish, about 20 kg, starting dose": a bare number opening the message, then a comma
    first = 0
    while first < min(n, 2) and lowers[first] in rules.age_approx_words:
        first += 1  # "almost 3, 13 kg"
    parsed = rules.numbers.parse_number(lowers, first) if first not in used_numbers else None
    if parsed is not None:
        value, number_end = parsed
        end = number_end
        while end < n and lowers[end] in rules.leading_age_suffixes:
            end += 1
        if end < n and lowers[end] == "," and not taken(first):
            out.append(Candidate(first, number_end, "age", value))  # "ish" left outside: it marks the age approximate
            used_numbers.add(first)
    # "a pupil (eight, 25 kg)": a bare number opening brackets, then a comma
    for i in range(1, n - 1):
        if lowers[i - 1] == "(" and i not in used_numbers and not taken(i):
            parsed = rules.numbers.parse_number(lowers, i)
            if parsed is not None and parsed[1] < n and lowers[parsed[1]] == ",":
                out.append(Candidate(i, parsed[1], "age", parsed[0]))
                used_numbers.add(i)
    # "about 20 kg, 4ish": a bare number with "ish"
    for i in range(n - 1):
        if lowers[i + 1] in ("ish", "-ish") and i not in used_numbers and not taken(i):
            parsed = rules.numbers.parse_number(lowers, i)
            if parsed is not None and parsed[1] == i + 1:
                out.append(Candidate(i, i + 1, "age", parsed[0]))
                used_numbers.add(i)
    return out
