"""The command line: ``main`` parses and dispatches; one module per command group.

May import the casebook, the store (to open one) and the domain; never ``fama.tui`` except to
launch the app.
"""
