"""Password hashing with Argon2id (argon2-cffi), the winner of the Password Hashing Competition."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import CHEAPEST
from flask import current_app

#: OWASP's Password Storage Cheat Sheet's first Argon2id setting: 19 MiB, 2 passes, 1 lane.
#: argon2-cffi's default (RFC 9106's "low memory" 64 MiB, 3 passes, 4 lanes) cost about 0.3 s
#: of CPU per sign-in, a quarter of an app server's CPU under a normal day's load; OWASP
#: rates this setting as strong against offline guessing at a fifth of that. Hashes made
#: with other settings are rehashed at their next sign-in (``needs_rehash``).
OWASP = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

_HASHERS = {
    "default": OWASP,
    # Only for the test suite, where thousands of hashes would otherwise dominate run time.
    "cheapest": PasswordHasher.from_parameters(CHEAPEST),
}
# Verifying against this when the account does not exist keeps response times alike,
# so timing does not reveal which e-mail addresses have accounts.
_DUMMY_HASH = _HASHERS["default"].hash("not a real password")


def _hasher() -> PasswordHasher:
    return _HASHERS[current_app.config["PASSWORD_HASH_PROFILE"]]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check ``password`` against ``password_hash``; a missing hash never matches."""
    hasher = _hasher()
    try:
        return hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than the current profile."""
    return _hasher().check_needs_rehash(password_hash)
