"""Local accounts: salted hashes only, add/remove/list, authentication, the CLI never echoing a password."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from kernel.accounts import (
    AccountError,
    add_user,
    authenticate,
    load_accounts,
    remove_user,
    role_of,
    verify_password,
)

PASSWORD = "correct horse battery"


def test_passwords_are_stored_salted_and_hashed_only(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    add_user(path, "alice", PASSWORD)
    add_user(path, "bob", PASSWORD)
    text = path.read_text()
    assert PASSWORD not in text
    users = load_accounts(path).users
    assert users["alice"].password != users["bob"].password  # a salt of its own each
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert verify_password(PASSWORD, users["alice"].password)
    assert not verify_password("wrong password", users["alice"].password)


def test_authenticate_add_remove_and_roles(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    add_user(path, "Alice", PASSWORD, role="admin")
    add_user(path, "carol@example.com", None)  # identity-provider only
    assert authenticate(path, "alice", PASSWORD) is not None
    assert authenticate(path, "alice", "nope-nope-nope") is None
    assert authenticate(path, "nobody", PASSWORD) is None
    assert authenticate(path, "carol@example.com", "") is None  # no password: never signs in locally
    assert role_of(path, "alice") == "admin" and role_of(path, "carol@example.com") == "user"
    with pytest.raises(AccountError, match="already exists"):
        add_user(path, "alice", PASSWORD)
    with pytest.raises(AccountError, match="too short"):
        add_user(path, "dave", "short")
    with pytest.raises(AccountError, match="invalid user name"):
        add_user(path, "../etc", PASSWORD)
    assert remove_user(path, "alice") and not remove_user(path, "alice")
    assert authenticate(path, "alice", PASSWORD) is None


def test_users_cli(isolated_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from ui.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "alice", "--admin", "--password-stdin"]) == 0
    assert main(["users", "list"]) == 0
    out = capsys.readouterr().out
    assert "alice" in out and "admin" in out and PASSWORD not in out and "scrypt" not in out
    assert main(["users", "remove", "alice"]) == 0
    assert main(["users", "remove", "alice"]) == 1
    assert PASSWORD not in (isolated_env / "accounts.json").read_text()
