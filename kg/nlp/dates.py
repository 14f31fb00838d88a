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

from kg.nlp.quotes import open_quote, quoted_in
from kg.nlp.titles import is_title
from kg.nlp.tree import up

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

TIMES = "dip_times"  # Doc.user_data key of times_in's grouping
THE_MONTH = {"the month", "this month"}  # in a story a headline dates to a month, that month
UNTIL = {"until", "till", "til", "by"}  # a date after these ends what was done (or is its deadline)
PRECEDING = {"ahead", "before", "prior"}  # "ahead of the debate on May 3": what was done came before that date

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
        # a week is not a day: known to the month it starts in
        shift = {"last": -7, "this": 0, "next": 7}[match.group(1)]
        return DateSpan(_month_start(anchor + timedelta(days=shift)), precision="month")
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
        if ent[0].lower_ in UNTIL or any(t.lower_ in UNTIL and t.dep_ == "prep" for t in up(ent.root)):
            continue  # "extended its order until May 1", "until his next court appearance on April 5": an end, not when
        if ent.root.head.lower_ == "since" and _date_head(ent.root) not in own:
            continue  # "seized the drug, stating it has been an emergency since April 2016": another clause's start
        # "On Wednesday, Lam announced that her government will withdraw the bill": a planned
        # event, but the weekday dates the announcement, a past verb: the Wednesday before
        verb = sent.doc[_date_head(ent.root)]  # ("would be reached in October": a participle after a modal is ahead)
        ahead = future and (verb.tag_ not in {"VBD", "VBN"} or any(c.tag_ == "MD" for c in verb.children))
        span = resolve(ent.text, anchor, future=ahead)
        if span is None:
            continue
        if period is not None and ent.text.lower() in THE_MONTH:
            span = DateSpan(period, None, "month")  # "started the month visiting Kenosha" in a story of September
        if _came_before(ent.root, own) or any(t.lower_ in PRECEDING for t in sent.doc[max(ent.start - 3, sent.start) : ent.start]):
            continue  # "dropped out ahead of the debate scheduled for November 20", "prior to Super Tuesday": not on that day
        head = ent.root.head
        if (ent.root.dep_ in {"compound", "nmod", "amod"} and head.pos_ == "NOUN" and head.i not in own
                and not head.ent_type_ and not is_title(head)):
            # "sentenced two smugglers for the migrants' September 2015 deaths": the deaths' date
            # (not a title the parser hung it on: "on Sunday Presidents Buhari and Talon signed")
            continue
        if _date_head(ent.root) in own or ent.root.i in own:
            return span
        if _describes_someone(ent.root, own):
            continue  # "McGurk, who was envoy until December, criticised ...": his tenure, not the event
        return span
    return None


def told_when(head: Token, verb: Token, speech: Token | None, attribution: set[int], scope: set[int], future: bool,
              anchor: date, timeline: dict[int, DateSpan], previous: int | None, lexicon) -> DateSpan:
    """When an event happened: its clause's own date, else a day counted from the sentence
    before ("the next day"), else the thread of the story (context_date)."""
    doc, sent = head.doc, head.sent
    own = {verb.i, head.i} | ({t.i for t in head.subtree} if head.pos_ != "VERB" else set())
    if speech is not None:
        own |= {speech.i} | {c.i for c in speech.children if c.dep_ == "advcl"}
    # "..., according to a statement on Wednesday by the Foreign Office": the saying dates what it says
    own |= {i for i in attribution if doc[i].lemma_ in lexicon["speech_nouns"] or any(a.lemma_ in lexicon["speech_nouns"] for a in doc[i].ancestors)}
    recent = any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in {"VBZ", "VBP"} for c in verb.children)
    aside = next((t for t in up(head) if t.dep_ == "appos"), None)
    only = {t.i for t in aside.subtree} if aside is not None and aside.i != head.i else None
    if came_first(head):  # (the by-election's "tomorrow" is no date of the resignation before it)
        only = {t.i for t in head.subtree}
    period = doc._.dip_period
    quoted = frozenset(quoted_in(sent, open_quote(sent) is not None))
    quoted = frozenset() if head.i in quoted else quoted  # the saying is not dated by what it quotes
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in {"after", "since"} for c in verb.children):
        # "As of Monday, he was still in critical condition, after a bullet hit him": what came
        # before the clause's day is of its month, not of that day ("in 2003 after ..." holds)
        told = event_date(sent, scope, anchor, future, own, period, {t.i for t in verb.subtree}, quoted)
        outer = told or event_date(sent, scope, anchor, future, own, period, only, quoted)
        if outer is not None and told is None and outer.precision == "day":
            outer = DateSpan(outer.start.replace(day=1), None, "month")
        if outer is not None:
            return outer
    return (event_date(sent, scope, anchor, future, own, period, only, quoted) or _quoted_month(sent, scope, anchor, own, period, only, quoted)
            or relative_day(sent, timeline.get(previous)) or context_date(sent, anchor, timeline, previous, recent, period, _told_again(sent, lexicon)))


