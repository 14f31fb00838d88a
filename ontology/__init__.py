"""The diplomacy ontology, SHACL shapes and example queries, installed as package data of `kg`."""
