"""The directory through the service object: imports, local groups, verification and flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from fama.casebook.service import Casebook
from fama.clients.form import FormErrors
from fama.directory.feeds import FeedError
from fama.directory.meeting_form import MeetingForm
from fama.models import FlagKind, OrgCode, Weekday
from fama.store import MeetingNotFound

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "data" / "samples"


def recovery_cafe() -> MeetingForm:
    return MeetingForm(
        name="Kelbridge Recovery Café [drop-in]",
        weekday=Weekday.SATURDAY,
        start="10.30am",
        venue="The Hub",
        postcode="de1 3qt",
    )


def test_a_local_group_is_validated_and_saved(casebook: Casebook) -> None:
    meeting = casebook.directory.save_local(recovery_cafe())
    stored = casebook.directory.meeting(meeting.id)
    assert stored.organisation is OrgCode.LOCAL and stored.postcode == "DE1 3QT"
    assert stored.start.hour == 10 and stored.start.minute == 30
    assert stored.last_verified == casebook.today
    with pytest.raises(FormErrors) as caught:
        casebook.directory.save_local(MeetingForm(name="", start="25:00"))
    assert {"name", "start"} <= set(caught.value.errors)
    assert len(casebook.directory.meetings()) == 1


def test_an_edit_keeps_a_flag_added_meanwhile(casebook: Casebook) -> None:
    meeting = casebook.directory.save_local(recovery_cafe())
    form = MeetingForm.from_meeting(meeting)  # a keyworker opens the form...
    casebook.directory.flag(meeting.id, FlagKind.MOVED, "now at the library")  # ...another flags
    form.start = "11:00"
    casebook.directory.save_local(form, meeting.id)
    stored = casebook.directory.meeting(meeting.id)
    assert stored.start.hour == 11
    assert [f.kind for f in stored.flags] == [FlagKind.MOVED]


def test_imported_meetings_cannot_be_edited_as_local(demo_casebook: Casebook) -> None:
    imported = demo_casebook.directory.meeting("demo:aa-01")
    before = demo_casebook.directory.meetings()
    with pytest.raises(FormErrors):
        demo_casebook.directory.save_local(MeetingForm.from_meeting(imported), imported.id)
    with pytest.raises(MeetingNotFound):
        demo_casebook.directory.save_local(recovery_cafe(), "local:nope")
    assert demo_casebook.directory.meetings() == before


def test_verify_inactive_and_flag(demo_casebook: Casebook) -> None:
    meeting = demo_casebook.directory.verify("demo:aa-05")
    assert meeting.last_verified == demo_casebook.today
    assert not demo_casebook.directory.set_active("demo:aa-05", False).active
    demo_casebook.directory.flag("demo:aa-05", FlagKind.DID_NOT_RUN, "door locked [x]", by="JB")
    stored = demo_casebook.directory.meeting("demo:aa-05")
    assert not stored.active and stored.flags[0].note == "door locked [x]"
    assert stored.flags[0].on == demo_casebook.today
    with pytest.raises(MeetingNotFound):
        demo_casebook.directory.verify("demo:none")


def test_import_summary_and_sources(demo_casebook: Casebook) -> None:
    sample = SAMPLES / "meeting-guide_spec-data-sample.json"
    summary = demo_casebook.directory.import_feed(
        sample, organisation=OrgCode.AA, timezone="America/Toronto"
    )
    assert (summary.added, summary.updated, summary.gone, summary.read) == (45, 0, 0, 45)
    assert "45 added" in summary.describe()
    again = demo_casebook.directory.import_feed(
        sample, organisation=OrgCode.AA, timezone="America/Toronto"
    )
    assert again.unchanged == 45 and again.added == 0
    sources = {s.source: s for s in demo_casebook.directory.sources()}
    assert sources[sample.name].meetings == 45
    assert sources[sample.name].imported_at == demo_casebook.clock.now()
    assert "demo" in {s.kind for s in sources.values()}


def test_a_failed_import_changes_nothing(demo_casebook: Casebook, tmp_path: Path) -> None:
    before = demo_casebook.directory.meetings()
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2, 3]")
    with pytest.raises(FeedError, match=r"bad\.json"):
        demo_casebook.directory.import_feed(bad, organisation=OrgCode.AA)
    assert demo_casebook.directory.meetings() == before
