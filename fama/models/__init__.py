"""Pydantic records for everything fama stores (DESIGN §3). Pure: no Textual, no TinyDB."""

from fama.models.client import (
    AccessNeed,
    Audience,
    Client,
    Consent,
    Preferences,
    PriorExperience,
    normalise_client_code,
    normalise_district,
)
from fama.models.common import Attendance, Programme, Stage, Substance, Weekday
from fama.models.conversation import Conversation, HandoutAction, HandoutEvent, Turn
from fama.models.goal import Goal, GoalStatus, LinkType, Support
from fama.models.meeting import Meeting
from fama.models.organisations import ORGANISATIONS, ForWhom, Organisation, OrgCode, organisation
from fama.models.record import ClientRecord, ClientSummary
from fama.models.review import Attended, Involvement, NextStep, Review, ReviewType
from fama.models.staff import InsightVisit, StaffMember, Training, TrainingKind

__all__ = [
    "ORGANISATIONS",
    "AccessNeed",
    "Attendance",
    "Attended",
    "Audience",
    "Client",
    "ClientRecord",
    "ClientSummary",
    "Consent",
    "Conversation",
    "ForWhom",
    "Goal",
    "GoalStatus",
    "HandoutAction",
    "HandoutEvent",
    "InsightVisit",
    "Involvement",
    "LinkType",
    "Meeting",
    "NextStep",
    "OrgCode",
    "Organisation",
    "Preferences",
    "PriorExperience",
    "Programme",
    "Review",
    "ReviewType",
    "StaffMember",
    "Stage",
    "Substance",
    "Support",
    "Training",
    "TrainingKind",
    "Turn",
    "Weekday",
    "normalise_client_code",
    "normalise_district",
    "organisation",
]
