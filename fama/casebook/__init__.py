"""The one facade the screens and the CLI call (DESIGN §2): ``service.Casebook``, made of one
sub-service per feature, each an attribute (``book.clients``, ``book.conversations``,
``book.directory``, ``book.reviews``, ``book.staff``, ``book.assessment``,
``book.handouts``), each a :class:`part.Part` over the same store, clock and user.

May import the store and the domain packages; never ``fama.tui`` or ``fama.cli``.
"""
