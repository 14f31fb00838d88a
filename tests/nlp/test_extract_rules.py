"""One test per rule family of the extraction layer, on sentences written for the tests."""

from __future__ import annotations

from datetime import date

from kg.model import Document
from kg.nlp import extract

ANCHOR = date(2024, 3, 15)  # a Friday


def run(text: str, anchor: date = ANCHOR):
    (extraction,) = extract([Document(id="r", identifier="r.txt", text=text, date=anchor)])
    return extraction


def classes(ex) -> list[str]:
    return sorted(e.cls for e in ex.events)


def only(ex, cls):
    found = [e for e in ex.events if e.cls == cls]
    assert len(found) == 1, [(e.cls, e.trigger) for e in ex.events]
    return found[0]


def keys(event, role=None):
    return {p.key for p in event.participants if role is None or p.role == role}


def relations(ex):
    return {(r.predicate, r.subject, r.object) for r in ex.relations}


def test_a_title_marks_the_following_name_as_a_person_and_stays_out_of_it():
    ex = run("Air Chief Marshal Vivek Ram Chaudhari received Brazilian Defence Minister Jose Mucio in Delhi.")
    people = {e.key: e for e in ex.entities if e.type == "Person"}
    assert "person/vivek-ram-chaudhari" in people
    assert people["person/vivek-ram-chaudhari"].positions == {"Air Chief Marshal"}
    assert people["person/jose-mucio"].positions == {"Defence Minister"}


def test_acronym_in_brackets_is_the_same_organisation():
    ex = run("The Gulf Cooperation Council (GCC) met in Riyadh on Monday. The GCC then urged Iran to stop.")
    gcc = [e for e in ex.entities if "GCC" in e.aliases or e.label == "GCC"]
    assert len(gcc) == 1 and gcc[0].type == "InternationalOrganization"
    assert gcc[0].label == "Gulf Cooperation Council"


def test_international_organisations_come_from_the_packaged_table():
    ex = run("NATO and ASEAN issued a joint statement on Tuesday.")
    labels = {e.label: e.type for e in ex.entities}
    assert labels["North Atlantic Treaty Organization"] == "InternationalOrganization"
    assert labels["Association of Southeast Asian Nations"] == "InternationalOrganization"


def test_a_person_acting_for_a_state_brings_the_state_into_the_event():
    ex = run("President Cyril Ramaphosa of South Africa met Foreign Minister Penny Wong of Australia in Pretoria on Monday.")
    meeting = only(ex, "Meeting")
    assert {"person/cyril-ramaphosa", "person/penny-wong", "country/ZAF", "country/AUS"} <= keys(meeting)
    assert ("leaderOf", "person/cyril-ramaphosa", "country/ZAF") in relations(ex)
    assert ("represents", "person/penny-wong", "country/AUS") in relations(ex)


def test_organisation_title_makes_leader_of_the_organisation():
    ex = run("NATO Secretary-General Mark Rutte visited Kyiv on Thursday.")
    assert ("leaderOf", "person/mark-rutte", "organization/north-atlantic-treaty-organization") in relations(ex)
    assert ("holdsPosition", "person/mark-rutte", "Secretary-General") in relations(ex)


def test_possessive_and_national_bodies_are_part_of_their_state():
    ex = run("Japan's Ministry of Defence and the French Navy announced a joint exercise.")
    assert ("partOf", "organization/ministry-of-defence", "country/JPN") in relations(ex)
    assert ("partOf", "organization/french-navy", "country/FRA") in relations(ex)


def test_time_zones_and_title_fragments_are_not_entities():
    ex = run("The talks began at 10:00 UTC. Secretary of State Antony Blinken attended.")
    labels = {e.label for e in ex.entities}
    assert "UTC" not in labels and "State" not in labels
    assert "Antony Blinken" in labels


def test_a_dateline_is_its_own_sentence():
    ex = run("Monday, March 11, 2024\n\nOn Tuesday, Kenya and Ethiopia signed a trade agreement.")
    agreement = only(ex, "Agreement")
    assert agreement.evidence.startswith("On Tuesday")
    assert agreement.date == date(2024, 3, 12)


def test_a_sentence_without_a_date_continues_the_previous_one():
    ex = run("On Monday, Chile and Peru held talks in Lima. Chile congratulated Peru on its election.")
    support = only(ex, "Support")
    assert (support.date, support.date_precision) == (date(2024, 3, 1), "month")
    # what happened "during" an occasion told with its day happened on that day
    ex = run("On Monday, Chile and Peru held talks in Lima. During the talks, Chile congratulated Peru on its election.")
    support = only(ex, "Support")
    assert (support.date, support.date_precision) == (date(2024, 3, 11), "day")
    assert keys(support, "initiator") == {"country/CHL"} and keys(support, "recipient") == {"country/PER"}


def test_passive_agents_are_participants():
    ex = run("The invasion was condemned by Germany and France on Monday.")
    accusation = only(ex, "Accusation")
    assert {"country/DEU", "country/FRA"} <= keys(accusation)


