"""A message read once into a typed question: who it is about, what is proposed, what is asked, how urgent.

Plain Python, no Rasa import. components/question_reader.py calls `read()` in the Rasa server's NLU, after the
entities are extracted, and puts the result in the parse data ("question"); the actions read it back with
`Question.from_dict`. Nothing after this parses the message again.

- the person: an age (corrections "7, not 4" keep the 7; "almost 2" is just under 2, and flagged), a weight, or a
  population said of them ("she is an adult"); populations only referred to ("the adult dose", "my mum's tablets")
  are kept apart, so they never decide whose dose it is;
- what is proposed: an amount with its unit, per dose or per day, per kg or not ("can I give 20 mg at once?");
- what is asked: the catalogue topic (knowledge/topics.yml), the kind of question (can I / what if / how long...),
  a symptom or medicine the lists do not know, a unit conversion;
- how urgent (baclofen/language/urgency.py), and the language it is written in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from typing import Any, Dict, List, Optional, Sequence, Tuple

from baclofen import knowledge, vocabulary
from baclofen.dosing.check import micrograms_said_as_mg
from baclofen.language import concepts, detect, function_words, question_vi, topics, urgency
from baclofen.language.entities import body_areas
from baclofen.language.normalise import expand_abbreviations
from baclofen.language.unmatched import MAX_UNMATCHED, names_its_own, not_understood
from baclofen.language.urgency import normalise

PERMISSION, WHAT_IF, HOW_LONG, QUESTION = "permission", "what_if", "how_long", "question"
STORY_CHARS = 200  # a message this long, or with two questions, may hold several concerns (answers/concerns.py)
ADULT_CONDITIONS = {"breastfeeding", "pregnancy"}  # said of oneself, they name an adult

_CHILD_PERSON = re.compile(
    r"\b(?:my|our|his|her|the)\s+(?:\d+\s*(?:-\s*)?(?:year|yr|y|month|mo|week)[\w/.-]*\s*(?:old\s+)?|little\s+|baby\s+)?"
    r"(?:son|daughter|child|kid|baby|toddler|boy|girl|grandson|granddaughter|grandchild|little one|infant|newborn|"
    r"niece|nephew|twins?|lad|lass|laddie|lassie)\b"
    r"|\b\d+(?:\.\d+)?\s*(?:kg|kgs|kilos?|lbs?|pounds?)\s+(?:child|kid|boy|girl|toddler|baby|infant)\b"
    # "my 4 year old", "our 18-month-old", "my 4yo": the age said as the child
    r"|\b(?:my|our|his|her)\s+\d+(?:\.\d+)?\s*(?:-\s*)?(?:(?:year|yr|month|mo)s?[\s-]*old|yo|y/o)\b"
    r"|\b(?:a|this|the)\s+(?:child|kid|toddler|boy|girl|baby)\s+(?:of|who|aged|weighing|that)\b")
_ANOTHER_PERSON = re.compile(
    r"\b(?:it'?s|its|this is|that'?s|that is|is|was) (?:actually |really |now )?for (?:his|her|my|our|their) (?:brother|"
    r"sister|twin|other (?:son|daughter|child|kid|one|twin))\b|\b(?:for|about) (?:my|our|his|her|their) other "
    r"(?:son|daughter|child|kid|one|twin)\b|\b(?:a |for a )?different (?:child|kid|person|patient)\b|\bnot (?:for )?"
    r"(?:him|her|them|the same (?:child|kid|person)),? (?:it'?s |but )?(?:for )?(?:his|her|my|our)\b")
_FOR_ME = re.compile(r"\bfor me\b|\bmy (?:own )?(?:dose|starting dose|max)\b|\bshould i (?:take|start)\b")
_I_AM_BEFORE = re.compile(r"\b(?:i'?m|i am|im|i'm aged|aged)\s*$")
_NOT_A_CONDITION = re.compile(r"\b(?:normal|healthy|good|fine|no|without|not)\s+(?:\w+\s+)?$")
# said to be well after it is named: "his kidneys are normal", "kidney function is fine"
_SAID_HEALTHY = re.compile(r"^(?:\s+function)?(?:'s|\s+(?:are|is|were|was|have been|has been|seem|look)(?:\s+\w+)?)\s+"
                           r"(?:normal|healthy|fine|ok|okay|good|working (?:well|fine|normally))\b")
_ROUTE_WORDS = re.compile(r"^\s*(?:intrathecal(?:ly)?|by mouth|oral(?:ly)?|tablets?|via (?:the )?pump)\b")
# A route said as the one that does not suit ("can't tolerate the tablets"): the other route is meant.
_ROUTE_REFUSED = {
    "oral": re.compile(r"(?:can'?t|cannot|couldn'?t|unable to|doesn'?t|does not|won'?t|not) (?:tolerate|take|swallow|"
                       r"manage|keep down|handle) (?:the |his |her |my |their )?(?:tablets|pills|oral)|intoleran\w* "
                       r"(?:to|of) (?:the |oral )?(?:tablets|oral|baclofen)|(?:tablets|pills|oral baclofen) (?:didn'?t|"
                       r"don'?t|do not|did not|no longer|stopped) (?:help|work|agree with|suit)|instead of (?:the )?(?:tablets|pills)|"
                       r"\bnot (?:on )?(?:the )?(?:tablets|pills|oral)\b|"
                       # "tablets make him vomit", "she throws up the tablets"
                       r"(?:tablets|pills) (?:make|makes|made|making) (?:him|her|them|me) (?:vomit|sick|throw up)|"
                       r"(?:vomits|vomited|throws up|threw up|brings up|spits out|spat out) (?:the |his |her |my )?"
                       r"(?:tablets|pills)"),
    "intrathecal": re.compile(r"(?:not|don'?t want|instead of|no) (?:the |a )?(?:pump|intrathecal|injection)"),
}
_CHILD_BEFORE = re.compile(r"\b(?:son|daughter|child|kid|boy|girl|baby|toddler|grandson|granddaughter|grandchild|"
                           r"brother|sister|niece|nephew|infant|lad|lass)(?:'?s)?\b[^.,;]{0,12}$|\b(?:my|our|his|her)\s*$")
# Said of oneself ("can I take 30 mg?", "20 mg three times a day for me"): the dose is read as an adult's, and the
# answer says so; a child's age or a child named elsewhere in the message wins.
_SELF = re.compile(r"\b(?:can|could|may|should|shall) i (?:take|have|go up|increase|use|try|add)\b|\bfor me\b|"
                   r"\bi(?:'m| am|m)? (?:take|taking|on)\b|\bmy (?:dose|daily dose|tablets|pills|max|maximum)\b|"
                   r"\bi(?:'ve| have)? (?:been )?(?:take|taking|took|taken)\b|"
                   r"\b(?:has|have|had|got|put|started|keeps?) me (?:on|at)\b|\bme (?:legs|calves|back|arms|dose)\b|"
                   r"\b(?:upped|bumped|put|moved|raised|increased|took|dropped|lowered|cut) me (?:up |down )?to\b")
# The amount someone is already on, said as the setting of another question ("I'm on 10 mg three times a day, can I
# drive?"): not an amount put up for checking.
_ON_A_DOSE = re.compile(r"\b(?:i'?m on|i am on|(?:he|she|they)(?:'s| is|'re| are) on|currently on|(?<!can )(?<!could )(?<!should )(?<!may )(?<!do )(?<!would )i take|i'?m taking|"
                        r"(?:he|she) takes|(?:gave|given|prescribed|started) (?:me|him|her|them)\b(?: on)?|"
                        r"(?:my|his|her) (?:current )?dose is)\b")
# What the prescriber or the label set: "paper say 5 mg", "my neurologist started baclofen at 5 mg" (a dose someone is
# on, too).
_PRESCRIBED = re.compile(r"\b(?:(?:doctor|dr|gp|neurologist|consultant|specialist|paper|label|prescription) (?:\w+ ){0,3}"
                         r"(?:say|says|said|started|put|gave|wrote|prescribed)|started (?:\w+ ){0,2}at)\b")
# A dose already taken, told rather than proposed ("I took 5 mg this morning, when is the next one?").
_REPORTED = re.compile(r"\b(?:took|taken|had|missed|forgot|forgotten|gave|given|swallowed|vomited|threw up)\b")
_REFERENCE_AFTER = re.compile(r"^\W*(?:'s\s+)?(?:oral\s+|intrathecal\s+|starting\s+|usual\s+|normal\s+|maximum\s+|max\s+)?"
                              r"(?:dose|doses|dosage|dosing|amount|tablets?|pills?|strength|range|maximum|max|figure|"
                              r"one|version)\b")
_REFERENCE_BEFORE = re.compile(r"(?:\bthe|\ban|\bas|\blike|\bfor|\bof)\s*$")
_POSSESSIVE_REFERENCE = re.compile(r"\b(?:my|his|her|their|the)\s+(?:mum|mom|mother|dad|father|wife|husband|"
                                   r"partner|grandma|grandpa|grandmother|grandfather|sister|brother|friend|neighbour|"
                                   r"neighbor)'?s\b")
_NEGATED_BEFORE = re.compile(r"(?:\bnot|\bisn'?t|\bno|\brather than|\binstead of)\W*$")
_APPROX_BEFORE = {
    "below": re.compile(r"(?:\balmost|\bnearly|\bjust under|\bnot quite|\bunder|\bless than|\bshy of|"
                        r"\bgan|\bsap|\bchua (?:du|toi|den)|\bduoi)\s*(?:a\s+)?$"),
    "about": re.compile(r"(?:\babout|\baround|\bapprox(?:imately)?\.?|\broughly|\bsomething like|\bmaybe|~|"
                        r"\bkhoang|\btam|\bchung|\bco le|\bcha)\s*$"),
    "above": re.compile(r"(?:\bjust over|\bover|\bmore than|\bjust turned|\ba bit over|\bhon|\btren|"
                        r"\bvua qua|\bngoai)\s*$"),
}
_APPROX_AFTER = re.compile(r"^\s*(?:-?ish\b|or so\b|give or take\b)")
_PER_DAY = re.compile(r"^\W*(?:a|per|each|every|/)\s*(?:day|d)\b|^\W*daily\b|^\W*in (?:a|one) day\b|^\W*/\s*day")
_PER_DOSE = re.compile(r"^\W*(?:at once|at one time|at a time|in one go|per dose|each dose|a dose|for one dose|"
                       r"each time|per time|in a single dose|as a single dose|single dose|one time)\b")
_TIMES_A_DAY = re.compile(r"^\W*(?:(\d+)|(once|twice|two|three|four|five|six))\s*(?:times?|x)?\s*(?:a|per|each|/)\s*"
                          r"(?:day|daily)\b|^\W*(twice|three times|four times) daily\b")
_ONE_GO = re.compile(r"\b(?:at once|at one time|in one go|single dose|one time)\b")
_ONCE_IN_THE_DAY = re.compile(r"^\W*(?:(?:in|every|each) (?:the )?(?:morning|evening|night)|at (?:night|bedtime)|"
                              r"a day|per day|daily|for the (?:whole )?day)\b")
# baclofen's own names (vocabulary.yml self_names), the longest first
_SELF_NAMES = "|".join(re.escape(str(name)) for name in sorted(vocabulary.load()["self_names"], key=len, reverse=True))
_NAME_AFTER_AMOUNT = re.compile(r"^\s*(?:of\s+)?(?:" + _SELF_NAMES + r")\b")
_TIMES_WORDS = {"once": 1, "one time": 1, "1 time": 1, "twice": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "twice daily": 2, "three times": 3, "four times": 4, "five times": 5, "six times": 6,
                "bd": 2, "bid": 2, "tds": 3, "tid": 3, "qds": 4, "qid": 4}
# How often, said without "a day" ("5mg three times", "10 mg x3", "10mg tds"): doses are counted by the day unless
# another period follows ("three times a week").
_TIMES_WITHOUT_DAY = re.compile(r"^\W*(?:(\d)\s*(?:times?|x)\b|(once|one time|twice|three times?|four times?|five times?|six times?)\b|"
                                r"x\s*(\d)\b|(bd|bid|tds|tid|qds|qid)\b)"
                                r"(?!\s*(?:a|per|each|every|/|in a|in the)\s*(?:week|wk|month|year|fortnight))")
# Doses given at clock times ("5 mg at 07:00, 13:00 and 19:00", "at 8am and 8pm"): one dose a time.
_CLOCK_TIME = re.compile(r"\b\d{1,2}(?:[:.h]\d{2}\b|\s*(?:am|pm)\b)")
_CLOCK_TIMES = re.compile(r"^\W*(?:at\s+)?\d{1,2}(?:[:.h]\d{2}|\s*(?:am|pm))(?:\s*(?:,|and|&|then)\s*(?:at\s+)?"
                          r"\d{1,2}(?:[:.h]\d{2}|\s*(?:am|pm)))+\b")
_CONVERSION = re.compile(r"how many (mg|milligrams?|mcg|micrograms?|ug)\b|\b(?:in|into|to|as) (mg|milligrams?|mcg|"
                         r"micrograms?|ug)\b\W*$|\bconvert\b.{0,40}\b(?:to|into) (mg|milligrams?|mcg|micrograms?)")
_PERMISSION = re.compile(r"\b(?:can|could|may|should|shall|must) (?:i|we|he|she|they|you|my \w+|u)\b|\bis it "
                         r"(?:ok|okay|safe|alright|all right|fine|bad|dangerous|allowed|possible)\b|\bis (?:that|this) "
                         r"(?:ok|okay|safe|alright|fine|right|correct|too much|too high|normal)\b|\b(?:ok|okay|safe|"
                         r"alright|fine) to\b|\bam i (?:allowed|ok)\b|\bwould it be (?:ok|okay|safe)\b|\bright\?|"
                         r"\bcorrect\?|\bok\?|\bokay\?|\btoo (?:much|high|many)\b|\bdo i need to\b")
_HALF_TABLET = re.compile(r"^.{0,25}?\b(?:half|1/2) (?:a |of a |of the |the )?(?:tablet|pill)s?\b")
_AS_START = re.compile(r"\bto (?:start|begin)\b|\bstart(?:ing)? (?:dose|with|on|at)\b|\binitial\b|\bfirst dose\b|"
                       r"\bstart(?:ing)? (?:him|her|them|me)\b")
# Asks for an amount outright ("what's the dose", "how much should she have"), beyond merely naming one.
_ASKS_DOSE = re.compile(r"\bwh?at(?:'s| is| are| would be| should be)? (?:the |my |his |her |their |a )?(?:\w+ ){0,3}"
                        r"(?:dose|doses|dosage|dosing|amount|range|limit|ceiling)\b|\bhow (?:much|many (?:mg|tablets|pills))\b|"
                        r"\b(?:dose|dosage|dosing) (?:for|of)\b|\b(?:starting|maintenance|max(?:imum)?) dose\b|"
                        r"\b(?:top|upper|daily|dose|dosing) (?:limit|range|ceiling)\b|\b(?:whether|if) (?:the |her |his |my |their )?"
                        r"(?:dose|dosage)\b|\bsame dose\b|\bdose (?:should|would|will) be\b")
_WITH_BACLOFEN = re.compile(r"baclofen|baclofeno|lioresal|gablofen|\b(?:it|this|these|them|my tablets|my meds)\b|"
                            r"\bwith\b|\btogether\b|\band\b|\bmix|\bcombin|\bwhile\b|\bplus\b|\balongside\b|"
                            r"\bafter\b|\bbefore\b|\bon (?:baclofen|it|this)\b")
_ASKS_EFFECT = re.compile(r"\b(?:cause|causes|causing|make (?:you|me|him|her|them)|give (?:you|me|him|her)|lead to|"
                          r"side.?effects?|result in|trigger)\b")
_PROPOSAL_WORDS = re.compile(r"\bwhat about\b|\bhow about\b|\bright\b|\bcorrect\b|\benough\b|\btoo (?:much|high|"
                             r"low|little|many)\b|\bsafe\b|\bunder the\b|\bover the\b|\bwithin\b|\bgo up to\b|"
                             r"\bincrease (?:it |him |her |me )?to\b|\bgive (?:him|her|them|my)\b|\bstraight to\b|"
                             r"\b(?:my|the) (?:thinking|plan)\b|\b(?:sound|good|ok|okay) plan\b")
_PROPOSES_CHANGE = re.compile(r"\b(?:bump\w*|up to|increas\w*|rais\w*|put (?:him|her|me|them) up|go(?:ing)? up|double\w*|"
                              r"thinking of (?:taking|giving|going)|wants? to (?:take|give|go|try|bump|start)|"
                              r"going to (?:take|give|try|start)|plan(?:s|ning)? (?:to|on)|try(?:ing)?\b|next\b|"
                              r"(?:should|can|could|may|shall) (?:i|we|he|she|they|you) (?:take|give|try|have|go|start)|"
                              r"is it (?:ok|okay|safe|alright|fine) to (?:take|give|try|go))")
_ON_ONES_OWN = re.compile(r"\b(?:myself|meself|my ?self|himself|herself|themselves|on (?:my|his|her|their) own|"
                          r"without (?:asking|telling|checking|waiting|seeing|a word to|the)\b[^.?!]{0,25}\b(?:doctor|gp|"
                          r"neuro\w*|prescriber|consultant|nurse|specialist)|(?:can|could|should|shall|may) i (?:just |"
                          r"simply )?(?:go|move|jump|bump|push|up|raise|increase|double)\b|"
                          # a jump, someone else's dose, the leaflet's top figure over the doctor's: decided alone
                          r"\bjust (?:jump|take|give|go|double|up|use|switch|copy)\b|\b(?:jump|go|going|move) straight (?:up )?to\b|"
                          r"\bsame (?:dose |amount |as (?:what )?)(?:as )?(?:his|her|my|their|our) (?:\w+ )?(?:dad|father|mum|mom|"
                          r"mother|brother|sister|husband|wife|son|daughter|friend|neighbou?r|cousin|uncle|aunt|grand\w+|faada|"
                          r"pa|ma)\b|\b(?:if|since|as) the leaflet (?:allows|says|gives|lets|permits|goes up to)\b)")
_PUT_FORWARD_BEFORE = re.compile(r"(?:\b(?:can|could|should|shall|may|might|to|will|would|i'?ll|gonna) (?:\w+ ){0,2}(?:give|take|have|go (?:up )?to)|"
                                 r"\b(?:i'?m |i am )?thinking(?: of| about)?(?: going to| taking)?|\bintend(?:ing)? to (?:go|take|start)(?: on| at| to)?|"
                                 r"\btry|\b(?:want|wants|wanted|plan|plans|planning|propose|proposes|proposed|suggest|suggests|suggested) to (?:go|move|jump|switch|up it|raise it|increase it)(?: up)?(?: to)?|\b(?:increase|raise|go up) (?:it |him |her |me |the dose )?(?:by (?:myself|himself|herself|ourselves) |on my own |myself )?to|\bbump \w+ up to|"
                                 r"\bput (?:him|her|me|them) (?:up )?(?:on|to)|"
                                 # the sum of what is added, put as a question: "add two more at night, so 120 mg?"
                                 r"\bso)\W+(?:\w+\W+){0,2}$")
_WHAT_IF = re.compile(r"\bwhat (?:if|happens|would happen|should i do if)\b|\bin case\b")
_HOW_LONG = re.compile(r"\bhow (?:long|soon|quickly|fast)\b")
_ASKS_CARE = re.compile(r"\b(?:get|have) (?:it|this|that|them|him|her|me) (?:looked at|checked|seen to)|"
                        r"\bsee (?:a|the|my|his|her) (?:doctor|gp)\b|\b(?:ring|call|phone) (?:the |my |a )?(?:doctor|gp)\b|"
                        r"\bshould (?:i|we|he|she) (?:be )?worr|\bis (?:it|this|that) serious\b|"
                        r"\bgo to (?:the |a )?(?:doctor|gp|hospital)\b")
_DOSE_WORDS = re.compile(r"\b(?:dose|doses|dosage|dosing|how much|how many|mg|milligrams?|micrograms?|mcg|tablets? "
                         r"a day|give (?:him|her|them)|starting|maintenance|maximum|max)\b")
_SIDE_EFFECT_OF = [
    re.compile(r"\b(?:is|are|could|can)\s+(?P<what>[a-z][a-z '\-]{2,40}?)\s+(?:be\s+)?(?:a|an|one of the|among the|"
               r"listed as a|part of the|from the)\s+(?:possible\s+|common\s+|known\s+|rare\s+)?side[ -]?effects?\b"),
    re.compile(r"\b(?:does|do|can|could|will|would|may|might)\s+(?:baclofen|it|this|the tablets?|the medicine|the "
               r"pump|the drug)\s+(?:cause|give (?:you|me|him|her)|make (?:you|me|him|her)(?: feel)?|lead to|result "
               r"in|trigger|bring on)\s+(?P<what>[a-z][a-z '\-]{2,40}?)(?=\s*(?:\?|$|\.|,|\bor\b|\band\b|\bin\b|"
               r"\bif\b|\bwhen\b))"),
    # "side effects of X": X is the medicine ("of baclofen", "of this medication"), not a symptom, unless it is not
    re.compile(r"\bside[ -]?effects?\s+(?:like|such as|of(?!\s+(?:the\s+|this\s+|that\s+|my\s+|your\s+|these\s+)?"
               r"(?:baclofen|lioresal|gablofen|kemstro|ozobax|lyvispah|it|them|medicines?|medications?|drugs?|tablets?|"
               r"pills?|pump|meds|treatment|taking|using)\b))\s+(?P<what>[a-z][a-z '\-]{2,40}?)(?=\s*(?:\?|$|\.|,))"),
]
# How two things get on ("does qat interfere with baclofen?"): never the name of a medicine.
_RELATION_WORDS = ("interfere", "interferes", "interact", "interacts", "clash", "clashes", "conflict", "conflicts",
                   "quarrel", "quarrels", "react", "reacts", "mix", "mixes", "fight", "fights", "go", "goes", "work",
                   "works", "get on", "get along")
_GETTING_ON = ("compatible", "incompatible", "ok", "okay", "safe", "fine", "alright", "all right")
_MEDICINE_WITH = [
    # "does qat interfere with baclofen?", "is Tryptomer compatible with baclofen?": the name before the relation
    re.compile(r"\b(?:does|do|will|would|can|could|might|may|is|are)\s+(?:the\s+|his\s+|her\s+|my\s+)?"
               r"(?P<what>[a-z][a-z0-9\-]{2,30})\s+(?:\d+\s+)?(?:" + "|".join(_RELATION_WORDS) + r")\s+(?:well\s+|badly\s+)?"
               r"(?:with|against)\s+(?:the\s+|his\s+|her\s+|my\s+)?(?:baclofen|it|lioresal)\b"),
    re.compile(r"\b(?:is|are)\s+(?:the\s+|his\s+|her\s+|my\s+)?(?P<what>[a-z][a-z0-9\-]{2,30})\s+(?:\d+\s+)?"
               r"(?:" + "|".join(_GETTING_ON) + r")\s+(?:to take\s+|to have\s+)?"
               r"(?:with|alongside)\s+(?:the\s+|his\s+|her\s+|my\s+)?(?:baclofen|it|lioresal)\b"),
    re.compile(r"\b(?:take|taking|took|mix|mixing|combine|combining|use|using|have|having|give|giving)\s+(?:baclofen|"
               r"it|them|this|my baclofen|lioresal)\s+(?:with|and|together with|alongside|plus)\s+(?:my\s+|some\s+|a\s+|"
               r"an\s+)?(?P<what>[a-z][a-z0-9\-]{2,30})\b"),
    re.compile(r"\binteract(?:s|ion|ions)?\s+(?:with|between baclofen and)\s+(?:my\s+)?(?P<what>[a-z][a-z0-9\-]{2,30})\b"),
    re.compile(r"\b(?:on|taking|take)\s+(?P<what>[a-z][a-z0-9\-]{2,30})\b.{0,30}\b(?:can|could|may|is it ok to|is it "
               r"safe to)\s+(?:i\s+)?(?:also\s+)?(?:take|have|add|start)\s+(?:baclofen|it)\b"),
    re.compile(r"\b(?P<what>[a-z][a-z0-9\-]{2,30})\s+(?:and|with|plus|together with)\s+baclofen\b"),
]
_NOT_MEDICINES = {"patient", "patients", "person", "people", "someone", "anyone", "man", "woman", "child", "children",
                  "adult", "adults", "kid", "baby", "elderly", "user", "users", "resident", "client",
                  "food", "water", "milk", "juice", "alcohol", "meals", "meal", "other", "another", "something",
                  "anything", "medicine", "medicines", "medication", "medications", "drugs", "drug", "pills",
                  "tablets", "them", "it", "this", "that", "my", "the", "a", "an", "some", "any", "each", "both",
                  "baclofen", "lioresal", "coffee", "tea", "exercise", "physio", "physiotherapy", "stretching",
                  "sleep", "rest", "dinner", "breakfast", "lunch", "me", "you", "him", "her", "us", "kids",
                  "children", "adults", "everything", "nothing", "others", "mine", "one", "pain", "spasms",
                  "stiffness", "cerebral", "multiple", "spinal", "ms", "cp", "pump", "injection", "injections",
                  "tizanidine", "dose", "doses", "what", "how", "when", "which", "can",
                  "together", "along", "problem", "problems", "issue", "issues", "combined", "mixed", "these", "those",
                  "they", *_RELATION_WORDS, *_GETTING_ON}
@dataclass(frozen=True)
class ProposedAmount:
    value: float
    unit: str  # "mg" or "micrograms"
    per: Optional[str] = None  # "dose", "day", or None when the message does not say
    per_kg: bool = False
    times_a_day: Optional[int] = None
    as_start: bool = False  # proposed as the starting dose ("6 mg ... to start?")


@dataclass(frozen=True)
class AskedPart:
    """One question of a message that asks several, with what it names: each is answered in turn
    (answers/concerns.py), so that a part is never dropped for a topic the message only tells."""
    topics: Tuple[str, ...] = ()
    drugs: Tuple[str, ...] = ()
    symptoms: Tuple[str, ...] = ()
    areas: Tuple[str, ...] = ()  # parts of the body told of in other words ("my tea tastes of tin")
    dose: bool = False
    use: bool = False  # asks what baclofen is for ("is this what the medicine is for, stiff legs after a broken back?")
    # naming nothing the assistant knows: the question as said back ("" when it is not said back; None: understood)
    not_understood: Optional[str] = None
    # a question that points back ("Is this the medicine?") is about what was told last before it: "topic", "drug",
    # "symptom" or "area", whichever was named nearest the question (None: the question names its own)
    lead: Optional[str] = None


@dataclass(frozen=True)
class Question:
    urgency: Optional[str] = None  # baclofen.language.urgency kinds
    language: str = "en"  # "en", "es", "vi"
    kind: str = QUESTION  # PERMISSION ("can I / is it ok"), WHAT_IF, HOW_LONG, QUESTION
    topic: Optional[str] = None  # a topic id of knowledge/topics.yml
    age_years: Optional[float] = None
    age_approximate: Optional[str] = None  # "below", "about", "above": said as "almost 2", "about 3", "just over 8"
    weight_kg: Optional[float] = None
    weight_approximate: bool = False
    population: Optional[str] = None  # said of the person: "adult", "elderly"
    referred_populations: Tuple[str, ...] = ()  # only referred to: "the adult dose"
    child_named: bool = False  # "my son", "our daughter": a child, whose age may still be unknown
    route: Optional[str] = None
    routes_unclear: bool = False  # both routes named, neither the one asked of: asked back, never guessed
    proposed: Optional[ProposedAmount] = None
    conversion_to: Optional[str] = None  # "mg" or "micrograms": "how many mg is 25 micrograms?"
    conditions: Tuple[str, ...] = ()  # precaution ids said in the message: breastfeeding, pregnancy, kidneys...
    symptoms: Tuple[str, ...] = ()  # side effects of the leaflet named
    unknown_symptom: Optional[str] = None  # "is hair loss a side effect?": a symptom the leaflet's list does not have
    # parts of the body a change is told of in words no side effect's name ("his eyes do a strange flicking"), in the
    # order told (English); and those of them told in a sentence that asks
    body_areas: Tuple[str, ...] = ()
    body_areas_asked: Tuple[str, ...] = ()
    drugs: Tuple[str, ...] = ()  # medicines named (generic names)
    unknown_drug: Optional[str] = None  # "can I take it with zolpiclone": a name no dictionary knows
    dose_words: bool = False  # the message asks about an amount ("dose", "how much", "mg"...)
    bare_number: Optional[float] = None  # a number said alone ("16"): an answer to the dose form's question
    asks_dose: bool = False  # asks for an amount outright ("what's the dose for...", "how much...")
    other_topics: Tuple[str, ...] = ()  # further catalogue topics with a warning of their own (a precaution, a medicine)
    with_baclofen: bool = False  # names baclofen or a combination ("with", "together", "on it"): not another
    # medicine asked about on its own ("what is ibuprofen used for?")
    short: bool = False  # a few words only: an answer to the dose form's question, most likely
    choice: bool = False  # asks between things ("tablet or liquid?"), so not itself an answer
    symptom_as_use: bool = False  # asks whether baclofen treats a symptom ("does it help ringing in the ears?")
    asks_how_long: bool = False  # asks about time ("how long after...", "how soon"), whatever else it asks
    asks_care: bool = False  # asks whether to have something seen to ("should I get it looked at?")
    asks_effect: bool = False  # asks whether something causes an effect ("can reducing it cause insomnia?")
    proposal_words: bool = False  # puts an amount up for judgement ("right?", "what about 20 mg", "is that enough")
    self_assumed: bool = False  # about the one asking, no age given: read as an adult, and the answer says so
    reported: bool = False  # tells of a dose already taken or missed, rather than proposing one
    # a change of amount put forward ("wants to bump himself up to 120 mg", "can they try 150 micrograms next?"),
    # not the dose someone is on ("I'm on 10 mg three times a day"): a story's proposal is checked among its concerns
    proposes_change: bool = False
    # the change is the person's own decision ("can I go to 20 mg three times myself?", "without asking the GP"):
    # the answer says a dose changes only as the prescriber says, even one within the leaflet's figures
    changes_own_dose: bool = False
    another_person: bool = False  # "actually it's for his brother": someone other than the person so far
    follow_up: bool = False  # "and for a 10 year old?", "what about an adult?": the same question for someone else
    # what the sentences that ask ask about: a dose ("how much is normal for boy 7 years?"), a symptom named in them
    # (a symptom only told, "mother is very tired", is no question about a side effect)
    dose_asked: bool = False
    symptom_asked: bool = False
    # the catalogue topics and the medicines named in the sentences that ask (after an emergency answer, only what was
    # asked follows it: "Dad's on it since his fall, he's gone grey, what do I do?" asks nothing of older people)
    asked_topics: Tuple[str, ...] = ()
    asked_drugs: Tuple[str, ...] = ()
    on_a_dose: bool = False  # says the amount someone is already on ("I'm on 10 mg", "the doctor gave me 5 mg")
    prescribed: bool = False  # the amount is what the prescriber or the label set ("paper say 5 mg three time a day")
    story: bool = False  # a long message or two question marks: ages and amounts may be told in passing
    several_concerns: bool = False  # a story, or two questions joined: each concern gets its answer (answers/concerns.py)
    concerns: Tuple[str, ...] = ()  # the catalogue topics a story raises after the first, in the order said
    # a story's questions that name nothing the assistant knows ("does the leaflet say anything about flying?"), as
    # written: the reply says the leaflet does not cover them (answers/concerns.py)
    unmatched: Tuple[str, ...] = ()
    # the questions of a message that asks several, in the order asked, each with what it names
    asked_parts: Tuple[AskedPart, ...] = ()
    at_the_wheel: bool = False  # tells of driving, riding or a machine ("I still run the spray tractor every arvo")
    # only the learned safety net hears an emergency in it (components/question_reader.py): a symptom it tells may be
    # a danger sign, never answered as an expected side effect after the emergency number
    heard_by_net: bool = False

    @property
    def names_something_known(self) -> bool:
        """A topic, a medicine or a symptom named, or a dose asked or proposed: something the reader recognised (the
        answer to a message naming none of these is the classifier's guess)."""
        return bool(self.topic or self.drugs or self.unknown_drug or self.symptoms or self.dose_asked or self.proposed)

    @property
    def has_person(self) -> bool:
        return self.age_years is not None or self.population is not None or self.child_named

    def as_dict(self) -> Dict[str, Any]:
        """Plain values for the parse data (the same as dataclasses.asdict, which deep-copies every field: every
        field here is immutable, so a shallow walk is enough and costs a tenth)."""
        data = {name: getattr(self, name) for name in _QUESTION_FIELDS}
        if self.proposed is not None:
            data["proposed"] = {name: getattr(self.proposed, name) for name in _PROPOSED_FIELDS}
        data["asked_parts"] = tuple({name: getattr(part, name) for name in _PART_FIELDS} for part in self.asked_parts)
        return data

    @classmethod
    def from_dict(cls, data: Optional[Dict[str, Any]]) -> "Question":
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if values.get("proposed"):
            values["proposed"] = ProposedAmount(**values["proposed"])
        if "asked_parts" in values:
            values["asked_parts"] = tuple(AskedPart(**{k: tuple(v) if isinstance(v, list) else v
                                                       for k, v in part.items()})
                                          for part in values["asked_parts"] or ())
        for name in ("referred_populations", "conditions", "symptoms", "drugs", "other_topics", "concerns",
                     "unmatched", "asked_topics", "asked_drugs", "body_areas", "body_areas_asked"):
            if name in values:
                values[name] = tuple(values[name] or ())
        return cls(**values)


_QUESTION_FIELDS = tuple(f.name for f in fields(Question))
_PROPOSED_FIELDS = tuple(f.name for f in fields(ProposedAmount))
_PART_FIELDS = tuple(f.name for f in fields(AskedPart))


def _language(text: str, given: Optional[str]) -> str:
    """The message's language as the NLU read it (components/language_reader.py), else as it reads here; English
    when nothing tells (a short answer: the conversation's language is the `language` slot's)."""
    return given or detect.decide(text) or "en"


def _approximation(text: str, start: int, end: int) -> Optional[str]:
    before = text[max(0, start - 25):start].lower()
    if not before.isascii():
        before = normalise(before) + " "  # "gần 2 tuổi": read without marks
    for kind, pattern in _APPROX_BEFORE.items():
        if pattern.search(before):
            return kind
    return "about" if _APPROX_AFTER.search(text[end:end + 20].lower()) else None


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATED_BEFORE.search(text[max(0, start - 20):start].lower()))


