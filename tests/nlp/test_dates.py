from datetime import date

import pytest

from kg.nlp.dates import DateSpan, resolve

ANCHOR = date(2025, 10, 29)  # a Wednesday


def article(**fields):
    """One article of the given text, date and title through the whole extraction."""
    from kg.model import Document
    from kg.nlp import extract

    (found,) = extract([Document(id="t", identifier="t.txt", **fields)])
    return found


def date_of(trigger: str, **fields):
    """(date, precision) of the one event the article's `trigger` starts."""
    (event,) = [e for e in article(**fields).events if e.trigger == trigger]
    return event.date, event.date_precision


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("on Wednesday", False, DateSpan(date(2025, 10, 29))),
        ("Monday", False, DateSpan(date(2025, 10, 27))),
        ("Friday", True, DateSpan(date(2025, 10, 31))),
        ("Earlier this month", False, DateSpan(date(2025, 10, 1), precision="month")),
        ("last month", False, DateSpan(date(2025, 9, 1), precision="month")),
        ("September", False, DateSpan(date(2025, 9, 1), precision="month")),
        ("December", False, DateSpan(date(2024, 12, 1), precision="month")),
        ("December", True, DateSpan(date(2025, 12, 1), precision="month")),
        ("July 8-9, 2024", False, DateSpan(date(2024, 7, 8), date(2024, 7, 9))),
        ("8-9 July 2024", False, DateSpan(date(2024, 7, 8), date(2024, 7, 9))),
        ("January 23, 2019", False, DateSpan(date(2019, 1, 23))),
        ("23 January 2019", False, DateSpan(date(2019, 1, 23))),
        ("Oct 29", False, DateSpan(date(2025, 10, 29))),
        ("since 2011", False, DateSpan(date(2011, 1, 1), precision="year")),
        ("yesterday", False, DateSpan(date(2025, 10, 28))),
        ("next year", True, DateSpan(date(2026, 1, 1), precision="year")),
        ("the 1990s", False, DateSpan(date(1990, 1, 1), date(1999, 1, 1), precision="year")),
    ],
)
def test_resolves_against_article_date(text, future, expected):
    assert resolve(text, ANCHOR, future=future) == expected


def test_a_week_is_known_to_the_month_its_middle_falls_in():
    friday = date(2019, 11, 1)  # earlier this week: Monday, October 28 to Thursday
    assert resolve("earlier this week", friday) == DateSpan(date(2019, 10, 1), precision="month")
    assert resolve("last week", date(2020, 1, 8)) == DateSpan(date(2020, 1, 1), precision="month")  # December 30 to January 5


def test_a_story_of_last_month_told_this_month_is_of_last_month():
    # ../shared/news (the House resolution "Yesterday" in a paper of Friday, November 1; then undated reactions)
    assert date_of("criticized", date=date(2019, 11, 1), text=(
        "Friday, November 1, 2019\n\nYesterday, the parliament of Ruritania passed a resolution on the 2019 budget. "
        "The speaker announced the vote in a letter earlier this week.\n\n\n"
        "President Karl Stein of Ruritania criticized the resolution.")) == (date(2019, 10, 1), "month")


def test_unparseable_and_impossible_dates_give_none():
    assert resolve("the 22nd", ANCHOR) is None
    assert resolve("February 30, 2024", ANCHOR) is None


def test_one_event_told_to_the_month_then_to_the_day_keeps_the_day():
    text = ("Protesters in Hong Kong have marched against the bill throughout May. "
            "On Friday, thousands of protesters gathered around the police headquarters in Hong Kong.")
    ex = article(text=text, date=date(2020, 6, 1))
    (protest,) = [e for e in ex.events if e.cls == "Protest"]
    assert (protest.date, protest.date_precision) == (date(2020, 5, 29), "day")
    assert protest.evidence.startswith("On Friday")