def test_call_for_is_a_request_and_spoke_on_the_phone_a_call():
    ex = run("On Wednesday, Canada called for Iran to release the prisoners. "
             "Later, Prime Minister Justin Trudeau and Chancellor Olaf Scholz spoke on the phone.")
    request = only(ex, "Request")
    assert "country/CAN" in keys(request, "initiator")
    call = only(ex, "PhoneCall")
    assert {"person/justin-trudeau", "person/olaf-scholz"} <= keys(call)


def test_withdrawing_from_a_treaty_is_a_rejection_and_sending_troops_a_mobilization():
    ex = run("Russia withdrew from the arms control treaty in 2023. Germany sent more troops to the border with Poland.")
    assert "Rejection" in classes(ex) and "Retreat" not in classes(ex)
    mobilization = only(ex, "Mobilization")
    assert "country/DEU" in keys(mobilization, "initiator")


def test_a_lone_actor_that_does_nothing_is_no_event():
    ex = run("A summit on climate finance took place in Kenya.")
    assert ex.events == []


def test_event_nouns_need_a_verb_or_an_actor_on_them():
    assert run("Cooperation plans were discussed by experts.").events == []
    ex = run("Iran has been under United States sanctions since 1979.")
    sanction = only(ex, "Sanction")
    assert "country/USA" in keys(sanction)


def test_he_as_subject_is_the_one_person_named_just_before():
    ex = run("On Monday, Chilean President Gabriel Boric met Peru. He later urged Bolivia to reopen the border.")
    request = only(ex, "Request")
    assert "person/gabriel-boric" in keys(request, "initiator")
    assert "country/BOL" in keys(request, "recipient")


def test_a_definite_description_names_the_body_told_before():
    ex = run("Protesters gathered outside the French Embassy in Nairobi on Monday. The embassy rejected the demands of Kenya.")
    rejection = only(ex, "Rejection")
    assert "organization/french-embassy" in keys(rejection)
    assert ("locatedIn", "organization/french-embassy", "place/nairobi") in relations(ex)
    assert ("partOf", "organization/french-embassy", "country/FRA") in relations(ex)


def test_both_leaders_are_the_two_people_of_the_event_before():
    ex = run("On Monday, Prime Minister Mark Carney spoke with President Claudia Sheinbaum by phone. "
             "In June, both leaders met in Ottawa.")
    meeting = only(ex, "Meeting")
    assert {"person/mark-carney", "person/claudia-sheinbaum"} <= keys(meeting)


def test_words_of_obligation_in_reported_speech_are_a_request_by_the_speaker():
    ex = run('On Tuesday, Foreign Minister Wang Yi of China said, "Japan must stop the discharge."')
    request = only(ex, "Request")
    assert {"person/wang-yi", "country/CHN"} <= keys(request, "initiator")


def test_an_anaphoric_operation_points_at_its_initiator():
    ex = run("On Wednesday, Turkey launched an offensive against Kurdish forces. The operation was condemned by France.")
    accusation = only(ex, "Accusation")
    assert keys(accusation, "initiator") == {"country/FRA"}
    assert "country/TUR" in keys(accusation, "recipient")


def test_a_date_of_another_clause_of_the_sentence_dates_the_event_too():
    # the clause's own date comes first; failing one, the sentence's: news tells one day per sentence
    ex = run("President Lula da Silva travelled to Russia to attend the summit held in Kazan on October 22-24, 2024.")
    visit = only(ex, "Visit")
    assert (visit.date, visit.date_precision) == (date(2024, 10, 22), "day")
    summit = only(ex, "Summit")
    assert (summit.date, summit.end_date) == (date(2024, 10, 22), date(2024, 10, 24))


def test_the_same_event_told_twice_is_one_event():
    ex = run("On Monday, Japan imposed sanctions on North Korea. The sanctions by Japan on North Korea took effect at once.")
    assert classes(ex) == ["Sanction"]


def test_definite_back_references_are_not_new_events_and_a_statement_is_its_speakers():
    ex = run("On Friday, Italy and Egypt held a summit in Rome. In a statement, Italy said the summit was a success.")
    assert classes(ex) == ["Statement", "Summit"]
    assert keys(only(ex, "Statement"), "initiator") == {"country/ITA"}


def test_titles_with_of_keep_the_office_and_name_the_state():
    ex = run("The President of the United States Joe Biden met former President Moon Jae-in of South Korea.")
    assert ("holdsPosition", "person/joe-biden", "President") in relations(ex)
    assert ("leaderOf", "person/joe-biden", "country/USA") in relations(ex)
    moon = next(e for e in ex.entities if e.key.startswith("person/moon"))
    assert moon.positions == {"former President"}
    assert not any(r.predicate == "leaderOf" and r.subject == moon.key for r in ex.relations)


def test_plural_titles_are_shared_by_coordinated_names():
    ex = run("Presidents William Ruto of Kenya and Yoweri Museveni of Uganda signed a border agreement on Monday.")
    rels = relations(ex)
    assert ("leaderOf", "person/william-ruto", "country/KEN") in rels
    assert ("leaderOf", "person/yoweri-museveni", "country/UGA") in rels