def _is_reference(text: str, entity: Dict[str, Any], person_elsewhere: bool) -> bool:
    """'the adult dose', "my mum's tablets": a population referred to, not the person asked about."""
    after = text[entity["end"]:entity["end"] + 40].lower()
    before = text[max(0, entity["start"] - 30):entity["start"]].lower()
    if _POSSESSIVE_REFERENCE.search(text[max(0, entity["start"] - 40):entity["end"] + 5].lower()):
        return True
    if not person_elsewhere:
        return False  # "what is the adult dose?": nobody else is named, so it is about adults
    return bool(_REFERENCE_AFTER.search(after) or _REFERENCE_BEFORE.search(before))


def _proposed(text: str, entities: Sequence[Dict[str, Any]]) -> Optional[ProposedAmount]:
    """The amount put up for checking: of several ("the leaflet says 15 mg, so 15 mg three times a day?"), the one
    said with how often it is given, else the first."""
    kept = [entity for entity in entities if entity["entity"] == "amount" and not _negated(text, entity["start"])
            and not _of_another_medicine(text, entities, entity)]
    # "she's on 35 mg a day; the chart says 6 to 8 years 30-40, older than 8 up to 60": the table quoted is no dose
    told = [entity for entity in kept if not _quotes_the_table(text, entity["start"])]
    kept = told or kept
    read = [_amount(text, entity) for entity in kept]
    # "16.5 kg x 300 mg per kg = 4950 mg": the rate is what went wrong (micrograms read as mg), so it is checked
    slipped = [amount for amount in read if amount.per_kg and amount.unit == "mg" and micrograms_said_as_mg(amount.value)]
    if slipped:
        return slipped[0]
    with_schedule = [amount for amount in read if amount.per or amount.times_a_day]
    # "didn't respond at 100 micrograms, can they try 150 next?": of amounts told and put forward, the one put forward
    proposing = [amount for amount, entity in zip(read, kept) if len(read) > 1
                 and _PUT_FORWARD_BEFORE.search(text[max(0, entity["start"] - 40):entity["start"]].lower())]
    if read and not proposing:
        # "on 60mg/day now ... my thinking: 120 for a couple of weeks": the amount put forward without its unit,
        # after the one the person is on, in that one's unit
        last = max(kept, key=lambda entity: entity["end"])
        bare = _bare_amount_put_forward(text, last["end"], _amount(text, last))
        if bare is not None:
            return bare
    return (proposing or with_schedule or read or [None])[0]