def test_an_undated_event_told_in_the_present_perfect_is_of_the_articles_month():
    text = ("In August, police fired tear gas at protesters in Hong Kong. "
            "In September, Chief Executive Carrie Lam withdrew the extradition bill. "
            "Amnesty International has called for an investigation into the police response.")
    ex = article(text=text, date=date(2019, 10, 2))
    (request,) = [e for e in ex.events if e.cls == "Request"]
    assert (request.date, request.date_precision) == (date(2019, 10, 1), "month")


def test_the_month_a_headline_names_dates_what_the_story_leaves_undated():
    from kg.nlp.dates import headline_month

    assert headline_month("On the campaign trail in the USA, September 2020") == date(2020, 9, 1)
    assert headline_month("From May 2019 to June 2020") is None  # two months: no one period
    assert headline_month("Kennedy assassin stabbed in prison") is None
    # a roundup published in October about September, its dates spread over months
    text = ("Senator Tom Ray criticized Senator Ann Lee for her tax plan. "
            "On September 3, Senator Ann Lee met Senator Tom Ray in Ohio. In August, Senator Ann Lee visited Iowa.")
    titled = article(text=text, date=date(2020, 10, 5),
                     title="On the campaign trail, September 2020")
    undated = [e for e in titled.events if e.cls == "Accusation"]
    assert [(e.date, e.date_precision) for e in undated] == [(date(2020, 9, 1), "month")]
    untitled = article(text=text, date=date(2020, 10, 5))
    assert [(e.date, e.date_precision) for e in untitled.events if e.cls == "Accusation"] != [(date(2020, 9, 1), "month")]


def test_a_prediction_is_no_thread_for_the_sentence_after_it():
    # ../shared/news: the sentence after "would run again in 2024" is of the time of writing, not of 2024
    text = ("Former adviser Steve Bannon predicted Trump would run for president again in 2024 if he lost in 2020. "
            "Senator Ann Lee criticized Senator Tom Ray for his taxes.")
    found = article(text=text, date=date(2020, 11, 2))
    (event,) = [e for e in found.events if e.cls == "Accusation"]
    assert event.date <= date(2020, 11, 2) and event.status == "happened"


def test_until_a_date_is_the_end_of_what_was_done_not_when():
    # ../shared/news (published April 5, 2020): the extension was announced then, not on a May 1
    found = article(date=date(2020, 4, 5), text=(
        "The governor of Ohio, Mike DeWine, announced the state had extended its stay-at-home order until May 1."))
    (event,) = [e for e in found.events if e.cls == "Statement"]
    assert event.date <= date(2020, 4, 5) and event.date.year == 2020


def test_a_date_of_what_the_event_came_before_is_not_its_date():
    # ../shared/news (published November 2, 2019): he dropped out then, not on the debate's day
    found = article(date=date(2019, 11, 2), text=(
        "Democratic candidate Beto O'Rourke dropped out of the race ahead of the primary debate scheduled for "
        "November 20 in Georgia."))
    (event,) = [e for e in found.events if e.cls == "Retreat"]
    assert event.date <= date(2019, 11, 2) and event.status == "happened"
    found = article(date=date(2020, 3, 10), text=(
        "Senator Pete Buttigieg and Senator Amy Klobuchar dropped out prior to Super Tuesday."))
    (event,) = [e for e in found.events if e.cls == "Retreat"]
    assert event.date != date(2020, 3, 10) or event.date_precision != "day"
    found = article(date=date(2019, 11, 2), text=(
        "The army moved on November 15, 2017, before the 2018 elections, having first placed Mugabe under house arrest."))
    (event,) = [e for e in found.events if e.cls == "Coercion"]
    assert event.date == date(2017, 11, 15)


def test_a_date_after_by_is_a_deadline_not_when():
    found = article(date=date(2019, 9, 11), text=(
        "Prime Minister Boris Johnson urged parliament to approve the deal by October 31."))
    (event,) = [e for e in found.events if e.cls == "Request"]
    assert event.date <= date(2019, 9, 11)


