"""What a Vietnamese message asks, in the typed question's terms (question.py reads English): permission, what-if,
how long, a dose asked, a child named, the asker's own dose, an amount with how often it is given. Plain Python.

Read on the normalised message with its chat abbreviations written out ("ko dc" -> "khong duoc"); an amount's
schedule on the folded text around the amount entity ("5 mg x 3 lần", "ngày 3 lần, mỗi lần 5 mg", "1 viên 10mg",
"15mg/ngày chia 3 lần").
"""
from __future__ import annotations

import re
from typing import Any, Dict, Optional, Tuple

from baclofen.language.measures_vi import NUMBER, number_value
from baclofen.language.normalise import expand_abbreviations, normalise

PERMISSION, WHAT_IF, HOW_LONG, QUESTION = "permission", "what_if", "how_long", "question"

_PERMISSION = re.compile(r"\b(?:(?:co )?duoc khong|duoc chua|co sao khong|co on khong|on khong|co nen|nen khong|"
                         r"co an toan|an toan khong|co bi gi khong|dung khong|co dung khong|co the (?:uong|dung|cho|"
                         r"tang|giam)|co nhieu qua khong|co qua lieu khong|co cao qua khong|vay co|phai khong|(?:co )?(?:qua nhieu|"
                         r"nhieu qua|cao qua|qua cao|it qua|qua it) (?:khong|ko|k|chua)|co sao ko|duoc ko|dc ko)\b")
_WHAT_IF = re.compile(r"\b(?:neu|gia su|lo ma|lo nhu|nho ma|thi sao|thi lam sao|truong hop)\b")
_HOW_LONG = re.compile(r"\b(?:bao lau|mat bao lau|khi nao|bao gio|may ngay|may tuan)\b")
_ASKS_DOSE = re.compile(r"\blieu(?: dung| luong| thuoc)?\b.{0,40}\b(?:bao nhieu|the nao|ra sao|la gi|cho)\b|"
                        r"\b(?:uong|dung|cho uong|cho dung) (?:\w+ ){0,2}bao nhieu\b|\bbao nhieu (?:mg|vien|lieu|lan)\b|"
                        r"\blieu (?:khoi dau|ban dau|toi da|duy tri|bat dau)\b|\bmay (?:vien|lan)\b")
_DOSE_WORDS = re.compile(r"\b(?:lieu|bao nhieu|mg|miligam|vien|may lan)\b")
_CHILD = re.compile(r"\b(?:con (?:toi|minh|em|tui|trai|gai|nha|nho|be)|be|em be|chau|tre em|tre nho|tre con|"
                    r"thang be|con be|dua nho|dua be|so sinh)\b")
_SELF = re.compile(r"\b(?:toi|minh|tui|em) (?:co the |duoc |nen |dang |da |muon )?(?:uong|dung|tang|giam|xai)\b|"
                   r"\bcho (?:toi|minh|tui)\b|\blieu cua (?:toi|minh|tui|em)\b")
_WITH_BACLOFEN = re.compile(r"\b(?:baclofen|thuoc nay|voi|cung|chung|ket hop|tuong tac|trong khi)\b")
_PROPOSAL = re.compile(r"\b(?:du khong|du chua|nhieu qua|qua nhieu|qua cao|it qua|cao qua|thap qua|co du|qua lieu|"
                       r"duoc khong|dung khong|tang len|giam xuong)\b")
_REPORTED = re.compile(r"\b(?:da|vua|lo|vua moi) (?:uong|dung|cho uong|nuot)\b|\bquen\b|\bnon ra\b|\boi ra\b|"
                       r"\b(?:uong|dung|cho uong) (?:\w+ ){0,3}roi\b")
_FOLLOW_UP = re.compile(r"^\W*(?:con|the con|vay con|con voi|con cho)\b.{0,60}\b(?:thi sao|thi the nao|thi bao nhieu)")

