"""Myth-busting handouts: the library (read from ``handouts/`` and the service's own), the
words a client said and the handouts they suggest, and a handout rendered as a page to print.

Pure domain: never Textual, TinyDB, the store or the casebook.
"""