def test_the_start_of_a_span_is_no_thread_for_the_next_sentence():
    # written: "since October" starts the protests, it dates nothing after it
    found = article(date=date(2019, 12, 6), text=(
        "Protesters have filled the streets of Santiago since October. "
        "President Sebastian Pinera said in a televised statement that the government will raise pensions."))
    (event,) = [e for e in found.events if e.cls == "Statement"]
    assert (event.date.month, event.date_precision) != (10, "month")


def test_a_past_year_told_as_background_is_no_thread():
    # ../shared/news (an obituary; a pardon after the conviction it pardons)

    ex = article(date=date(2020, 2, 20), text=(
        "Friedler was convicted of conspiracy in 2007. President Trump granted Friedler a full pardon."))
    (event,) = [e for e in ex.events if e.cls == "Concession"]
    assert (event.date.year, event.date_precision) == (2020, "month")
    ex = article(date=date(2020, 6, 1), text=(
        "Russia brokered a ceasefire in May 2019. President Putin later praised President Erdogan."))
    (event,) = [e for e in ex.events if e.cls == "Support"]
    assert (event.date, event.date_precision) == (date(2019, 5, 1), "month")  # a month is a thread


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January of this year", DateSpan(date(2025, 1, 1), None, "month")),
        ("September 20 of this year", DateSpan(date(2025, 9, 20))),
        ("March of last year", DateSpan(date(2024, 3, 1), None, "month")),
        ("this year", DateSpan(date(2025, 1, 1), None, "year")),
    ],
)
def test_a_month_of_this_or_last_year_keeps_its_month(text, expected):
    # ../shared/news ("35 thousand students protesting in Belgium in January of this year")
    assert resolve(text, ANCHOR) == expected


def test_that_day_and_the_next_day_count_from_the_day_told_before():
    found = article(date=date(2019, 1, 3), text=(
        "President Putin flew to Magnitogorsk on Monday. In a meeting that day he was told by Emergencies Minister "
        "Yevgeny Zinichev of the rescue. The next day, Putin met the governor of Chelyabinsk. "
        "During the day, crowds gathered at the site."))
    meetings = sorted((e.date, e.date_precision) for e in found.events if e.cls == "Meeting")
    assert meetings == [(date(2018, 12, 31), "day"), (date(2019, 1, 1), "day")]


def test_the_same_day_after_a_sentence_without_a_date_is_no_earlier_day():
    found = article(date=date(2019, 3, 17), text=(
        "The judge ordered the accused to remain in custody until his next court appearance on April 5. "
        "Police said the gunman attacked two churches in Lyon. The second attack was in Villeurbanne, "
        "killing nine people, on the same day."))
    assert all(e.date.month != 4 for e in found.events if e.cls == "Assault")


def test_a_thread_from_before_the_month_a_headline_names_gives_way_to_that_month():
    # ../shared/news ("On the campaign trail in the USA, July 2020"): "in May" is of the death the clause recalls
    text = ("Unrest that began with the police killing of George Floyd in May continued in several cities. "
            "President Trump sent federal officers to protect the courthouse in Portland.")
    found = article(text=text, date=date(2020, 8, 31),
                    title="On the campaign trail in the USA, July 2020")
    (event,) = [e for e in found.events if e.cls == "Mobilization"]
    assert (event.date, event.date_precision) == (date(2020, 7, 1), "month")


def test_a_date_in_a_phrase_under_until_is_no_date_of_the_order():
    assert date_of("ordered", date=date(2019, 3, 17), text=(
        "The gunman was arrested on Saturday. "
        "Judge Ann Kerr ordered the police to hold the suspect until his second hearing on April 5.")) == (date(2019, 3, 1), "month")


def test_a_date_on_another_events_noun_is_that_events_date():
    # ../shared/news ("Turkey sentenced two people smugglers ... for ... his fellow migrants' September 2015 deaths")
    found = article(date=date(2019, 2, 12), text=(
        "Greece sentenced three smugglers to prison for their roles in the migrants' August 2016 deaths."))
    (event,) = [e for e in found.events if e.trigger == "sentenced"]
    assert event.date.year == 2019


