"""Care-plan reviews: the history of a client's goals and attendance, and the care-plan summary.

Pure domain: imports ``fama.models``, ``fama.conversation`` and ``fama.text``; never Textual,
TinyDB, the store or the casebook.
"""
