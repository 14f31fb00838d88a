"""When an event happened: its clause's own date, a day counted from the sentence before, a
day its quotation names, or the thread of the story the sentence goes on (dates.py reads
the dates themselves)."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from kg.nlp.dates import DateSpan, event_date, relative_day
from kg.nlp.quotes import quoted_tokens
from kg.nlp.tree import up

OCCASION_PREPS = {"during", "at", "after", "following"}
VERBAL_ACTS = {"Statement", "Accusation", "Request", "Rejection", "Threat"}  # done in words, on one occasion


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
    quoted = frozenset(quoted_tokens(sent))
    quoted = frozenset() if head.i in quoted else quoted  # the saying is not dated by what it quotes
    when = event_date(sent, scope, anchor, future, own, period, only, quoted)
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in {"after", "since"} for c in verb.children):
        # "As of Monday, he was still in critical condition, after a bullet hit him": what came
        # before the clause's day is of its month, not of that day ("in 2003 after ..." holds)
        told = event_date(sent, scope, anchor, future, own, period, {t.i for t in verb.subtree}, quoted)
        if told is not None:
            when = told
        elif when is not None and when.precision == "day":
            when = DateSpan(when.start.replace(day=1), None, "month")
    if head.dep_ == "pobj" and head.head.lower_ == "despite" and when is not None and when.precision == "day":
        # "announced the change on Wednesday despite criticism by Greece": what the act went
        # against was voiced around then, not on its day
        when = DateSpan(when.start.replace(day=1), None, "month")
    return (when or _quoted_month(sent, scope, anchor, own, period, only, quoted)
            or relative_day(sent, timeline.get(previous)) or _occasion_told(verb, timeline) or context_date(sent, anchor, timeline, previous, recent, period, _told_again(sent, lexicon), future))


def _quoted_month(sent: Span, scope, anchor: date, own, period, only, quoted) -> DateSpan | None:
    """A saying dated only by what it quotes ("issued a statement: 'There was an assault on
    Friday, August 30'") is of that month, not that day; not of a day still ahead."""
    if not quoted or (found := event_date(sent, scope, anchor, False, own, period, quoted if only is None else only & quoted)) is None:
        return None
    return None if found.start > anchor else DateSpan(found.start.replace(day=1), None, "month" if found.precision == "day" else found.precision)


def _occasion_told(verb: Token, timeline: dict[int, DateSpan]) -> DateSpan | None:
    """"The government strengthened security measures during the rally": an occasion named
    again ("during", "at", "after" the rally, the speech, the summit) dates the clause by the
    first dated sentence that told of it; what came after it, to its month."""
    doc = verb.doc
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in OCCASION_PREPS):
        for noun in (p for p in prep.children if p.dep_ == "pobj" and p.pos_ == "NOUN"
                     and any(d.dep_ == "det" and d.lower_ in {"the", "this", "that"} for d in p.children)):
            told = [k for k in timeline if k < verb.sent.start
                    and any(t.lemma_ == noun.lemma_ and t.pos_ == "NOUN" for t in doc[k].sent)]
            if told:
                when = timeline[min(told)]
                return when if prep.lower_ in {"during", "at"} else DateSpan(when.start.replace(day=1), None, "month")
    return None


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
    # "He also announced ...", "Erdogan also attacked ...": a speaker of the sentence before saying
    # more on the same occasion
    speaks = root.lemma_ in lexicon["speech_verbs"] or any(t.cls in VERBAL_ACTS for t in lexicon.verb_triggers(root.lemma_))
    goes_on = speaks and any(c.dep_ == "advmod" and c.lower_ == "also" for c in root.children) and any(
        c.dep_ == "nsubj" and c.tag_ in {"PRP", "NNP"} for c in root.children)
    return goes_on or any(t.lemma_.lower() in lexicon["told_again"] and t.i < root.i
                          and any(d.dep_ == "det" and d.lower_ in {"the", "this", "that"} for d in t.children) for t in openers)