def test_a_span_another_clause_starts_is_no_date_of_the_act():
    # ../shared/news ("... confirmed they seized the substance, stating ... an emergency since April 2016")
    found = article(date=date(2020, 7, 8), text=(
        "Police in Vancouver, Canada said on Monday that they seized the drugs, stating \"this has been considered "
        "a public health emergency since April 2016.\""))
    (event,) = [e for e in found.events if e.trigger == "seized"]
    assert event.date == date(2020, 7, 6)


def test_the_month_of_a_story_a_headline_dates_is_that_month():
    # ../shared/news ("President Trump started the month visiting Kenosha", a September roundup published in October)
    found = article(date=date(2020, 10, 29), title="On the campaign trail, September 2020",
                    text="Senator Ann Lee started the month visiting Kenosha, Wisconsin.")
    (event,) = [e for e in found.events if e.cls == "Visit"]
    assert (event.date, event.date_precision) == (date(2020, 9, 1), "month")


def test_the_day_something_is_yet_to_happen_is_no_thread():
    # a start still ahead, then "later the same day": the day before is no December of last year
    found = article(date=date(2019, 10, 27), text=(
        "On Friday, Peru announced a ban on imports from Chile. The ban, which will begin on December 10, "
        "covers all fruit. Chile's foreign minister requested an exemption from Peru; the ban was published later "
        "the same day."))
    (event,) = [e for e in found.events if e.cls == "Request"]
    assert event.date.year == 2019 and event.date <= date(2019, 10, 27)


@pytest.mark.parametrize("second, day", [
    # the act told before, named again: what it says, how it was done, what is in it -> its day
    ("The statement also said Russia would expel three Finnish diplomats.", True),
    ("The announcement was issued hours after a phone call with the Finnish president.", True),
    ("In the letter, the minister accused Finland of detaining two journalists.", True),
    # what someone else did to it may be days later -> only the month
    ("The plan was quickly criticised by Finland.", False),
])
def test_a_sentence_going_on_about_the_act_just_told_is_of_its_day(second, day):
    first = "On Tuesday, Russian President Vladimir Putin announced a plan to recall diplomats from Finland. "
    found = article(date=date(2021, 3, 12), text=first + second)
    events = [e for e in found.events if e.sentence == 1]
    assert events, [(e.cls, e.sentence) for e in found.events]
    assert all((e.date, e.date_precision) == ((date(2021, 3, 9), "day") if day else (date(2021, 3, 1), "month")) for e in events)


def test_what_a_clause_says_came_before_it_happened_and_is_not_of_its_date():
    # ../shared/news ("... go to the polls in a by-election following the resignation of ... MP John McVeigh")
    found = article(date=date(2021, 5, 7), text=(
        "Tomorrow, voters in the Welsh town of Ogmore are scheduled to go to the polls in a by-election following "
        "the resignation of Labour MP Ann Lee for health reasons."))
    (event,) = [e for e in found.events if e.cls == "Retreat"]
    assert event.status == "happened" and event.date < date(2021, 5, 8)
    assert {p.key: p.role for p in event.participants}.get("person/ann-lee") == "initiator"


def test_a_day_named_after_prior_to_is_no_date_even_when_misparsed():
    # ../shared/news ("* Both Buttigieg and Klobuchar dropped out prior to Super Tuesday"): the parser hangs
    # "Tuesday" on the verb and "Super" under "prior to"
    found = article(date=date(2020, 3, 6), text=(
        'Senator Ann Lee and Governor Tom Park ended their campaigns. The name "Super Tuesday" comes from the large '
        "number of primaries held on the same day.\n\n\n* Both Park and Lee dropped out prior to Super Tuesday\n\n\n"
        "The Super Tuesday primaries were the fifth step in the party's process."))
    (event,) = [e for e in found.events if e.trigger == "dropped out"]
    assert event.date != date(2020, 3, 3)


