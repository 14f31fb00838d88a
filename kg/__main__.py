"""`python -m kg` is `kg`: the same commands where the console script is not on PATH."""

from kg.cli import app

app()
