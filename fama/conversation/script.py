"""The conversation script: the three FAMA stages as data (``stages.toml``), loaded and checked.

A broken script fails here, when it is loaded (and so in the tests), never in front of a
client: unknown steps, branches to missing steps, a loop with no way out, a question with no
choices, an unknown answer kind or record target, and choice values a target cannot record.
Pure: stdlib ``tomllib`` and the fama vocabulary only.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from fama.models.client import PriorExperience
from fama.models.goal import LinkType
from fama.models.vocab import AccessNeed, Attendance, Audience, Programme, Weekday

END = "end"
"""The step id that finishes the conversation."""


class ScriptError(ValueError):
    """The script is broken; the message names the step."""


class AnswerKind(StrEnum):
    QUICK_REPLY = "quick_reply"
    """One choice."""
    CHOICES = "choices"
    """Several choices (none is allowed when the step is not required)."""
    SCALE = "scale"
    """A whole number from 0 to 10."""
    TEXT = "text"
    DATE = "date"
    MEETING_CHOICE = "meeting_choice"
    """One or more meeting ids from the ranked meetings for this client."""
    GOAL_FORM = "goal_form"
    FOLLOW_UP_FORM = "follow_up_form"
    INFO = "info"
    """Nothing to answer: a 'continue' step."""


CHOICE_KINDS = frozenset({AnswerKind.QUICK_REPLY, AnswerKind.CHOICES})


class Condition(StrEnum):
    """Named conditions on the client context, for choosing among start steps."""

    FOR_FAMILY = "for_family"
    HAS_OPEN_GOALS = "has_open_goals"
    ONLY_ONLINE = "online_only"


class BranchWhen(StrEnum):
    """Named conditions on a follow-up form's answer, for where the conversation goes next
    (a step's ``branches``): the form has already said what the next step is, so the
    conversation goes there instead of asking again."""

    CHOSE_ANOTHER_MEETING = "chose_another_meeting"
    CHOSE_ANOTHER_PROGRAMME = "chose_another_programme"
    CHOSE_RELINK = "chose_relink"
    GOING_AND_IT_HELPS = "going_and_it_helps"
    """Every goal followed up: they went, it helped (or it was not rated), and they carry on."""


# --------------------------------------------------------------------------- record targets

TIME_WINDOW_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


def _enum_check(enum: type[Any]) -> Callable[[str], bool]:
    values = {str(member.value) for member in enum}
    return lambda value: value in values


def _weekday(value: str) -> bool:
    return value.upper() in Weekday.__members__


def _time_window(value: str) -> bool:
    return value == "any" or bool(TIME_WINDOW_RE.match(value))


def _miles(value: str) -> bool:
    if value == "any":
        return True
    try:
        miles = float(value)
    except ValueError:
        return False
    return 0 < miles <= 200


def _yes_no(value: str) -> bool:
    return value in {"yes", "no"}


@dataclass(frozen=True)
class Target:
    """Something an answer can record: which answer kinds may feed it, and (for choice kinds)
    which choice values it understands."""

    kinds: frozenset[AnswerKind]
    value_ok: Callable[[str], bool] | None = None
    max_length: int = 2000
    """For text answers."""


def _t(
    *kinds: AnswerKind, value_ok: Callable[[str], bool] | None = None, limit: int = 2000
) -> Target:
    return Target(frozenset(kinds), value_ok, limit)


_Q = AnswerKind.QUICK_REPLY
_C = AnswerKind.CHOICES
_TEXT = AnswerKind.TEXT

TARGETS: Mapping[str, Target] = {
    "client.prior_experience": _t(_Q, value_ok=_enum_check(PriorExperience)),
    "client.prior_experience_note": _t(_TEXT),
    "client.consent.share_first_name": _t(_Q, value_ok=_yes_no),
    "preferences.programmes": _t(_Q, _C, value_ok=_enum_check(Programme)),
    "preferences.days": _t(_Q, _C, value_ok=_weekday),
    "preferences.times": _t(_Q, value_ok=_time_window),
    "preferences.attendance": _t(_Q, _C, value_ok=_enum_check(Attendance)),
    "preferences.audience": _t(_Q, _C, value_ok=_enum_check(Audience)),
    "preferences.access_needs": _t(_Q, _C, value_ok=_enum_check(AccessNeed)),
    "preferences.max_travel_miles": _t(_Q, value_ok=_miles),
    "concerns": _t(_TEXT),
    "knowledge": _t(_TEXT),
    "interest": _t(AnswerKind.SCALE),
    "meetings": _t(AnswerKind.MEETING_CHOICE),
    "goal": _t(AnswerKind.GOAL_FORM),
    "support.link": _t(_Q, value_ok=_enum_check(LinkType)),
    "support.linked_person": _t(_TEXT, limit=80),
    "support.travel_plan": _t(_TEXT, limit=1000),
    "support.barriers_plan": _t(_TEXT),
    "revisit": _t(AnswerKind.DATE),
    "follow_up": _t(AnswerKind.FOLLOW_UP_FORM),
    "declined": _t(_TEXT, AnswerKind.INFO),
}
"""Every record target a step may name, with the answer kinds that can feed it."""


# --------------------------------------------------------------------------- the script


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    value: str | tuple[str, ...]
    """What choosing it records (defaults to the key)."""
    next: str | None = None
    """Where choosing it leads, overriding the step's ``next``."""

    @property
    def values(self) -> tuple[str, ...]:
        return (self.value,) if isinstance(self.value, str) else self.value


@dataclass(frozen=True)
class Branch:
    """Go to ``next`` instead of the step's own ``next`` when ``when`` holds for the answer."""

    when: BranchWhen
    next: str


@dataclass(frozen=True)
class Step:
    id: str
    stage: int
    guidance: str
    prompt: str
    kind: AnswerKind
    required: bool = False
    choices: tuple[Choice, ...] = ()
    next: str | None = None
    records: tuple[str, ...] = ()
    when: Condition | None = None
    suggest_handouts: bool = False
    """Free text here is about worries: show the matching handouts beside the chat."""
    offer_meeting_plan: bool = False
    """Offer the client's printable meeting plan and calendar file at this step."""
    branches: tuple[Branch, ...] = ()
    """Checked in order after the answer; the first that holds decides the next step."""

    def choice(self, key: str) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)

    def successors(self) -> tuple[str, ...]:
        """Every step id (or END) this step can lead to."""
        found = [c.next for c in self.choices if c.next is not None]
        found.extend(b.next for b in self.branches)
        if self.next is not None:
            found.append(self.next)
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Script:
    steps: Mapping[str, Step]
    start: tuple[str, ...]
    """Start steps in order: the first whose ``when`` holds opens the conversation."""

    def step(self, step_id: str) -> Step:
        try:
            return self.steps[step_id]
        except KeyError:
            raise ScriptError(f"The conversation has no step {step_id!r}.") from None

    def __contains__(self, step_id: object) -> bool:
        return step_id in self.steps


