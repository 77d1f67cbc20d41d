"""Which addresses reach only this machine, and which sign-in the app will ask for."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel.accounts import add_user
from kernel.config import Settings
from ui.serve import access_control, is_loopback


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_addresses(address: str) -> None:
    assert is_loopback(address)


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "myhost.example"])
def test_reachable_addresses(address: str) -> None:
    assert not is_loopback(address)


def test_sign_in_follows_the_accounts_file_and_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    settings = Settings(BABYSTEPS_HOME=tmp_path / "data")  # type: ignore[call-arg]
    assert access_control(settings) == "none"
    add_user(settings.accounts_path, "alice", "a long enough password")
    assert access_control(settings) == "local"
    assert access_control(settings.model_copy(update={"auth": "none"})) == "none"


def test_oidc_secrets_count_as_sign_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[auth]\nclient_id = "x"\n', encoding="utf-8")
    settings = Settings(BABYSTEPS_HOME=tmp_path / "data")  # type: ignore[call-arg]
    assert access_control(settings) == "oidc"