_OTHER_MEDICINE_REACH = 60  # characters between a medicine's name and an amount that is its dose
_BACLOFEN_NAMED = re.compile(r"\b(?:" + _SELF_NAMES + r")\b")


def _of_another_medicine(text: str, entities: Sequence[Dict[str, Any]], amount: Dict[str, Any]) -> bool:
    """Whether `amount` is the dose of another medicine named just before it in the same sentence ("Lithicarb, for
    his bipolar, 250 mg twice daily") or just after it ("250 mg of lithium"), with no name of baclofen between."""
    lower = text.lower()
    if _NAME_AFTER_AMOUNT.match(lower[amount["end"]:]):  # "10 mg baclofen", "10 mg of baclofen"
        return False
    for drug in (e for e in entities if e["entity"] == "drug" and e["value"] != "alcohol"):
        if drug["end"] <= amount["start"] and amount["start"] - drug["end"] <= _OTHER_MEDICINE_REACH:
            between = lower[drug["end"]:amount["start"]]
        elif amount["end"] <= drug["start"] and re.fullmatch(r"\s*of\s+(?:(?:his|her|my|their|the)\s+)?",
                                                              lower[amount["end"]:drug["start"]]):
            between = ""
        else:
            continue
        if not re.search(r"[.!?;\n]", between) and not _BACLOFEN_NAMED.search(between):
            return True
    return False


