"""My meeting plan: the printable page and the calendar file a client takes away, and the
words that would give a discreet plan away.

Pure domain: never Textual, TinyDB, the store or the casebook.
"""
