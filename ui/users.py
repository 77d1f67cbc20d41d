"""``babysteps users add|remove|list``: the local accounts file (salted password hashes, never the password)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

from kernel.accounts import AccountError, add_user, load_accounts, remove_user
from kernel.config import SettingsError, get_settings
from kernel.redact import clean_text


def _password(args: argparse.Namespace) -> str | None:
    if args.no_password:
        return None
    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Password for {args.name}: ")
    if first != getpass.getpass("Again: "):
        raise AccountError("the two passwords differ; nothing changed")
    return first


def run_users(args: argparse.Namespace) -> int:
    try:
        settings = get_settings()
    except SettingsError as exc:
        print(clean_text(f"error: {exc}"), file=sys.stderr)
        return 2
    path = settings.accounts_path
    try:
        if args.users_command == "add":
            account = add_user(path, args.name, _password(args), role="admin" if args.admin else "user",
                               replace=args.replace)
            how = "identity provider only" if account.password is None else "password set"
            print(f"{'updated' if args.replace else 'added'} {account.name} ({account.role}, {how}) in {path}")
            return 0
        if args.users_command == "remove":
            if not remove_user(path, args.name):
                print(f"error: no user {args.name!r} in {path}", file=sys.stderr)
                return 1
            print(f"removed {args.name} from {path} (their interviews stay, and nobody else can open them)")
            return 0
        accounts = load_accounts(path)
        rows: list[dict[str, Any]] = [
            {"name": a.name, "role": a.role, "sign_in": "password" if a.password else "identity provider",
             "created_at": a.created_at} for a in sorted(accounts.users.values(), key=lambda a: a.name)]
        if args.json:
            print(json.dumps(rows, indent=2))
        elif not rows:
            print(f"no users in {path}; add one with: babysteps users add NAME")
        else:
            for row in rows:
                print(f"{row['name']:<32} {row['role']:<6} {row['sign_in']:<18} {row['created_at']}")
        return 0
    except AccountError as exc:
        print(clean_text(f"error: {exc}"), file=sys.stderr)
        return 1


def register(sub: Any) -> None:
    p = sub.add_parser("users", help="manage the local accounts (sign-in for a team)")
    users = p.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = users.add_parser("add", help="add a user (the password is asked twice, or read from stdin)")
    add.add_argument("name", help="user name (lower case; an e-mail address works)")
    add.add_argument("--admin", action="store_true", help="may see cohort statistics (never transcripts)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from one line of stdin")
    add.add_argument("--no-password", action="store_true",
                     help="no local password: the entry only gives a role to an identity-provider e-mail")
    add.add_argument("--replace", action="store_true", help="reset an existing user's password and role")
    remove = users.add_parser("remove", help="remove a user (their interviews are kept)")
    remove.add_argument("name")
    listing = users.add_parser("list", help="list the users (names and roles; never hashes)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run_users)
