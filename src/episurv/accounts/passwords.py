"""Password hashing (argon2id) and the random secrets handed to people once."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's defaults, RFC 9106's second recommended option (argon2id, t=3, 64 MiB, p=4):
# every password a person chose or may keep.
STANDARD = PasswordHasher()
# The demo accounts' generated one-time passwords (`setup.demo_accounts`): a secret of 96
# random bits (`new_secret(12)`) is out of reach of guessing whatever the hash costs, and it
# must be changed at first sign-in, when the new one is hashed with STANDARD. argon2id still,
# one pass (the least argon2 allows) over 8 MiB on one lane: about a thirtieth of STANDARD's
# processor time (0.008 s against 0.24 s a hash, measured side by side), which every demo
# build paid six times.
ONE_TIME_DEMO = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
_hasher = STANDARD
MIN_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def hash_one_time_demo_password(password: str) -> str:
    return ONE_TIME_DEMO.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    # The hash names its own parameters: either hasher checks a hash of either.
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_secret(nbytes: int = 24) -> str:
    return secrets.token_urlsafe(nbytes)


def digest(secret: str) -> str:
    """What is stored of a bearer token or session id: enough to find it, not to use it."""
    return hashlib.sha256(secret.encode()).hexdigest()
