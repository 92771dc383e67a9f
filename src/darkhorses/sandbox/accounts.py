"""Sandbox accounts: HTTP Basic credentials mapped to a plan and the historical add-on.

By default the user name is the password is the plan (``free:free`` ... ``pro:pro``), plus
``historic:historic``: a Pro account with the historical results add-on. Other accounts are
given as ``user:password:plan[+historic]`` strings.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Plan = Literal["free", "basic", "standard", "pro"]

PLAN_RANK: dict[str, int] = {"free": 0, "basic": 1, "standard": 2, "pro": 3}


@dataclass(frozen=True)
class Account:
    """One API account: its credentials, plan and add-ons."""

    username: str
    password: str
    plan: Plan
    historic: bool = False

    def allows(self, plan: Plan) -> bool:
        """True when this account's plan includes endpoints of ``plan``."""
        return PLAN_RANK[self.plan] >= PLAN_RANK[plan]

    def __repr__(self) -> str:
        # The password never appears in logs or error messages.
        return f"Account(username={self.username!r}, plan={self.plan!r}, historic={self.historic})"


DEFAULT_ACCOUNTS: tuple[Account, ...] = (
    Account("free", "free", "free"),
    Account("basic", "basic", "basic"),
    Account("standard", "standard", "standard"),
    Account("pro", "pro", "pro"),
    Account("historic", "historic", "pro", historic=True),
)


def parse_account(spec: str) -> Account:
    """Parse ``user:password:plan`` or ``user:password:pro+historic``."""
    parts = spec.rsplit(":", 2)
    if len(parts) != 3 or not parts[0]:
        raise ValueError("an account is user:password:plan (plan free|basic|standard|pro)")
    username, password, plan_spec = parts
    plan, _, addon = plan_spec.partition("+")
    if plan not in PLAN_RANK:
        raise ValueError(f"unknown plan {plan!r} (free|basic|standard|pro)")
    if addon not in ("", "historic"):
        raise ValueError(f"unknown add-on {addon!r} (only 'historic')")
    if addon and plan != "pro":
        raise ValueError("the historical add-on is for Pro accounts only")
    return Account(username, password, plan, historic=bool(addon))  # type: ignore[arg-type]


class Accounts:
    """Looks up the account behind an ``Authorization: Basic`` header."""

    def __init__(self, accounts: Iterable[Account] = DEFAULT_ACCOUNTS) -> None:
        self._by_user = {a.username: a for a in accounts}

    def authenticate(self, authorization: str | None) -> Account | None:
        """The account for a Basic header, or None when missing, malformed or wrong."""
        if not authorization:
            return None
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "basic" or not token:
            return None
        try:
            decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        username, sep, password = decoded.partition(":")
        account = self._by_user.get(username)
        if not sep or account is None:
            return None
        if not hmac.compare_digest(account.password.encode(), password.encode()):
            return None
        return account
