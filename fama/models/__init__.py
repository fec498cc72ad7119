"""Records for everything fama stores (DESIGN §3). Pure: no Textual, no TinyDB.

Names are resolved lazily (PEP 562): ``from fama.models import Client`` loads the pydantic
record modules on first use, while the caseload's start-up path, which needs only
:mod:`fama.models.stage` and :mod:`fama.models.summary`, never loads pydantic (nor the
other enums of :mod:`fama.models.vocab`) at all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fama.models.client import (
        Client,
        Consent,
        Declined,
        Preferences,
        PriorExperience,
        normalise_client_code,
        normalise_district,
    )
    from fama.models.contact import Contact, Visit, VisitAudience
    from fama.models.conversation import Conversation, HandoutAction, HandoutEvent, Turn
    from fama.models.goal import CallOutcome, ContactCall, Goal, GoalStatus, LinkType, Support
    from fama.models.handout import HandoutGiven
    from fama.models.meeting import FlagKind, Meeting, MeetingFlag, SourceKind
    from fama.models.organisations import (
        ORGANISATIONS,
        ForWhom,
        Organisation,
        OrgCode,
        organisation,
    )
    from fama.models.record import ClientRecord
    from fama.models.review import Attended, Handover, Involvement, NextStep, Review, ReviewType
    from fama.models.staff import Access, InsightVisit, StaffMember, Training, TrainingKind
    from fama.models.stage import Stage
    from fama.models.summary import ClientSummary
    from fama.models.vocab import (
        AccessNeed,
        Attendance,
        Audience,
        Programme,
        Substance,
        Weekday,
    )
    from fama.models.written_file import WrittenFile

_WHERE = {
    "fama.models.client": (
        "Client Consent Declined Preferences PriorExperience normalise_client_code "
        "normalise_district"
    ),
    "fama.models.contact": "Contact Visit VisitAudience",
    "fama.models.conversation": "Conversation HandoutAction HandoutEvent Turn",
    "fama.models.goal": "CallOutcome ContactCall Goal GoalStatus LinkType Support",
    "fama.models.handout": "HandoutGiven",
    "fama.models.meeting": "FlagKind Meeting MeetingFlag SourceKind",
    "fama.models.organisations": "ORGANISATIONS ForWhom Organisation OrgCode organisation",
    "fama.models.record": "ClientRecord",
    "fama.models.review": "Attended Handover Involvement NextStep Review ReviewType",
    "fama.models.staff": "Access InsightVisit StaffMember Training TrainingKind",
    "fama.models.written_file": "WrittenFile",
    "fama.models.stage": "Stage",
    "fama.models.summary": "ClientSummary",
    "fama.models.vocab": "AccessNeed Attendance Audience Programme Substance Weekday",
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names.split()}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'fama.models' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


__all__ = [
    "ORGANISATIONS",
    "Access",
    "AccessNeed",
    "Attendance",
    "Attended",
    "Audience",
    "CallOutcome",
    "Client",
    "ClientRecord",
    "ClientSummary",
    "Consent",
    "Contact",
    "ContactCall",
    "Conversation",
    "Declined",
    "FlagKind",
    "ForWhom",
    "Goal",
    "GoalStatus",
    "HandoutAction",
    "HandoutEvent",
    "HandoutGiven",
    "Handover",
    "InsightVisit",
    "Involvement",
    "LinkType",
    "Meeting",
    "MeetingFlag",
    "NextStep",
    "OrgCode",
    "Organisation",
    "Preferences",
    "PriorExperience",
    "Programme",
    "Review",
    "ReviewType",
    "SourceKind",
    "StaffMember",
    "Stage",
    "Substance",
    "Support",
    "Training",
    "TrainingKind",
    "Turn",
    "Visit",
    "VisitAudience",
    "Weekday",
    "WrittenFile",
    "normalise_client_code",
    "normalise_district",
    "organisation",
]
