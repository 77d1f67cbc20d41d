"""Sign-in for a team: Streamlit's built-in OIDC login where an identity provider is configured (an ``[auth]``
section in ``.streamlit/secrets.toml``), else the local accounts file (``babysteps users add``), else none.

``BABYSTEPS_AUTH`` picks the mode (``auto``: OIDC if configured, else local when the accounts file has
users, else none, which is the single-user default). Once signed in, the account's name is this tab's
owner (:func:`ui.state.owner`): every interview it starts belongs to it, the history lists only its own,
and any other thread, whatever the URL says, is refused. A local sign-in lasts as long as the browser
tab's session (a reload asks again); an OIDC sign-in lasts as long as Streamlit's login cookie.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import streamlit as st

from kernel.accounts import AccountError, authenticate, load_accounts, role_of
from kernel.config import Settings

OWNER_KEY = "owner"
ACCOUNT_KEY = "account"


@dataclass(frozen=True)
class Identity:
    name: str
    role: str = "user"
    via: str = "local"  # "local" or "oidc"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def mode(settings: Settings) -> str:
    """``none``, ``local`` or ``oidc``: the sign-in in effect."""
    if settings.auth != "auto":
        return settings.auth
    if oidc_configured():
        return "oidc"
    try:
        return "local" if load_accounts(settings.accounts_path).users else "none"
    except AccountError:
        return "local"  # an unreadable accounts file keeps the door shut (the form says why)


def gate(settings: Settings) -> Identity | None:
    """The signed-in identity (``None``: no sign-in configured); otherwise draws the sign-in and stops the run."""
    how = mode(settings)
    if how == "none":
        st.session_state[OWNER_KEY] = None
        return None
    identity = _oidc() if how == "oidc" else _local(settings)
    st.session_state[OWNER_KEY] = identity.name
    return identity


def _oidc() -> Identity:
    user: Any = st.user
    if not getattr(user, "is_logged_in", False):
        _welcome()
        st.button("Sign in", type="primary", key="oidc_login", on_click=st.login)
        st.stop()
    email = str(user.get("email") or user.get("sub") or "").strip().lower()
    if not email:
        st.error("The identity provider gave no e-mail or subject; ask the administrator to release the e-mail claim.")
        st.stop()
    from ui import state

    return Identity(name=email, role=role_of(state.settings().accounts_path, email), via="oidc")


def _local(settings: Settings) -> Identity:
    try:
        accounts = load_accounts(settings.accounts_path)
    except AccountError as exc:
        st.error(f"Sign-in is unavailable: {exc}")
        st.stop()
    held = st.session_state.get(ACCOUNT_KEY)
    if held:
        account = accounts.users.get(held["name"])
        if account is not None:  # still there (a removed user is signed out at the next run)
            return Identity(name=account.name, role=account.role, via="local")
        st.session_state.pop(ACCOUNT_KEY, None)
    _welcome()
    if not accounts.users:
        st.warning("No accounts yet. An administrator adds them with `babysteps users add NAME`.")
    with st.form("sign_in", border=True):
        name = st.text_input("User name", key="sign_in_name")
        password = st.text_input("Password", type="password", key="sign_in_password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        account = authenticate(settings.accounts_path, name, password)
        if account is None:
            failures = int(st.session_state.get("sign_in_failures", 0)) + 1
            st.session_state["sign_in_failures"] = failures
            time.sleep(min(5.0, 0.5 * failures))  # slows guessing; the hash check already costs ~50 ms
            st.error("Wrong user name or password.")
        else:
            st.session_state.pop("sign_in_failures", None)
            st.session_state[ACCOUNT_KEY] = {"name": account.name}
            st.rerun()
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def _welcome() -> None:
    st.title("Babysteps")
    st.caption("System-design interview practice. Sign in to see your own interviews.")


def sidebar(identity: Identity | None) -> None:
    """Who is signed in, and Sign out."""
    if identity is None:
        return
    st.caption(f"Signed in as **{identity.name}**" + (" · admin" if identity.is_admin else ""))
    if st.button("Sign out", key="sign_out", type="tertiary", icon=":material/logout:"):
        held = st.session_state.get("session_obj")
        if held is not None:
            held[1].close()
        for key in (ACCOUNT_KEY, OWNER_KEY, "session_obj", "thread", "scorecards"):
            st.session_state.pop(key, None)
        st.query_params.clear()
        if identity.via == "oidc":
            st.logout()
        st.rerun()
