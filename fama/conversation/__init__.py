"""The FAMA conversation: the three stages as data (``stages.toml``) and a pure engine.

Pure: imports neither Textual nor TinyDB (DESIGN §2).
"""

from __future__ import annotations

from fama.conversation.answers import AnswerError, FollowUpAnswer, GoalAnswer
from fama.conversation.effects import (
    ChooseMeetings,
    CreateGoal,
    Declined,
    Effect,
    LogConcern,
    RecordFollowUp,
    RecordInterest,
    SetClientField,
    SetConsent,
    SetPreferences,
    SetRevisit,
    SetStage,
    SetSupport,
)
from fama.conversation.engine import (
    Outcome,
    TurnAnswer,
    answer,
    back,
    current,
    resume,
    start,
)
from fama.conversation.script import END, AnswerKind, Choice, Condition, Script, ScriptError, Step
from fama.conversation.script_load import load_script, loads_script, parse_script
from fama.conversation.state import Context, ConversationState, Visit

__all__ = [
    "END",
    "AnswerError",
    "AnswerKind",
    "Choice",
    "ChooseMeetings",
    "Condition",
    "Context",
    "ConversationState",
    "CreateGoal",
    "Declined",
    "Effect",
    "FollowUpAnswer",
    "GoalAnswer",
    "LogConcern",
    "Outcome",
    "RecordFollowUp",
    "RecordInterest",
    "Script",
    "ScriptError",
    "SetClientField",
    "SetConsent",
    "SetPreferences",
    "SetRevisit",
    "SetStage",
    "SetSupport",
    "Step",
    "TurnAnswer",
    "Visit",
    "answer",
    "back",
    "current",
    "load_script",
    "loads_script",
    "parse_script",
    "resume",
    "start",
]
