"""The read side: the networkx mirror, one name resolver, paths, tables of events, exports, the pyvis page."""
