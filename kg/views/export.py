"""The mirror as GraphML or GEXF for Gephi and Cytoscape: nested attributes flattened to scalars."""


from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable

import networkx as nx

GRAPH_FORMATS = ("graphml", "gexf")


# -- files -------------------------------------------------------------------------------
def write(graph: nx.Graph, path, fmt: str) -> None:
    """GraphML or GEXF for Gephi and Cytoscape: lists joined by " | ", missing values left out."""
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format '{fmt}' (choose from {', '.join(GRAPH_FORMATS)})")
    flat = flatten(graph)
    target = os.fspath(path) if isinstance(path, (str, os.PathLike)) else path  # a path, or a binary file
    if fmt == "graphml":
        nx.write_graphml(flat, target)
    else:
        nx.write_gexf(flat, target)


def flatten(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all strings, numbers or booleans, as the file formats need."""
    flat = graph.__class__()
    flat.graph.update({k: _scalar(v) for k, v in graph.graph.items() if _scalar(v) is not None})
    for node, attrs in graph.nodes(data=True):
        flat.add_node(node, **_scalars(attrs))
    if graph.is_multigraph():
        for u, v, key, attrs in graph.edges(keys=True, data=True):
            flat.add_edge(u, v, key=key, **_scalars(attrs))
    else:
        for u, v, attrs in graph.edges(data=True):
            flat.add_edge(u, v, **_scalars(attrs))
    return flat


def _scalars(attrs: dict) -> dict:
    return {k: s for k, v in attrs.items() if (s := _scalar(v)) is not None}


def _scalar(value):
    if value is None:
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Counter):
        return ", ".join(f"{k}:{n}" for k, n in value.most_common())
    if isinstance(value, Iterable):
        return " | ".join(str(v) for v in value)
    return str(value)