_N = rf"(?P<n>{NUMBER})"
_TIMES_AFTER = re.compile(rf"^\W*(?:(?:x|nhan)\s*|(?:/\s*lan|(?:mot|moi|1) lan)?\W*(?=(?:{NUMBER}) lan\s*(?:/|mot|moi|1|"
                          rf"trong)\s*ngay\b)){_N}\s*lan\b")
_TIMES_ANYWHERE = re.compile(rf"\b(?:(?:ngay|moi ngay|mot ngay)\s*(?:uong\s*)?|chia (?:lam )?)(?P<n>{NUMBER}) lan\b")
_PER_DAY_AFTER = re.compile(r"^\W*(?:/\s*ngay|(?:mot|moi|1|trong|trong mot) ngay|hang ngay)\b")
_PER_DOSE_AFTER = re.compile(r"^\W*(?:/\s*lan|(?:mot|moi|1) lan|moi lieu|mot lieu)\b")
_TABLETS_BEFORE = re.compile(rf"(?:{_N}|(?P<half>nua|ruoi)) vien(?: loai| thuoc| nen)?\W*$")


def readable(text: str) -> str:
    return expand_abbreviations(normalise(text))


def fields(normalised: str) -> Dict[str, Any]:
    """The typed question's fields a Vietnamese message sets, from its readable form (see readable())."""
    kind = (PERMISSION if _PERMISSION.search(normalised) else WHAT_IF if _WHAT_IF.search(normalised)
            else HOW_LONG if _HOW_LONG.search(normalised) else QUESTION)
    return {"kind": kind, "asks_dose": bool(_ASKS_DOSE.search(normalised)),
            "dose_words": bool(_DOSE_WORDS.search(normalised)), "with_baclofen": bool(_WITH_BACLOFEN.search(normalised)),
            "asks_how_long": bool(_HOW_LONG.search(normalised)), "proposal_words": bool(_PROPOSAL.search(normalised)),
            "reported": bool(_REPORTED.search(normalised)), "follow_up": bool(_FOLLOW_UP.search(normalised))}


def names_a_child(normalised: str) -> bool:
    return bool(_CHILD.search(normalised))


def speaks_of_self(normalised: str) -> bool:
    return bool(_SELF.search(normalised))


def schedule(text: str, entity: Dict[str, Any]) -> Tuple[float, Optional[str], Optional[int]]:
    """(the amount per dose or per day, "dose" / "day" / None, times a day or None) of one amount entity, read from
    the words around it: "5 mg x 3 lần" (5, dose, 3); "15mg/ngày chia 3 lần" (15, day, 3); "1 viên 10mg" (10, dose);
    "ngày 3 lần, mỗi lần 5 mg" (5, dose, 3)."""
    amount = float(entity["value"]["value"])
    before = readable(text[max(0, entity["start"] - 40):entity["start"]])
    after = readable(text[entity["end"]:entity["end"] + 60])
    per = "day" if _PER_DAY_AFTER.search(after) else ("dose" if _PER_DOSE_AFTER.search(after) else None)
    tablets = _TABLETS_BEFORE.search(before)
    if tablets:  # "1 viên 10mg": so many tablets of that strength, at a time
        count = 0.5 if tablets.group("half") else (number_value(tablets.group("n")) or 1.0)
        amount, per = amount * count, per or "dose"
    times = _times(after) or _times_in(before + " " + after)
    if per == "day":
        times = None  # "15mg/ngày chia 3 lần": the day's amount is what was said (times_a_day multiplies a dose)
    elif times:
        per = "dose"
    return amount, per, times


def _times(after: str) -> Optional[int]:
    found = _TIMES_AFTER.search(after)
    if not found:
        return None
    value = number_value(found.group("n") or "")
    return int(value) if value else None


def _times_in(words: str) -> Optional[int]:
    found = _TIMES_ANYWHERE.search(words)
    if not found:
        return None
    value = number_value(found.group("n"))
    return int(value) if value else None
