"""Dose answers beyond one person's figures: the leaflet's doses for everyone at once, a proposed amount checked,
a unit conversion, and one person's figures with the warnings that apply to them. Plain Python, no Rasa import."""
from __future__ import annotations

from typing import Iterable, List, Optional

from baclofen import knowledge, prose
from baclofen.answers import compose
from baclofen.answers.model import DOSE, NOTE, ROUTE_ASSUMED, Answer, Button, Citation, Line, item, note
from baclofen.dosing.check import ABOVE, BELOW, NEEDS_AGE, NO_FIGURE, WITHIN, DoseCheck
from baclofen.dosing.lookup import INTRATHECAL, DoseAnswer, DoseQuery, lookup
from baclofen.dosing.person import describe_person
from baclofen.prose import Prose
from baclofen.quantities import Quantity, quantity_range

ONE_PERSON_BUTTONS = (Button("Work out a child's dose", "dose for my child"),
                      Button("An adult's dose", "dose for an adult"),
                      Button("Talk to the pharmacist", "/ask_human"))
# Precautions said about the person that change what a dose answer must say (breastfeeding, pregnancy, ...).
DOSE_WARNINGS = ("breastfeeding", "pregnancy", "kidneys", "elderly", "psychiatric", "ulcer", "infection")


def _dosing():
    return knowledge.dosing()


def overview() -> Answer:
    """The leaflet's doses for every population at once, with an offer to work out one person's figures."""
    d = _dosing()
    adult, child = d["adult"]["oral"], d["child"]["oral"]
    it, child_it = d["adult"]["intrathecal"], d["child"]["intrathecal"]
    per_kg = child["maintenance_mg_per_kg_per_day"]
    bands = []
    for band in child["age_bands"]:
        ages = (quantity_range(band["from_years"], band["to_years"], "years") if band["to_years"] is not None
                else Prose.of("over ", Quantity(band["from_years"], "years")))
        bands.append(Prose.of(ages, " ", quantity_range(band["low_mg_per_day"], band["high_mg_per_day"], "mg")))
    lines = [
        Line(Prose.of("What the leaflet says about doses, for each group:")),
        item("Adults, by mouth: start at ", Quantity(adult["initial_mg_per_day"], "mg"), " a day as ",
             Quantity(adult["doses_per_day"], "doses"), ", raised gradually; not above ",
             quantity_range(adult["max_mg_per_day"]["low"], adult["max_mg_per_day"]["high"], "mg"),
             " a day. No benefit after ", Quantity(adult["review_after_weeks"], "weeks"),
             ": stop and tell the doctor.", label="adults by mouth"),
        item("Older people: ", prose.parse(d["special_populations"]["elderly"]["advice"]), ".", label="older people"),
        item("Children by mouth, from ", Quantity(child["min_age_years"], "years"), ": start at ",
             Quantity(child["initial_mg_per_kg_per_day"], "mg per kg a day"), " as ",
             Quantity(child["doses_per_day"], "doses"), ", raised every ", Quantity(child["titration_interval_days"],
                                                                                   "days"),
             "; maintenance ", quantity_range(per_kg["low"], per_kg["high"], "mg per kg a day"), ", and by age ",
             prose.join(bands, "; ", "; "), " a day.", label="children by mouth"),
        item("Intrathecal, adults: a test dose of ", quantity_range(it["screening_micrograms"]["low"],
                                                                   it["screening_micrograms"]["high"], "micrograms"),
             ", raised in steps of ", Quantity(it["step_micrograms"], "micrograms"), " up to ",
             Quantity(it["screening_ceiling_micrograms"], "micrograms"), "; the leaflet gives no maintenance figure.",
             label="intrathecal doses for adults"),
        item("Intrathecal, children ", quantity_range(child_it["min_age_years"], child_it["max_age_years"], "years"),
             ": ", Quantity(child_it["initial_micrograms"], "micrograms"), " to start; under ",
             Quantity(child_it["maintenance_below_age_years"], "years"), ", maintenance ",
             quantity_range(child_it["maintenance_micrograms_per_day"]["low"],
                            child_it["maintenance_micrograms_per_day"]["high"], "micrograms"), " a day.",
             label="intrathecal doses for children"),
        item("Kidney failure: ", prose.parse(d["special_populations"]["renal_failure"]["advice"]),
             "; the leaflet gives no figure.", label="kidney failure"),
        Line(Prose.of("To work out one person's figures, tell me their age (and a child's weight).")),
        Line(Prose.of(compose.PRESCRIBER_DECIDES)),
    ]
    return Answer("dose_overview", tuple(lines), Citation.of([d["section"]]), buttons=ONE_PERSON_BUTTONS)