def test_an_undated_sentence_gets_the_month_of_a_one_month_story_else_the_year():
    one_month = run("On Monday, Kenya and Ethiopia signed a trade agreement.\n\nIn Addis Ababa, analysts spoke.\n\n"
                    "Kenya also urged Somalia to join the talks.")
    request = only(one_month, "Request")
    assert (request.date, request.date_precision) == (date(2024, 3, 1), "month")
    long_story = run("In January, Kenya and Ethiopia signed a trade agreement.\n\nIn Addis Ababa, analysts spoke.\n\n"
                     "Kenya also urged Somalia to join the talks.")
    request = only(long_story, "Request")
    assert (request.date, request.date_precision) == (date(2024, 1, 1), "year")


def test_then_continues_the_day_before_it_and_a_dated_source_dates_its_words():
    ex = run("On March 6, Egypt and Sudan spoke on the phone. Then both nations issued statements.")
    statement = only(ex, "Statement")
    assert (statement.date, statement.date_precision) == (date(2024, 3, 6), "day")
    ex = run("Germany condemned Iran for the attack, according to a statement on Wednesday by the Foreign Office.")
    accusation = only(ex, "Accusation")
    assert (accusation.date, accusation.date_precision) == (date(2024, 3, 13), "day")


def test_who_announces_a_visit_is_not_the_visitor_and_a_ministry_is_not_a_person():
    ex = run("Kenya's President William Ruto will visit Washington in May, the White House announced on Tuesday. "
             "Chinese Foreign Ministry spokesperson Lin Jian criticized the plan.")
    visit = only(ex, "Visit")
    assert visit.status == "planned" and visit.location == "place/washington"
    assert "organization/white-house" not in keys(visit)
    assert not [e for e in ex.entities if e.type == "Person" and "Ministry" in e.label]


def test_welcoming_a_decision_is_support_but_welcoming_a_guest_is_not():
    assert "Support" in classes(run("The African Union welcomed the decision by Kenya on Monday."))
    assert "Support" not in classes(run("Japan will welcome President Lula to Tokyo in May."))


def test_refusing_to_sign_is_a_rejection_not_an_agreement():
    ex = run("On Monday, Iran refused to sign the agreement with the United States.")
    assert "Agreement" not in classes(ex)
    rejection = only(ex, "Rejection")
    assert "country/IRN" in keys(rejection, "initiator")


def test_agreeing_that_is_an_opinion_but_agreeing_to_or_on_is_an_agreement():
    assert classes(run("France agreed with Germany that the plan was flawed.")) == []
    assert classes(run("The Chilean governor agreed, saying only this group could have done it.")) == []
    assert "Agreement" in classes(run("Russia and Turkey agreed on a ceasefire in Idlib on Thursday."))
    assert "Agreement" in classes(run("Iran agreed to release the British tanker."))


def test_attacking_a_policy_is_an_accusation_and_attacking_a_port_an_assault():
    words = only(run("Saudi Arabia attacked Iran's policy in Yemen."), "Accusation")
    assert keys(words, "initiator") == {"country/SAU"}
    force = only(run("Russian troops attacked the Ukrainian port of Mariupol on Thursday."), "Assault")
    assert "country/UKR" in keys(force, "recipient")


def test_speaking_to_the_press_is_no_consultation():
    assert "Consultation" not in classes(run("Speaking to Agence France-Presse, Jamel Msallem of the Tunisian League criticised the ban."))
    assert "Consultation" not in classes(run("Emmanuel Macron spoke to reporters in Paris on Friday."))
    assert "Consultation" in classes(run("Dominic Raab spoke with US Secretary of State Mike Pompeo about the case."))


def test_an_event_noun_counted_out_by_a_quantity_noun_happens_as_the_bare_noun_does():
    ex = run("On Tuesday, United States President Donald Trump issued a series of seven pardons.")
    assert "person/donald-trump" in keys(only(ex, "Concession"), "initiator")


def test_diseases_and_processes_are_no_actors():
    ex = run("COVID-19 has killed thousands in Italy since Brexit was agreed by the United Kingdom.")
    assert not [e.key for e in ex.entities if "covid" in e.key or "brexit" in e.key]
    assert "country/ITA" in {e.key for e in ex.entities}


def test_a_second_source_coordinated_with_according_to_takes_no_part():
    ex = run("According to reports from the ministry of Belarus on Friday, and Amnesty International, "
             "an independent human rights group, on Thursday, thousands of visitors attended the rally.")
    assert not [e for e in ex.events if "organization/amnesty-international" in keys(e)]


def test_increasing_or_deepening_an_event_noun_makes_it_happen():
    event = only(run("Vietnam has deepened cooperation with the navies of Japan and India."), "Cooperation")
    assert {"country/VNM", "country/JPN", "country/IND"} <= keys(event)
    assert "Sanction" in classes(run("The United States increased sanctions on Iran on Monday."))


def test_a_photo_credit_names_no_actor_but_a_name_later_on_a_long_line_does():
    filler = "The talks went on for hours and touched on trade, energy and the border. " * 12
    ex = run("Image: Gage Skidmore.\n" + filler + "Later that day Angela Merkel met Emmanuel Macron in Paris.")
    labels = {e.label for e in ex.entities}
    assert "Gage Skidmore" not in labels
    assert {"Angela Merkel", "Emmanuel Macron"} <= labels


