"""Dose answers beyond one person's figures: the leaflet's doses for everyone at once, a proposed amount checked,
a unit conversion, and one person's figures with the warnings that apply to them. Plain Python, no Rasa import."""
from __future__ import annotations

from typing import Iterable, List, Optional, Tuple

from baclofen import knowledge, prose
from baclofen.answers import compose
from baclofen.answers.model import (ASK_WEIGHT, CONVERSION, DOSE, DOSE_CHECK, DOSE_OVERVIEW, NOTE, ROUTE_ASSUMED, Answer,
                                    Button, Citation, Line, item, note)
from baclofen.dosing.check import ABOVE, DoseCheck
from baclofen.dosing.lookup import (INTRATHECAL, DoseAnswer, DoseQuery, child_oral_before_weight, lookup,
                                     needs_weight)
from baclofen.dosing.person import describe_person
from baclofen.prose import Prose
from baclofen.quantities import Quantity, quantity_range
from baclofen.wording import ENGLISH, from_knowledge, say, words

# The offer under the dose overview: (button title's id, payload).
ONE_PERSON_CHOICES = (("child_dose", "dose for my child"), ("adult_dose", "dose for an adult"),
                      ("pharmacist", "/ask_human"))


def one_person_buttons(language: str = ENGLISH) -> Tuple[Button, ...]:
    return tuple(Button(words(f"buttons.{title}", language), payload) for title, payload in ONE_PERSON_CHOICES)


ONE_PERSON_BUTTONS = one_person_buttons()
# Precautions said about the person that change what a dose answer must say (breastfeeding, pregnancy, ...).
DOSE_WARNINGS = ("breastfeeding", "pregnancy", "kidneys", "elderly", "psychiatric", "ulcer", "infection")


def _dosing():
    return knowledge.dosing()


def _age_bands(child: dict, language: str) -> Prose:
    """'1-2 years 10-20 mg; 2-6 years 20-30 mg; ...; over 8 years up to 60 mg'."""
    bands = []
    for band in child["age_bands"]:
        ages = (quantity_range(band["from_years"], band["to_years"], "years") if band["to_years"] is not None
                else say("doses.over", language, age=Quantity(band["from_years"], "years")))
        bands.append(Prose.of(ages, " ", quantity_range(band["low_mg_per_day"], band["high_mg_per_day"], "mg")))
    return prose.join(bands, "; ", "; ")


def overview(language: str = ENGLISH) -> Answer:
    """The leaflet's doses for every population at once, with an offer to work out one person's figures."""
    d = _dosing()
    adult, child = d["adult"]["oral"], d["child"]["oral"]
    it, child_it = d["adult"]["intrathecal"], d["child"]["intrathecal"]
    per_kg, screening = child["maintenance_mg_per_kg_per_day"], it["screening_micrograms"]
    maintenance = child_it["maintenance_micrograms_per_day"]
    lines = [
        Line(say("doses.overview.heading", language)),
        item(say("doses.overview.adults", language, start=Quantity(adult["initial_mg_per_day"], "mg"),
                 doses=Quantity(adult["doses_per_day"], "doses"),
                 ceiling=quantity_range(adult["max_mg_per_day"]["low"], adult["max_mg_per_day"]["high"], "mg"),
                 weeks=Quantity(adult["review_after_weeks"], "weeks")),
             label=words("doses.overview.adults_label", language)),
        item(say("doses.overview.older", language, advice=from_knowledge(d["special_populations"]["elderly"]["advice"],
                                                                         language)),
             label=words("doses.overview.older_label", language)),
        item(say("doses.overview.children", language, age=Quantity(child["min_age_years"], "years"),
                 start=Quantity(child["initial_mg_per_kg_per_day"], "mg per kg a day"),
                 doses=Quantity(child["doses_per_day"], "doses"),
                 days=Quantity(child["titration_interval_days"], "days"),
                 maintenance=quantity_range(per_kg["low"], per_kg["high"], "mg per kg a day"),
                 bands=_age_bands(child, language)), label=words("doses.overview.children_label", language)),
        item(say("doses.overview.intrathecal_adults", language,
                 test=quantity_range(screening["low"], screening["high"], "micrograms"),
                 step=Quantity(it["step_micrograms"], "micrograms"),
                 ceiling=Quantity(it["screening_ceiling_micrograms"], "micrograms")),
             label=words("doses.overview.intrathecal_adults_label", language)),
        item(say("doses.overview.intrathecal_children", language,
                 ages=quantity_range(child_it["min_age_years"], child_it["max_age_years"], "years"),
                 start=Quantity(child_it["initial_micrograms"], "micrograms"),
                 under=Quantity(child_it["maintenance_below_age_years"], "years"),
                 maintenance=quantity_range(maintenance["low"], maintenance["high"], "micrograms")),
             label=words("doses.overview.intrathecal_children_label", language)),
        item(say("doses.overview.kidneys", language,
                 advice=from_knowledge(d["special_populations"]["renal_failure"]["advice"], language)),
             label=words("doses.overview.kidneys_label", language)),
        Line(say("doses.overview.one_person", language)),
        compose.prescriber_line(language),
    ]
    return Answer(DOSE_OVERVIEW, tuple(lines), Citation.of([d["section"]]), buttons=one_person_buttons(language),
                  language=language)


