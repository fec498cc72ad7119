"""Where a client is on the FAMA journey, in the words every screen uses.

The one piece of :mod:`fama.models.vocab` the caseload needs, in a module of its own so
that painting the caseload does not build the other enums (each costs a little at
start-up; scripts/bench.py times the start). ``fama.models.vocab`` imports these too.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """Where a client is on the FAMA journey."""

    NOT_STARTED = "not started"
    INTRODUCE = "1 introduce"
    CONNECT = "2 connect"
    FOLLOW_UP = "3 follow up"

    @property
    def label(self) -> str:
        return {
            Stage.NOT_STARTED: "Not started",
            Stage.INTRODUCE: "1 Introduce",
            Stage.CONNECT: "2 Connect",
            Stage.FOLLOW_UP: "3 Follow up",
        }[self]


NOT_FOR_NOW = "Not for now"


def journey_label(stage: Stage, *, declined: bool) -> str:
    """Where a client is, in the words every screen, list and export uses.

    A client whose latest answer to mutual aid was "not for now" is shown as that, whatever
    stage the conversation reached: declining is a recorded outcome, not "not started"."""
    return NOT_FOR_NOW if declined else stage.label