def test_arguments_are_found_in_the_sentence_of_their_trigger_deep_in_a_long_article():
    """The argument shapes run on each trigger's sentence alone: its tokens' positions must
    map back to the document's, wherever the sentence stands."""
    filler = "Officials said the weather was fine and the roads were open. " * 40
    ex = run(filler + "Russia accused Ukraine of shelling the plant.\n" + filler + "Japan thanked Australia for its help.")
    accusation = only(ex, "Accusation")
    assert keys(accusation, "initiator") == {"country/RUS"} and keys(accusation, "recipient") == {"country/UKR"}
    assert any(keys(e, "initiator") == {"country/JPN"} and keys(e, "recipient") == {"country/AUS"} for e in ex.events)


def test_whoever_claims_responsibility_for_an_attack_carried_it_out():
    """CAMEO 015 (claim responsibility): the claimant is the attack's initiator, and the claim
    says the attack happened; an unnamed claimant makes no event."""
    ex = run("The Taliban claimed responsibility for Monday's bombing in Kabul.")
    bombing = only(ex, "Assault")
    assert keys(bombing, "initiator") == {"organization/taliban"}
    assert run("No group has claimed responsibility for the bombing.").events == []


def test_a_non_state_armed_group_is_a_political_actor_and_no_person():
    ex = run("The Houthis claimed responsibility.")
    (houthis,) = [e for e in ex.entities if e.label == "Houthis"]
    assert houthis.type == "MilitaryUnit"
    assert classes(ex) == ["Statement"]


def test_the_platform_something_was_said_on_takes_no_part():
    ex = run("Iran's foreign minister Javad Zarif criticised the sanctions on Twitter.")
    assert classes(ex) == ["Accusation"]  # no Sanction: "the sanctions" carry no actor of their own
    assert all("twitter" not in p.key for e in ex.events for p in e.participants)
    (twitter,) = [e for e in ex.entities if e.label == "Twitter"]
    assert twitter.type == "Organization"


def test_charges_against_someone_are_an_accusation_and_a_charge_alone_is_not():
    ex = run("Russia brought charges against the journalist Ivan Golunov.")
    charge = only(ex, "Accusation")
    assert keys(charge, "initiator") == {"country/RUS"} and keys(charge, "recipient") == {"person/ivan-golunov"}
    assert run("The visa is free of charge for citizens of France.").events == []


def test_a_weekday_hanging_from_a_past_verb_is_in_the_past_even_for_a_planned_event():
    friday = date(2019, 9, 6)
    ex = run("On Wednesday, Carrie Lam, the chief executive of Hong Kong, announced that her government will "
             "withdraw the extradition bill.", friday)
    assert ex.events and all(e.date == date(2019, 9, 4) for e in ex.events)
    planned = run("Prime Minister Narendra Modi will visit Russia on Wednesday.", friday)
    assert [e.date for e in planned.events] == [date(2019, 9, 11)]


def test_a_date_describing_a_participant_does_not_date_the_event():
    ex = run("Brett McGurk, who was the US envoy to the coalition against ISIL until December, also criticized "
             "President Donald Trump.", date(2019, 10, 8))
    accusation = only(ex, "Accusation")
    assert accusation.date.year == 2019 and accusation.date.month == 10


def test_a_state_or_province_lies_in_its_country_from_iso_3166_2():
    ex = run("Wildfires spread across Oregon and British Columbia on Monday.")
    assert ("locatedIn", "place/oregon", "country/USA") in relations(ex)
    assert ("locatedIn", "place/british-columbia", "country/CAN") in relations(ex)


def test_a_body_named_after_an_organisation_the_article_names_is_part_of_it():
    ex = run("The United Nations General Assembly met in New York. Officials of the United Nations said the session would last a week.")
    assert ("partOf", "organization/united-nations-general-assembly", "organization/united-nations") in relations(ex)


def test_who_speaks_of_riots_or_an_attack_takes_no_part_in_them():
    ex = run("President Donald Trump referred to the riots in Kenosha as acts of domestic terror.")
    assert not any(e.cls == "Protest" and "person/donald-trump" in keys(e) for e in ex.events)
    summit = run("Prime Minister Narendra Modi travelled to Kazan to attend the summit there.")
    assert any(e.cls == "Summit" and "person/narendra-modi" in keys(e) for e in summit.events)


def test_an_as_phrase_names_the_office_its_subject_holds():
    ex = run("On Friday, Ricardo Rosselló resigned as the governor of Puerto Rico.")
    people = {e.key: e for e in ex.entities if e.type == "Person"}
    assert people["person/ricardo-rossello"].positions == {"governor"}  # NER's ORG or not, no firm resigns an office
    assert "Retreat" in classes(ex)
    waiter = run("Mark Jones worked as a waiter in Paris before the war.")
    assert all(not e.positions for e in waiter.entities)


def test_violence_against_a_private_person_happens_to_the_country_it_happens_in():
    ex = run("A gunman shot John Smith outside a bar in Manchester on Friday.")
    assault = only(ex, "Assault")
    assert {"person/john-smith", "country/GBR"} <= keys(assault, "recipient")
    # words against a private person are no political event
    assert run("John Smith criticised his neighbour Mark Jones in Manchester on Friday.").events == []


def test_a_possessive_in_an_apposition_is_whose_office_it_is():
    ex = run("Maria Silva, Brazil's foreign minister, said on Monday that the talks had failed.")
    people = {e.key: e for e in ex.entities if e.type == "Person"}
    assert people["person/maria-silva"].positions == {"foreign minister"}
    assert ("represents", "person/maria-silva", "country/BRA") in relations(ex)