_STEP_KEYS = {
    "id",
    "stage",
    "guidance",
    "prompt",
    "kind",
    "required",
    "choices",
    "next",
    "records",
    "when",
    "suggest_handouts",
    "offer_meeting_plan",
    "branches",
}
_CHOICE_KEYS = {"key", "label", "value", "next"}


def _text(raw: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> str:
    value = raw.get(key)
    if value is None and optional:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise ScriptError(f"{where}: '{key}' must be some text.")
    return value.strip()


def _bool(raw: Mapping[str, Any], key: str, where: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise ScriptError(f"{where}: '{key}' must be true or false.")
    return value


def _parse_choice(raw: object, where: str) -> Choice:
    if not isinstance(raw, dict):
        raise ScriptError(f"{where}: each choice must be a table with a key and a label.")
    unknown = sorted(set(raw) - _CHOICE_KEYS)
    if unknown:
        raise ScriptError(f"{where}: unknown choice field {unknown[0]!r}.")
    key = _text(raw, "key", where)
    label = _text(raw, "label", f"{where}, choice {key!r}")
    value = raw.get("value", key)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        value = tuple(value)
    elif not isinstance(value, str):
        raise ScriptError(f"{where}, choice {key!r}: 'value' must be text or a list of text.")
    nxt = raw.get("next")
    if nxt is not None and not isinstance(nxt, str):
        raise ScriptError(f"{where}, choice {key!r}: 'next' must be a step id.")
    return Choice(key=key, label=label, value=value, next=nxt)


def _parse_branch(raw: object, where: str) -> Branch:
    if not isinstance(raw, dict) or set(raw) != {"when", "next"}:
        raise ScriptError(f"{where}: each branch must be a table with 'when' and 'next'.")
    try:
        when = BranchWhen(raw["when"])
    except ValueError:
        names = ", ".join(b.value for b in BranchWhen)
        raise ScriptError(
            f"{where}: unknown branch condition {raw['when']!r} (use {names})."
        ) from None
    if not isinstance(raw["next"], str):
        raise ScriptError(f"{where}: a branch's 'next' must be a step id.")
    return Branch(when=when, next=raw["next"])


def _parse_step(raw: object, index: int) -> Step:
    if not isinstance(raw, dict):
        raise ScriptError(f"Step {index + 1} must be a table.")
    step_id = raw.get("id")
    if not isinstance(step_id, str) or not step_id.strip():
        raise ScriptError(f"Step {index + 1} has no id.")
    where = f"Step {step_id!r}"
    if step_id == END:
        raise ScriptError(f"{where}: {END!r} is reserved for the end of the conversation.")
    unknown = sorted(set(raw) - _STEP_KEYS)
    if unknown:
        raise ScriptError(f"{where}: unknown field {unknown[0]!r}.")
    stage = raw.get("stage")
    if not isinstance(stage, int) or isinstance(stage, bool) or stage not in (1, 2, 3):
        raise ScriptError(f"{where}: 'stage' must be 1, 2 or 3.")
    try:
        kind = AnswerKind(str(raw.get("kind")))
    except ValueError:
        names = ", ".join(k.value for k in AnswerKind)
        raise ScriptError(
            f"{where}: unknown kind {raw.get('kind')!r} (use one of {names})."
        ) from None
    raw_choices = raw.get("choices", [])
    if not isinstance(raw_choices, list):
        raise ScriptError(f"{where}: 'choices' must be a list.")
    choices = tuple(_parse_choice(c, where) for c in raw_choices)
    nxt = raw.get("next")
    if nxt is not None and not isinstance(nxt, str):
        raise ScriptError(f"{where}: 'next' must be a step id or {END!r}.")
    records = raw.get("records", [])
    if not isinstance(records, list) or not all(isinstance(r, str) for r in records):
        raise ScriptError(f"{where}: 'records' must be a list of record targets.")
    when: Condition | None = None
    if raw.get("when") is not None:
        try:
            when = Condition(raw["when"])
        except ValueError:
            names = ", ".join(c.value for c in Condition)
            raise ScriptError(
                f"{where}: unknown condition {raw['when']!r} (use one of {names})."
            ) from None
    raw_branches = raw.get("branches", [])
    if not isinstance(raw_branches, list):
        raise ScriptError(f"{where}: 'branches' must be a list.")
    return Step(
        id=step_id,
        stage=stage,
        guidance=_text(raw, "guidance", where),
        prompt=_text(raw, "prompt", where),
        kind=kind,
        required=_bool(raw, "required", where),
        choices=choices,
        next=nxt,
        records=tuple(records),
        when=when,
        suggest_handouts=_bool(raw, "suggest_handouts", where),
        offer_meeting_plan=_bool(raw, "offer_meeting_plan", where),
        branches=tuple(_parse_branch(b, where) for b in raw_branches),
    )


def _check_step(step: Step, ids: Mapping[str, Step]) -> None:
    where = f"Step {step.id!r}"
    if step.kind in CHOICE_KINDS:
        if not step.choices:
            raise ScriptError(f"{where}: a {step.kind.value} step needs choices.")
        keys = [c.key for c in step.choices]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ScriptError(f"{where}: choice {dupes[0]!r} appears twice.")
    elif step.choices:
        raise ScriptError(f"{where}: only quick_reply and choices steps have choices.")
    if step.kind is AnswerKind.CHOICES and any(c.next for c in step.choices):
        raise ScriptError(f"{where}: choices (several) cannot branch; use a quick_reply.")
    # Every route needs somewhere to go.
    if step.next is None:
        if step.kind is not AnswerKind.QUICK_REPLY:
            raise ScriptError(f"{where}: has no 'next' step.")
        if not step.required:
            raise ScriptError(f"{where}: may be skipped, so it needs a 'next' step.")
        missing = [c.key for c in step.choices if c.next is None]
        if missing:
            raise ScriptError(
                f"{where}: choice {missing[0]!r} has no 'next' and nor does the step."
            )
    if step.next is not None and step.next != END and step.next not in ids:
        raise ScriptError(f"{where}: 'next' names an unknown step {step.next!r}.")
    for c in step.choices:
        if c.next is not None and c.next != END and c.next not in ids:
            raise ScriptError(f"{where}, choice {c.key!r}: branches to a missing step {c.next!r}.")
    if step.branches and step.kind is not AnswerKind.FOLLOW_UP_FORM:
        raise ScriptError(f"{where}: only a follow_up_form step has branches.")
    for b in step.branches:
        if b.next != END and b.next not in ids:
            raise ScriptError(
                f"{where}: branch {b.when.value!r} goes to a missing step {b.next!r}."
            )
    # Records.
    for target_name in step.records:
        target = TARGETS.get(target_name)
        if target is None:
            raise ScriptError(f"{where}: unknown record target {target_name!r}.")
        if step.kind not in target.kinds:
            raise ScriptError(f"{where}: a {step.kind.value} answer cannot record {target_name!r}.")
        if target.value_ok is not None:
            for c in step.choices:
                bad = [v for v in c.values if not target.value_ok(v)]
                if bad:
                    raise ScriptError(
                        f"{where}, choice {c.key!r}: {target_name!r} cannot record {bad[0]!r}."
                    )
    if len(step.records) != len(set(step.records)):
        raise ScriptError(f"{where}: a record target is listed twice.")


def _check_graph(steps: Mapping[str, Step], start: tuple[str, ...]) -> None:
    # Every step can reach the end: walk backwards from END.
    can_end: set[str] = {END}
    changed = True
    while changed:
        changed = False
        for step in steps.values():
            if step.id not in can_end and any(s in can_end for s in step.successors()):
                can_end.add(step.id)
                changed = True
    for step in steps.values():
        if step.id not in can_end:
            raise ScriptError(f"Step {step.id!r} can never reach the end (a loop with no way out).")
    # Every step can be reached from a start step.
    seen: set[str] = set()
    todo = list(start)
    while todo:
        step_id = todo.pop()
        if step_id in seen or step_id == END:
            continue
        seen.add(step_id)
        todo.extend(steps[step_id].successors())
    for step_id in steps:
        if step_id not in seen:
            raise ScriptError(f"Step {step_id!r} can never be reached from a start step.")


def parse_script(data: Mapping[str, Any]) -> Script:
    """Build and check a script from parsed TOML; raise :class:`ScriptError` naming the step."""
    raw_steps = data.get("step")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise ScriptError("The script has no [[step]] tables.")
    steps: dict[str, Step] = {}
    for index, raw in enumerate(raw_steps):
        step = _parse_step(raw, index)
        if step.id in steps:
            raise ScriptError(f"Step {step.id!r} appears twice (duplicate id).")
        steps[step.id] = step
    header = data.get("script", {})
    if not isinstance(header, dict):
        raise ScriptError("[script] must be a table.")
    raw_start = header.get("start", [next(iter(steps))])
    if isinstance(raw_start, str):
        raw_start = [raw_start]
    if not isinstance(raw_start, list) or not raw_start:
        raise ScriptError("[script] 'start' must list one or more step ids.")
    start = tuple(str(s) for s in raw_start)
    for step_id in start:
        if step_id not in steps:
            raise ScriptError(f"[script] 'start' names an unknown step {step_id!r}.")
    if steps[start[-1]].when is not None:
        raise ScriptError(
            f"Step {start[-1]!r}: the last start step must have no 'when', so every "
            "conversation can start."
        )
    for step in steps.values():
        if step.when is not None and step.id not in start:
            raise ScriptError(f"Step {step.id!r}: 'when' only applies to start steps.")
        _check_step(step, steps)
    _check_graph(steps, start)
    return Script(steps=steps, start=start)


def loads_script(text: str) -> Script:
    """Parse a script from TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScriptError(f"The script is not valid TOML: {error}") from None
    return parse_script(data)


def load_script(path: Path | None = None) -> Script:
    """Load a script file, by default the packaged ``stages.toml``."""
    if path is None:
        text = resources.files("fama.conversation").joinpath("stages.toml").read_text("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return loads_script(text)
