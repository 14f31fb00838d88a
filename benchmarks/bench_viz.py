"""How fast the graph views are: the pyvis page in a real browser, the networkx mirror, paths.

Browser render time is measured in headless Debian chromium (as in the tests), from
navigation start until the page has laid the graph out (bounded stabilisation) and
drawn it: `window.kgRender.ms`. The 200- and 2,000-node graphs are SYNTHETIC (random
actors and events with the mirror's attributes), because the example corpus is small;
the mirror and its query are measured on the example corpus built into Oxigraph.

Run alone: `python benchmarks/bench_viz.py [--quick]`, or `python benchmarks/run.py --only viz`.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg import vocab  # noqa: E402
from kg.views import mirror, viz  # noqa: E402
from kg.views import paths as walk  # noqa: E402


def synthetic(nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """A mirror-shaped graph: a third actors, the rest events joining 2-3 of them
    (popular actors more often, as in news)."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    n_actors = max(3, nodes // 3)
    classes = [c for c in vocab.coarse_types() if c != "Place"]
    actors = []
    for i in range(n_actors):
        cls = rng.choice(classes)
        iri = f"https://example.org/actor/{i}"
        g.add_node(iri, label=f"Actor {i}", cls=cls, type=vocab.coarse_types()[cls], aliases=[f"A{i}"], positions=[], mentions=1, events=0)
        actors.append(iri)
    weights = [1 / (i + 1) for i in range(n_actors)]
    for j in range(nodes - n_actors):
        cls = rng.choice(vocab.event_classes())
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        iri = f"https://example.org/event/{j}"
        g.add_node(iri, label=f"{cls} {day}", cls=cls, type="Event", date=day, end_date=None,
                   evidence=f"Sentence {j} about {cls}.", confidence=0.5, status="happened",
                   article=f"https://example.org/article/{j % 50}", article_title=f"Article {j % 50}")
        for k, actor in enumerate(set(rng.choices(actors, weights, k=rng.randint(2, 3)))):
            role = "initiator" if k == 0 else "participant"
            g.add_edge(iri, actor, key=role, relation=role, evidence=g.nodes[iri]["evidence"], article=g.nodes[iri]["article"],
                       article_title=g.nodes[iri]["article_title"], date=day, confidence=0.5, event_class=cls)
            g.nodes[actor]["events"] += 1
    return g


def _render_ms(context, graph: nx.MultiDiGraph, folder: Path, name: str, *, physics: bool = True) -> float:
    from tests.support.browser import visit

    path = folder / f"{name}.html"
    viz.write(graph, path, physics=physics)
    with visit(context, path, timeout_ms=180_000) as seen:
        if seen.errors or seen.outside:
            raise RuntimeError(f"{name}: errors {seen.errors}, requests {seen.outside}")
        return float(seen.page.evaluate("window.kgRender.ms"))


def _best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def row(figure: str, value: float, unit: str, reference: str, ref_value: float | None) -> dict:
    return {"benchmark": "viz", "figure": figure, "value": round(value, 3), "unit": unit, "reference": reference,
            "ratio": round(value / ref_value, 2) if ref_value else None}


def run(quick: bool = False) -> list[dict]:
    from tests.support.browser import available, browser

    rows: list[dict] = []
    sizes = [200] if quick else [200, 2000]
    graphs = {n: synthetic(n) for n in sizes}
    if available():
        with tempfile.TemporaryDirectory() as tmp, browser() as context:
            folder = Path(tmp)
            _render_ms(context, graphs[200], folder, "warm-up")
            still = {n: _render_ms(context, g, folder, f"still-{n}", physics=False) for n, g in graphs.items()}
            for n, g in graphs.items():
                ms = _render_ms(context, g, folder, f"physics-{n}")
                rows.append(row(f"browser render, {n} nodes (synthetic, {g.number_of_edges()} edges), laid out",
                                ms, "ms", f"same page drawn without physics: {still[n]:.0f} ms", still[n]))
            if 2000 in graphs:
                size = len(viz.render(graphs[2000]).html) / 1e6
                rows.append(row("page size, 2000 nodes", size, "MB", "vis-network + tom-select inlined", None))
    big = graphs[max(sizes)]
    undirected = nx.Graph(big.to_undirected())
    # Two actors of the largest component, as far apart as it allows: a path always exists.
    component = max(nx.connected_components(undirected), key=len)
    actors = [n for n in component if big.nodes[n]["type"] != "Event"]
    a = actors[0]
    distance = nx.single_source_shortest_path_length(undirected, a)
    b = max((n for n in actors if n != a), key=lambda n: distance[n])
    plain = _best(lambda: nx.shortest_path(undirected, a, b))
    explained = _best(lambda: walk.paths(big, a, b))
    rows.append(row(f"explained path query, {len(big)} nodes (synthetic)", explained * 1000, "ms",
                    f"networkx shortest_path alone: {plain * 1000:.2f} ms", plain * 1000))
    rows.extend(_mirror_rows(quick))
    rows.extend(command_rows())
    return rows