def test_attributing_an_attack_to_an_actor_is_blaming_it():
    # PLOVER ACCUSE: blame, attribute responsibility; only when the "to" phrase names an actor
    ex = run("The interior minister, Omar Saleh, attributed the bombing to the Taliban on Monday.")
    blame = only(ex, "Accusation")
    assert keys(blame, "initiator") == {"person/omar-saleh"} and keys(blame, "recipient") == {"organization/taliban"}
    assert run("She attributed her success to hard work and luck.").events == []


def test_signing_makes_an_agreement_only_of_a_text_between_parties():
    # PLOVER AGREE is between parties: a treaty or a deal; a bill, a law or an executive order is one side's act
    assert "Agreement" in classes(run("Kenya and Uganda signed a trade agreement in Nairobi on Monday."))
    ex = run("Yesterday, Tony Evers, the governor of Wisconsin, signed an executive order delaying the election until June.")
    assert "Agreement" not in classes(ex)


def test_conferring_is_consulting_only_with_someone():
    ex = run("Kenyan Foreign Minister Raychelle Omamo conferred with Ugandan Foreign Minister Sam Kutesa on Monday.")
    assert {"person/raychelle-omamo", "person/sam-kutesa"} <= keys(only(ex, "Consultation"))
    assert run("The president of Namibia conferred the Order of the Sun on Nickey Iyambo in 2014.").events == []


def test_demonstrating_something_is_showing_it_not_protesting():
    assert "Protest" in classes(run("Thousands of students demonstrated against the government of Serbia in Belgrade on Sunday."))
    assert run("The statement from the White House on Syria demonstrates a complete lack of understanding.").events == []


def test_where_an_argument_stands_is_its_place_not_a_party():
    ex = run("Ahmed Said, a militia commander, was killed by an American drone strike in Somalia on Tuesday.")
    assault = only(ex, "Assault")
    assert "country/USA" in keys(assault, "initiator") and "country/SOM" not in keys(assault, "initiator")
    # ... but officials in a country are its officials
    ex = run("Authorities in Kenya and Uganda announced on Monday that the border would reopen.")
    assert {"country/KEN", "country/UGA"} <= keys(only(ex, "Statement"))


def test_shooting_is_an_attack_only_with_a_target():
    assert "Assault" in classes(run("Police in Minneapolis shot Jacob Blake on Sunday."))
    assert run("The director spoke about the logistics of shooting with a five-person crew in Canada.").events == []


def test_flying_something_somewhere_is_no_visit_and_a_bid_to_host_is_not_hosting():
    assert "Visit" in classes(run("Prime Minister Narendra Modi flew to Moscow on Monday for talks."))
    assert "Visit" not in classes(run("The airline flies weapons and fighters to Yemen every week, the Saudi government said."))
    assert "Visit" not in classes(run("Kenya and Ghana had bid to host the secretariat of the African Union."))


def test_a_phrase_may_carry_a_determiner_before_its_noun():
    # written; ../shared/news ("drop his bid"); not across an object pronoun before a preposition
    assert "Sanction" in {e.cls for e in run("Turkey cut all ties with Israel.").events}
    assert "Concession" in {e.cls for e in run("President Trump dropped his bid to add the question.").events}
    assert "Request" not in {e.cls for e in run("President Trump called him on Monday.").events}


def test_a_prison_sentence_and_a_refusal_to_commit():
    # ../shared/news (Blankenship's sentence; Trump and the transfer of power), titles added
    (event,) = [e for e in run("Former coal executive Don Blankenship received a one year prison sentence in 2016.").events
                if e.cls == "Coercion"]
    assert {p.key: p.role for p in event.participants} == {"person/don-blankenship": "recipient"}
    assert "Rejection" in {e.cls for e in run("President Trump would not commit to a peaceful transfer of power.").events}
    # a sentence commuted is no new sentence, and its possessor underwent it
    assert classes(run("In mid-July, President Trump commuted the prison sentence of confidante Roger Stone.")) == ["Concession"]
    assert "Coercion" not in classes(run("Sirhan's initial death sentence was commuted to life in prison."))


def test_a_signing_held_and_a_bill_sponsored():
    # ../shared/news (the Abraham Accords ceremony; Rubio's bill), a firm's sponsorship is no politics
    assert "Agreement" in classes(run("Representatives from the UAE, Bahrain, and Israel held a special signing at the "
                                      "White House with President Trump."))
    assert "Support" in classes(run("Senator Marco Rubio co-sponsored the bill."))
    assert "Support" not in classes(run("Coca-Cola sponsored the tournament."))


def test_withdrawing_from_a_treaty_rejects_it_but_not_every_document_nearby_makes_it_so():
    # ../shared/news (the Thai party); written
    assert "Rejection" in classes(run("Iran pulled out of the nuclear deal."))
    ex = run("On Saturday, Thailand's Thai Raksa Chart Party withdrew from using Princess Ubolratana Mahidol as their "
             "candidate in response to a statement from her younger brother, King Maha Vajiralongkorn.")
    assert "Retreat" in classes(ex) and "Rejection" not in classes(ex)


