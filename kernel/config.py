"""One typed settings object, read from the environment and an optional ``.env`` file.

Variables:
    BABYSTEPS_HOME          data directory (default ``~/.babysteps``)
    BABYSTEPS_LLM           ``auto`` | ``offline`` | ``openai`` (default ``auto``)
    BABYSTEPS_MODEL         chat model name (default ``gpt-4o-mini``)
    BABYSTEPS_STRUCTURED    ``auto`` | ``json_schema`` | ``json_object`` (structured-output form)
    BABYSTEPS_TIMEOUT       seconds one LLM call may take in all, retries and streaming included (default 30)
    BABYSTEPS_MAX_RETRIES   retries on timeouts, refused connections, 429 and 5xx (default 2)
    OPENAI_API_KEY, OPENAI_BASE_URL   the ``openai`` SDK's own variables
    BABYSTEPS_DATABASE_URL  PostgreSQL for checkpoints and session history (unset: SQLite in the data directory)
    BABYSTEPS_CHROMA_URL    a Chroma server for the knowledge index (unset: embedded Chroma in the data directory)
    BABYSTEPS_ACCOUNTS      the local accounts file (default ``<data directory>/accounts.json``)
    BABYSTEPS_AUTH          ``auto`` | ``none`` | ``local`` | ``oidc`` (sign-in; ``auto``: OIDC when Streamlit's
                            ``[auth]`` secrets exist, else local when the accounts file has users, else none)

``auto`` means: openai when ``OPENAI_API_KEY`` or ``OPENAI_BASE_URL`` is set, else offline.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, TypeAdapter, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LLMSetting = Literal["auto", "offline", "openai"]
LLMMode = Literal["offline", "openai"]
StructuredForm = Literal["auto", "json_schema", "json_object"]
AuthSetting = Literal["auto", "none", "local", "oidc"]


class Settings(BaseSettings):
    """Effective configuration. Build it with :func:`get_settings`; nothing reads it at import time."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    home: Path = Field(default=Path("~/.babysteps"), validation_alias=AliasChoices("BABYSTEPS_HOME"))
    llm: LLMSetting = Field(default="auto", validation_alias=AliasChoices("BABYSTEPS_LLM"))
    model: str = Field(default="gpt-4o-mini", validation_alias=AliasChoices("BABYSTEPS_MODEL"))
    structured: StructuredForm = Field(default="auto", validation_alias=AliasChoices("BABYSTEPS_STRUCTURED"))
    timeout: float = Field(default=30.0, gt=0, validation_alias=AliasChoices("BABYSTEPS_TIMEOUT"))
    max_retries: int = Field(default=2, ge=0, le=10, validation_alias=AliasChoices("BABYSTEPS_MAX_RETRIES"))
    openai_api_key: SecretStr | None = Field(default=None, validation_alias=AliasChoices("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(default=None, validation_alias=AliasChoices("OPENAI_BASE_URL"))
    database_url: SecretStr | None = Field(default=None, validation_alias=AliasChoices("BABYSTEPS_DATABASE_URL"))
    chroma_url: str | None = Field(default=None, validation_alias=AliasChoices("BABYSTEPS_CHROMA_URL"))
    accounts: Path | None = Field(default=None, validation_alias=AliasChoices("BABYSTEPS_ACCOUNTS"))
    auth: AuthSetting = Field(default="auto", validation_alias=AliasChoices("BABYSTEPS_AUTH"))

    @field_validator("database_url", "chroma_url", "accounts", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("database_url", mode="after")
    @classmethod
    def _postgres_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(("postgresql://", "postgres://")):
            raise ValueError("must be a postgresql:// URL (unset it to keep SQLite in the data directory)")
        return value

    @field_validator("chroma_url", mode="after")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL of a Chroma server (unset: embedded Chroma)")
        return value

    @field_validator("home", mode="before")
    @classmethod
    def _home_not_empty(cls, value: object) -> object:
        if isinstance(value, str | Path) and not str(value).strip():
            raise ValueError("set but empty; unset it (default ~/.babysteps) or name a data directory")
        return value

    # --- derived -------------------------------------------------------------------------------

    @property
    def data_dir(self) -> Path:
        return self.home.expanduser()

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def checkpoint_path(self) -> Path:
        return self.data_dir / "checkpoints.sqlite"

    @property
    def sessions_dir(self) -> Path:
        return self.data_dir / "sessions"

    @property
    def accounts_path(self) -> Path:
        return (self.accounts or self.data_dir / "accounts.json").expanduser()

    @property
    def shared_database(self) -> bool:
        """Checkpoints and session history live in PostgreSQL (``BABYSTEPS_DATABASE_URL``)."""
        return self.database_url is not None

    def database_dsn(self) -> str:
        """The PostgreSQL connection string (holds the password: never print it; see :meth:`masked_database`)."""
        if self.database_url is None:
            raise ValueError("BABYSTEPS_DATABASE_URL is not set")
        return self.database_url.get_secret_value()

    def masked_database(self) -> str:
        return mask_url(self.database_url.get_secret_value() if self.database_url else None)

    def ensure_dirs(self) -> None:
        for folder in (self.data_dir, self.index_dir, self.sessions_dir):
            folder.mkdir(parents=True, exist_ok=True)

    def llm_mode(self) -> tuple[LLMMode, str]:
        """The LLM mode in effect and why."""
        if self.llm == "offline":
            return "offline", "BABYSTEPS_LLM=offline"
        if self.llm == "openai":
            return "openai", "BABYSTEPS_LLM=openai"
        if self.openai_api_key is not None or self.openai_base_url:
            which = "OPENAI_API_KEY" if self.openai_api_key is not None else "OPENAI_BASE_URL"
            return "openai", f"BABYSTEPS_LLM=auto and {which} is set"
        return "offline", "BABYSTEPS_LLM=auto and neither OPENAI_API_KEY nor OPENAI_BASE_URL is set"

    def masked_key(self) -> str:
        return mask_secret(self.openai_api_key.get_secret_value() if self.openai_api_key else None)

    def describe(self) -> dict[str, str]:
        """The effective configuration with the key masked, for ``babysteps doctor`` and logs."""
        mode, why = self.llm_mode()
        return {
            "home": str(self.data_dir),
            "llm_setting": self.llm,
            "llm_mode": mode,
            "llm_reason": why,
            "model": self.model,
            "base_url": self.openai_base_url or "(SDK default)",
            "api_key": self.masked_key(),
            "structured": self.structured,
            "timeout": f"{self.timeout:g}s",
            "max_retries": str(self.max_retries),
            "database": self.masked_database() if self.database_url else f"sqlite ({self.checkpoint_path})",
            "knowledge_store": self.chroma_url or f"embedded chroma ({self.index_dir})",
            "auth": self.auth,
            "accounts": str(self.accounts_path),
        }


def mask_secret(secret: str | None) -> str:
    """Show only enough of a key to recognise it: ``sk-…abcd``."""
    if not secret:
        return "(not set)"
    if len(secret) <= 8:
        return "****"
    return f"{secret[:3]}…{secret[-4:]}"


def mask_url(url: str | None) -> str:
    """A connection URL with its password replaced: ``postgresql://app:****@db:5432/babysteps``."""
    if not url:
        return "(not set)"
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.rsplit("@", 1)[1]
        user = parts.username or ""
        return urlunsplit(parts._replace(netloc=f"{user}:****@{netloc}"))
    except ValueError:
        return "(unparseable URL)"


class SettingsError(ValueError):
    """A configuration that cannot be used; the message is one line naming the variable and the fix."""


def get_settings(**overrides: object) -> Settings:
    """Read the settings afresh from the environment (and ``.env``); ``overrides`` are field names.

    Overrides go through ``model_copy`` so that only the ``BABYSTEPS_*``/``OPENAI_*`` names are read
    from the environment (a plain ``HOME`` or ``MODEL`` variable must never leak in). An invalid value
    raises :class:`SettingsError`. The key is remembered by :mod:`kernel.redact`, so no output shows it.
    """
    from kernel.redact import remember_secret

    try:
        settings = Settings()
    except ValidationError as exc:
        raise SettingsError(_one_line(exc)) from None
    unknown = set(overrides) - set(Settings.model_fields)
    if unknown:
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    try:
        checked = {
            name: TypeAdapter(Settings.model_fields[name].annotation or object).validate_python(value)
            for name, value in overrides.items()
        }
    except ValidationError as exc:
        raise SettingsError(_one_line(exc)) from None
    if "home" in checked:
        Settings._home_not_empty(checked["home"])
    settings = settings.model_copy(update=checked) if checked else settings
    if settings.openai_api_key is not None:
        remember_secret(settings.openai_api_key.get_secret_value())
    if settings.database_url is not None:
        from urllib.parse import urlsplit

        with contextlib.suppress(ValueError):
            remember_secret(urlsplit(settings.database_url.get_secret_value()).password)
    return settings


def _one_line(exc: ValidationError) -> str:
    """The first problem of a settings validation error, naming the environment variable."""
    err = exc.errors()[0]
    name = str(err["loc"][0]) if err.get("loc") else "setting"
    field = Settings.model_fields.get(name)
    alias = field.validation_alias if field is not None else None
    if isinstance(alias, AliasChoices):
        name = str(alias.choices[0])
    message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    return f"invalid configuration: {name}: {message}"
