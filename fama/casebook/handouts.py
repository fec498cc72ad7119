"""The casebook's handouts: logging a handout given to a client, and writing one as a page
to print (listed on the client's record when printed for them, so export and erasure find
it). Like the rest of the casebook, pydantic loads only inside the methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fama.audit import Action
from fama.casebook.outputs import FileWriter, save_for_client, with_files
from fama.casebook.part import Part

if TYPE_CHECKING:
    from pathlib import Path

    from fama.handouts.library import Handout
    from fama.models import ClientRecord, HandoutGiven


class HandoutsService(Part):
    """Handouts given to a client and pages printed: ``book.handouts``."""

    def give(self, code: str, handout_id: str, title: str, by: str = "") -> HandoutGiven:
        """Log that this handout was given to the client today, by ``by`` (by default the
        person using fama when they are on the staff list, else the client's keyworker)."""
        from fama.models import HandoutGiven

        given = HandoutGiven(
            client_code=code,
            handout_id=handout_id,
            title=title,
            given_on=self.today,
            by=by or self.staff_id_or(self.store.load_client(code).client.keyworker),
            created_at=self.clock.now(),
        )
        self.store.save_handout_given(given)
        self.audit(Action.CHANGE, "handout given", code)
        return given

    def save_page(self, handout: Handout, folder: Path, code: str | None = None) -> Path:
        """Write a handout as a page to print into ``folder`` (made private, 0700), named by
        the handout, never the client. Printed for a client (``code``), the page is listed
        on their record in the same save. Raises ``OSError`` or a ``StoreError`` (nothing
        listed, and a page this call created is removed)."""
        from fama.handouts.library import service_name
        from fama.handouts.render import render_html
        from fama.paths import make_private_dir

        page = render_html(handout, service=service_name(), today=self.clock.today())
        target = folder / f"{handout.id}.html"

        def change(record: ClientRecord, writer: FileWriter) -> ClientRecord:
            make_private_dir(folder)
            writer.write(target, page.encode("utf-8"))
            return with_files(
                record,
                [(target, f"Handout: {handout.title}")],
                on=self.clock.today(),
                by=self.staff_id_or(record.client.keyworker),
            )

        if code is None:
            make_private_dir(folder)
            FileWriter().write(target, page.encode("utf-8"))
        else:
            save_for_client(self.store, code, change)
            self.audit(Action.CHANGE, "handout page printed", code)
        return target
