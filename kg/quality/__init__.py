"""Checking the graph: SHACL validation and consistency, and scoring extraction against gold."""
