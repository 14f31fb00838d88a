"""The networkx mirror, names, paths, neighbourhoods, centrality and graph files."""

from __future__ import annotations

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.api import KnowledgeGraph
from kg.cli import app
from kg.views import export, mirror, names
from kg.views import paths as walk
from tests.conftest import CALL_EVIDENCE, MEETING_EVIDENCE, load_tiny

runner = CliRunner()
MODI, XI, PUTIN = (f"https://w3id.org/dipkg/id/person/{k}" for k in ("narendra-modi", "xi-jinping", "vladimir-putin"))


def quads(store) -> int:
    return len(store)


def test_mirror_has_entities_events_and_explained_edges(tiny_store):
    g = mirror.load(tiny_store)
    events = [n for n, a in g.nodes(data=True) if a["type"] == "Event"]
    assert len(events) == 5
    assert g.nodes[MODI]["label"] == "Narendra Modi" and g.nodes[MODI]["aliases"] == ["Modi"]
    assert g.nodes[MODI]["positions"] == ["Prime Minister"]
    assert g.nodes["https://w3id.org/dipkg/id/place/tianjin"]["cls"] == "City"
    meeting = next(e for e in events if g.nodes[e]["cls"] == "Meeting")
    assert set(g[meeting]) == {MODI, XI, "https://w3id.org/dipkg/id/place/tianjin"}
    assert set(g[meeting][MODI]) == {"initiator"} and set(g[meeting][XI]) == {"recipient"}
    edge = g[meeting][MODI]["initiator"]
    assert edge["evidence"] == MEETING_EVIDENCE and edge["date"] == "2025-01-09" and edge["confidence"] == 0.9
    assert edge["article_title"].startswith("Summit")
    assert g.has_edge(MODI, "https://w3id.org/dipkg/id/country/IND", key="leaderOf")


def test_mirror_is_the_same_on_both_backends(example_store, memory_store):
    on_disk, in_memory = mirror.load(example_store), mirror.load(memory_store)
    assert on_disk.number_of_nodes() > 100
    assert dict(on_disk.nodes(data=True)) == dict(in_memory.nodes(data=True))
    assert sorted(on_disk.edges(keys=True)) == sorted(in_memory.edges(keys=True))


def test_filters(tiny_store):
    def classes(**kw):
        g = mirror.load(tiny_store, mirror.Filters(**kw))
        return sorted(a["cls"] for _n, a in g.nodes(data=True) if a["type"] == "Event"), g

    from datetime import date

    assert classes(start=date(2025, 3, 1))[0] == ["Agreement", "PhoneCall", "Statement"]
    assert classes(end=date(2025, 1, 9))[0] == ["Meeting"]
    assert classes(classes=("Consultation",))[0] == ["Meeting", "PhoneCall"]  # the root keeps its subclasses
    assert classes(min_confidence=0.6)[0] == ["Meeting", "PhoneCall"]
    kept, g = classes(countries=(names.resolve(tiny_store, "Russia"),))
    assert kept == ["Agreement", "PhoneCall"]  # Putin leads Russia
    assert MODI not in g and PUTIN in g  # entities in no kept event are left out
    assert "countries RUS" in g.graph["filters"]


def test_actor_projection_counts_shared_events(tiny_store):
    p = mirror.actor_projection(mirror.load(tiny_store))
    assert p[MODI][XI]["weight"] == 1 and p[MODI][XI]["label"] == "Meeting"
    assert "https://w3id.org/dipkg/id/place/tianjin" not in p  # places are not actors
    assert p[XI][PUTIN]["first"] == "2025-03-04"


def test_resolve_by_label_or_alias_in_any_case(tiny_store):
    assert names.resolve(tiny_store, "narendra MODI") == MODI
    assert names.resolve(tiny_store, "  modi ") == MODI
    assert names.resolve(tiny_store, "prc") == "https://w3id.org/dipkg/id/country/CHN"


def test_unknown_and_ambiguous_names_say_what_was_meant(tiny_store):
    with pytest.raises(names.UnknownName, match="did you mean 'Vladimir Putin'"):
        names.resolve(tiny_store, "Putn")
    with pytest.raises(names.UnknownName, match="ambiguous.*Kim Jong Un.*Kim Yo Jong"):
        names.resolve(tiny_store, "kim")


