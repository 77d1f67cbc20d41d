"""Local accounts: a JSON file of user names, roles and salted password hashes (``settings.accounts_path``).

Managed with ``babysteps users add|remove|list``; the app's sign-in checks passwords against it when no
identity provider is configured. Passwords are hashed with scrypt (a random 16-byte salt per user,
n=2**14, r=8, p=1) and never stored or printed; the file is written atomically with mode 0600.
An entry without a password only gives a role to an identity from the identity provider (its e-mail).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from filelock import FileLock
from pydantic import BaseModel, Field, ValidationError

Role = Literal["user", "admin"]
ROLES: tuple[str, ...] = ("user", "admin")
NAME = re.compile(r"^[a-z0-9][a-z0-9_.@+-]{0,127}$")
MIN_PASSWORD = 8
_N, _R, _P = 2**14, 8, 1


class AccountError(ValueError):
    """A name, password or accounts file that cannot be used; the message says which and what to do."""


class Account(BaseModel):
    name: str
    role: Role = "user"
    password: str | None = None  # "scrypt$n$r$p$salt$hash" (None: sign-in through the identity provider only)
    created_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class AccountsFile(BaseModel):
    users: dict[str, Account] = Field(default_factory=dict)


def check_name(name: str) -> str:
    name = (name or "").strip().lower()
    if not NAME.match(name):
        raise AccountError(f"invalid user name {name!r}: use lower-case letters, digits and '_ . @ + -' "
                           "(an e-mail address works)")
    return name


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password is too short ({len(password)} characters; at least {MIN_PASSWORD})")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str | None) -> bool:
    """Whether ``password`` matches the stored hash (constant-time; an entry without one never matches)."""
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def load_accounts(path: Path) -> AccountsFile:
    """The accounts in ``path`` (none if it does not exist); an unreadable file is an :class:`AccountError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return AccountsFile()
    except OSError as exc:
        raise AccountError(f"cannot read the accounts file {path} ({exc.strerror or exc})") from None
    try:
        return AccountsFile.model_validate_json(text)
    except (ValidationError, ValueError):
        raise AccountError(f"the accounts file {path} is not valid; fix it or remove it and add the users again") from None


def _save(path: Path, accounts: AccountsFile) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(accounts.model_dump(mode="json"), indent=2))
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise


def _lock(path: Path) -> FileLock:
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(path) + ".lock", timeout=10)


def add_user(path: Path, name: str, password: str | None, role: str = "user", replace: bool = False) -> Account:
    """Add (or with ``replace``, reset) a user; ``password`` None makes an identity-provider-only entry."""
    name = check_name(name)
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; valid: {', '.join(ROLES)}")
    hashed = hash_password(password) if password is not None else None
    with _lock(path):
        accounts = load_accounts(path)
        if name in accounts.users and not replace:
            raise AccountError(f"user {name!r} already exists; use --replace to set a new password or role")
        account = Account(name=name, role=role, password=hashed)  # type: ignore[arg-type]
        accounts.users[name] = account
        _save(path, accounts)
    return account


def remove_user(path: Path, name: str) -> bool:
    name = check_name(name)
    with _lock(path):
        accounts = load_accounts(path)
        if accounts.users.pop(name, None) is None:
            return False
        _save(path, accounts)
    return True


def authenticate(path: Path, name: str, password: str) -> Account | None:
    """The account if the name and password match, else ``None`` (the same work either way)."""
    try:
        name = check_name(name)
    except AccountError:
        name = ""
    account = load_accounts(path).users.get(name) if name else None
    stored = account.password if account is not None else None
    ok = verify_password(password, stored or _DUMMY)
    return account if ok and account is not None and stored else None


def role_of(path: Path, name: str) -> Role:
    """The role of an identity (``user`` when it has no entry)."""
    try:
        account = load_accounts(path).users.get(name.strip().lower())
    except AccountError:
        return "user"
    return account.role if account is not None else "user"


_DUMMY = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
