"""Import hygiene (DESIGN §2): domain and store load without Textual, the domain without TinyDB."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PURE_DOMAIN = [
    "fama.models",
    "fama.clients.caseload",
    "fama.clients.form",
    "fama.clock",
    "fama.demo.town",
]
BELOW_TUI = [*PURE_DOMAIN, "fama.store", "fama.casebook.service", "fama.cli.main"]


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


def test_the_caseload_starts_without_pydantic(demo_store: Path) -> None:
    """Pydantic costs ~90 ms to import: the path to the first caseload must not need it."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import fama.cli.main, fama.tui.app\n"
        "from fama.casebook.service import Casebook\n"
        "from fama.clock import SystemClock\n"
        "from fama.store import open_store\n"
        f"book = Casebook(open_store(Path({str(demo_store)!r})), SystemClock())\n"
        "view = book.clients.caseload()\n"
        "assert len(view.entries) == 12, view\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    path = tmp_path / "demo"
    subprocess.run(
        [sys.executable, "-m", "fama", "demo", "--no-launch", "--data", str(path)],
        check=True,
        capture_output=True,
    )
    return path
