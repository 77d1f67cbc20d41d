"""Settings: LLM mode selection and its reason, key masking, data paths, strict overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel.config import get_settings, mask_secret


def test_auto_is_offline_without_endpoint() -> None:
    mode, why = get_settings().llm_mode()
    assert mode == "offline" and "neither" in why


@pytest.mark.parametrize("var", ["OPENAI_API_KEY", "OPENAI_BASE_URL"])
def test_auto_is_openai_when_endpoint_configured(monkeypatch: pytest.MonkeyPatch, var: str) -> None:
    monkeypatch.setenv(var, "sk-test-value" if var.endswith("KEY") else "http://127.0.0.1:1/v1")
    mode, why = get_settings().llm_mode()
    assert mode == "openai" and var in why


def test_explicit_offline_wins_over_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-abc")
    monkeypatch.setenv("BABYSTEPS_LLM", "offline")
    assert get_settings().llm_mode()[0] == "offline"


def test_key_is_masked_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-proj-SECRETSECRET1234")
    settings = get_settings()
    described = str(settings.describe())
    assert "SECRETSECRET" not in described and "sk-…1234" in described
    assert "SECRETSECRET" not in repr(settings)
    assert mask_secret(None) == "(not set)" and mask_secret("short") == "****"


def test_data_paths_follow_home(isolated_env: Path) -> None:
    settings = get_settings()
    assert settings.data_dir == isolated_env
    assert settings.checkpoint_path.parent == isolated_env
    settings.ensure_dirs()
    assert settings.index_dir.is_dir() and settings.sessions_dir.is_dir()


def test_generic_environment_names_do_not_leak(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODEL", "wrong")
    monkeypatch.setenv("LLM", "openai")
    settings = get_settings()
    assert settings.model == "gpt-4o-mini" and settings.llm == "auto"


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("BABYSTEPS_MODEL=llama3\nBABYSTEPS_LLM=offline\n")
    settings = get_settings()
    assert settings.model == "llama3" and settings.llm == "offline"


def test_overrides_are_validated() -> None:
    assert get_settings(timeout="5").timeout == 5.0
    with pytest.raises(TypeError):
        get_settings(no_such_setting=1)
    with pytest.raises(ValueError):
        get_settings(llm="maybe")