# A bare figure put forward after a dose with its unit: "go straight to 90/day", "thinking: 120 for a couple of weeks",
# "up to 100 a day". Only a larger figure (a plan to go up), of two or three digits, not an age or a count of weeks.
_BARE_PUT_FORWARD = re.compile(r"(?:\b(?:go|going|jump|jumping|straight|up|raise|raising|increase|increasing|bump|"
                               r"double|doubling|try|trying)\b[^.?!\d]{0,12}?\bto|\bthinking\W{0,3}|\bplan\W{0,3}|"
                               r"\btry)\s+(?P<value>\d{2,3})(?:\s*(?P<per>/\s*day|a day|per day|daily))?\b"
                               r"(?!\s*(?:%|years?|yrs?|weeks?|months?|days?\b|kg|lbs?|pounds?|mg|micrograms?|mcg|µg|tablets?|pills?))")


_AT_THE_WHEEL = re.compile(r"\b(?:" + "|".join(re.escape(str(w)) for w in vocabulary.load()["at_the_wheel"]) + r")\b")


# A limit quoted, not a plan: "I've seen the maximum is up to 100, so 90 is inside".
_A_LIMIT_BEFORE = re.compile(r"\b(?:maximum|max|limit|ceiling|highest|most|top dose)\b(?:\s+(?:is|was|being|of|dose))?"
                             r"\s*$")


# An age band just before a figure: the leaflet's table quoted ("6 to 8 years 30-40", "older than 8 years: up to 60").
_TABLE_BAND_BEFORE = re.compile(r"(?:\b\d+\s*(?:to|-|–)\s*\d+\s*(?:years?|yrs?|y)(?:\s*old)?|\b(?:older|more) than \d+"
                                r"(?:\s*(?:years?|yrs?))?(?:\s*old)?|\b(?:over|above|under) \d+\s*(?:years?|yrs?)(?:\s*old)?"
                                r"|\b(?:over|above|under) \d+(?=\s*[:,]))\s*[:,-]?\s*(?:(?:take|takes|is|are|get|gets|can take)\s+)?"
                                r"(?:up to\s+)?$")


def _quotes_the_table(text: str, start: int) -> bool:
    return bool(_TABLE_BAND_BEFORE.search(text[max(0, start - 45):start].lower()))


def _bare_amount_put_forward(text: str, after: int, told: ProposedAmount) -> Optional[ProposedAmount]:
    found = _BARE_PUT_FORWARD.search(text[after:after + 300].lower())
    if (found is None or _quotes_the_table(text, after + found.start("value"))
            or _A_LIMIT_BEFORE.search(text[max(0, after + found.start() - 30):after + found.start()].lower())):
        return None
    value = float(found.group("value"))
    told_a_day = told.value * (told.times_a_day or 1) if told.per != "day" else told.value
    if value < told_a_day:  # the same figure as one told ("her cousin is on 120 mg ... bump her up to 120") is put forward
        return None
    return ProposedAmount(value, told.unit, "day", False, None, False)


