"""Passwords are hashed with argon2id at argon2-cffi's standard parameters (RFC 9106's second
recommended option: 3 passes, 64 MiB, 4 lanes), but for the demo accounts' generated one-time
passwords, which take one pass over 8 MiB on one lane and are replaced at first sign-in."""

from __future__ import annotations

import pytest
from argon2 import Type, extract_parameters
from sqlalchemy import select

from episurv.accounts import passwords
from episurv.accounts import service as accounts
from episurv.accounts.models import User
from episurv.accounts.scope import SYSTEM
from episurv.setup import demo_accounts


@pytest.fixture(autouse=True)
def standard_hashing(monkeypatch):
    # The suite's accounts hash lightly (conftest): here the product's own choice is the subject.
    monkeypatch.setattr(passwords, "_hasher", passwords.STANDARD)


def _parameters(session, email: str) -> tuple:
    found = extract_parameters(session.scalar(select(User.password_hash).where(
        User.email == email)))
    return found.type, found.time_cost, found.memory_cost, found.parallelism


def test_a_demo_accounts_one_time_password_is_hashed_lightly_and_its_successor_fully(session):
    made = {email: password for email, _role, password in demo_accounts(session)}
    assert len(made) == 6
    assert _parameters(session, "cdc@demo.episurv") == (Type.ID, 1, 8192, 1)
    sid, _csrf = accounts.sign_in(session, "cdc@demo.episurv", made["cdc@demo.episurv"],
                                  "127.0.0.1")
    assert sid
    user = session.scalar(select(User).where(User.email == "cdc@demo.episurv"))
    assert user.must_change_password
    accounts.change_password(session, user=user, current=made["cdc@demo.episurv"],
                             new="a-password-of-her-own")
    assert _parameters(session, "cdc@demo.episurv") == (Type.ID, 3, 65536, 4)
    assert accounts.sign_in(session, "cdc@demo.episurv", "a-password-of-her-own", "127.0.0.1")


def test_other_accounts_and_reset_passwords_are_hashed_fully(session):
    _user, generated = accounts.add_user(session, scope=SYSTEM, email="cdc@x.vn",
                                         role="province", unit="Hà Nội")
    accounts.add_user(session, scope=SYSTEM, email="own@x.vn", role="viewer", unit="Hà Nội",
                      password="chosen-by-someone")
    assert _parameters(session, "cdc@x.vn") == (Type.ID, 3, 65536, 4)
    assert _parameters(session, "own@x.vn") == (Type.ID, 3, 65536, 4)
    assert accounts.sign_in(session, "cdc@x.vn", generated, "127.0.0.1")
    # A demo account's reset password is anyone's reset password.
    demo_accounts(session)
    accounts.reset_password(session, scope=SYSTEM, email="admin@demo.episurv")
    assert _parameters(session, "admin@demo.episurv") == (Type.ID, 3, 65536, 4)


def test_a_demo_account_is_not_given_a_password_to_hash_lightly(session):
    with pytest.raises(ValueError, match="generated"):
        accounts.add_user(session, scope=SYSTEM, email="d@x.vn", role="admin", unit=None,
                          password="chosen-by-someone", demo=True)
