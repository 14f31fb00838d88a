"""The SPARQL 1.1 Protocol endpoint: the HTTP app, its query worker processes, and the result writers."""