def _amount(text: str, entity: Dict[str, Any]) -> ProposedAmount:
    """One amount entity with what follows it: per day or per dose, how many times a day, half a tablet."""
    value = entity["value"]
    after = _ROUTE_WORDS.sub("", text[entity["end"]:entity["end"] + 60].lower(), count=1)  # "1.2 mg intrathecal a day"
    after = _NAME_AFTER_AMOUNT.sub("", after, count=1)  # "10 mg (of) baclofen three times a day"
    per: Optional[str] = "day" if _PER_DAY.search(after) else ("dose" if _PER_DOSE.search(after) else None)
    times = None
    amount = float(value["value"])
    half = _HALF_TABLET.search(after)
    if half:  # "the 10 mg tablets, half a tablet 4 times a day": 5 mg a dose
        amount, per, after = amount / 2, "dose", after[half.end():]
    per_dose = _PER_DOSE.search(after)
    schedule = after[per_dose.end():] if per_dose else after  # "6 mg per dose 4 times a day"
    found = _TIMES_A_DAY.search(schedule)
    if per_dose and not found and _ONE_GO.search(per_dose.group(0)) and _ONCE_IN_THE_DAY.search(schedule):
        times, per = 1, "dose"  # "30 mg one time in the morning": the day's dose at once
    elif found:
        word = found.group(2) or found.group(3)
        times = int(found.group(1)) if found.group(1) else _TIMES_WORDS.get(word)
        per = "dose"
    elif per != "day":
        bare = _TIMES_WITHOUT_DAY.search(schedule)
        if bare:
            digits = bare.group(1) or bare.group(3)
            word = bare.group(2) or bare.group(4)
            times = int(digits) if digits else _TIMES_WORDS.get(word, _TIMES_WORDS.get(f"{word}s"))
            per = "dose"
        else:
            clock = _CLOCK_TIMES.search(schedule)  # "5 mg at 07:00, 13:00 and 19:00": three doses a day
            if clock:
                times, per = len(_CLOCK_TIME.findall(clock.group(0))), "dose"
    return ProposedAmount(amount, value["unit"], per, bool(value.get("per_kg")), times,
                          bool(_AS_START.search(text.lower())))


_TREATS_BEFORE = re.compile(r"\b(?:help|helps|helping|treat|treats|treating|relieve|relieves|cure|cures|good for|"
                            r"work for|works for|used for|fix|stop|reduce|ease)\b(?: with)?\W+(?:my |his |her |the )?$")


# "my legs have gone stiff and spastic. Would baclofen even be a drug for that?", "the spasticity medicine for CP"
_TREATS_AFTER = re.compile(r"^\W*(?:\w+\W+){0,12}?(?:(?:a|the) (?:drug|medicine|medication|treatment|tablet|pill) for "
                           r"(?:that|this|it|them)\b|even (?:meant |used |supposed to be )?for\b|meant for\b)"
                           r"|^\W*(?:drug|medicine|medication|treatment)s? for\b")


def _symptom_as_use(text: str, entities: Sequence[Dict[str, Any]]) -> bool:
    return any(_TREATS_BEFORE.search(text[max(0, e["start"] - 30):e["start"]].lower())
               or _TREATS_AFTER.search(text[e["end"]:e["end"] + 90].lower())
               for e in entities if e["entity"] == "symptom")


# Words only one route's figures have: a rate per kg (by mouth), a test or screening dose (intrathecal).
_ONE_ROUTE_ONLY = re.compile(r"\b(?:per|a|/) ?(?:kg|kilo|kilogram)\b|mg ?/ ?kg|\btest(?:ing)? dose|\bin the test\b|"
                             r"\bscreening\b|\btrial dose")


def _routes(text: str, normalised: str, entities: Sequence[Dict[str, Any]],
            asked: List[Tuple[int, int, str]]) -> Tuple[Optional[str], bool]:
    """The route the message is about (None: not said), and whether it named both without saying which it asks of."""
    named = {e["value"] for e in entities if e["entity"] == "route"}
    route = (_route(normalised, named) or _route_beside_amount(text, entities) or _route_of_micrograms(entities)
             or _route_asked(asked, entities))
    return route, route is None and len(named) > 1 and not _ONE_ROUTE_ONLY.search(normalised)


def _route(normalised: str, named: set) -> Optional[str]:
    """One route named: that one. Both named, one of them refused ("intrathecal, she can't tolerate the tablets"):
    the other. Otherwise none."""
    if len(named) == 1:
        return next(iter(named))
    if named == {"oral", "intrathecal"}:
        kept = [route for route in named if not _ROUTE_REFUSED[route].search(normalised)]
        return kept[0] if len(kept) == 1 else None
    return None


_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?\n]+|$)")


def _route_beside_amount(text: str, entities: Sequence[Dict[str, Any]]) -> Optional[str]:
    """Both routes named and neither refused: the one named in the sentence of the amount put up for checking ("the
    intrathecal test dose is 25 mg. Seems low compared with tablets": intrathecal)."""
    amounts = [e for e in entities if e["entity"] == "amount" and not _negated(text, e["start"])]
    if not amounts:
        return None
    for start, end, _ in sentences(text):
        if start <= amounts[0]["start"] < end:
            named = {e["value"] for e in entities if e["entity"] == "route" and start <= e["start"] < end}
            return next(iter(named)) if len(named) == 1 else None
    return None


def _route_of_micrograms(entities: Sequence[Dict[str, Any]]) -> Optional[str]:
    """Both routes named, and an amount in micrograms (not per kg): the leaflet doses tablets in mg (or micrograms per
    kg), the pump in micrograms ("on tablets now; the hospital will start the pump at 25 micrograms": intrathecal)."""
    routes = {e["value"] for e in entities if e["entity"] == "route"}
    amounts = [e for e in entities if e["entity"] == "amount"]
    if routes == {"oral", "intrathecal"} and amounts and any(
            isinstance(e["value"], dict) and e["value"].get("unit") == "micrograms" and not e["value"].get("per_kg")
            for e in amounts):
        return "intrathecal"
    return None


def sentences(text: str) -> List[Tuple[int, int, str]]:
    """The sentences of `text` with their offsets, each with its closing marks; none that is only marks. The one
    splitter of the question reader."""
    return [(sentence.start(), sentence.end(), sentence.group(0)) for sentence in _SENTENCE.finditer(text)
            if _SENTENCE_MARKS.sub("", sentence.group(0)).strip()]


_SENTENCE_MARKS = re.compile(r"[.!?\n]")


def _body_areas_told(areas: Sequence[Tuple[int, str]], asked: List[Tuple[int, int, str]]) -> Dict[str, Tuple[str, ...]]:
    """Question.body_areas and .body_areas_asked (English words only): `areas` as _body_areas reads them."""
    return {"body_areas": tuple(dict.fromkeys(area for _, area in areas)),
            "body_areas_asked": tuple(dict.fromkeys(area for at, area in areas
                                                    if any(start <= at < end for start, end, _ in asked)))}


def _body_areas(text: str, entities: Sequence[Dict[str, Any]]) -> List[Tuple[int, str]]:
    """(offset, part of the body) of each part told that no side effect named covers ("tea tastes of tin" beside "my
    mouth is dry": the taste still counts; "ringing in my ears": the ears do not)."""
    named = [(e["start"], e["end"]) for e in entities if e["entity"] == "symptom"]
    return [(start, area) for start, end, area in body_areas(text)
            if not any(start < stop and begin < end for begin, stop in named)]


def asking_sentences(text: str) -> List[Tuple[int, int, str]]:
    """The sentences of `text` that ask (a question mark, or opening as a question does), with their offsets."""
    return [(start, end, sentence) for start, end, sentence in sentences(text)
            if _ASKING.search(normalise(sentence).strip())]


def _route_asked(asked: List[Tuple[int, int, str]], entities: Sequence[Dict[str, Any]]) -> Optional[str]:
    """Both routes named: the one named in the sentences that ask ("her tablets don't suit her ... what would the pump
    start at?": intrathecal), when those name one only; of several asking sentences, those that ask a dose first
    ("What starting intrathecal dose ...? ... a pupil on tablets is sleepy, is that a side effect?"). `asked`: the
    message's asking sentences (asking_sentences)."""
    for sentences in ([s for s in asked if _ASKS_DOSE.search(normalise(s[2]))], asked):
        named = {e["value"] for start, end, _ in sentences for e in entities
                 if e["entity"] == "route" and start <= e["start"] < end}
        if named:
            return next(iter(named)) if len(named) == 1 else None
    return None


def _conversion_target(normalised: str, proposed: Optional[ProposedAmount]) -> Optional[str]:
    if proposed is None:
        return None
    found = _CONVERSION.search(normalised)
    if not found:
        return None
    unit = next(group for group in found.groups() if group)
    target = "mg" if unit.startswith(("mg", "milli")) else "micrograms"
    return target if target != proposed.unit else None


# A change of weight told ("he's put on nearly two stone", "she's lost 5 kg since"): no side effect the leaflet lists.
_WEIGHT_CHANGE = re.compile(r"\b(?:put on|piled on|gained|gaining|gain(?:ed)? of)\b(?:\s+[\w.]+){0,3}?\s+(?:weight|"
                            r"kilos?|kgs?|pounds|lbs?|stones?)\b|\bweight gain\b|\b(?P<lost>lost|losing|lose)\b"
                            r"(?:\s+[\w.]+){0,3}?\s+(?:weight|kilos?|kgs?|pounds|lbs?|stones?)\b|\b(?P<loss>weight loss)\b")
_POINTERS = frozenset({"that", "this", "it", "these", "those", "they", "them", "which", "what"})


def _unknown_symptom(plain: str) -> Optional[str]:
    """A side effect asked about that no list knows ("is that a side effect?" names none; a change of weight does)."""
    found = _first_match(_SIDE_EFFECT_OF, plain)
    if found is not None and found not in _POINTERS:
        return found
    changed = _WEIGHT_CHANGE.search(plain)
    if changed is None:
        return None
    return "weight loss" if changed.group("lost") or changed.group("loss") else "weight gain"


def _unknown_symptoms(normalised: str) -> Tuple[str, ...]:
    found = _unknown_symptom(normalised)
    return (found,) if found else ()


def _first_match(patterns: Sequence[re.Pattern], normalised: str) -> Optional[str]:
    for pattern in patterns:
        found = pattern.search(normalised)
        if found:
            return re.sub(r"^(?:a|an|the|my|some|any)\s+", "", found.group("what").strip())
    return None