def intrathecal_adult(language: str = ENGLISH) -> Answer:
    return compose.dose(lookup(DoseQuery(INTRATHECAL, age_group="adult"), language))


def for_person(dose: DoseAnswer, conditions: Iterable[str] = (), route_assumed: bool = False,
               approximate_age: Optional[str] = None) -> Answer:
    """One person's figures, with the warnings that apply to them and, when no route was named, the line that says
    these are for tablets (in the language the lookup said them in)."""
    answer = compose.dose(dose)
    language = dose.language
    extra: List[Line] = []
    if route_assumed and dose.covered:
        extra.append(Line(say("doses.route_assumed", language), NOTE, label=ROUTE_ASSUMED))
    if approximate_age and dose.query is not None and dose.query.age_years is not None:
        extra.append(note(say("doses.approximate_age", language,
                              person=describe_person(dose.query.age_years, None, language))))
    sections = list(answer.citation.sections) if answer.citation else []
    for condition in dict.fromkeys(conditions):
        if condition == "kidneys" and dose.query is not None and dose.query.renal_impairment:
            continue  # the kidney-failure answer already says it
        if condition in DOSE_WARNINGS and condition in knowledge.precautions():
            precaution = knowledge.precautions()[condition]
            extra.append(note(from_knowledge(precaution["advice"], language).as_sentence()))
            if condition == "kidneys":
                extra.append(note(say("doses.no_kidney_figure", language)))
            sections.append(str(precaution["section"]))
    if not extra:
        return answer
    lines = list(answer.lines)
    prescriber = compose.prescriber_line(language)
    insert_at = next((i for i, line in enumerate(lines) if line == prescriber), len(lines))
    lines[insert_at:insert_at] = extra
    return Answer(DOSE, tuple(lines), Citation.of(sections), dose=answer.dose, buttons=answer.buttons,
                  language=language)


def asked_in_passing(age_years: Optional[float], population: Optional[str], weight_kg: Optional[float],
                     route: Optional[str], kidneys: bool, language: str = ENGLISH) -> Answer:
    """The dose a story also asks for, beside its other questions: that person's figures (a child's by age and per
    kg when no weight is told: no question back in the middle of other answers), or every group's when no one is
    named. Raises DoseInputError (a ValueError) on an age or weight out of range."""
    if age_years is None and population is None:
        return overview(language)
    query = DoseQuery.of_person(route, age_years, population, weight_kg, kidneys)
    if needs_weight(age_years, population, query.route) and weight_kg is None:
        return compose.dose(child_oral_before_weight(query, language))
    return for_person(lookup(query, language), route_assumed=route is None)


def weight_question(language: str = ENGLISH) -> Prose:
    """The dose form's question for a child's weight, with examples (values shown to the user, not leaflet
    figures)."""
    kilograms, pounds = compose.EXAMPLE_WEIGHTS
    return say("doses.weight_question", language, kilograms=kilograms, pounds=pounds)


def before_weight(dose: DoseAnswer) -> Answer:
    """The figures a child's age alone gives, then the question for the weight that turns the rates into mg."""
    answer = compose.dose(dose)
    prescriber = compose.prescriber_line(dose.language)
    lines = [line for line in answer.lines if line != prescriber]
    lines.append(Line(say("doses.need_the_weight", dose.language, question=weight_question(dose.language))))
    return Answer(ASK_WEIGHT, tuple(lines), answer.citation, language=dose.language)


def check(result: DoseCheck, assumed_adult: bool = False, own_change: bool = False) -> Answer:
    """A proposed amount placed against the leaflet: never a "yes"; the prescriber decides. `assumed_adult`: the
    message spoke of the asker's own dose without an age, so the adult figures were used, and the answer says so.
    `own_change`: the change is the person's own decision, and a figure within the leaflet's is no licence for it."""
    language = result.language
    # a change the person means to make alone is answered first by who decides it, then by the figures: "within the
    # leaflet's figures" said first reads as a go-ahead (above them, the caution and what to do say it)
    lines = [Line(say("doses.change_with_prescriber", language))] if own_change and result.verdict != ABOVE else []
    lines += [Line(say(f"doses.verdict.{result.verdict}", language, proposed=result.proposed,
                       compared_with=result.compared_with)),
              *[note(n) for n in result.notes]]
    if assumed_adult:
        lines.append(note(say("doses.assumed_adult", language)))
    if result.verdict == ABOVE:
        lines.append(Line(say("doses.above_what_to_do", language, number=compose.emergency_number(),
                              hotline=compose.hotline())))
    lines.append(compose.prescriber_line(language))
    return Answer(DOSE_CHECK, tuple(lines), Citation.of([result.section]), language=language)


def conversion(value: float, unit: str, converted: Quantity, language: str = ENGLISH) -> Answer:
    return Answer.of(CONVERSION, say("doses.conversion", language, amount=Quantity(value, unit, exact=True),
                                       converted=converted, one_mg=Quantity(1, "mg"),
                                       in_micrograms=Quantity(1000, "micrograms")), language=language)
