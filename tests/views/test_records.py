"""Event records (kg export --format events-csv|events-jsonl): the POLECAT / PLOVER columns,
read from a hand-made graph through the real mapping and store, and from real news."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import rdflib
from rdflib import Literal
from typer.testing import CliRunner

from kg.api import EVENT_DTYPES, KnowledgeGraph
from kg.cli import app
from kg.ids import DIP, ONTOLOGY_GRAPH, event_iri, event_id, graph_iri
from kg.model import Document, Entity, Event, Extraction, Participant, Relation
from kg.rdf import triples
from kg.views import records

NEWS = Path(__file__).resolve().parents[3] / "shared" / "news" / "wikinews-2019-2020.jsonl"
TRICKY = 'Modi said: "We agree, fully; and\nwithout delay," in Tianjin.'


def extraction() -> Extraction:
    document = Document(id="rec-1", identifier="https://news.example.org/a/1", text="(hand-made)", date=date(2025, 1, 10),
                        title="Leaders meet, agree and argue", url="https://news.example.org/a/1", source="feed.rss")
    india = Entity("country/IND", "Country", "India", set(), "IND", mentions=1)
    china = Entity("country/CHN", "Country", "China", set(), "CHN", mentions=1)
    modi = Entity("person/narendra-modi", "Person", "Narendra Modi", mentions=1)
    xi = Entity("person/xi-jinping", "Person", "Xi Jinping", mentions=1)
    mea = Entity("organization/ministry-of-external-affairs", "GovernmentBody", "Ministry of External Affairs", mentions=1)
    tianjin = Entity("place/tianjin", "City", "Tianjin", mentions=1)
    nowhere = Entity("place/the-sidelines", "Place", "the sidelines", mentions=1)
    events = [
        Event("Meeting", [Participant(modi.key, "initiator"), Participant(xi.key, "recipient"), Participant(india.key)],
              date(2025, 1, 9), TRICKY, "met", location=tianjin.key, confidence=0.9, sentence=0),
        Event("PhoneCall", [Participant(modi.key), Participant(xi.key)], date(2025, 1, 1), "Modi and Xi spoke by phone.",
              "spoke", date_precision="month", confidence=0.6, sentence=1),
        Event("Statement", [Participant(mea.key)], date(2025, 1, 10), "The ministry issued a statement.", "issued",
              location=nowhere.key, confidence=0.3, status="planned", sentence=2),
        Event("Summit", [Participant(india.key), Participant(china.key)], date(2025, 7, 8), "A summit on July 8-9.", "summit",
              end_date=date(2025, 7, 9), location=tianjin.key, sentence=3),
    ]
    relations = [Relation("leaderOf", modi.key, india.key), Relation("leaderOf", xi.key, china.key),
                 Relation("partOf", mea.key, india.key), Relation("locatedIn", tianjin.key, china.key)]
    return Extraction(document, [india, china, modi, xi, mea, tianjin, nowhere], events, relations)


@pytest.fixture(params=["oxigraph", "memory"])
def graph(request, tmp_path):
    with KnowledgeGraph.open(tmp_path / "s" if request.param == "oxigraph" else "memory") as kg:
        found = extraction()
        kg.store.replace_graphs({graph_iri(found.document.id): list(dict.fromkeys(triples(found)))})
        yield kg


def by_class(kg: KnowledgeGraph) -> dict[str, dict]:
    return {r["Event Class"]: r for r in records.event_records(kg.store)}


def test_one_record_per_event_with_plover_cameo_and_polecat_columns(graph):
    found = by_class(graph)
    assert list(found) == ["PhoneCall", "Meeting", "Statement", "Summit"]  # in date order
    meeting = found["Meeting"]
    assert meeting["Event IRI"] == f"https://w3id.org/dipkg/id/event/{meeting['Event ID']}" and len(meeting["Event ID"]) == 16
    assert (meeting["Event Type"], meeting["CAMEO Root"], meeting["Quad Code"]) == ("CONSULT", "04", 1)
    assert (meeting["Event Date"], meeting["Date Precision"], meeting["End Date"]) == ("2025-01-09", "day", None)
    # PLOVER: the initiator is the actor, the one it was directed at the recipient
    assert (meeting["Actor Name"], meeting["Actor Country"]) == (["Narendra Modi"], ["IND"])
    assert (meeting["Recipient Name"], meeting["Recipient Country"]) == (["Xi Jinping"], ["CHN"])
    assert meeting["Recipient IRI"] == ["https://w3id.org/dipkg/id/person/xi-jinping"]
    assert meeting["Participant Name"] == ["India", "Narendra Modi", "Xi Jinping"]
    assert meeting["Participant Country"] == ["CHN", "IND"]
    assert (meeting["Placename"], meeting["City"], meeting["Country"], meeting["Country Code"]) == ("Tianjin", "Tianjin", "China", "CHN")
    assert meeting["GeoNames ID"] == 1792947 and meeting["Latitude"] == pytest.approx(39.142, abs=0.01)
    assert meeting["Longitude"] == pytest.approx(117.177, abs=0.01)
    assert (meeting["Status"], meeting["Confidence"], meeting["Evidence"]) == ("happened", 0.9, TRICKY)
    assert meeting["Publication Date"] == "2025-01-10" and meeting["Article Title"] == "Leaders meet, agree and argue"
    assert meeting["Article URL"] == meeting["Article ID"] == "https://news.example.org/a/1"


def test_reciprocal_events_have_every_participant_as_actor_and_no_recipient(graph):
    call = by_class(graph)["PhoneCall"]
    assert call["Actor Name"] == ["Narendra Modi", "Xi Jinping"] and call["Actor Country"] == ["CHN", "IND"]
    assert call["Recipient Name"] == [] and call["Recipient Country"] == []
    assert (call["Event Date"], call["Date Precision"]) == ("2025-01-01", "month")
    summit = by_class(graph)["Summit"]
    assert summit["Actor Country"] == ["CHN", "IND"]  # countries act for themselves
    assert (summit["Event Date"], summit["End Date"], summit["Event Type"]) == ("2025-07-08", "2025-07-09", "CONSULT")


def test_a_class_without_a_plover_match_and_a_place_that_is_no_city(graph):
    statement = by_class(graph)["Statement"]
    assert (statement["Event Type"], statement["Quad Code"], statement["CAMEO Root"]) == (None, None, "01")
    assert statement["Actor Country"] == ["IND"]  # a ministry is part of its state
    assert (statement["Placename"], statement["City"], statement["Latitude"], statement["Status"]) == ("the sidelines", None, None, "planned")


def test_types_and_codes_come_from_the_ontology_in_the_store(graph):
    """Change the ontology the store holds, and the records follow it: nothing is hard-coded."""
    ontology = [t for t in graph.store.graph(ONTOLOGY_GRAPH) if not (t[0] == DIP.Meeting and t[1] == DIP.cameoRoot)]
    ontology.append((DIP.Meeting, DIP.cameoRoot, Literal("46")))
    graph.store.replace_graphs({ONTOLOGY_GRAPH: ontology})
    found = by_class(graph)
    assert found["Meeting"]["CAMEO Root"] == "46" and found["PhoneCall"]["CAMEO Root"] == "04"


def test_dates_typed_by_their_precision_are_read_too(graph):
    """The store may type a month as xsd:gYearMonth and a year as xsd:gYear, without dip:datePrecision."""
    found = extraction()
    document_graph = [t for t in triples(found) if t[1] not in (DIP.date, DIP.datePrecision)]
    call, summit = (event_iri(event_id(found.document.id, e.cls, e.sentence, e.date.isoformat(), [p.key for p in e.participants]))
                    for e in (found.events[1], found.events[3]))
    xsd = rdflib.XSD
    document_graph += [(call, DIP.date, Literal("2025-01", datatype=xsd.gYearMonth)), (summit, DIP.date, Literal("2025", datatype=xsd.gYear))]
    graph.store.replace_graphs({graph_iri(found.document.id): list(dict.fromkeys(document_graph))})
    rows = {r["Event Class"]: r for r in records.event_records(graph.store)}
    assert (rows["PhoneCall"]["Event Date"], rows["PhoneCall"]["Date Precision"]) == ("2025-01-01", "month")
    assert (rows["Summit"]["Event Date"], rows["Summit"]["Date Precision"]) == ("2025-01-01", "year")


def test_the_csv_opens_with_the_csv_module_without_surprises(graph):
    data, count = graph.export_events("events-csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == [name for name, _ in records.COLUMNS] and count == len(rows) - 1 == 4
    assert {len(row) for row in rows} == {len(records.COLUMNS)}
    meeting = dict(zip(rows[0], next(r for r in rows if "Meeting" in r)))
    assert meeting["Evidence"] == TRICKY  # quotes, commas, a semicolon and a newline, all back
    assert meeting["Participant Name"] == "India; Narendra Modi; Xi Jinping" and meeting["Recipient Country"] == "CHN"
    assert meeting["End Date"] == "" and meeting["CAMEO Root"] == "04" and meeting["Confidence"] == "0.9"
    assert data.count(b"\r\n") == count + 1  # RFC 4180 line ends; the newline in the evidence stays a bare \n


def test_the_csv_reads_back_into_pandas_with_the_documented_dtypes(graph):
    data, _ = graph.export_events("events-csv")
    back = pd.read_csv(io.BytesIO(data), dtype="string", keep_default_na=False, na_values=[""]).astype(EVENT_DTYPES)
    expected = graph.event_records()
    pd.testing.assert_frame_equal(back, expected)
    assert {c: str(t) for c, t in back.dtypes.items()} == {c: str(pd.Series(dtype=t).dtype) for c, t in EVENT_DTYPES.items()}
    assert str(back["Event Date"].dtype) == "datetime64[ns]" and str(back["Quad Code"].dtype) == "Int64"
    assert back.loc[back["Event Class"] == "Meeting", "CAMEO Root"].item() == "04"  # a code, not the number 4
    assert back["End Date"].isna().sum() == 3 and back["Latitude"].notna().sum() == 2


def test_json_lines_are_one_object_per_event_with_arrays_and_nulls(graph):
    data, count = graph.export_events("events-jsonl")
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) - 1 == count == 4
    objects = [json.loads(line) for line in lines[:-1]]
    assert all(list(o) == [name for name, _ in records.COLUMNS] for o in objects)
    meeting = next(o for o in objects if o["Event Class"] == "Meeting")
    assert meeting["Participant Country"] == ["CHN", "IND"] and meeting["End Date"] is None
    assert meeting["Evidence"] == TRICKY and meeting["Quad Code"] == 1 and meeting["GeoNames ID"] == 1792947
    frame = pd.read_json(io.BytesIO(data), lines=True)
    assert len(frame) == 4 and frame.loc[frame["Event Class"] == "Meeting", "Actor Name"].item() == ["Narendra Modi"]


README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_documents_every_column_and_its_example_runs(graph, tmp_path, monkeypatch, capsys):
    section = README.read_text(encoding="utf-8").split("### Event data out", 1)[1].split("\n## ", 1)[0]
    documented = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            names, dtype = line.split(" | ")[:2]
            dtypes = [d.replace(" (list)", "") for d in dtype.split(", ")]
            for i, name in enumerate(n.strip("`| ") for n in names.split(", ")):
                documented[name] = dtypes[min(i, len(dtypes) - 1)]
    assert documented == EVENT_DTYPES
    (tmp_path / "events.csv").write_bytes(graph.export_events("events-csv")[0])
    monkeypatch.chdir(tmp_path)
    (block,) = [b for b in section.split("```python\n")[1:]]
    exec(compile(block.split("```", 1)[0], "README.md", "exec"), {})
    assert "CONSULT" in capsys.readouterr().out


def test_unknown_format_is_refused(graph):
    with pytest.raises(ValueError, match="unknown event record format 'events-xml'"):
        graph.export_events("events-xml")


def test_kg_export_of_real_news_loads_into_pandas(tmp_path):
    """A slice of the real feed, built and exported by the commands themselves."""
    if not NEWS.exists():
        pytest.skip(f"the real news feed is not here ({NEWS})")
    lines = NEWS.read_text(encoding="utf-8").splitlines()
    sample = tmp_path / "news.jsonl"
    sample.write_text("\n".join(lines[::12]) + "\n", encoding="utf-8")  # 24 articles from the whole period
    store, out = str(tmp_path / "store"), tmp_path / "events.csv"
    runner = CliRunner()
    assert runner.invoke(app, ["build", str(sample), "--store", store, "--quiet"]).exit_code == 0
    result = runner.invoke(app, ["export", "--format", "events-csv", "-o", str(out), "--store", store])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype="string", keep_default_na=False, na_values=[""]).astype(EVENT_DTYPES)
    with KnowledgeGraph.open(store, read_only=True) as kg:
        events = int(kg.query("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c . ?c rdfs:subClassOf+ dip:Event }").rows[0][0])
    assert len(frame) == events > 20 and f"{events} events" in result.stderr
    assert frame["Event ID"].is_unique and frame["Event Date"].notna().all() and frame["Evidence"].notna().all()
    assert set(frame["Date Precision"]) <= {"day", "month", "year"} and set(frame["Status"]) <= {"happened", "planned"}
    assert frame["Event Type"].dropna().isin(list(records.QUAD_CODES)).all()
    assert frame["Actor Country"].dropna().str.fullmatch(r"[A-Z]{3}(; [A-Z]{3})*").all()
    assert frame["Article URL"].str.startswith("https://en.wikinews.org/").all()
    jsonl = runner.invoke(app, ["export", "--format", "events-jsonl", "--store", store])
    assert [json.loads(line)["Event ID"] for line in jsonl.stdout.splitlines()] == frame["Event ID"].tolist()
