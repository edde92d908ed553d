"""One exception class with a stable ``code``; subclasses name the kind of failure.

The codes are Node's (``js/errors.cjs``). Messages never hold a token: they are built from our own
words and from errors that never saw one.
"""

from __future__ import annotations

from typing import Any

from . import _core

__all__ = [
    "ConfigurationError",
    "EntraDbAuthError",
    "InvalidTokenError",
    "TokenAcquisitionError",
    "UsernameError",
]


class EntraDbAuthError(Exception):
    """The base class: ``code`` is one of the stable codes in ``CLASS_FOR_CODE``."""

    code: str

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {str(self)!r})"


class TokenAcquisitionError(EntraDbAuthError):
    """The credential failed, timed out, or answered with something that is not a token."""


class InvalidTokenError(EntraDbAuthError):
    """The token cannot be used: malformed, no usable expiry, or already expired."""


class UsernameError(EntraDbAuthError):
    """No claim or option gives the PostgreSQL role name."""


class ConfigurationError(EntraDbAuthError, ValueError):
    """An argument is wrong, or the connection would send the token in clear text, to an unverified
    server, or to a server that asked for another resource's token."""


CLASS_FOR_CODE: dict[str, type[EntraDbAuthError]] = {
    "TOKEN_ACQUISITION_FAILED": TokenAcquisitionError,
    "TOKEN_REQUEST_TIMEOUT": TokenAcquisitionError,
    "NO_TOKEN": TokenAcquisitionError,
    "INVALID_TOKEN": InvalidTokenError,
    "TOKEN_EXPIRED": InvalidTokenError,
    "NO_USERNAME": UsernameError,
    "INSECURE_CONNECTION": ConfigurationError,
    "SCOPE_NOT_ALLOWED": ConfigurationError,
    "PEER_NOT_INSTALLED": ConfigurationError,
    "INVALID_ARGUMENT": ConfigurationError,
}


def entra_error(code: str, message: str) -> EntraDbAuthError:
    """The error for ``code``, of the class that names its kind."""
    return CLASS_FOR_CODE[code](code, message)


def from_core(error: _core.CoreError) -> EntraDbAuthError:
    """The core raises ``CoreError(code, message)``; give it our class."""
    code = error.args[0] if error.args else "INVALID_TOKEN"
    message = error.args[1] if len(error.args) > 1 else str(error)
    return entra_error(code if code in CLASS_FOR_CODE else "INVALID_TOKEN", str(message))


def describe(value: Any) -> str:
    """Describes a value for an error message without ever printing it (it may be a token)."""
    if value is None:
        return "None"
    if isinstance(value, str):
        return f"a string of {len(value)} characters"
    return f"a value of type {type(value).__name__}"


def check(ok: bool, message: str) -> None:
    """Raises INVALID_ARGUMENT unless ``ok``."""
    if not ok:
        raise entra_error("INVALID_ARGUMENT", message)