def test_what_came_before_a_clause_of_a_day_is_not_of_that_day():
    # ../shared/news ("As of Monday, De Zoysa was reportedly still in critical condition, after a bullet hit him")
    assert date_of("shot", date=date(2021, 6, 10), text=(
        "As of Tuesday, Mayor Ivan Petrov of Omsk, Russia was still in hospital, after a gunman shot him at a rally.")) == (date(2021, 6, 1), "month")


def test_a_saying_is_not_dated_by_a_day_it_quotes():
    # ../shared/news ('In a two-part statement on Twitter, he wrote, "... to conduct an election tomorrow would force ..."')
    found = article(date=date(2020, 3, 16), text=(
        'Governor Ann Lee of Ohio issued a statement on Twitter: "To hold the election tomorrow would put voters at risk."'))
    (event,) = [e for e in found.events if e.cls == "Statement"]
    assert event.status == "happened" and event.date <= date(2020, 3, 16)


def test_a_new_paragraph_after_a_look_back_goes_on_from_the_storys_present():
    # ../shared/news (Belgrade: "... gatherings were allowed in May again ..." then, a paragraph on, "The protesters clashed")
    assert date_of("clashed", date=date(2020, 7, 12), text=(
        "On Friday night, thousands of Bulgarians protested in Sofia against the government. Bars had reopened in May "
        "before the election.\n\n\nThe protesters clashed with the police in front of parliament and threw rocks.")) == (date(2020, 7, 1), "month")


def test_every_undated_sentence_of_a_new_paragraph_goes_on_from_where_its_first_did():
    # ../shared/news (Belgrade: "The protesters clashed ... As they tried to storm parliament, police in response fired tear gas")
    assert date_of("tear gas", date=date(2020, 7, 12), text=(
        "On Friday night, thousands of Bulgarians protested in Sofia against the government. Bars had reopened in May "
        "and an election followed in June.\n\n\nThe protesters marched to parliament and threw rocks. "
        "When they tried to enter the building, the police fired tear gas at them.")) == (date(2020, 7, 1), "month")


def test_a_paragraphs_thread_goes_on_over_sentences_without_a_date():
    # ../shared/news (Lam's speech "Today", then "Speaking in the Legislative Council, Lam was interrupted by
    # protesting legislators. The council was adjourned ...", then "Lawmakers ... shouted at Lam")
    found = article(date=date(2019, 10, 16), text=(
        "Protests began in June. Today, President Ivan Petrov of Bulgaria gave his annual speech in parliament. "
        "He spoke for an hour. Opposition legislators shouted at Petrov and left the chamber."))
    (event,) = [e for e in found.events if e.cls == "Protest" and "shouted" in e.trigger]
    assert (event.date, event.date_precision) == (date(2019, 10, 1), "month")


def test_a_speaker_who_also_says_more_says_it_on_the_same_day():
    assert date_of("announced", date=date(2021, 3, 10), text=(
        "On Monday, Chancellor Karl Weber of Austria said the border would stay open. "
        "He also announced new aid for farmers. Farmers protested in Vienna in February.")) == (date(2021, 3, 8), "day")


def test_what_follows_the_lead_before_any_other_time_is_told_is_of_the_leads_month():
    # ../shared/news (Warren "announced yesterday she was endorsing Joe Biden"; a paragraph on, "Biden
    # praised Warren's endorsement on Twitter", and only then "she dropped out of the race in early March")
    text = ("Senator Maria Diaz of Chile announced yesterday she would back President Pablo Ruiz in the election. "
            "Two other senators had backed him before her.\n\n"
            "In a video, Diaz said Ruiz was a fighter. Ruiz thanked Diaz on Twitter.\n\n"
            "Diaz had left the race in early March.")
    assert date_of("thanked", date=date(2021, 4, 16), text=text) == (date(2021, 4, 1), "month")
    # after a dateline, the lead is the first paragraph of the story
    assert date_of("thanked", date=date(2021, 4, 16), text="Friday, April 16, 2021\n\n" + text) == (date(2021, 4, 1), "month")


