"""The graph as one interactive HTML page that works from file:// with no network.

pyvis builds the network (nodes, edges, vis-network options) and ships vis-network
and tom-select inside its package. Its own page template does not work offline:
even with `cdn_resources="in_line"` it links Bootstrap from a CDN, and the default
"local" mode writes a `lib/` folder next to the page. So the page is rendered from
our template (`kg/templates/graph.html`), which inlines the JavaScript and CSS that
pyvis ships, and nothing is written but the page itself.

Everything shown comes from articles, which are untrusted: all text is HTML-escaped
here, and the data reaches the page as JSON that cannot close its <script> element.
"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup
from pyvis.network import Network

from kg.views.mirror import actor_projection

# colour and vis-network shape of each coarse type; the legend says the same
TYPE_STYLE = {
    "Country": ("#1f77b4", "dot", "●"),
    "Person": ("#ff7f0e", "triangle", "▲"),
    "Organization": ("#2ca02c", "square", "■"),
    "Place": ("#9467bd", "star", "★"),
    "Actor": ("#7f7f7f", "dot", "●"),
    "Event": ("#8c8c8c", "diamond", "◆"),
}
# events coloured by PLOVER's quad classes: talk, cooperate, quarrel, fight
EVENT_GROUPS = {
    "consultation": ("#17becf", ("Consultation", "Meeting", "Summit", "PhoneCall", "Visit", "Statement")),
    "cooperation": ("#7fbf3f", ("Agreement", "Support", "Cooperation", "Aid", "Concession", "Retreat", "Request")),
    "verbal conflict": ("#e6a100", ("Accusation", "Rejection", "Protest", "Threat")),
    "material conflict": ("#d62728", ("Sanction", "Mobilization", "Coercion", "Assault")),
}
EVENT_COLOUR = {cls: colour for colour, classes in EVENT_GROUPS.values() for cls in classes}
EDGE_LABELS_UP_TO = 400  # above this many edges, labels clutter: the tooltips still tell


@dataclass
class Page:
    """A rendered page: the HTML, what it shows, and what was left out."""

    html: str
    nodes: int
    edges: int
    dropped: list[str] = field(default_factory=list)  # labels of nodes cut by max_nodes, most connected first
    path: Path | None = None

    def save(self, path: str | Path) -> Path:
        self.path = Path(path)
        self.path.write_text(self.html, encoding="utf-8")
        return self.path

    def _repr_html_(self) -> str:
        """Jupyter shows the page inline, in a sandboxed frame of its own."""
        return f'<iframe srcdoc="{html.escape(self.html, quote=True)}" style="width:100%;height:680px;border:0" sandbox="allow-scripts"></iframe>'


def in_notebook() -> bool:
    """True inside a Jupyter kernel, where a returned page displays itself."""
    shell = sys.modules.get("IPython") and sys.modules["IPython"].get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def render(
    graph: nx.MultiDiGraph,
    *,
    title: str = "diplomacy-kg",
    max_nodes: int | None = None,
    physics: bool = True,
    actors: bool = False,
    note: str = "",
) -> Page:
    """The page for `graph` (the networkx mirror, or a part of it).

    `actors` draws the actor projection (actors linked by shared events) instead of
    events as nodes. `max_nodes` keeps the most connected nodes and lists the rest.
    """
    shown = actor_projection(graph) if actors else graph
    dropped: list[str] = []
    if max_nodes is not None and shown.number_of_nodes() > max_nodes:
        ranked = sorted(shown.nodes, key=lambda n: (-shown.degree(n), shown.nodes[n]["label"], n))
        dropped = [shown.nodes[n]["label"] for n in ranked[max_nodes:]]
        shown = shown.subgraph(ranked[:max_nodes]).copy()

    # directed even for actors (arrows are an option): pyvis checks undirected edges for
    # duplicates pairwise, which is quadratic
    net = Network(directed=True, cdn_resources="in_line")
    for node, attrs in shown.nodes(data=True):
        colour, shape, _ = TYPE_STYLE.get(attrs["type"], TYPE_STYLE["Actor"])
        if attrs["type"] == "Event":
            colour = EVENT_COLOUR.get(attrs["cls"], colour)
        net.add_node(
            node, label=attrs["label"], title=_node_tooltip(attrs), color=colour, shape=shape,
            size=10 if attrs["type"] == "Event" else 14 + min(16, 2 * attrs.get("events", 0)),
        )
    edge_labels = shown.number_of_edges() <= EDGE_LABELS_UP_TO
    edges = shown.edges(keys=True, data=True) if shown.is_multigraph() else ((u, v, None, a) for u, v, a in shown.edges(data=True))
    for u, v, key, attrs in edges:
        label = attrs.get("label") or attrs.get("relation") or key or ""
        net.add_edge(
            u, v, id=f"{u}|{key}|{v}" if key is not None else f"{u}|{v}",
            label=label if edge_labels else None,
            title=_projection_tooltip(graph, attrs) if actors else _edge_tooltip(graph, u, attrs),
            width=1 + min(6, attrs.get("weight", 1) - 1) if actors else 1,
        )
    net.options = _options(shown.number_of_nodes(), physics, directed=not actors)
    nodes, edge_data, *_ = net.get_network_data()
    for edge in edge_data:  # pyvis adds "to"/"from"; labels=None must not reach vis as a label
        if edge.get("label") is None:
            edge.pop("label", None)
    legend = _legend(shown, actors)
    summary = f"{len(nodes)} nodes, {len(edge_data)} edges"
    if graph.graph.get("filters"):
        summary += f" · filters: {graph.graph['filters']}"
    if dropped:
        summary += f" · {len(dropped)} less connected nodes left out (--max-nodes {max_nodes})"
    if not edge_labels:
        summary += f" · edge labels hidden above {EDGE_LABELS_UP_TO} edges (hover an edge)"
    page = _template().render(
        title=title, summary=summary, note=note, legend=legend, dropped=dropped[:50], more_dropped=max(0, len(dropped) - 50),
        data={"nodes": nodes, "edges": edge_data, "options": net.options},
        physics=physics, **_assets(),
    )
    return Page(page, len(nodes), len(edge_data), dropped)


def write(graph: nx.MultiDiGraph, path: str | Path, **kwargs) -> Page:
    page = render(graph, **kwargs)
    page.save(path)
    return page


def _options(n: int, physics: bool, *, directed: bool) -> dict:
    """Settle fast: a bounded number of stabilisation steps, then physics off (the page
    has a switch to turn it back on)."""
    iterations = 200 if n <= 300 else 100 if n <= 1000 else 50
    return {
        # labels stay readable when a whole small graph is fitted on screen
        "nodes": {"font": {"size": 16, "face": "sans-serif"}, "borderWidth": 1, "scaling": {"label": {"drawThreshold": 3 if n <= 300 else 6}}},
        "edges": {
            "arrows": {"to": {"enabled": directed, "scaleFactor": 0.5}},
            "font": {"size": 10, "align": "middle", "color": "#555"},
            "color": {"color": "#9a9a9a", "highlight": "#333", "hover": "#333", "inherit": False},
            "smooth": n <= 300,
        },
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "springConstant": 0.08, "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 20, "fit": True},
            "minVelocity": 1.0,
            "timestep": 0.5,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n > 500, "navigationButtons": False},
        "layout": {"improvedLayout": n <= 150, "randomSeed": 7},
    }


# -- tooltips: escaped here, turned into elements in the page ------------------------------
def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _node_tooltip(attrs: dict) -> str:
    lines = [f"<b>{_e(attrs['label'])}</b> <i>{_e(attrs['cls'])}</i>"]
    if attrs["type"] == "Event":
        facts = [attrs.get("date"), attrs.get("status"), f"confidence {attrs['confidence']:.2f}" if attrs.get("confidence") is not None else None]
        lines.append(_e(", ".join(f for f in facts if f)))
        if attrs.get("evidence"):
            lines.append(f"<q>{_e(_squeeze(attrs['evidence']))}</q>")
        if attrs.get("article_title"):
            lines.append(f"article: {_e(attrs['article_title'])}")
        return "<br>".join(lines)
    if attrs.get("aliases"):
        lines.append("also: " + _e(", ".join(attrs["aliases"])))
    if attrs.get("positions"):
        lines.append("positions: " + _e(", ".join(attrs["positions"])))
    lines.append(f"{attrs.get('events', 0)} events · named in {attrs.get('mentions', 0)} articles")
    return "<br>".join(lines)


def _edge_tooltip(graph: nx.MultiDiGraph, source: str, attrs: dict) -> str:
    head = _e(attrs.get("relation", ""))
    if graph.nodes[source]["type"] == "Event":
        head += f" · {_e(graph.nodes[source]['label'])}"
    elif attrs.get("date"):
        head += f" · stated {_e(attrs['date'])}"
    lines = [f"<b>{head}</b>"]
    if attrs.get("evidence"):
        lines.append(f"<q>{_e(_squeeze(attrs['evidence']))}</q>")
    if attrs.get("article_title"):
        lines.append(f"article: {_e(attrs['article_title'])}")
    return "<br>".join(lines)


def _projection_tooltip(graph: nx.MultiDiGraph, attrs: dict) -> str:
    span = attrs["first"] if attrs["first"] == attrs["last"] else f"{attrs['first']} – {attrs['last']}"
    lines = [f"<b>{_e(attrs['label'])}</b>" + (f" · {_e(span)}" if span else ""), f"{attrs['weight']} shared events"]
    for event in attrs["events"][:5]:
        e = graph.nodes[event]
        lines.append(f"{_e(e['label'])}: <q>{_e(_squeeze(e.get('evidence') or '', 200))}</q>")
    if len(attrs["events"]) > 5:
        lines.append(f"… and {len(attrs['events']) - 5} more")
    return "<br>".join(lines)


def _squeeze(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _legend(graph: nx.Graph, actors: bool) -> list[dict]:
    present = {a["type"] for _n, a in graph.nodes(data=True)}
    items = [{"symbol": s, "colour": c, "name": t} for t, (c, _shape, s) in TYPE_STYLE.items() if t in present and t != "Event"]
    if not actors and "Event" in present:
        classes = {a["cls"] for _n, a in graph.nodes(data=True) if a["type"] == "Event"}
        for group, (colour, members) in EVENT_GROUPS.items():
            shown = [c for c in members if c in classes]
            if shown:
                items.append({"symbol": "◆", "colour": colour, "name": f"event: {group} ({', '.join(shown)})"})
    return items


# -- the page -------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _template():
    env = Environment(autoescape=True)
    return env.from_string((files("kg.views") / "templates" / "graph.html").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _assets() -> dict[str, Markup]:
    """vis-network and tom-select as shipped inside the pyvis package, to inline."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib"
    read = lambda name: (lib / name).read_text(encoding="utf-8")  # noqa: E731
    assets = {
        "vis_js": read("vis-9.1.2/vis-network.min.js"),
        "vis_css": read("vis-9.1.2/vis-network.css"),
        "select_js": read("tom-select/tom-select.complete.min.js"),
        "select_css": read("tom-select/tom-select.css"),
    }
    for name, text in assets.items():
        if "</script" in text.lower() or "</style" in text.lower():  # would end the inline element early
            raise RuntimeError(f"pyvis's {name} cannot be inlined as it is")
    return {name: Markup(text) for name, text in assets.items()}
