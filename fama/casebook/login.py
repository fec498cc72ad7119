"""The computer's login, or ``FAMA_USER``: who is using fama on a folder store.

Apart from :mod:`fama.casebook.identity` (the staff member a database login is mapped to)
because opening the app on a folder needs only this, and no more is loaded at start-up.
"""

from __future__ import annotations

import os

ENV_USER = "FAMA_USER"


def computer_login() -> str:
    """``FAMA_USER`` if set, else the computer's login name ("unknown" if it has none)."""
    import getpass

    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no login name known to the system
        login = ""
    return (os.environ.get(ENV_USER) or login or "unknown").strip()
