"""Client rules: the client form's checks, what is due on a caseload, and a client's profile
in lines (what the client screen shows).

Pure domain: imports ``fama.models``, ``fama.conversation`` and ``fama.text``; never Textual,
TinyDB, the store or the casebook.
"""