def test_aid_and_sanctions_go_to_someone_and_cooperation_is_with_someone():
    # PLOVER AID, SANCTION, COOPERATE: recipient required (../shared/news; written)
    assert "Sanction" not in classes(run("Iran's air fleet is ageing, with sanctions restricting the purchase of new planes."))
    assert "Cooperation" not in classes(run("The fire service said an investigation working alongside North Wales Police was underway."))
    assert "Sanction" in classes(run("France banned the Russian airline Aeroflot on Tuesday."))
    # people with no name are someone: "banned a number of female chess players", "sent aid to refugees"
    assert "Sanction" in classes(run("Turkey has banned a number of foreign journalists for their reporting."))
    assert "Aid" in classes(run("Qatar sent food aid to refugees in Lebanon."))
    assert "Sanction" not in classes(run("The United States imposed sanctions."))
    assert "Coercion" in classes(run("Last Friday, the Tunisian Prime Minister signed a decree banning niqāb."))


def test_forces_that_oust_a_leader_assault_and_a_vote_that_ousts_does_not():
    # PLOVER ASSAULT (../shared/news; written)
    (event,) = [e for e in run("The army overthrew President Omar al-Bashir in April.").events if e.cls == "Assault"]
    assert {p.key: p.role for p in event.participants}["person/omar-al-bashir"] == "recipient"
    assert "Assault" not in classes(run("Parliament ousted the Speaker in a vote."))


def test_going_to_a_place_is_a_visit_and_going_to_court_is_not():
    # written; ../shared/news ("instead went to the scene" is no place named)
    ex = run("President Emmanuel Macron went to Germany on Monday.")
    (event,) = [e for e in ex.events if e.cls == "Visit"]
    assert {p.key: p.role for p in event.participants} == {"person/emmanuel-macron": "initiator", "country/DEU": "recipient"}
    assert "Visit" not in classes(run("President Emmanuel Macron went to court on Monday."))
    assert "Visit" not in classes(run("I was about 12 years old, and I went to Syria."))  # ../shared/news, an interview


def test_what_is_sent_attended_or_thanked_decides():
    # ../shared/news (the march plan sent to police; a funeral; a candidate's supporters); written
    assert "Mobilization" not in classes(run("The Civil Human Rights Front had sent the police a plan for the march."))
    assert "Mobilization" in classes(run("Russia sent Syria more troops."))
    assert "Visit" not in classes(run("Former President Barack Obama attended mass at the cathedral."))
    assert "Support" not in classes(run("Governor John Hickenlooper thanked his supporters in a YouTube video."))
    assert "Support" in classes(run("President Xi Jinping thanked Russia for its support."))
    ex = run("Bruce McArthur, from Toronto, Canada, on Tuesday admitted his guilt in eight murders.")
    assert not any(p.key == "country/CAN" for e in ex.events for p in e.participants)


def test_accepting_responsibility_for_a_wrong_concedes_it_and_claiming_an_attack_does_not():
    # PLOVER CONCEDE: admit wrongdoing (written, after ../shared/news)
    ex = run("President Aliyev accepted responsibility for the downing of the Russian helicopter.")
    assert "Concession" in classes(ex)
    assert "Concession" not in classes(run("The Taliban claimed responsibility for the attack in Kabul."))


def test_a_promise_of_ones_own_deed_agrees_with_no_one_a_promise_to_another_or_to_people_does():
    # PLOVER AGREE: promise to cooperate; broad promises of aid (written, after ../shared/news)
    assert "Agreement" not in classes(run("Turkish President Recep Tayyip Erdogan pledged converting the museum to a mosque."))
    assert "Agreement" in classes(run("Russia promised to supply gas to Serbia."))
    assert "Agreement" in classes(run("Governor Alexei Teksler has promised each victim a payout of one million rubles."))
    assert "Agreement" not in classes(run("President Trump vowed to protect people with pre-existing conditions."))


def test_a_mobilization_is_an_authoritys_move():
    # PLOVER MOBILIZE: military or police (written, after ../shared/news)
    assert "Mobilization" not in classes(run("The University of Hawaii dispatched the research ship Kilo Moana to the volcano."))
    assert "Mobilization" in classes(run("Russia dispatched two warships to the Black Sea on Monday."))


def test_grieving_a_passing_is_a_tribute():
    # PLOVER SUPPORT: condolences (written, after ../shared/news)
    assert "Support" in classes(run('Prime Minister Narendra Modi wrote, "India grieves the passing of former President Pranab Mukherjee."'))


def test_a_minute_of_silence_is_a_tribute_though_ner_reads_it_as_a_time():
    # ../shared/news (NER tags "a minute" TIME)
    assert "Support" in classes(run("Both houses of the French Parliament held a minute of silence in Chirac's honor today."))


def test_admitting_to_a_deed_concedes_it_and_thanks_to_the_police_are_support():
    # written, after ../shared/news
    assert "Concession" in classes(run("President Trump has admitted to ordering the payments, according to prosecutors."))
    assert "Support" in classes(run("Mayor Sadiq Khan of London thanked the police for their swift response."))
    assert "Support" not in classes(run("Mayor Sadiq Khan thanked his wife."))


