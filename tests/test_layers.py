"""Import hygiene (DESIGN §2): domain and store load without Textual, the domain without TinyDB."""

from __future__ import annotations

import subprocess
import sys

import pytest

PURE_DOMAIN = ["fama.models", "fama.caseload", "fama.client_form", "fama.clock", "fama.demo"]
BELOW_TUI = [*PURE_DOMAIN, "fama.store", "fama.casebook", "fama.cli"]


def loaded_after_import(modules: list[str]) -> set[str]:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "print('\\n'.join(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("module", BELOW_TUI)
def test_does_not_load_textual(module: str) -> None:
    assert not any(
        m == "textual" or m.startswith("textual.") for m in loaded_after_import([module])
    )


def test_domain_does_not_load_tinydb() -> None:
    assert "tinydb" not in loaded_after_import(PURE_DOMAIN)