def context_date(sent: Span, anchor: date, context: dict[int, DateSpan], previous: int | None, recent: bool = False,
                 period: date | None = None, again: bool = False, ahead: bool = False) -> DateSpan:
    """A sentence without a date of its own continues the one before it (starting at
    `previous`): "During the call, ...", "Following the summit, ...": that date, to the month
    (to the year if that is all it tells; a past year alone is background, no thread).
    A `recent` event (told in the present perfect: "has called for") is of the article's month;
    one with no thread to follow, of the month the headline names (`period`), if it names one."""
    if recent:  # the present perfect is the time of writing's recent past, whatever came before
        return DateSpan(anchor.replace(day=1), None, "month")
    if previous is not None and previous not in context and (first := _paragraph_start(sent)) is not None and not ahead and not any(
            first.start <= k < sent.start for k in context):
        # no day told yet in this paragraph: the paragraph goes on from where its first sentence did
        # ("The protesters clashed ... As they tried to storm parliament, police fired tear gas")
        before = first.doc[first.start - 1].sent.start
        return context_date(first, anchor, context, before, False, period, False, False)
    if not ahead and previous not in context and (earlier := max((k for k in context if k < sent.start), default=None)) is not None and not (
            _paragraph_break(sent.doc[earlier : sent.start])):
        previous = earlier  # the paragraph's thread goes on over sentences with no date of their own (not a plan's)
    if previous in context and _paragraph_break(sent.doc[sent.start - 1 : sent.start]):
        # a new paragraph after a look back ("gatherings were allowed in May again") goes on
        # from the story's present, the latest day told before it, not from the look back
        dateline = _dateline(sent)
        told = [d for k, d in context.items() if k < sent.start and d.start <= anchor and d.precision == "day" and k != dateline]
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
    dateline = _dateline(sent)
    if (lead := _lead_only(sent, context, anchor, dateline)) is not None:
        return lead
    # No thread to follow: the article's month when the story it tells stays within one
    # month, else only its year ("the crash in August, the request in October, ...").
    # ("the 2020 election" is no January, nor is the dateline a month the story tells of)
    months = {(d.start.year, d.start.month) for k, d in context.items()
              if d.start <= anchor and d.start.year == anchor.year and d.precision != "year" and k != dateline}
    if len(months - {(anchor.year, anchor.month)}) == 0:
        return DateSpan(anchor.replace(day=1), None, "month")
    if len(months) == 1 and any(d.precision == "day" and 0 <= (anchor - d.start).days <= 7 for d in context.values()
                                if (d.start.year, d.start.month) in months):
        # a story of one month told the month after ("Yesterday", October 31, in a paper of November 1);
        # not a month named only in a look back ("In mid-August, the government lowered the forecast")
        (year, month), = months
        return DateSpan(date(year, month, 1), None, "month")
    return DateSpan(anchor.replace(month=1, day=1), None, "year")


def _lead_only(sent: Span, context: dict[int, DateSpan], anchor: date, dateline: int | None) -> DateSpan | None:
    """Before the story names any other time, what follows its lead is told of the lead's
    occasion: the news peg's month ("Warren announced yesterday she was endorsing Biden. [...]
    Biden praised Warren's endorsement on Twitter")."""
    doc = sent.doc  # (the lead is the text's first paragraph after the dateline)
    told = [k for k in context if k < sent.start and k != dateline]
    first = _paragraph_of(doc[0].sent if dateline is None else doc[doc[0].sent.end].sent)
    if not told or any(k >= first.end for k in told):
        return None
    peg = context[max(told)]
    if peg.precision != "day" or not 0 <= (anchor - peg.start).days <= 7:
        return None
    return DateSpan(peg.start.replace(day=1), None, "month")


def _paragraph_of(sent: Span) -> Span:
    doc, end = sent.doc, sent.end
    while end < len(doc) and not _paragraph_break(doc[end - 1 : end]):
        end = doc[end].sent.end
    return doc[sent.start : end]


def _dateline(sent: Span) -> int | None:
    """0 when the document opens on a dateline ("Friday, November 1, 2019" alone on the first
    line): when it was written, not what it tells."""
    first = sent.doc[0].sent
    return 0 if all(t.ent_type_ == "DATE" or t.is_punct or t.is_space for t in first) else None


def _paragraph_start(sent: Span) -> Span | None:
    """The first sentence of the paragraph `sent` is in, when that is an earlier one."""
    doc, start = sent.doc, sent.start
    while start > 0 and not _paragraph_break(doc[start - 1 : start]):
        start = doc[start - 1].sent.start
    return doc[start].sent if 0 < start < sent.start else None


def _paragraph_break(tokens: Span) -> bool:
    return any("\n" in t.text_with_ws for t in tokens)
