"""Staff: the staff form's checks and a keyworker's month in figures.

Pure domain: imports ``fama.models`` and ``fama.text``; never Textual, TinyDB, the store or the
casebook.
"""
