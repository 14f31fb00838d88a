"""diplomacy-kg: knowledge graphs of diplomatic news.

>>> from kg import KnowledgeGraph
"""

__all__ = ["KnowledgeGraph"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # Imported on first use so that `import kg.extract.dates` does not load rdflib and spaCy.
    if name == "KnowledgeGraph":
        from kg.api import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
