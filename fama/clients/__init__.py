"""Client rules: the client form's checks and what is due on a caseload.

Pure domain: imports ``fama.models`` and ``fama.text``; never Textual, TinyDB, the store or the
casebook.
"""
