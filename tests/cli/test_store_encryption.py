"""``fama store encrypt | decrypt | passphrase | open-export`` and the passphrase as every
command asks it: from ``FAMA_PASSPHRASE_FILE`` (no terminal here); a wrong one or none is
one sentence and exit 2 with nothing changed; exports from an encrypted store are sealed,
printed only with ``--clear``; encrypt then decrypt gives back the same export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fama.clock import FixedClock
from fama.store.key_file import KEY_FILE
from fama.store.sealing import MAGIC
from tests.helpers.cli import run, snapshot
from tests.helpers.sealed import ENV, PASSPHRASE, files_holding, forget_key, passphrase_file

CODE = "KB-1042"
NEW = "FAMA_NEW_PASSPHRASE_FILE"


def document(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    data.pop("exported_at")
    return data


@pytest.fixture
def sealed_demo(
    demo: Path,
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """The demo store, encrypted by ``fama store encrypt`` with the passphrase in a file."""
    monkeypatch.setenv(ENV, str(passphrase_file(tmp_path)))
    code, out, err = run(["store", "encrypt", "--data", str(demo)], clock, capsys)
    assert code == 0, err
    assert out.startswith(f"Encrypted the store at {demo}") and "fama-key.json" in out
    return demo


def test_encrypt_seals_the_store_and_every_command_asks_the_passphrase(
    sealed_demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    assert files_holding(sealed_demo, CODE.encode()) == []
    forget_key(sealed_demo)  # a new process: the passphrase comes from the file
    code, out, err = run(["client", "list", "--data", str(sealed_demo)], clock, capsys)
    assert code == 0 and CODE in out and err == ""
    code, out, _ = run(["store", "check", "--data", str(sealed_demo)], clock, capsys)
    assert code == 0 and "schema version 4, encrypted." in out
    code, out, _ = run(["store", "encrypt", "--data", str(sealed_demo)], clock, capsys)
    assert code == 0 and "is encrypted; nothing more was changed" in out


def test_a_wrong_passphrase_or_none_is_one_sentence_and_changes_nothing(
    sealed_demo: Path,
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forget_key(sealed_demo)
    before = snapshot(sealed_demo)
    monkeypatch.setenv(ENV, str(passphrase_file(tmp_path, "guess one")))
    for args in (["client", "list"], ["export", "-o", str(tmp_path / "x")], ["audit", "verify"]):
        code, out, err = run([*args, "--data", str(sealed_demo)], clock, capsys)
        assert (code, out) == (2, "")
        assert err == (
            f"fama: That is not the passphrase of the store at {sealed_demo}; "
            "nothing was opened or changed.\n"
        )
    monkeypatch.delenv(ENV)
    code, out, err = run(["client", "list", "--data", str(sealed_demo)], clock, capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"fama: The store at {sealed_demo} is encrypted: type its passphrase in a terminal, "
        f"or set {ENV} to a file holding it.\n"
    )
    assert snapshot(sealed_demo) == before
    assert not (tmp_path / "x").exists()


def test_a_short_new_passphrase_is_refused(
    demo: Path,
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = snapshot(demo)
    monkeypatch.setenv(ENV, str(passphrase_file(tmp_path, "short")))
    code, _, err = run(["store", "encrypt", "--data", str(demo)], clock, capsys)
    assert code == 2 and "at least 8 characters" in err and err.count("\n") == 1
    monkeypatch.delenv(ENV)
    code, _, err = run(["store", "encrypt", "--data", str(demo)], clock, capsys)
    assert code == 2 and "Type the new passphrase in a terminal" in err
    assert snapshot(demo) == before and not (demo / KEY_FILE).exists()


def test_exports_are_sealed_unless_asked_for_in_clear(
    sealed_demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ["--data", str(sealed_demo)]
    trail = (sealed_demo / "audit.log").read_bytes()
    code, out, err = run(["export", *store], clock, capsys)
    assert (code, out) == (2, "")
    assert err == (
        "fama: The store is encrypted, so its exports are sealed: give -o FILE for a sealed "
        "export, or add --clear to print it in clear.\n"
    )
    code, _, _ = run(["client", "export", CODE, *store], clock, capsys)
    assert code == 2
    assert (sealed_demo / "audit.log").read_bytes() == trail  # nothing was exported
    sealed = tmp_path / "whole.sealed"
    code, out, _ = run(["export", "-o", str(sealed), *store], clock, capsys)
    assert code == 0 and "sealed" in out and "fama store open-export" in out
    assert CODE.encode() not in sealed.read_bytes()
    assert sealed.stat().st_mode & 0o777 == 0o600
    opened = tmp_path / "whole.json"
    code, out, err = run(["store", "open-export", str(sealed), "-o", str(opened)], clock, capsys)
    assert code == 0, err
    code, printed, err = run(["export", "--clear", *store], clock, capsys)
    assert code == 0
    assert err == (
        "fama: warning: this export is in clear, so anyone who can read it can read the "
        "records in it.\n"
    )
    clear = json.loads(printed)
    clear.pop("exported_at")
    assert document(opened) == clear
    one = tmp_path / "one.sealed"
    code, out, _ = run(["client", "export", CODE, "-o", str(one), *store], clock, capsys)
    assert code == 0 and "sealed" in out
    code, printed, _ = run(["store", "open-export", str(one)], clock, capsys)
    assert code == 0 and json.loads(printed)["client"]["code"] == CODE


def test_a_sealed_export_opens_only_with_its_passphrase_and_whole(
    sealed_demo: Path,
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sealed = tmp_path / "whole.sealed"
    assert run(["export", "-o", str(sealed), "--data", str(sealed_demo)], clock, capsys)[0] == 0
    monkeypatch.setenv(ENV, str(passphrase_file(tmp_path, "another passphrase")))
    code, out, err = run(["store", "open-export", str(sealed)], clock, capsys)
    assert (code, out) == (2, "")
    assert (
        err == f"fama: That is not the passphrase {sealed} was sealed with; nothing was written.\n"
    )
    monkeypatch.setenv(ENV, str(passphrase_file(tmp_path)))
    data = json.loads(sealed.read_text())
    body = data["sealed"]
    data["sealed"] = body[:40] + ("A" if body[40] != "A" else "B") + body[41:]
    changed = tmp_path / "changed.sealed"
    changed.write_text(json.dumps(data))
    code, _, err = run(["store", "open-export", str(changed)], clock, capsys)
    assert code == 2 and "was changed after it was sealed" in err and err.count("\n") == 1
    code, _, err = run(["store", "open-export", str(tmp_path / "missing")], clock, capsys)
    assert code == 2 and "is not a file" in err
    plain = tmp_path / "plain.json"
    plain.write_text("{}")
    code, _, err = run(["store", "open-export", str(plain)], clock, capsys)
    assert code == 2 and "is not an export sealed by fama" in err


def test_encrypt_then_decrypt_gives_the_same_export(
    demo: Path,
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = ["--data", str(demo)]
    assert run(["export", "-o", str(tmp_path / "before.json"), *store], clock, capsys)[0] == 0
    monkeypatch.setenv(ENV, str(passphrase_file(tmp_path)))
    assert run(["store", "encrypt", *store], clock, capsys)[0] == 0
    forget_key(demo)
    code, out, err = run(["store", "decrypt", *store], clock, capsys)
    assert code == 0, err
    assert (
        out == f"Decrypted the store at {demo}: its files, backups and audit trail are in clear.\n"
    )
    assert not (demo / KEY_FILE).exists() and files_holding(demo, MAGIC) == []
    monkeypatch.delenv(ENV)
    assert run(["export", "-o", str(tmp_path / "after.json"), *store], clock, capsys)[0] == 0
    assert document(tmp_path / "after.json") == document(tmp_path / "before.json")
    code, out, _ = run(["audit", "verify", *store], clock, capsys)
    assert code == 0 and "intact" in out
    code, out, _ = run(["audit", "show", *store], clock, capsys)
    assert "store encrypted" in out and "store decrypted" in out
    code, out, _ = run(["store", "decrypt", *store], clock, capsys)
    assert code == 0 and "is not encrypted; nothing was changed" in out


def test_a_new_passphrase_rewraps_the_key_and_the_old_one_no_longer_opens(
    sealed_demo: Path,
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = ["--data", str(sealed_demo)]
    clients = {p.name: p.read_bytes() for p in (sealed_demo / "clients").iterdir()}
    monkeypatch.setenv(NEW, str(passphrase_file(tmp_path, "the second passphrase")))
    code, out, err = run(["store", "passphrase", *store], clock, capsys)
    assert code == 0, err
    assert out.startswith(f"Changed the passphrase of the store at {sealed_demo}.")
    assert {p.name: p.read_bytes() for p in (sealed_demo / "clients").iterdir()} == clients
    forget_key(sealed_demo)
    assert run(["client", "list", *store], clock, capsys)[0] == 2
    monkeypatch.setenv(ENV, str(passphrase_file(tmp_path, "the second passphrase")))
    assert run(["client", "list", *store], clock, capsys)[0] == 0
    code, out, _ = run(["audit", "show", *store], clock, capsys)
    assert "passphrase changed" in out


def test_a_store_in_clear_has_no_passphrase_to_change(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["store", "passphrase", "--data", str(demo)], clock, capsys)
    assert code == 2 and "is not encrypted; `fama store encrypt` encrypts it." in err


def test_the_audit_trail_of_an_encrypted_store_is_verified_and_tampering_found(
    sealed_demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ["--data", str(sealed_demo)]
    run(["client", "export", CODE, "--clear", *store], clock, capsys)
    code, out, _ = run(["audit", "verify", *store], clock, capsys)
    assert code == 0 and "intact" in out
    trail = sealed_demo / "audit.log"
    lines = trail.read_bytes().splitlines(keepends=True)
    assert len(lines) >= 2
    del lines[0]
    trail.write_bytes(b"".join(lines))
    code, out, err = run(["audit", "verify", *store], clock, capsys)
    assert code == 2 and "broken at entry 1" in out + err


def test_a_backup_of_an_encrypted_store_is_restored(
    sealed_demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ["--data", str(sealed_demo)]
    code, out, _ = run(["backup", *store], clock, capsys)
    assert code == 0
    name = Path(out.split(" to ")[-1].strip().rstrip(".")).name
    run(["client", "erase", "KB-1057", "--yes", *store], clock, capsys)
    forget_key(sealed_demo)
    code, out, err = run(["backup", "restore", name, "--yes", *store], clock, capsys)
    assert code == 0, err
    code, out, _ = run(["client", "list", *store], clock, capsys)
    assert "KB-1057" not in out  # an erasure reaches the backups, encrypted or not
    assert files_holding(sealed_demo, CODE.encode()) == []


def test_a_database_is_not_encrypted_by_fama(
    pg_url: str, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    for action in ("encrypt", "decrypt", "passphrase"):
        code, out, err = run(["store", action, "--store", pg_url], clock, capsys)
        assert (code, out) == (2, "")
        assert "a database relies on its server" in err and err.count("\n") == 1


def test_on_a_terminal_the_passphrase_is_typed_and_a_new_one_twice(
    demo: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import getpass

    import fama.cli.store_encryption
    import fama.store.passphrase

    typed: list[str] = []
    prompts: list[str] = []

    def answer(prompt: str = "") -> str:
        prompts.append(prompt)
        return typed.pop(0)

    monkeypatch.setattr(fama.store.passphrase, "on_terminal", lambda: True)
    monkeypatch.setattr(fama.cli.store_encryption, "on_terminal", lambda: True)
    monkeypatch.setattr(getpass, "getpass", answer)
    store = ["--data", str(demo)]
    typed[:] = [PASSPHRASE, "a different one"]
    code, _, err = run(["store", "encrypt", *store], clock, capsys)
    assert code == 2 and err == "fama: The two passphrases differ; nothing was changed.\n"
    assert not (demo / KEY_FILE).exists()
    prompts.clear()
    typed[:] = ["short"]  # refused before it is asked for again
    code, _, err = run(["store", "encrypt", *store], clock, capsys)
    assert code == 2 and "at least 8 characters" in err and prompts == ["New passphrase: "]
    typed[:] = [PASSPHRASE, PASSPHRASE]
    assert run(["store", "encrypt", *store], clock, capsys)[0] == 0
    forget_key(demo)
    prompts.clear()
    typed[:] = [PASSPHRASE]
    code, out, _ = run(["client", "list", *store], clock, capsys)
    assert code == 0 and CODE in out
    assert prompts == [f"Passphrase of the store at {demo}: "]  # asked once
    forget_key(demo)
    typed[:] = [""]
    code, out, err = run(["client", "list", *store], clock, capsys)
    assert (code, out) == (2, "")
    assert err == "fama: No passphrase was typed; nothing was opened or changed.\n"


def test_a_copy_of_an_encrypted_store_into_a_folder_says_it_is_in_clear(
    sealed_demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "copy"
    code, _, err = run(
        ["store", "copy", "--from", str(sealed_demo), "--to", str(target)], clock, capsys
    )
    assert code == 0, err
    assert f"the copy at {target} is not encrypted; `fama store encrypt --store {target}`" in err
    assert not (target / KEY_FILE).exists()
