"""The demo town: staff, meetings and clients made up for trying fama and for the tests.

Pure domain: builds records in memory; never Textual, TinyDB, the store or the casebook.
"""
