"""The structured answers (baclofen/answers/): every number travels typed, no markup, every medium renders them."""
import itertools
import re

import pytest

from baclofen.answers import compose
from baclofen.answers.model import Answer
from baclofen.dosing.lookup import DoseQuery, lookup
from baclofen.dosing.person import DoseInputError
from baclofen.interactions import interactions_for
from baclofen.prose import Prose
from baclofen.render import slack, speech, text

AGES = [None, 0.5, 1, 1.5, 2, 3, 6, 8, 10, 11, 12, 13, 17, 18, 40, 65, 80]
QUERIES = [DoseQuery(route, age, None if age is not None else group, weight, renal, origin)
           for route, age, group, weight, renal, origin in itertools.product(
               ("oral", "intrathecal", None), AGES, ("adult", "elderly"), (None, 12, 20, 40), (False, True),
               (None, "spinal"))]


def every_answer():
    found = [compose.uses(), compose.dosage_forms(), compose.side_effects(), compose.withdrawal(), compose.emergency(),
             compose.handoff(), compose.help_text(), compose.bot_challenge(), compose.interaction_overview(),
             compose.service_unavailable(), compose.cannot_continue_safely(), compose.too_many_waiting(),
             compose.message_too_long(3000, 2000),
             compose.empty_message(), compose.precaution(None)]
    found += [compose.side_effects(f) for f in ("common", "uncommon", "rare")]
    found += [compose.is_side_effect(s) for s in ("dizziness", "hair loss")]
    found += [compose.precaution(p) for p in ("pregnancy", "children", "kidneys", "elderly")]
    found += [compose.interaction(interactions_for(d)) for d in ("advil", "lithium", "elavil", "beer", "tylenol")]
    found += [compose.ask_again(slot) for slot in compose.ASK_AGAIN]
    for query in QUERIES:
        try:
            found.append(compose.dose(lookup(query)))
        except DoseInputError as error:
            found.append(compose.input_error(error))
    return found


def word_parts(answer: Answer):
    proses = [line.prose for line in answer.lines]
    if answer.dose is not None:
        proses += [answer.dose.who, *answer.dose.cautions, *(f.detail for f in answer.dose.figures)]
        proses += [Prose.of(f.label) for f in answer.dose.figures]
    for prose in proses:
        yield from (part for part in prose.parts if isinstance(part, str))


def test_every_number_travels_typed_never_inside_words():
    for answer in every_answer():
        for part in word_parts(answer):
            assert not re.search(r"\d", part), (answer.kind, part)


def test_no_markup_in_any_answer():
    for answer in every_answer():
        for part in word_parts(answer):
            assert not re.search(r"[*_`#<>\[\]]|https?://", part), (answer.kind, part)


@pytest.mark.parametrize("answer", every_answer()[:40], ids=lambda a: a.kind)
def test_every_medium_renders_every_answer(answer):
    written = text.render(answer)
    assert written.strip()
    assert speech.render(answer).strip()
    assert slack.render(answer)["text"] == written


@pytest.mark.parametrize("language, line", [
    ("en", "Change the dose only when the prescriber says so"),
    ("vi", "Chỉ thay đổi liều khi người kê đơn đồng ý"),
])
def test_a_dose_changed_on_ones_own_is_sent_back_to_the_prescriber_even_within_the_figures(language, line):
    from baclofen.answers import doses
    from baclofen.dosing import check

    adult = DoseQuery("oral", 40, None, None, False)
    within = check.check(adult, check.ProposedDose(20, "mg", "dose", False, 3, False), language=language)
    above = check.check(adult, check.ProposedDose(40, "mg", "dose", False, 3, False), language=language)
    assert text.render(doses.check(within, own_change=True)).startswith(line)  # said before the figures
    assert line not in text.render(doses.check(within))  # a dose only checked, not a change of one's own
    # above the leaflet's figures the stronger line says it: do not give more than the prescriber has prescribed
    assert line not in text.render(doses.check(above, own_change=True))
