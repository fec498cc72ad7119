"""Myth-busting handouts: the library (read from ``handouts/`` and the service's own), the
words a client said and the handouts they suggest.

Pure domain: never Textual, TinyDB, the store or the casebook.
"""