@pytest.mark.parametrize(
    "name",
    ['Modi" } ; DROP ALL ; { "', "Modi' } ; DROP ALL", '"""} ; DROP ALL ; #', "x\\\" } DROP ALL", "{{ ?s ?p ?o }}", "<https://w3id.org/dipkg/id/person/narendra-modi>"],
)
def test_hostile_names_never_reach_the_query(tiny_store, name):
    before = quads(tiny_store)
    with pytest.raises(names.UnknownName, match="no entity is called"):
        names.resolve(tiny_store, name)
    assert quads(tiny_store) == before


def test_cli_hostile_name_one_message_store_unchanged(tmp_path):
    from kg.store import open as open_store

    path = tmp_path / "s"
    with open_store(path) as store:
        before = quads(load_tiny(store))
    result = runner.invoke(app, ["path", 'Modi" } ; DROP ALL ; {', "Putin", "--store", str(path)])
    assert result.exit_code == 1
    assert result.stderr.count("error:") == 1 and "no entity is called" in result.stderr
    with open_store(path) as store:
        assert quads(store) == before


def test_path_explains_each_hop(tiny_store):
    [path] = walk.paths(mirror.load(tiny_store), MODI, PUTIN)
    assert path.names == ["Narendra Modi", "Xi Jinping", "Vladimir Putin"]
    meeting, call = path.hops
    assert (meeting.relation, meeting.source_role, meeting.target_role) == ("Meeting", "initiator", "recipient")
    assert meeting.evidence == MEETING_EVIDENCE and meeting.date == "2025-01-09"
    assert (call.relation, call.evidence, call.article_title) == ("PhoneCall", CALL_EVIDENCE, "Calls and deals")


def test_path_through_a_relation_and_k_paths(tiny_store):
    g = mirror.load(tiny_store)
    [path] = walk.paths(g, "https://w3id.org/dipkg/id/country/IND", XI)
    assert [h.relation for h in path.hops] == ["leaderOf", "Meeting"]
    assert path.hops[0].inverse and path.hops[0].sentence().startswith("Narendra Modi leaderOf India")
    assert len(walk.paths(g, MODI, PUTIN, k=5)) >= 1
    assert walk.paths(g, MODI, "https://w3id.org/dipkg/id/person/kim-jong-un") == []


def test_multi_hop_path_in_the_example_corpus(example_store):
    """Whatever the extractor finds, a long chain must be explained hop by hop."""
    g = mirror.load(example_store)
    entities = [n for n, a in g.nodes(data=True) if a["type"] != "Event"]
    undirected = nx.Graph(g.to_undirected())
    lengths = ((a, b, d) for a in entities for b, d in nx.single_source_shortest_path_length(undirected, a).items() if b in entities)
    a, b, _ = max(lengths, key=lambda t: (t[2], t[0], t[1]))
    [path] = walk.paths(g, a, b)
    assert len(path) >= 3
    for hop in path.hops:
        if hop.event:
            assert hop.evidence and hop.article_title and hop.date
            assert g.has_edge(hop.event, hop.source_id) and g.has_edge(hop.event, hop.target_id)
        else:
            assert g.has_edge(hop.source_id, hop.target_id) or g.has_edge(hop.target_id, hop.source_id)


def test_neighbours_walk_through_events(tiny_store):
    g = mirror.load(tiny_store)
    near = {n.label: (n.distance, n.via) for n in walk.neighbours(g, MODI, 1)}
    assert near["Xi Jinping"] == (1, "Meeting 2025-01-09") and near["India"] == (1, "leaderOf")
    assert "Vladimir Putin" not in near
    assert walk.neighbours(g, MODI, 2)[-1].distance == 2
    assert {n.label for n in walk.neighbours(g, MODI, 2)} >= {"Vladimir Putin", "China"}