def read(text: str, entities: Sequence[Dict[str, Any]], language: Optional[str] = None) -> Question:
    """The message as a typed question. `entities` are those of baclofen.language.entities.extract (and the short
    answers), with character offsets into `text`; `language` the message's as the NLU read it (None: read here)."""
    if not isinstance(text, str):
        text = ""
    language = _language(text, language)
    normalised = normalise(text) if language != "vi" else expand_abbreviations(normalise(text))  # "ko dc": the words
    topic_text, topic_normalised = _topic_texts(text, normalised, language)
    asked = asking_sentences(text)  # read once: the route, the topics asked and the flags below all use it
    person = _person(text, normalised, entities)
    age, child_named = person["age_years"], person["child_named"]
    route, routes_unclear = _routes(text, normalised, entities, asked)
    proposed = _proposed(text, entities)
    symptoms = tuple(dict.fromkeys(e["value"] for e in entities if e["entity"] == "symptom"))
    drugs = tuple(dict.fromkeys(e["value"] for e in entities if e["entity"] == "drug"))
    plain = re.sub(r"\s*\([^)]{0,40}\)", "", topic_normalised)  # "gastrointestinal (gi) bleed": the name, not its gloss
    unknown_symptom = None if symptoms else _unknown_symptom(plain)
    unknown_drug = None if drugs else _unknown_drug(normalised)
    conditions = _conditions(text, entities)
    population, self_assumed = _assumed_population(person["population"], age, child_named, conditions, normalised)
    story = len(normalised) >= STORY_CHARS or normalised.count("?") >= 2
    several = story or _asks_twice(normalised)
    found_topics = _topics(topic_normalised, plain, entities, conditions, several)
    areas = _body_areas(text, entities) if language == "en" else []
    # English words only; read for one question too: a question back says which question it found no answer to
    parts = asked_parts(topic_text, asked, entities, found_topics, areas) if language == "en" else ()
    asked_sentence_topics = _topics_of(topic_text, asked) if found_topics else set()
    topic = found_topics[0] if found_topics else None
    read_question = Question(
        urgency=urgency.detect(text, language), language=language, kind=_kind(normalised), topic=topic,
        other_topics=tuple(t for t in found_topics[1:] if _has_own_warning(t))[:2],
        asks_dose=bool(_ASKS_DOSE.search(normalised)),
        age_years=age, age_approximate=person["age_approximate"], bare_number=person["bare_number"],
        weight_kg=person["weight_kg"], weight_approximate=person["weight_approximate"],
        population=population, referred_populations=person["referred_populations"],
        child_named=child_named or (age is not None and age < 18),
        route=route, routes_unclear=routes_unclear, proposed=proposed, conversion_to=_conversion_target(normalised, proposed),
        conditions=conditions, symptoms=symptoms, unknown_symptom=unknown_symptom, drugs=drugs,
        **_body_areas_told(areas, asked),
        unknown_drug=unknown_drug, dose_words=bool(_DOSE_WORDS.search(normalised)), self_assumed=self_assumed,
        with_baclofen=bool(_WITH_BACLOFEN.search(normalised)), short=len(normalised.split()) <= 4,
        choice=bool(re.search(r"\w \bor\b \w", normalised)),
        asks_effect=bool(_ASKS_EFFECT.search(normalised)),
        symptom_as_use=bool(symptoms) and _symptom_as_use(text, entities), asks_how_long=bool(_HOW_LONG.search(normalised)), asks_care=bool(_ASKS_CARE.search(normalised)), proposal_words=bool(_PROPOSAL_WORDS.search(normalised)),
        reported=bool(_REPORTED.search(normalised)), on_a_dose=bool(_ON_A_DOSE.search(normalised) or _PRESCRIBED.search(normalised)), prescribed=bool(_PRESCRIBED.search(normalised)), proposes_change=bool(_PROPOSES_CHANGE.search(normalised)),
        changes_own_dose=bool(_ON_ONES_OWN.search(normalised) and (proposed or _PROPOSES_CHANGE.search(normalised))), another_person=bool(_ANOTHER_PERSON.search(normalised)),
        follow_up=bool(_FOLLOW_UP.match(normalised)),
        dose_asked=any(_ASKS_DOSE.search(normalise(sentence)) for _, _, sentence in asked),
        symptom_asked=any(start <= e["start"] < end for start, end, _ in asked for e in entities
                          if e["entity"] == "symptom"),
        asked_topics=tuple(t for t in found_topics if t in asked_sentence_topics),
        asked_drugs=tuple(dict.fromkeys(e["value"] for start, end, _ in asked for e in entities
                                        if e["entity"] == "drug" and start <= e["start"] < end)),
        story=story, several_concerns=several, concerns=_concerns(found_topics) if several else (),
        unmatched=_unmatched(parts) if several else (),
        asked_parts=parts, at_the_wheel=bool(_AT_THE_WHEEL.search(normalised)),
    )
    return _in_vietnamese(read_question, text, normalised, entities) if language == "vi" else read_question


def _topic_texts(text: str, normalised: str, language: str) -> Tuple[str, str]:
    """The text topics are read from, as written and normalised: "is it from the medicine or is it the old age?"
    without the other cause put beside baclofen, which is no topic asked (English)."""
    topic_text = _without_other_causes(text) if language == "en" else text
    return topic_text, normalised if topic_text == text else normalise(topic_text)


def _topics_of(text: str, spans: Sequence[Tuple[int, int, str]]) -> set:
    return {t for start, end, _ in spans for t in topics.all_matches(normalise(text[start:end]))}


def _in_vietnamese(read_question: Question, text: str, normalised: str,
                   entities: Sequence[Dict[str, Any]]) -> Question:
    """A Vietnamese message's question: what the English patterns cannot read, read by question_vi."""
    child = read_question.child_named or question_vi.names_a_child(normalised)
    changes: Dict[str, Any] = {**question_vi.fields(normalised), "child_named": child}
    amounts = [e for e in entities if e["entity"] == "amount"]
    if amounts:
        read = [(question_vi.schedule(text, e), e) for e in amounts]
        (value, per, times), entity = next((r for r in read if r[0][1] or r[0][2]), read[0])
        changes["proposed"] = ProposedAmount(value, entity["value"]["unit"], per, bool(entity["value"].get("per_kg")),
                                             times, read_question.proposed.as_start if read_question.proposed else False)
    if (read_question.population is None and read_question.age_years is None and not child
            and question_vi.speaks_of_self(normalised)):
        changes.update(population="adult", self_assumed=True)
    said = any(e["entity"] == "population" for e in entities)
    if (read_question.population == "adult" and not said and not changes["dose_words"] and not changes["asks_dose"]
            and not changes.get("self_assumed")):
        # "bà bầu có uống được không": a precaution asked, not an adult's dose (an adult only when a dose is asked)
        changes["population"] = None
    return replace(read_question, **changes)


def _person(text: str, normalised: str, entities: Sequence[Dict[str, Any]]) -> Dict[str, Any]:
    """Who the question is about, as the message names them: age, weight, a bare number, the population, and the
    populations only referred to ("the adult dose")."""
    ages = [e for e in entities if e["entity"] == "age" and not _negated(text, e["start"])]
    # A bare number ("16") answers whatever the dose form asked; the form's slot mappings decide what it is.
    bare = next((float(e["value"]) for e in entities if e["entity"] == "number" and not _negated(text, e["start"])),
                None)
    weights = [e for e in entities if e["entity"] == "weight" and not _negated(text, e["start"])]
    child_named = bool(_CHILD_PERSON.search(normalised))
    person_elsewhere = bool(ages) or child_named or bool(weights)
    population, referred = None, []
    for entity in (e for e in entities if e["entity"] == "population"):
        if _is_reference(text, entity, person_elsewhere):
            referred.append(entity["value"])
        elif population is None:
            population = entity["value"]
    age, approx_age = _age(text, normalised, ages, child_named)
    return {
        "age_years": age, "age_approximate": approx_age, "bare_number": bare,
        "weight_kg": float(weights[0]["value"]) if weights else None,
        "weight_approximate": bool(weights) and _approximation(text, weights[0]["start"], weights[0]["end"]) is not None,
        "child_named": child_named, "population": population, "referred_populations": tuple(dict.fromkeys(referred)),
    }


def _age(text: str, normalised: str, ages: List[Dict[str, Any]],
         child_named: bool) -> Tuple[Optional[float], Optional[str]]:
    """(the age the question is about, how approximate it is); of several ages, the asker's or the child's."""
    if len(ages) > 1 and _FOR_ME.search(normalised):  # "I'm 30 and breastfeeding my 3 month old, dose for me?"
        ages.sort(key=lambda e: not _I_AM_BEFORE.search(normalise(text[max(0, e["start"] - 12):e["start"]])))
    elif len(ages) > 1 and child_named:  # "my mum is 75 and my daughter is 4": the child's age
        ages.sort(key=lambda e: not _CHILD_BEFORE.search(normalise(text[max(0, e["start"] - 30):e["start"]])))
    if not ages:
        return None, None
    age = float(ages[0]["value"])
    approx_age = _approximation(text, ages[0]["start"], ages[0]["end"])
    if approx_age == "below":
        age = just_under(age)
    return age, approx_age


def _unknown_drug(normalised: str) -> Optional[str]:
    """A medicine the dictionary does not know, named as one ("with X"), unless it is a topic's word."""
    candidate = _first_match(_MEDICINE_WITH, normalised)
    if candidate and candidate.split()[0] not in _NOT_MEDICINES and candidate.split()[0] not in function_words.english() and not \
            topics.match(candidate) and not _a_noun_of_words(candidate.split()[0]):
        return candidate
    return None


# Endings no medicine's name has: "which situations with baclofen", "any connection with baclofen"
_WORD_NOUN_ENDINGS = re.compile(r"(?:tions?|sions?|ness(?:es)?|ments?|it(?:y|ies)|ances?|ences?|ships?|ings?)$")


def _a_noun_of_words(word: str) -> bool:
    return bool(_WORD_NOUN_ENDINGS.search(word)) and concepts.is_english_word(word)


def _kind(normalised: str) -> str:
    if _PERMISSION.search(normalised):
        return PERMISSION
    if _WHAT_IF.search(normalised):
        return WHAT_IF
    if _HOW_LONG.search(normalised):
        return HOW_LONG
    return QUESTION


def _conditions(text: str, entities: Sequence[Dict[str, Any]]) -> Tuple[str, ...]:
    """The precautions the person has, not those denied ("normal renal function")."""
    return tuple(dict.fromkeys(e["value"] for e in entities if e["entity"] == "topic"
                               and e["value"] in knowledge.precautions()
                               and not _NOT_A_CONDITION.search(text[max(0, e["start"] - 25):e["start"]].lower())
                               and not _SAID_HEALTHY.match(text[e["end"]:e["end"] + 40].lower())))