def test_what_an_act_went_against_was_voiced_around_its_day_not_on_it():
    text = ("On Tuesday, President Ivan Petrov of Bulgaria signed the new border law despite criticism by "
            "Prime Minister Ana Horvat of Croatia.")
    assert date_of("criticism", date=date(2021, 3, 12), text=text) == (date(2021, 3, 1), "month")


def test_what_followed_a_dated_happening_is_of_its_month_not_its_day():
    # ../shared/news (Honcharuk "filed his resignation after the audio recording was uploaded Wednesday")
    text = "Foreign Minister Ana Horvat of Croatia resigned after the letter was published Tuesday in a newspaper."
    assert date_of("resigned", date=date(2021, 3, 12), text=text) == (date(2021, 3, 1), "month")


def test_today_at_the_head_of_a_sentence_is_the_day_of_writing_even_untagged():
    # ../shared/news (Hong Kong: "Today, Chief Executive of Hong Kong Carrie Lam delivered her annual
    # policy speech", after the dateline; the model tags no DATE on "Today")
    text = ("Wednesday, October 16, 2019\n\nToday, Chief Executive Ana Lee of Macau met Premier Li Qiang of China "
            "in Beijing. They talked about trade.")
    assert date_of("met", date=date(2019, 10, 16), text=text) == (date(2019, 10, 16), "day")


def test_an_occasion_named_again_dates_what_happened_during_it():
    # ../shared/news (Belarus: "On Thursday, Sviatlana Tsikhanouskaya ... held a rally in Minsk" and, three
    # paragraphs and a "Friday" report on, "The government strengthened security measures during the rally.")
    text = ("On Thursday, opposition leader Ana Horvat held a rally in Zagreb, Croatia. Police said on Friday that "
            "20,000 people attended the rally. She spoke in May about reform.\n\n"
            "The government deployed troops to the capital during the rally.")
    assert date_of("deployed", date=date(2021, 3, 15), text=text) == (date(2021, 3, 11), "day")


def test_by_before_a_gerund_is_how_not_by_when():
    # ../shared/news ("Waseem confessed to killing his sister by strangling her in 2016")
    text = "Former minister Tom Banda of Malawi confessed to killing his rival by poisoning him in 2016."
    assert date_of("killing", date=date(2019, 9, 30), text=text) == (date(2016, 1, 1), "year")
    # a deadline is still no date of the deed
    text = "Governor Tom Moore of Ohio ordered the agency to close the camp by March 1."
    assert date_of("ordered", date=date(2019, 9, 30), text=text) != (date(2019, 3, 1), "day")


def test_the_end_of_the_month_in_a_story_of_a_month_is_that_month():
    # ../shared/news ("On the campaign trail in the USA, June 2020", written in July: "At the end of the
    # month, Biden held his first press conference")
    assert date_of("press conference", title="Campaign diary, June 2020", date=date(2020, 7, 25), text=(
        "At the end of the month, Senator Ann Lee of Ohio held a press conference in Columbus.")) == (date(2020, 6, 1), "month")


def test_the_year_of_a_thing_named_in_an_of_phrase_is_not_the_deeds():
    # ../shared/news ("Violence broke out on Saturday when several thousand people rallied ... to protest the
    # results of the 2020 US Presidential Election")
    text = ("Violence broke out on Saturday when several thousand people rallied at San Martin Plaza in the capital city "
            "of Lima, Peru in support of President Ivan Petrov to protest the results of the 2020 Peruvian Presidential "
            "Election, where the challenger has been projected to have won.")
    assert date_of("rallied", date=date(2020, 11, 17), text=text) == (date(2020, 11, 14), "day")
    # an occasion's year is the deed's ("during a 2018 trip to France, Trump refused ...")
    text = "During a 2018 trip to France, President Ivan Petrov of Bulgaria refused to visit the memorial."
    assert date_of("refused", date=date(2020, 9, 10), text=text) == (date(2018, 1, 1), "year")