def test_exchanging_messages_or_corresponding_is_a_consultation():
    # PLOVER CONSULT (written)
    assert "Consultation" in classes(run("Prime Minister Narendra Modi exchanged messages with President Xi Jinping."))
    assert "Consultation" in classes(run("Prime Minister Narendra Modi corresponded with President Xi Jinping."))


def test_saying_a_claim_is_not_true_denies_it():
    # PLOVER REJECT: deny (written, after ../shared/news)
    assert "Rejection" in classes(run("The Foreign Ministry of China said the reports were not true."))
    assert "Rejection" not in classes(run("The Foreign Ministry of China said the reports were true."))


def test_an_investigation_is_of_someone_or_of_a_crime():
    # PLOVER ACCUSE: investigate (written, after ../shared/news)
    assert "Accusation" in classes(run("Federal authorities in the United States are investigating the shooting as terrorism."))
    assert "Accusation" in classes(run("The FBI investigated Hillary Clinton over her emails."))
    assert "Accusation" not in classes(run("Ana Ruiz, a UN rapporteur who had investigated the matter, spoke on Monday."))


def test_money_given_is_aid():
    # PLOVER AID: monetary aid (written)
    assert "Aid" in classes(run("The government of Qatar gave Hamas a total of US$10 million in 2018."))
    assert "Aid" not in classes(run("The government of Qatar gave Hamas a warning in 2018."))


def test_a_view_of_what_is_to_be_done_asks_no_one_and_leaving_an_opening_leaves_no_body():
    # ../shared/news; written
    assert "Request" not in classes(run("In opening the debate, Senator Brian Carroll said climate change must be addressed."))
    assert "Request" in classes(run("President Macron said Brazil must protect the rainforest."))
    assert "Sanction" not in classes(run("Supreme Court Justice Ruth Bader Ginsburg died, leaving an opening on the Court."))
    assert "Sanction" in classes(run("The United Kingdom voted to leave the European Union."))


def test_attending_a_summit_is_the_summit_and_aid_needs_a_giver():
    # written, after ../shared/news
    found = classes(run("Prime Minister Igor Matovic attended a summit with President of France Emmanuel Macron last week."))
    assert "Summit" in found and "Visit" not in found
    assert "Visit" in classes(run("Prime Minister Narendra Modi flew to Japan to attend the annual summit."))
    assert "Aid" not in classes(run("Sergeant Matiu Ratana was airlifted to hospital."))
    assert "Aid" in classes(run("The United States airlifted food to Yemen."))


def test_refusing_to_answer_or_comment_rejects_nothing():
    # written, after ../shared/news
    assert "Rejection" not in classes(run("Senator Joe Biden refused to answer whether he would support the plan."))
    assert "Rejection" in classes(run("Attorney General William Barr refused to hand over the documents."))


def test_ties_opened_or_restored_cooperate_heckling_protests_and_hitting_out_accuses():
    # PLOVER COOPERATE: initiate or resume cooperation (CAMEO 064 establish diplomatic relations)
    assert keys(only(run("Egypt and Qatar restored diplomatic ties on Monday."), "Cooperation")) == {"country/EGY", "country/QAT"}
    heckled = only(run("Opposition lawmakers heckled President Duterte in Congress on Monday."), "Protest")
    assert "person/duterte" in keys(heckled, "recipient")
    accused = only(run("Labour leader Jeremy Corbyn hit out at Prime Minister Boris Johnson on Monday."), "Accusation")
    assert keys(accused, "recipient") == {"person/boris-johnson"}
    assert keys(only(run("President Biden made stops in Pennsylvania and Ohio on Saturday."), "Visit"), "initiator") == {"person/biden"}


def test_what_an_agreement_provides_is_coded_with_it_not_as_a_deed_of_its_own():
    assert "Cooperation" not in classes(run("Washington announced an accord it mediated to restore ties between Chad and Niger."))
    assert "Cooperation" in classes(run("Washington said Chad and Niger restored ties on Monday."))
    ex = run("The United States left a trade pact with Peru which had been signed under Obama.")
    assert "Agreement" in classes(ex)
    # a relative clause with no pronoun and no object of its own acts on the noun it hangs on
    ex = run("Talks resumed after the accords Norway brokered between Chad and Niger last year.")
    assert keys(only(ex, "Agreement")) >= {"country/TCD", "country/NER"}


def test_a_verb_trigger_takes_no_side_from_the_clause_joined_after_it():
    ex = run("President Trump praised the report on Monday and warned that Biden could raise taxes.")
    assert keys(only(ex, "Support")) == {"person/trump"}


def test_a_name_in_a_phrase_of_time_is_no_side_of_the_event():
    ex = run("Following the announcement of Biden's win, President Trump issued a statement at his golf club.")
    assert keys(only(ex, "Statement")) == {"person/trump"}
    ex = run("Senator Klobuchar visited Kenosha two days after President Trump.")
    assert "person/trump" not in keys(only(ex, "Visit"))


def test_being_questioned_about_something_is_being_asked_not_accused():
    ex = run("Chancellor Olaf Scholz was questioned about the scandal while speaking to reporters in Berlin.")
    assert "Accusation" not in classes(ex)
    ex = run("Labour leader Jeremy Corbyn questioned Prime Minister Boris Johnson's honesty on Monday.")
    assert "Accusation" in classes(ex)