def _quoted_month(sent: Span, scope, anchor: date, own, period, only, quoted) -> DateSpan | None:
    """A saying dated only by what it quotes ("issued a statement: 'There was an assault on
    Friday, August 30'") is of that month, not that day; not of a day still ahead."""
    if not quoted or (found := event_date(sent, scope, anchor, False, own, period, quoted if only is None else only & quoted)) is None:
        return None
    return None if found.start > anchor else DateSpan(found.start.replace(day=1), None, "month" if found.precision == "day" else found.precision)


def came_first(head: Token) -> bool:
    """An event noun in a phrase of what came before ("a by-election following the
    resignation of MP John McVeigh", "after Tuesday's arrest of ..."): it had happened by
    the time of its clause, whatever that clause's tense or date."""
    return (head.pos_ in {"NOUN", "PROPN"} and head.dep_ == "pobj" and head.head.lower_ in {"after", "following"}
            and any(c.dep_ in {"poss", "prep"} for c in head.children)
            and not any(t.lower_ in {"next", "upcoming", "planned", "coming"} or t.ent_type_ == "DATE" and t.lower_ in {"tomorrow"}
                        for t in head.subtree))


def _told_again(sent: Span, lexicon) -> bool:
    """The sentence opens on what the one before told, named again by a definite noun, and
    goes on about that same act, so on its day: what it says ("The statement also said"), how
    it was done ("The announcement was made after a phone call"), what is in it ("In the
    letter, Pompeo cited ..."). Not what others did to it: "The call was quickly seconded by
    Merkel" may be days later."""
    root = sent.root
    openers = [c for c in root.children if c.dep_ == "nsubj" and root.lemma_ in lexicon["speech_verbs"]
               or c.dep_ == "nsubjpass" and root.lemma_ in lexicon["light_verbs"]]
    openers += [p for c in root.children if c.dep_ == "prep" and c.i == sent.start and c.lower_ in {"in", "during"}
                for p in c.children if p.dep_ == "pobj"]
    return any(t.lemma_.lower() in lexicon["told_again"] and t.i < root.i
               and any(d.dep_ == "det" and d.lower_ in {"the", "this", "that"} for d in t.children) for t in openers)


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
                found[start] = DateSpan(period, None, "month") if period and ent.text.lower() in THE_MONTH else span
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


def context_date(sent: Span, anchor: date, context: dict[int, DateSpan], previous: int | None, recent: bool = False,
                 period: date | None = None, again: bool = False) -> DateSpan:
    """A sentence without a date of its own continues the one before it (starting at
    `previous`): "During the call, ...", "Following the summit, ...": that date, to the month
    (to the year if that is all it tells; a past year alone is background, no thread).
    A `recent` event (told in the present perfect: "has called for") is of the article's month;
    one with no thread to follow, of the month the headline names (`period`), if it names one."""
    if recent:  # the present perfect is the time of writing's recent past, whatever came before
        return DateSpan(anchor.replace(day=1), None, "month")
    if previous in context and "\n" in sent.doc[sent.start - 1].text_with_ws + sent.doc[sent.start - 1].text:
        # a new paragraph after a look back ("gatherings were allowed in May again") goes on
        # from the story's present, the latest day told before it, not from the look back
        told = [d for k, d in context.items() if k < sent.start and d.start <= anchor and d.precision == "day"]
        present = max(told, key=lambda d: d.start, default=None)
        if present is not None and context[previous].start < present.start.replace(day=1):
            return DateSpan(present.start.replace(day=1), None, "month")
    background = previous in context and context[previous].precision == "year" and context[previous].start.year < anchor.year
    if previous in context and context[previous].start.replace(day=1) <= anchor and not background:
        # (a prediction, "would run again in 2024", is no thread; nor is a past year, "convicted in 2007", told as background)
        if sent[0].lower_ == "then" or again:  # "Then both nations issued statements": the same day, told next
            return context[previous]
        thread = context[previous]  # to the month, or to the year when that is all the thread tells
        if period is not None and thread.start < period <= anchor:
            # "George Floyd, whose death in May led to protests" in a story of August: the story's month
            return DateSpan(period, None, "month")
        return DateSpan(thread.start.replace(day=1), None, "year" if thread.precision == "year" else "month")
    if period is not None and period <= anchor:
        return DateSpan(period, None, "month")
    # No thread to follow: the article's month when the story it tells stays within one
    # month, else only its year ("the crash in August, the request in October, ...").
    months = {(d.start.year, d.start.month) for d in context.values() if d.start <= anchor and d.start.year == anchor.year}
    if len(months - {(anchor.year, anchor.month)}) == 0:
        return DateSpan(anchor.replace(day=1), None, "month")
    return DateSpan(anchor.replace(month=1, day=1), None, "year")