MIRROR_QUERIES = (mirror.Q_ENTITIES, mirror.Q_ALIASES, mirror.Q_POSITIONS, mirror.Q_MENTIONS, mirror.Q_EVENTS,
                  mirror.Q_EVIDENCE, mirror.Q_SOURCES, mirror.Q_ROLES, mirror.Q_ACTS, mirror.Q_RELATIONS, mirror.Q_IDENTITY)
COMMANDS = {
    "kg path 'Donald Trump' Iran": ["path", "Donald Trump", "Iran"],
    "kg neighbours Iran --depth 2": ["neighbours", "Iran", "--depth", "2"],
    "kg viz --focus Iran": ["viz", "--focus", "Iran", "-o", "{tmp}/focus.html"],
}


def command_rows() -> list[dict]:
    """The graph commands as a user runs them (a new process each: start-up counts) on the
    real feed, against `kg query` of one ASK on the same store (start-up and a store open)."""
    import subprocess

    import corpus
    import pyoxigraph

    from kg.store import open as open_store

    folder = Path(tempfile.mkdtemp())
    try:
        store_dir = folder / "news"
        with open_store(store_dir) as store:
            store.native.bulk_load(corpus.news_nquads(), format=pyoxigraph.RdfFormat.N_QUADS)
            store.rederive()

        def command(args: list[str]) -> float:
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "kg", *[a.format(tmp=folder) for a in args], "--store", str(store_dir)],
                                  capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            return time.perf_counter() - started

        ask = min(command(["query", "ASK {{ ?s ?p ?o }}"]) for _ in range(3))
        rows = []
        for name, args in COMMANDS.items():
            seconds = min(command(args) for _ in range(3))
            rows.append(row(f"`{name}` on the real feed, a new process, s", seconds, "s", f"`kg query ASK` (start-up): {ask:.2f} s", ask))
        return rows
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _mirror_rows(quick: bool) -> list[dict]:
    """Mirror build on the example corpus in Oxigraph, against its SPARQL queries alone."""
    from kg.pipeline import build, read_all
    from kg.store import open as open_store

    folder = Path(tempfile.mkdtemp())
    try:
        with open_store(folder / "store") as store:
            build(store, read_all([str(ROOT / "examples")]))
            g = mirror.load(store)  # warm the store's caches for both measurements
            queries = _best(lambda: [store.select(q) for q in MIRROR_QUERIES])
            def cold():  # read from the store again: neither the process's copy nor the file beside the store
                mirror._CACHE.clear()
                for kept in (folder / "store").glob("kg-mirror-*.json"):
                    kept.unlink()
                return mirror.load(store)

            loaded = _best(cold)
            cached = _best(lambda: mirror.load(store))
            return [row(f"networkx mirror build, example corpus ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)",
                        loaded * 1000, "ms", f"its {len(MIRROR_QUERIES)} SPARQL queries alone: {queries * 1000:.1f} ms", queries * 1000),
                    row("networkx mirror again, same store version (cached)", cached * 1000, "ms",
                        f"read from the store: {loaded * 1000:.0f} ms", loaded * 1000)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for r in (command_rows() + _mirror_rows(True) if "--commands" in sys.argv else run(quick="--quick" in sys.argv)):
        print(r)
