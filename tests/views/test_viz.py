"""The pyvis page, opened from file:// in a real headless Chromium with the network off."""

from __future__ import annotations

import os
import re

import pytest

from kg.views import mirror, viz
from tests.conftest import HOSTILE_NAME, HOSTILE_TITLE, MEETING_EVIDENCE, load_tiny

from tests.support import browser

if not browser.available():
    if os.environ.get("CI"):
        raise RuntimeError(f"no Chromium at {browser.CHROMIUM}: `make test` installs it (make browser)")
    pytest.skip("no Chromium here: run `make browser` (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def chromium():
    with browser.browser() as context:
        yield context


@pytest.fixture(scope="module")
def tiny_graph():
    from kg.store import open as open_store

    with open_store("memory") as store:
        yield mirror.load(load_tiny(store))


def test_page_is_one_self_contained_file(tiny_graph, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    viz.write(tiny_graph, tmp_path / "g.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.html"]  # no lib/ folder
    page = (tmp_path / "g.html").read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "vis-network" in page and "TomSelect" in page


def test_example_graph_renders_offline_with_every_node_and_edge(chromium, example_store, tmp_path):
    graph = mirror.load(example_store)
    viz.write(graph, tmp_path / "examples.html", title="examples")
    with browser.visit(chromium, tmp_path / "examples.html") as seen:
        assert seen.page.evaluate("typeof vis.Network") == "function"
        rendered = seen.page.evaluate("window.kgRender")
        assert (rendered["nodes"], rendered["edges"]) == (graph.number_of_nodes(), graph.number_of_edges())
        assert seen.errors == []
        assert seen.outside == []
        assert seen.requests == [seen.page.url]


def _hover_edge(page, edge_id: str) -> str:
    """Move the real mouse onto a point of an edge and return the tooltip's text.

    The layout is not fixed from run to run, so another edge or a node may cross this one
    at its middle; the point is the first along the edge (from the middle outwards) where
    vis-network itself finds this edge and no other edge or node within a few pixels."""
    x, y = page.evaluate(
        """async (id) => {
            const edge = kgNetwork.body.edges[id];
            // the view may still be fitting the graph to the page: wait until the edge stays put
            const at = () => JSON.stringify(kgNetwork.canvasToDOM(edge.edgeType.getPoint(0.5)));
            let last = at();
            for (let i = 0; i < 120; i++) {
                await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
                const now = at();
                if (now === last) break;
                last = now;
            }
            const box = document.getElementById('kg-network').getBoundingClientRect();
            // vis picks what is hovered within a few pixels: no other edge or node may be that near
            const near = [-8, 0, 8].flatMap((dx) => [-8, 0, 8].map((dy) => [dx, dy]));
            const free = (dom) => kgNetwork.getEdgeAt(dom) === id && near.every(([dx, dy]) => {
                const p = {x: dom.x + dx, y: dom.y + dy};
                const other = kgNetwork.getEdgeAt(p);
                return (other === undefined || other === id) && kgNetwork.getNodeAt(p) === undefined;
            });
            for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.35, 0.65, 0.25, 0.75]) {
                const dom = kgNetwork.canvasToDOM(edge.edgeType.getPoint(t));
                if (free(dom)) {
                    return [box.left + dom.x, box.top + dom.y];
                }
            }
            throw new Error('no point of the edge is free of other edges and nodes');
        }""",
        edge_id,
    )
    # one move straight onto the point: a path to it may cross another edge, whose tooltip
    # would show first (the point is checked free of others; the way to it is not)
    page.mouse.move(x, y)
    tip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    return tip.inner_text()


def _hover_node(page, node_id: str) -> str:
    x, y = page.evaluate(
        """(id) => {
            const dom = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
            const box = document.getElementById('kg-network').getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }""",
        node_id,
    )
    page.mouse.move(x + 60, y + 60)
    page.mouse.move(x, y, steps=5)
    return page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000).inner_text()


def test_edge_tooltip_shows_evidence_and_hostile_text_stays_text(chromium, tiny_graph, tmp_path):
    viz.write(tiny_graph, tmp_path / "tiny.html", physics=False)
    meeting = next(n for n, a in tiny_graph.nodes(data=True) if a.get("cls") == "Meeting")
    modi = "https://w3id.org/dipkg/id/person/narendra-modi"
    with browser.visit(chromium, tmp_path / "tiny.html") as seen:
        page = seen.page
        text = _hover_edge(page, f"{meeting}|initiator|{modi}")
        assert MEETING_EVIDENCE in text  # the <script> in it is shown, as text
        assert HOSTILE_TITLE in text
        _hover_node(page, "https://w3id.org/dipkg/id/person/evil")
        # the tooltip now shows the hostile name, as text
        page.wait_for_function("(t) => document.querySelector('div.vis-tooltip').innerText.includes(t)", arg=HOSTILE_NAME, timeout=5000)
        assert page.evaluate("window.__pwned") is None  # no hostile markup ran
        assert page.evaluate("document.querySelectorAll('div.vis-tooltip img, div.vis-tooltip script').length") == 0
        assert seen.errors == [] and seen.outside == []


def test_physics_switch_search_and_max_nodes(chromium, example_store, tmp_path):
    graph = mirror.load(example_store)
    page_data = viz.write(graph, tmp_path / "top.html", max_nodes=40)
    assert page_data.nodes == 40 and len(page_data.dropped) == graph.number_of_nodes() - 40
    with browser.visit(chromium, tmp_path / "top.html") as seen:
        page = seen.page
        assert page.evaluate("window.kgRender.nodes") == 40
        assert "left out" in page.inner_text("#kg-dropped")
        assert page.evaluate("kgNetwork.physics.options.enabled") is False  # off once laid out
        page.check("#kg-physics")
        assert page.evaluate("kgNetwork.physics.options.enabled") is True
        some = page.evaluate("kgNetwork.body.nodeIndices[3]")
        page.evaluate("(id) => document.getElementById('kg-search').tomselect.setValue(id)", some)
        assert page.evaluate("kgNetwork.getSelectedNodes()") == [some]
        assert seen.errors == [] and seen.outside == []


def test_actor_view_labels_edges_by_event_class(chromium, tiny_graph, tmp_path):
    shown = viz.write(tiny_graph, tmp_path / "actors.html", actors=True)
    projection = mirror.actor_projection(tiny_graph)
    assert (shown.nodes, shown.edges) == (projection.number_of_nodes(), projection.number_of_edges())
    with browser.visit(chromium, tmp_path / "actors.html") as seen:
        labels = seen.page.evaluate("kgNetwork.body.data.edges.get().map(e => e.label)")
        assert "Meeting" in labels and "PhoneCall" in labels
        assert seen.errors == []


def test_notebook_display_is_an_inline_frame(tiny_graph):
    page = viz.render(tiny_graph)
    frame = page._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and "&lt;script&gt;" in frame and "<script>" not in frame
