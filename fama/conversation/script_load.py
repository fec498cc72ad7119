"""Loading the conversation script: the three FAMA stages as data (``stages.toml``), checked.

A broken script fails here, when it is loaded (and so in the tests), never in front of a
client: unknown steps, branches to missing steps, a loop with no way out, a question with no
choices, an unknown answer kind or record target, and choice values a target cannot record.
Pure: stdlib ``tomllib`` and the fama vocabulary only.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from fama.conversation.script import (
    BRANCHING_KINDS,
    CHOICE_KINDS,
    END,
    AnswerKind,
    Branch,
    BranchWhen,
    Choice,
    Condition,
    Script,
    ScriptError,
    Step,
)
from fama.conversation.targets import TARGETS

__all__ = ["load_script", "loads_script", "parse_script"]

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
    if step.branches and step.kind not in BRANCHING_KINDS:
        raise ScriptError(f"{where}: only a follow_up_form or contact_call step has branches.")
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