def test_shooting_a_film_on_a_budget_attacks_no_one_firing_on_protesters_does():
    ex = run("The Canadian director Ann Roy talked about shooting with a small crew on a tight budget in Toronto.")
    assert "Assault" not in classes(ex)
    ex = run("Soldiers in Khartoum fired on protesters on Monday, Sudan's opposition said.")
    assert "Assault" in classes(ex)
    ex = run("Saturday's mass shooting in Dayton, Ohio killed nine people.")
    assert "Assault" in classes(ex)


def test_a_name_in_a_clause_on_where_it_was_said_is_no_side():
    # ../shared/news
    ex = run("President Donald Trump visited California on Monday. In a public briefing that included California "
             "governor Gavin Newsom, Trump denied the effect of climate change on the intensity of the fires.")
    assert keys(only(ex, "Rejection")) == {"person/donald-trump"}
    ex = run("At his rally, which the newspaper The Times called chaotic, President Trump condemned the verdict.")
    assert "organization/times" not in keys(only(ex, "Accusation"))


def test_a_threat_that_emerges_or_is_posed_is_a_danger_not_a_threat_made():
    assert "Threat" not in classes(run("In 2000, a new threat to President Mugabe's rule emerged in the form of a new party."))
    assert "Threat" not in classes(run("Iran's nuclear programme poses a threat to Israel, Prime Minister Netanyahu said."))
    assert "Threat" in classes(run("North Korea's threat to strike Guam alarmed Japan."))


def test_a_camera_captures_no_one():
    assert "Coercion" not in classes(run("Video captured President Macron leaving the Elysee Palace on Monday."))
    assert "Coercion" in classes(run("Syrian government forces captured two Turkish soldiers near Idlib."))


def test_a_rally_a_person_speaks_in_is_no_protest():
    # PLOVER PROTEST is dissent; a politician announcing something "in a rally" holds a campaign rally
    text = "Chilean President Ana Soto announced the reform again in a rally on Saturday."
    assert "Protest" not in classes(run(text))


def test_who_resigns_held_an_office():
    # ../shared/news ("In 2017, after sexual misconduct allegations came to light, Conyers resigned"): a resignation is from an office
    assert "Retreat" in classes(run("In 2018, after corruption allegations came to light, Al Franken resigned, citing his health."))


def test_speaking_to_a_broadcasters_reporter_is_no_consultation():
    # an interview given to a broadcaster's reporter is no talks between sides
    text = "Speaking to John Vance of NPR, Senator Ann Lee said the treaty with Canada was a mistake."
    assert "Consultation" not in classes(run(text))


def test_followers_gathering_protest_only_when_the_clause_says_against_what():
    assert "Protest" not in classes(run("Hundreds of fans gathered outside the hospital in Lima, Peru, where the singer was treated."))
    assert "Protest" in classes(run("Hundreds of fans gathered outside the embassy in Lima, Peru, to protest against the arrest of the singer."))
    assert "Protest" in classes(run("Thousands of students gathered in Lima, Peru, on Friday."))


def test_what_a_thrown_object_includes_is_thrown():
    assert "Assault" in classes(run("Rioters in Santiago, Chile responded by throwing objects, including petrol bombs, at the riot police."))
    assert "Assault" not in classes(run("Fans in Santiago, Chile responded by throwing objects, including flowers, at the singer."))


def test_a_shutdown_is_coercion_only_when_someone_with_authority_does_it():
    assert "Coercion" not in classes(run("Bradley Airport in Connecticut was shut down after the crash and reopened later that day."))
    assert "Coercion" in classes(run("The Philippine government shut down the network on Tuesday."))


def test_an_order_to_hold_someone_is_coercion_an_order_to_act_a_request():
    held = run("Judge Maria Lopez of Chile ordered the suspect remain in custody until his trial.")
    assert "Coercion" in classes(held) and "Request" not in classes(held)
    assert "Request" in classes(run("President Maria Lopez of Chile ordered the police to investigate the attack."))


def test_a_big_deal_made_about_something_is_a_fuss_and_an_animal_attacks_no_one():
    assert "Agreement" not in classes(run("Officials in Iran keep making a big deal about playing against Israel."))
    assert "Agreement" in classes(run("Iran signed a big deal with Israel in Geneva on Monday."))
    assert "Assault" not in classes(run("A dog attacked police officers in Denver, Colorado on Saturday."))


def test_support_measured_in_a_poll_is_given_by_no_one():
    assert "Support" not in classes(run("Senator Beto Smith of Texas had only reached 3 percent support in two national polls."))
    assert "Support" in classes(run("Senator Beto Smith of Texas gave his support to the Green New Deal."))


def test_firing_tear_gas_or_water_cannon_is_coercion_not_an_assault():
    assert classes(run("Police in Belgrade, Serbia, fired tear gas at the protesters on Friday.")) == ["Coercion"]
    assert "Assault" in classes(run("Troops in Belgrade, Serbia, fired live rounds at the protesters on Friday."))


def test_a_consultation_is_with_someone_named():
    assert "Consultation" not in classes(run("In India, the minister said they spoke to many senior officers about the lockdown."))
    assert "Consultation" in classes(run("Foreign Minister Ana Costa of Portugal spoke with Secretary of State Mike Brown about the case."))