def intrathecal_adult() -> Answer:
    return compose.dose(lookup(DoseQuery(INTRATHECAL, age_group="adult")))


def for_person(dose: DoseAnswer, conditions: Iterable[str] = (), route_assumed: bool = False,
               approximate_age: Optional[str] = None) -> Answer:
    """One person's figures, with the warnings that apply to them and, when no route was named, the line that says
    these are for tablets."""
    answer = compose.dose(dose)
    extra: List[Line] = []
    if route_assumed and dose.covered:
        extra.append(Line(Prose.of("These are the figures for tablets (by mouth). Intrathecal (pump) dosing differs: "
                                   "ask \"intrathecal dose\" for it."), NOTE, label=ROUTE_ASSUMED))
    if approximate_age and dose.query is not None and dose.query.age_years is not None:
        extra.append(note("You gave an approximate age, so these are the figures for ",
                          describe_person(dose.query.age_years, None), "; near an age edge the figures change: check "
                          "the exact age."))
    sections = list(answer.citation.sections) if answer.citation else []
    for condition in dict.fromkeys(conditions):
        if condition == "kidneys" and dose.query is not None and dose.query.renal_impairment:
            continue  # the kidney-failure answer already says it
        if condition in DOSE_WARNINGS and condition in knowledge.precautions():
            precaution = knowledge.precautions()[condition]
            extra.append(note(prose.parse(precaution["advice"]).as_sentence()))
            if condition == "kidneys":
                extra.append(note("The leaflet gives no figure for kidney failure: the prescriber sets the dose."))
            sections.append(str(precaution["section"]))
    if not extra:
        return answer
    lines = list(answer.lines)
    insert_at = next((i for i, line in enumerate(lines) if str(line.prose) == compose.PRESCRIBER_DECIDES), len(lines))
    lines[insert_at:insert_at] = extra
    return Answer(DOSE, tuple(lines), Citation.of(sections), dose=answer.dose, buttons=answer.buttons)


# The weight question's examples: values shown to the user, not leaflet figures.
WEIGHT_QUESTION = Prose.of("How much does the child weigh? For example ", Quantity(16, "kg"), " or ",
                           Quantity(35, "lb"), ".")


def before_weight(dose: DoseAnswer) -> Answer:
    """The figures a child's age alone gives, then the question for the weight that turns the rates into mg."""
    answer = compose.dose(dose)
    lines = [line for line in answer.lines if str(line.prose) != compose.PRESCRIBER_DECIDES]
    lines.append(Line(Prose.of("To work out the doses, I need the weight. ") + WEIGHT_QUESTION))
    return Answer("ask_weight", tuple(lines), answer.citation)


_VERDICTS = {
    ABOVE: "That is above what the leaflet gives",
    WITHIN: "That is within the leaflet's figures",
    BELOW: "That is below the leaflet's figures",
    NO_FIGURE: "The leaflet gives no figure to compare it with",
    NEEDS_AGE: "I need the person's age to compare it with the leaflet",
}


def check(result: DoseCheck, assumed_adult: bool = False) -> Answer:
    """A proposed amount placed against the leaflet: never a "yes"; the prescriber decides. `assumed_adult`: the
    message spoke of the asker's own dose without an age, so the adult figures were used, and the answer says so."""
    opening = {ABOVE: "Caution: ", NO_FIGURE: "", NEEDS_AGE: ""}.get(result.verdict, "")
    lines = [Line(Prose.of(opening, f"{_VERDICTS[result.verdict]}: ", result.proposed, " compared with ",
                           result.compared_with, ".")),
             *[note(n) for n in result.notes]]
    if assumed_adult:
        lines.append(note("I read this as an adult's own dose. For a child, tell me the child's age and weight."))
    if result.verdict == ABOVE:
        lines.append(Line(Prose.of("Do not give more than the prescriber has prescribed. If someone has already taken "
                                   "more, call ", compose.emergency_number(), " if they are very sleepy, confused or "
                                   "breathing slowly; otherwise ask the pharmacist at ", compose.hotline(), " now.")))
    lines.append(Line(Prose.of(compose.PRESCRIBER_DECIDES)))
    return Answer("dose_check", tuple(lines), Citation.of([result.section]))


def conversion(value: float, unit: str, converted: Quantity) -> Answer:
    return Answer.of("conversion", Prose.of(Quantity(value, unit, exact=True), " is ", converted, " (", Quantity(1, "mg"),
                                            " = ", Quantity(1000, "micrograms"), ")."))
