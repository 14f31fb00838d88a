"""Resolve the date expressions of news text against the article's date.

News dates are mostly relative ("on Wednesday", "earlier this month", "in
September"), so a parser that only knows absolute dates is wrong for most events.
Each expression resolves to (start, end, precision); a month or a year is kept as
its first day with precision "month"/"year" so that no day is invented.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from kg.nlp.titles import is_title
from kg.nlp.tree import up

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

TIMES = "dip_times"  # Doc.user_data key of times_in's grouping
DEICTIC_DAYS = ("today", "tonight", "yesterday", "tomorrow")  # days named from the day of writing
THE_MONTH = ("the month", "this month")  # in a story a headline dates to a month, that month ("at the end of the month")
UNTIL = {"until", "till", "til", "by"}  # a date after these ends what was done (or is its deadline)
PRECEDING = {"ahead", "before", "prior"}  # "ahead of the debate on May 3": what was done came before that date
FOLLOWING = {"after", "following"}  # "resigned after the tape was leaked on Wednesday": not on that Wednesday

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>\d{4})"
_HEADLINE_MONTH = re.compile(r"\b(?P<month>" + "|".join(m.capitalize() for m in MONTHS) + r"),?\s+(?P<year>\d{4})\b")
_PATTERNS = [
    # July 8-9, 2024 / July 8 – 9 2024
    ("span", re.compile(_MONTH + r"\s+(?P<d1>\d{1,2})\s*[-–]\s*(?P<d2>\d{1,2}),?\s*" + _YEAR + "?", re.I)),
    # 8-9 July 2024
    ("span", re.compile(r"(?P<d1>\d{1,2})\s*[-–]\s*(?P<d2>\d{1,2})\s+" + _MONTH + r",?\s*" + _YEAR + "?", re.I)),
    # July 8, 2024 / July 8 / July 8th
    ("day", re.compile(_MONTH + r"\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?\b,?\s*" + _YEAR + "?", re.I)),
    # 8 July 2024 / 8th of July
    ("day", re.compile(r"(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s*" + _YEAR + "?", re.I)),
    ("iso", re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<d1>\d{2})")),
    # July 2024 / July
    ("month", re.compile(r"\b" + _MONTH + r"\b,?\s*" + _YEAR + "?", re.I)),
    # the 1990s: a decade, from its first year to its last
    ("decade", re.compile(r"\b(?P<year>(?:19|20)\d0)[’']?s\b")),
    ("year", re.compile(r"\b(?:in\s+)?(?P<year>(?:19|20)\d{2})\b")),
]


@dataclass(frozen=True)
class DateSpan:
    start: date
    end: date | None = None
    precision: str = "day"  # "day", "month" or "year"


_YEAR_WORDS = re.compile(r"\s*\b(of\s+)?(this|last|next)\s+year\b", re.I)


def resolve(text: str, anchor: date, *, future: bool = False) -> DateSpan | None:
    """The date `text` names, read on `anchor` (the article's date).

    `future` says the sentence speaks of something to come, so "in December" and
    "on Friday" mean the next one rather than the last.
    """
    lowered = text.lower().strip()
    if (year := _YEAR_WORDS.search(lowered)) and any(re.search(rf"\b{name}\b", lowered) for name in MONTHS if len(name) > 3):
        # "January of this year", "September 20 of last year": the month or day, in that year
        number = anchor.year + {"this": 0, "last": -1, "next": 1}[year.group(2)]
        return resolve(_YEAR_WORDS.sub(f" {number}", text, count=1).replace(" , ", ", "), anchor, future=future)
    relative = _relative(lowered, anchor, future)
    if relative:
        return relative
    for kind, pattern in _PATTERNS:
        m = pattern.search(text)
        if m:
            try:
                return _absolute(kind, m, anchor, future)
            except ValueError:  # "February 30": not a date at all
                return None
    for name, weekday in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", lowered):
            return DateSpan(_weekday(anchor, weekday, future))
    return None


def _absolute(kind: str, m: re.Match, anchor: date, future: bool) -> DateSpan:
    groups = m.groupdict()
    if kind == "year":
        return DateSpan(date(int(groups["year"]), 1, 1), precision="year")
    if kind == "decade":  # "in the 1990s": from 1990 to 1999
        return DateSpan(date(int(groups["year"]), 1, 1), date(int(groups["year"]) + 9, 1, 1), precision="year")
    month = int(groups["month"]) if kind == "iso" else MONTHS[groups["month"].lower().rstrip(".")]
    year = int(groups["year"]) if groups.get("year") else _year_for(month, anchor, future)
    if kind == "month":
        return DateSpan(date(year, month, 1), precision="month")
    start = date(year, month, int(groups["d1"]))
    if kind == "span":
        return DateSpan(start, date(year, month, int(groups["d2"])))
    return DateSpan(start)


def _year_for(month: int, anchor: date, future: bool) -> int:
    """The year of a bare month: the nearest one on the side the tense points to."""
    if future:
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1


def _weekday(anchor: date, weekday: int, future: bool) -> date:
    if future:
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _month_start(d: date, shift: int = 0) -> date:
    index = d.year * 12 + d.month - 1 + shift
    return date(index // 12, index % 12 + 1, 1)


def deictic_patterns() -> list[dict]:
    """DATE patterns for the days named from the day of writing, which the model leaves
    untagged at times ("Today, Carrie Lam delivered her annual policy speech")."""
    return [{"label": "DATE", "pattern": [{"LOWER": word}]} for word in DEICTIC_DAYS]


def _relative(text: str, anchor: date, future: bool) -> DateSpan | None:
    if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", text):
        return DateSpan(anchor)
    if re.search(r"\byesterday\b", text):
        return DateSpan(anchor - timedelta(days=1))
    if re.search(r"\btomorrow\b", text):
        return DateSpan(anchor + timedelta(days=1))
    if re.search(r"\bthis weekend\b", text):
        return DateSpan(anchor + timedelta(days=(5 - anchor.weekday()) % 7))
    if re.search(r"\b(this|the) month\b", text):
        return DateSpan(_month_start(anchor), precision="month")
    if re.search(r"\blast month\b", text):
        return DateSpan(_month_start(anchor, -1), precision="month")
    if re.search(r"\bnext month\b", text):
        return DateSpan(_month_start(anchor, 1), precision="month")
    if re.search(r"\bthis year\b", text):
        return DateSpan(date(anchor.year, 1, 1), precision="year")
    if re.search(r"\blast year\b", text):
        return DateSpan(date(anchor.year - 1, 1, 1), precision="year")
    if re.search(r"\bnext year\b", text):
        return DateSpan(date(anchor.year + 1, 1, 1), precision="year")
    if match := re.search(r"\b(last|this|next) week\b", text):
        # a week is not a day: known to the month
        shift = {"last": -7, "this": 0, "next": 7}[match.group(1)]
        # to the month its middle falls in: "earlier this week" in a paper of Friday, November 1, is October's
        monday = anchor - timedelta(days=anchor.weekday())
        if shift == 0 and re.search(r"\blater this week\b", text):
            middle = anchor + timedelta(days=(6 - anchor.weekday() + 1) // 2)
        elif shift == 0:
            middle = monday + timedelta(days=max(anchor.weekday() - 1, 0) // 2)
        else:
            middle = monday + timedelta(days=shift + 3)
        return DateSpan(_month_start(middle), precision="month")
    if match := re.search(r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(day|week|month|year)s?\s+ago\b", text):
        count, unit = NUMBERS.get(match.group(1)) or int(match.group(1)), match.group(2)
        if unit == "day":
            return DateSpan(anchor - timedelta(days=count))
        if unit == "year":
            return DateSpan(date(anchor.year - count, 1, 1), precision="year")
        days = 7 * count if unit == "week" else 30 * count
        return DateSpan(_month_start(anchor - timedelta(days=days)), precision="month")
    return None


NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


# -- an event's date, from its sentence and the narrative -------------------------------


def event_date(sent: Span, scope: set[int], anchor: date, future: bool, own: set[int], period: date | None = None,
               only: set[int] | None = None, quoted: frozenset[int] = frozenset()):
    """The clause's own date, else one told of another clause of the sentence ("travelled to
    attend the summit held on July 8-9"): a news sentence tells one day's doings. (Cutting
    that to the month lost 5 points of date accuracy on the newer gold and gained none.)
    `only`: the tokens a date must stand in (an event told in an apposition: "X, the suspect in
    a shooting, was released Friday" was not shot on Friday). `quoted`: the tokens of a
    quotation the event is not in ("said in a statement: 'an election tomorrow would ...'")."""
    dates = [e for e in times_in(sent) if e.label_ == "DATE" and (only is None or e.root.i in only) and e.root.i not in quoted]
    dates.sort(key=lambda e: e.root.i not in scope)  # the clause's own date first
    for ent in dates:
        if ent[0].lower_ in UNTIL or any(t.lower_ in UNTIL and t.dep_ == "prep" and not any(c.dep_ == "pcomp" for c in t.children)
                                         for t in up(ent.root)):
            # "extended its order until May 1", "until his next court appearance on April 5": an end, not when
            # ("by strangling her in 2016" is how, not by when)
            continue
        if ent.root.head.lower_ == "since" and _date_head(ent.root) not in own:
            continue  # "seized the drug, stating it has been an emergency since April 2016": another clause's start
        # "On Wednesday, Lam announced that her government will withdraw the bill": a planned
        # event, but the weekday dates the announcement, a past verb: the Wednesday before
        verb = sent.doc[_date_head(ent.root)]  # ("would be reached in October": a participle after a modal is ahead)
        ahead = future and (verb.tag_ not in {"VBD", "VBN"} or any(c.tag_ == "MD" for c in verb.children))
        span = resolve(ent.text, anchor, future=ahead)
        if span is None:
            continue
        if period is not None and ent.text.lower().endswith(THE_MONTH):
            span = DateSpan(period, None, "month")  # "started the month visiting Kenosha" in a story of September
        if _came_before(ent.root, own) or any(t.lower_ in PRECEDING for t in sent.doc[max(ent.start - 3, sent.start) : ent.start]):
            continue  # "dropped out ahead of the debate scheduled for November 20", "prior to Super Tuesday": not on that day
        head = ent.root.head
        of_a_thing = ent.root.dep_ == "nummod" and head.dep_ == "pobj" and head.head.lower_ == "of" and head.ent_type_ in {"", "EVENT"}
        if (of_a_thing or (ent.root.dep_ in {"compound", "nmod", "amod"} and head.pos_ == "NOUN" and not head.ent_type_)) and (
                head.i not in own and not is_title(head)):
            # "sentenced two smugglers for the migrants' September 2015 deaths": the deaths' date ("to
            # protest the results of the 2020 election" on Saturday: the election's; "during a 2018
            # trip", "supported the 2008 campaign" are the deed's)
            # (not a title the parser hung it on: "on Sunday Presidents Buhari and Talon signed")
            continue
        if _date_head(ent.root) in own or ent.root.i in own:
            return span
        if _describes_someone(ent.root, own):
            continue  # "McGurk, who was envoy until December, criticised ...": his tenure, not the event
        if _came_after(ent.root, own) and span.precision == "day":
            # "filed his resignation after the recording was uploaded Wednesday": some day after that one
            return DateSpan(span.start.replace(day=1), None, "month")
        return span
    return None


def _describes_someone(token: Token, own: set[int]) -> bool:
    """The date sits in a relative clause or an apposition of a noun outside the event's clause."""
    for t in up(token):
        if t.dep_ in {"relcl", "appos"}:
            return t.i not in own
    return False


def _came_before(token: Token, own: set[int]) -> bool:
    """The date is of something the event is told to have come before ("ahead of", "before",
    "prior to"), reached before the event's own words."""
    for t in up(token):
        if t.i in own:
            return False
        if t.lower_ in PRECEDING and t.dep_ in {"prep", "advmod"}:
            return True
    return False


def _came_after(token: Token, own: set[int]) -> bool:
    """The date is of something the event is told to have followed ("after", "following")."""
    for t in up(token):
        if t.i in own:
            return False
        if t.lower_ in FOLLOWING and t.dep_ == "prep" or any(c.dep_ == "mark" and c.lower_ in FOLLOWING for c in t.children):
            return True
    return False


def _date_head(token: Token) -> int:
    """The verb a date phrase hangs from (the root when no verb is above it)."""
    chain = list(up(token))
    return next((t for t in chain if t.pos_ in {"VERB", "AUX"}), chain[-1]).i


def times_in(sent: Span) -> list[Span]:
    """The DATE and TIME entities of a sentence. `Span.ents` builds every entity of the
    document again on each call; these are grouped by sentence once per Doc, kept in
    `Doc.user_data` (spaCy's place for what belongs to one Doc)."""
    doc = sent.doc
    grouped = doc.user_data.get(TIMES)
    if grouped is None:
        grouped = {}
        for ent in doc.ents:
            if ent.label_ in {"DATE", "TIME"}:
                grouped.setdefault(ent.sent.start, []).append((ent.start, ent.end, ent.label_))
        doc.user_data[TIMES] = grouped
    return [Span(doc, start, end, label=label) for start, end, label in grouped.get(sent.start, ()) if end <= sent.end]


def sentence_dates(doc: Doc, anchor: date) -> dict[int, DateSpan]:
    """The date each sentence names, if any, by sentence start: the narrative's timeline."""
    found: dict[int, DateSpan] = {}
    period = doc._.dip_period if doc.has_extension("dip_period") else None
    for ent in doc.ents:  # once over the entities: per sentence, Span.ents would rescan them all
        if ent.label_ == "DATE" and not _aside(ent.root):
            start = ent.sent.start
            if start not in found and (span := resolve(ent.text, anchor)):
                found[start] = DateSpan(period, None, "month") if period and ent.text.lower().endswith(THE_MONTH) else span
    if _RELATIVE_DAY.search(doc.text):
        last = None
        for sent in doc.sents:
            if sent.start not in found and (span := relative_day(sent, last)):
                found[sent.start] = span
            last = found.get(sent.start)
    return found


# "that day", "the same day", "the next day", "the day before": a day counted from the day told before
_RELATIVE_DAY = re.compile(r"\b(?:(?:that(?: very| same)?|the(?: very)? same) day\b(?! (?:before|after))|the (?P<next>next|following) day|"
                           r"the (?P<previous>previous|preceding) day|the day (?P<when>before|after)\b)", re.I)


def relative_day(sent: Span, before: DateSpan | None) -> DateSpan | None:
    """The day a sentence names by the day the sentence before it tells (`before`, when that
    is a day): "In a meeting that day", "The next day, protesters returned". Further back,
    which day is meant is a guess ("the same day" after a sentence with no date)."""
    if before is None or before.precision != "day" or (found := _RELATIVE_DAY.search(sent.text)) is None:
        return None
    shift = 1 if found["next"] or found["when"] == "after" else -1 if found["previous"] or found["when"] == "before" else 0
    return DateSpan(before.start + timedelta(days=shift), None, "day")


def _aside(token: Token) -> bool:
    """A date that starts or ends a span ("have filled the streets since early June", "in
    custody until his next court appearance on April 5", "leave by October 31") tells when
    something began or must end, not the day the story is at. (Dates in relative clauses stay
    threads: leaving them out lost 7 points of date accuracy on the older gold.) Nor is the
    date of what is yet to come ("the policy, which is to take effect on December 10")."""
    verb = token.doc[_date_head(token)]
    ahead = any(c.dep_ == "aux" and c.lower_ in {"will", "shall", "'ll"} for c in verb.children) or (
        verb.dep_ == "xcomp" and verb.head.lemma_ == "be" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children))
    return ahead or token.head.lower_ == "since" or any(t.lower_ in UNTIL and t.dep_ == "prep" for t in up(token))


def headline_month(title: str | None) -> date | None:
    """The month a headline names ("On the campaign trail in the USA, September 2020"): the
    period the whole story tells of. None unless it names exactly one month of one year."""
    found = {(int(m["year"]), MONTHS[m["month"].lower()]) for m in _HEADLINE_MONTH.finditer(title or "")}
    if len(found) != 1:
        return None
    year, month = found.pop()
    return date(year, month, 1)