def _assumed_population(population: Optional[str], age: Optional[float], child_named: bool,
                        conditions: Tuple[str, ...], normalised: str) -> Tuple[Optional[str], bool]:
    """(population, whether it was assumed to be the asker): with no one named, an adult's condition or "I" is an
    adult."""
    if population is None and age is None and not child_named and set(conditions) & ADULT_CONDITIONS:
        population = "adult"  # "I'm breastfeeding, what dose?": the one asking, an adult
    if population is None and age is None and not child_named and _SELF.search(normalised):
        return "adult", True
    return population, False


def _topics(normalised: str, plain: str, entities: Sequence[Dict[str, Any]], conditions: Tuple[str, ...],
            several: bool) -> List[str]:
    """The catalogue topics the message asks about, the one asked first first."""
    found_topics = topics.all_matches(normalised)
    if plain != normalised:  # a gloss in brackets: read the words around it too
        found_topics = list(dict.fromkeys(found_topics + topics.all_matches(plain)))
    if "alcohol" in found_topics and not any(e["entity"] == "drug" and e["value"] == "alcohol" for e in entities):
        found_topics.remove("alcohol")  # "I cannot eat or drink in the day": the entities read no alcohol there
    if "long_term_effects" in found_topics and _years_are_the_age(normalised, entities):
        found_topics.remove("long_term_effects")  # "she 11 now ... which one the leaflet say for 11 years?": her age
    denied = {e["value"] for e in entities if e["entity"] == "topic" and e["value"] not in conditions}
    # "an adult with normal renal function": not a question about kidney problems
    found_topics = [t for t in found_topics if knowledge.topic(t).get("precaution") not in denied]
    # "back stiffness from the spondylosis in my neck": a listed use, said in the same sentence, is the use; not
    # "back pain" (a story may still ask about another use: "on it for a spinal injury. ... for cravings too?")
    described = {t for sentence in _sentence_texts(plain) if topics.names_listed_use(sentence)
                 for t in topics.all_matches(sentence)}
    found_topics = [t for t in found_topics if not (knowledge.topic(t).get("unlisted_use") and t in described)]
    # a use the leaflet does not list, said only as the reason someone takes it ("I take baclofen for my back. How do I
    # take it when I fast?"), is not what the message asks: asked in a sentence that asks, or said as a use, it is
    asking = asking_sentences(plain)
    asked_topics = {t for _, _, sentence in asking for t in topics.all_matches(normalise(sentence))}
    claimed = {t for sentence in _sentence_texts(plain) if _USE_CLAIMED.search(sentence)
               for t in topics.all_matches(sentence)}
    found_topics = [t for t in found_topics if not knowledge.topic(t).get("unlisted_use") or t in asked_topics
                    or t in claimed or not asking]
    if len(found_topics) > 1:  # "whats the starting dose for adults. my mum ... is kind of confused": the dose asked
        found_topics = _asked_first(plain, found_topics)
    return found_topics


_FOR_YEARS = re.compile(r"\b(?:for|after) (\d+) years\b")


def _years_are_the_age(normalised: str, entities: Sequence[Dict[str, Any]]) -> bool:
    """Whether the long-term topic is named only by "for N years" where N is the age the message gives."""
    ages = {float(e["value"]) for e in entities if e["entity"] == "age" and isinstance(e.get("value"), (int, float))}
    if not ages:
        return False
    blanked = _FOR_YEARS.sub(lambda m: " " if float(m.group(1)) in ages else m.group(), normalised)
    return "long_term_effects" not in topics.all_matches(blanked)


_FOLLOW_UP = re.compile(r"^\W*(?:and|what about|how about|and what about|same (?:for|question for)|now for|"
                        r"(?:sorry|oops|no|correction)?,? ?i meant|(?:sorry|oops),? (?:it'?s|it was|make that))\b")
_ASKING = re.compile(r"\?|^\W*(?:\d\)\s*)?(?:what|how|when|why|which|where|who|is|are|can|could|should|do|does|will|"
                     r"would|may|any|whats|what'?s|hows|how'?s|wheres|where'?s|whos|who'?s)\b|"
                     # asked without a question's shape: "my question was whether lithium and baclofen clash"
                     r"\b(?:my question (?:is|was)|(?:i'?m |i was |just )?wondering (?:if|whether)|i wonder (?:if|whether)|"
                     r"(?:want|wanted|need|needed) to (?:ask|know|check) (?:if|whether|about|what|how)|"
                     r"(?:i'?d|i would) like to know|(?:can|could) you tell me|"
                     # asked for someone else: "he asks if the tablets will be ok in his coat pocket"
                     r"(?:asks?|asked|asking) (?:me |us |you |the doctor )?(?:if|whether)|"
                     r"wants? to know (?:if|whether|about|what|how|when|why))\b")


# A second question joined to the first ("the usual amount for his age, and can his mum breastfeed on it?"): a
# short message may hold two concerns too. Only a question's own shape after the joining word counts ("he is 7 and
# is on 10 mg" is told, not asked).
_SECOND_ASK = re.compile(r"[^?]\w[^?]*?(?:,\s*|\s)(?:and|also|plus|&)\s+(?:also\s+)?(?:"
                         r"(?:can|could|should|may|will|would|is|are|does|do|did)\s+(?:i|he|she|they|we|it|you|his|her|"
                         r"my|our|their|the|this|that|baclofen|these|those)\b|"
                         r"(?:can|could|should|may)\s+(?:take|have|give|use|mix|drink)\b|"
                         r"(?:what|how|when|which|who|why|where)\b(?!\s+(?:i|he|she|they|we)\s+(?:take|takes|took|"
                         r"said|told|was|were|am|is|want|wanted|need|needed|would)\b))")


def _asks_twice(normalised: str) -> bool:
    return "?" in normalised and _SECOND_ASK.search(normalised) is not None


_ASKS = r"^\W*(?:is|was|could|can|would|will|does|did|are)\s+"
# A question that opens by pointing back ("is that safe for him?"): it names nothing of its own (intents.py).
POINTS_BACK = re.compile(_ASKS + r"(?:that|this|these|those)\b")
# After another sentence of the same message, "it" points back too ("my spasms got worse. Is it possible?").
_POINTS_BACK_IN_MESSAGE = re.compile(_ASKS + r"(?:that|this|it|these|those)\b")
_USE_CLAIMED = re.compile(r"\b(?:can|could|does|do|will|would|may|might) (?:\w+ )?(?:help|treat|cure|stop|work|be used)|"
                          r"\b(?:helps|treats|cures|works) (?:for|with|people|you|to)|\bis used (?:for|to)|\bgood for\b")


def _sentence_texts(text: str) -> List[str]:
    return [sentence for _, _, sentence in sentences(text)]


# A second question joined inside one sentence ("can he have a dram at the festival, and will the tablets make his
# legs weaker?"): the sentence is read as two parts, each answered.
_JOINED_QUESTION = re.compile(r"(?:,\s*|;\s*|\s)(?:and|also|plus|&)\s+(?:also\s+)?(?=(?:can|could|should|may|will|"
                              r"would|is|are|does|do|did)\s+\w|(?:what|how|when|which|who|why|where)\b)")
MAX_ASKED_PARTS = 4


# The medicine a cause is asked of: baclofen by name or as "the tablets", "his meds", "the pump".
_THE_MEDICINE = (r"(?:baclofen|lioresal|(?:the|his|her|my|their|these|those|this|that|your) (?:baclofen|medicine|"
                 r"medication|meds|tablets?|pills?|drugs?|pump|muscle relaxants?))")
# A question whether what is told comes from the medicine: "is it from the medicine", "is that the baclofen", "could
# the tablets cause this", "a side effect of the pills?".
CAUSE_ASKED = re.compile(r"\bor (?:is it |it'?s |just |from |due to |because of )*" + _THE_MEDICINE + r"\b|"
                         r"\b(?:from|due to|because of|caused by|(?:a |the )?side ?effects? of|(?:is|was|could|can|"
                         r"might|would|are|were) (?:it|that|this|these|those|they|all this|all that)(?: be| all)?"
                         r"(?: just| only| really)?(?: from| due to| because of| caused by)?) " + _THE_MEDICINE + r"\b|"
                         r"\b" + _THE_MEDICINE + r" (?:cause[sd]?|causing|doing|do|does|did) (?:it|this|that|these|"
                         r"those)\b")
# The other cause put beside the medicine in such a question, after it ("... the baclofen or is it the old age?") or
# before it ("is it the weather or the tablets?"): its words name no topic asked.
_OTHER_CAUSE_AFTER = re.compile(_THE_MEDICINE + r"\b[^.?!\n]{0,25}?\bor\b(?P<other>[^.?!\n]*)", re.IGNORECASE)
_OTHER_CAUSE_BEFORE = re.compile(r"\b(?:is|was|could|can|might) (?:it|that|this|these|those|they) (?:be )?(?:just )?"
                                 r"(?P<other>[^.?!\n]{1,60}?)\bor\b (?:is it |is that |it'?s |could it be )?(?:just )?"
                                 r"(?:from |due to |because of )?" + _THE_MEDICINE + r"\b", re.IGNORECASE)


def _without_other_causes(text: str) -> str:
    """`text` with the other cause of each question asking whether something comes from the medicine blanked out
    (offsets kept): "is it from the medicine or is it the old age?" asks of the medicine, not of old age."""
    blanked = text
    for start, end, sentence in asking_sentences(text):
        if not CAUSE_ASKED.search(normalise(sentence)):
            continue
        for pattern in (_OTHER_CAUSE_AFTER, _OTHER_CAUSE_BEFORE):
            for match in pattern.finditer(sentence):
                low, high = start + match.start("other"), start + match.end("other")
                blanked = blanked[:low] + " " * (high - low) + blanked[high:]
    return blanked