def test_centrality_ranks_the_broker_first(tiny_store):
    top = walk.centrality(mirror.load(tiny_store), 3)
    by_betweenness = max(top, key=lambda r: r.betweenness)
    assert by_betweenness.label == "Xi Jinping" and by_betweenness.degree == 2


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_round_trip(tiny_store, tmp_path, fmt):
    g = mirror.load(tiny_store)
    path = tmp_path / f"g.{fmt}"
    export.write(g, path, fmt)
    back = nx.read_graphml(path, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(path)
    assert set(back.nodes) == set(g.nodes) and back.number_of_edges() == g.number_of_edges()
    assert back.nodes[MODI]["label"] == "Narendra Modi"
    meeting = next(n for n, a in g.nodes(data=True) if a.get("cls") == "Meeting")
    assert back.nodes[meeting]["evidence"] == MEETING_EVIDENCE


def test_cli_path_neighbours_stats_export(built_store_dir, tmp_path):
    store = str(built_store_dir)
    demo = runner.invoke(app, ["path", "Narendra Modi", "Donald Trump", "--store", store])  # make demo's last step
    assert demo.exit_code == 0 and "Narendra Modi → " in demo.stdout, demo.output
    stats = runner.invoke(app, ["stats", "--top", "3", "--store", store])
    assert stats.exit_code == 0 and "PageRank" in stats.stdout
    out = tmp_path / "g.graphml"
    exported = runner.invoke(app, ["export", "--format", "graphml", "-o", str(out), "--store", store])
    assert exported.exit_code == 0 and nx.read_graphml(out).number_of_nodes() > 100
    unknown = runner.invoke(app, ["neighbours", "Nobody At All", "--store", store])
    assert unknown.exit_code == 1 and "no entity is called" in unknown.stderr


def test_cli_path_prints_evidence(tmp_path):
    from kg.store import open as open_store

    path = tmp_path / "s"
    with open_store(path) as store:
        load_tiny(store)
    result = runner.invoke(app, ["path", "modi", "putin", "--store", str(path)])
    assert result.exit_code == 0, result.output
    assert "Narendra Modi → Xi Jinping → Vladimir Putin (2 hops)" in result.stdout
    assert CALL_EVIDENCE in result.stdout and "Calls and deals" in result.stdout
    apart = runner.invoke(app, ["path", "modi", "Kim Jong Un", "--store", str(path)])
    assert apart.exit_code == 1 and "not connected" in apart.stderr
    bad = runner.invoke(app, ["path", "modi", "putin", "--from", "yesterday", "--store", str(path)])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr


def test_help_of_graph_commands_has_examples():
    for command in ["path", "neighbours", "viz", "stats", "export"]:
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.stdout, command


def test_api_returns_plain_data(tiny_store, tmp_path, monkeypatch):
    kg = KnowledgeGraph(tiny_store)
    [path] = kg.path("Modi", "Putin")
    assert path["names"] == ["Narendra Modi", "Xi Jinping", "Vladimir Putin"]
    assert path["hops"][1]["evidence"] == CALL_EVIDENCE
    assert kg.neighbours("Xi", depth=1).df["label"].tolist() == ["China", "Narendra Modi", "Tianjin", "Vladimir Putin"]
    assert kg.to_networkx(actors=True).has_edge(XI, PUTIN)
    assert kg.to_networkx(classes=["PhoneCall"]).number_of_nodes() == 3
    assert kg.centrality(top=1).df.shape == (1, 7)
    monkeypatch.chdir(tmp_path)
    page = kg.visualize()  # outside Jupyter: a file
    assert (tmp_path / "graph.html").read_text() == page.html and page.nodes == kg.to_networkx().number_of_nodes()
    with pytest.raises(names.UnknownName):
        kg.path("Modi", "Nobody")


def test_hops_show_a_date_only_as_precise_as_the_text(tmp_path):
    from kg import KnowledgeGraph

    article = tmp_path / "a.txt"
    article.write_text("date 2025-10-29\nEarlier this month, Chile and Peru held talks in Lima.\n")
    kg = KnowledgeGraph.open("memory")
    try:
        kg.build([article])
        (chain,) = kg.path("Chile", "Peru")
        assert chain["hops"][0]["date"] == "2025-10"
    finally:
        kg.close()
