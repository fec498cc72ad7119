"""The one facade the screens and the CLI call (DESIGN §2): ``service.Casebook`` and the
sub-services it is made of, one module per feature.

May import the store and the domain packages; never ``fama.tui`` or ``fama.cli.main``.
"""