def asked_parts(text: str, asked: Sequence[Tuple[int, int, str]], entities: Sequence[Dict[str, Any]],
                found_topics: Sequence[str], areas: Sequence[Tuple[int, str]] = ()) -> Tuple[AskedPart, ...]:
    """The questions of `text` (its asking sentences, a sentence split where a second question is joined to it), each
    with the topics, medicines, symptoms and parts of the body (`areas`, as _body_areas reads them) it names and
    whether it asks a dose. A question that names nothing of its own ("Is this allowed with the tablets?") is read
    with the sentence told before it, which it points back to; asked whether what it tells comes from the medicine
    ("... and my tea tastes of tin. Is that the baclofen?"), the changes told are asked, not the tea."""
    parts: List[AskedPart] = []
    asked_until = 0  # where the question before ends: what is told after it is what a question may point back to
    for start, end, sentence in asked:
        cuts = [0] + [m.start() for m in _JOINED_QUESTION.finditer(sentence.lower())] + [len(sentence)]
        for low, high in zip(cuts, cuts[1:]):
            begin = start + low
            # a part of the body counts only in a question whether a change comes from the medicine ("a muscle
            # medicine" names no change; a fall from a truck years ago is none asked about)
            cause_asked = bool(CAUSE_ASKED.search(normalise(text[begin:start + high])))
            part = _part(text, begin, start + high, entities, found_topics, areas if cause_asked else ())
            clause = normalise(text[begin:start + high])
            if part == AskedPart() and asked_until < begin and (
                    cause_asked or _POINTS_BACK_IN_MESSAGE.search(clause) or not names_its_own(clause)):
                # it points back ("Is that allowed?", "should I worry?"); a question naming things of its own that
                # nothing knows ("he asks if the tablets will be ok in his coat pocket") is said back instead
                begin = asked_until
                part = _part(text, begin, start + high, entities, found_topics, areas if cause_asked else (),
                             nearest_first=True)
                if cause_asked and (part.symptoms or part.areas):
                    part = _changes_asked(part)
            if part == AskedPart():  # said back with the sentence told just before it, which it points back to
                told = [s for s in sentences(text[:start + low]) if s[0] >= begin]
                quoted_from = told[-1][0] if told else start + low
                part = AskedPart(not_understood=not_understood(text, quoted_from, start + high, entities,
                                                               one_of_several=len(asked) > 1 or len(cuts) > 2))
            if part != AskedPart() and part not in parts:
                parts.append(part)
        asked_until = end
    return tuple(parts[:MAX_ASKED_PARTS])


def _unmatched(parts: Sequence[AskedPart]) -> Tuple[str, ...]:
    """The questions that name nothing the assistant knows, as said back, up to MAX_UNMATCHED."""
    return tuple(part.not_understood for part in parts if part.not_understood is not None)[:MAX_UNMATCHED]


def _changes_asked(part: AskedPart) -> AskedPart:
    """A question whether what was told comes from the medicine: the changes told are asked (the side-effect topics
    among the topics told; a cup of tea or a bus ride is the setting), and the nearest of them leads."""
    kept = tuple(t for t in part.topics if knowledge.topic_is_about_side_effects(t))
    lead = part.lead if part.lead in ("symptom", "area") else ("symptom" if part.symptoms else "area")
    return replace(part, topics=kept, drugs=(), lead=lead)


def _part(text: str, start: int, end: int, entities: Sequence[Dict[str, Any]], found_topics: Sequence[str],
          areas: Sequence[Tuple[int, str]] = (), nearest_first: bool = False) -> AskedPart:
    """What `text[start:end]` names; `nearest_first`: a question read with what was told before it, which is about
    the thing named last."""
    normalised = normalise(text[start:end])
    said = [(position, "topic", topic_id) for position, topic_id in topics.last_said(normalised)
            if topic_id in found_topics]
    said += [(e["start"] - start, e["entity"], e["value"]) for e in entities
             if e["entity"] in ("drug", "symptom") and start <= e["start"] < end]
    said += [(at - start, "area", area) for at, area in areas if start <= at < end]
    lead = max(said)[1] if nearest_first and said else None
    part_topics = (tuple(t for _, kind, t in sorted(said, reverse=True) if kind == "topic") if nearest_first
                   else tuple(t for t in topics.asked_clause_first(normalised) if t in found_topics))
    if _TABLETS_WITH_PUMP in found_topics and _TABLETS_ON_TOP.search(normalised):
        # the pump told in one sentence, a tablet taken on top of it asked in another
        part_topics = tuple(dict.fromkeys(part_topics + (_TABLETS_WITH_PUMP,)))
    return AskedPart(
        topics=part_topics,
        drugs=tuple(dict.fromkeys(value for _, kind, value in sorted(said, reverse=nearest_first) if kind == "drug")),
        # a side effect no list knows, asked of in this part ("he's put on two stone, is that the medicine?")
        symptoms=tuple(dict.fromkeys(value for _, kind, value in sorted(said, reverse=nearest_first)
                                     if kind == "symptom")) or _unknown_symptoms(normalised),
        areas=tuple(dict.fromkeys(value for _, kind, value in sorted(said, reverse=nearest_first) if kind == "area")),
        dose=bool(_ASKS_DOSE.search(normalised)), use=bool(_ASKS_USE.search(normalised)), lead=lead)


_TABLETS_WITH_PUMP = "tablets_with_pump"
_TABLETS_ON_TOP = re.compile(r"\b(?:tablets?|pills?|one|some)\b.{0,40}\b(?:on top|as well|in addition|extra|besides)\b|"
                             r"\b(?:on top|as well|in addition|extra|besides)\b.{0,20}\b(?:tablets?|pills?)\b")


_MEDICINE_WORDS = r"(?:it|this|that|they|baclofen|the (?:medicine|tablets?|pills?|drug)|this (?:medicine|tablet|drug))"
# What baclofen is for: "what is it for", "is this what the medicine is for", "why was he put on it".
_ASKS_USE = re.compile(rf"\bwhat(?: is|'s| are)? {_MEDICINE_WORDS} (?:is |are )?(?:used |prescribed |given )?for\b|"
                       rf"\b(?:is|was) (?:this|it|that) what {_MEDICINE_WORDS} (?:is|are|was) (?:used |given )?for\b|"
                       r"\bwhy (?:was|is|were|has|have) (?:he|she|i|they|my \w+|his \w+|her \w+) (?:been )?"
                       r"(?:given|prescribed|put on)\b|"
                       # "is baclofen for stroke stiffness?", "would it fix the cramps in my hands?"
                       rf"^\W*(?:is|are) {_MEDICINE_WORDS} (?:really |actually |only |just |also |even |mainly |usually )?"
                       r"(?:meant |used |any good |good |prescribed |given |a (?:drug|medicine|treatment) )?for\b"
                       r"(?!\s+(?:kids|children|a child|child|adults?|babies|a baby|toddlers?|teens?|teenagers?|"
                       r"old(?:er)? people|the elderly|elderly|women|men|me|him|her|them|us|everyone|anyone|"
                       r"(?:my|his|her|our|their|a) (?:\w+ )?(?:\d+ )?(?:son|daughter|child|kid|boy|girl|baby|mum|mom|"
                       r"mother|dad|father|gran\w*|husband|wife|brother|sister|nephew|niece)s?)\b)|"
                       rf"\b(?:would|will|could|can|does|do|might) {_MEDICINE_WORDS} (?:fix|help|treat|cure|sort out|"
                       r"ease|relieve|work (?:for|on))\b")


def _asked_first(normalised: str, found: List[str]) -> List[str]:
    """A story's topics, those of the sentences that ask first: "...ruined coffee for me. Any connection between these
    and baclofen?" asks about the symptoms, not the coffee."""
    asked: List[str] = []
    sentences = _sentence_texts(normalised)
    for index, sentence in enumerate(sentences):
        if _ASKING.search(sentence.strip()):
            asked += [t for t in topics.asked_clause_first(sentence) if t in found and t not in asked]
            if index and _POINTS_BACK_IN_MESSAGE.search(sentence.strip()) and not topics.all_matches(sentence):
                # "my spasms have got worse. Is that possible?": what the question points back to is asked
                asked += [t for t in topics.all_matches(sentences[index - 1]) if t in found and t not in asked]
    told = [t for t in found if t not in asked]
    # of the topics only told, a use the leaflet does not list said as one ("it can help people stop drinking. Is this
    # in the leaflet?": the use, not the drink) comes first, then what the leaflet covers before what it does not
    # ("ruined coffee"); a use that is only the reason someone takes it ("7 weeks for my back") is not asked
    claimed = {t for sentence in _sentence_texts(normalised) if _USE_CLAIMED.search(sentence)
               for t in topics.all_matches(sentence)}
    told.sort(key=lambda t: (not (knowledge.topic(t).get("unlisted_use") and t in claimed),
                             knowledge.topic(t)["coverage"] == "not_covered"))
    return asked + told


def _concerns(found_topics: Sequence[str]) -> Tuple[str, ...]:
    """A story's topics after its first: the next two, and any risky plan it tells further on ("I'll just share my
    tablets with him"), which is never dropped."""
    rest = tuple(found_topics[1:])
    return rest[:2] + tuple(t for t in rest[2:] if knowledge.topic(t).get("warns_of_a_plan"))


def _has_own_warning(topic_id: str) -> bool:
    """A topic whose answer is a warning in its own right (a precaution, a medicine, a use the leaflet does not list,
    said in the question: "I take it for back pain, is it safe while breastfeeding?"): worth adding to another answer."""
    entry = knowledge.topic(topic_id)
    return (bool(entry.get("precaution") or entry.get("interaction")) and entry["coverage"] != "not_covered"
            or bool(entry.get("unlisted_use")))


def person_entities(text: str, entities: List[Dict[str, Any]], question: Question) -> List[Dict[str, Any]]:
    """The entities the dialogue fills the person's slots from: a corrected age dropped, a population only referred to
    marked with the role "reference" (slot mappings take no role), an age said as "almost 2" set just under 2."""
    out = []
    kept_age = kept_route = False
    for entity in entities:
        entity = dict(entity)
        if entity["entity"] in ("age", "number", "weight") and _negated(text, entity["start"]):
            continue
        if entity["entity"] == "population" and entity["value"] in question.referred_populations \
                and entity["value"] != question.population:
            entity["role"] = "reference"
        if entity["entity"] == "age":
            if kept_age:
                continue  # one person: "I'm 30, breastfeeding my 3 month old" keeps the age the question chose
            kept_age = True
            if question.age_years is not None:
                entity["value"] = question.age_years  # the chosen age ("almost 2" already just under 2)
        if entity["entity"] == "route":
            if kept_route or question.route is None:
                continue  # "intrathecal; she can't tolerate the tablets": the route the question chose, or none
            kept_route, entity["value"] = True, question.route
        out.append(entity)
    if question.self_assumed and not any(e["entity"] in ("age", "number", "population") for e in out):
        # "what's my starting dose?": the asker's own dose, read as an adult's (the check's answer says so)
        out.append({"entity": "population", "value": "adult", "start": 0, "end": 0, "extractor": "QuestionReader",
                    "assumed": True})
    return out


def just_under(years: float) -> float:
    """'almost 2': a month under 2 years, so that it falls in the band below the edge."""
    return max(0.0, years - 1 / 12)
