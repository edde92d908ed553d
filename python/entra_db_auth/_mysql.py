"""Azure Database for MySQL through PyMySQL and aiomysql: the token goes as a clear-text password
(``mysql_clear_password``), so the TLS guard matters as much as for PostgreSQL. Azure Database for
MySQL takes the same scope and the same role names as PostgreSQL."""

from __future__ import annotations

import ssl as _ssl
import sys
from typing import Any

from ._source import Token, login, login_async, source_for_host
from .errors import entra_error
from .hosts import is_loopback, refuse

__all__ = ["aiomysql_kwargs", "assert_aiomysql_tls", "assert_pymysql_tls", "pymysql_kwargs"]

PYMYSQL_FIX = {
    "tls": "pass `ssl_ca=<CA file>` with `ssl_verify_identity=True`, or `ssl=ssl.create_default_context()`",
    "verify": "verify the server: `ssl_verify_identity=True` with `ssl_ca`, or an SSLContext with CERT_REQUIRED "
    "and check_hostname; Azure's certificates chain to public roots",
}
AIOMYSQL_FIX = {
    "tls": "pass `ssl=ssl.create_default_context()` to aiomysql",
    "verify": "pass an SSLContext with CERT_REQUIRED and check_hostname",
}


class TlsOnlyPassword(Token):
    """The token as aiomysql's password, for a remote server. aiomysql upgrades to TLS only when the
    server's greeting offers it (CLIENT_SSL), and otherwise sends the password in clear text, so a
    man in the middle could strip TLS. aiomysql turns its password into bytes (``encode``) at each
    place it sends it, inside its ``Connection``'s methods, after the upgrade (``_secure``): this
    ``encode`` gives bytes only to an aiomysql connection that is secure, and refuses otherwise."""

    __slots__ = ()

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        connection = sys._getframe(1).f_locals.get("self")
        if not type(connection).__module__.startswith("aiomysql"):
            raise entra_error(
                "INVALID_ARGUMENT",
                "aiomysql_kwargs' password is for aiomysql.connect and aiomysql.create_pool",
            )
        if getattr(connection, "_secure", False) is not True:
            host = getattr(connection, "_host", "the server")
            refuse(
                host,
                "that offered no TLS (aiomysql would send it in clear text; a man in the middle may have "
                "removed TLS from the server's greeting)",
                "connect to the real server: Azure Database for MySQL always offers TLS",
            )
        return str.encode(self, encoding, errors)


def tls_only(password: str, host: str | None, allow_insecure: bool) -> str:
    """aiomysql's password: the token, given only over TLS unless the host is this machine."""
    if allow_insecure or is_loopback(host or "localhost"):
        return password
    return TlsOnlyPassword(password)


def _verifies(context: Any) -> bool:
    return (
        isinstance(context, _ssl.SSLContext)
        and context.verify_mode == _ssl.CERT_REQUIRED
        and context.check_hostname
    )


def _pymysql_probe(params: dict[str, Any]) -> Any:
    """A PyMySQL connection built from ``params`` without connecting (``defer_connect``): host,
    socket, user and TLS as PyMySQL will use them, option file (``read_default_file``) included."""
    import pymysql

    ssl = params.get("ssl")
    probe_params = {**params, "password": "", "defer_connect": True}
    if isinstance(ssl, dict):
        probe_params["ssl"] = dict(ssl)  # PyMySQL adds the option file's ssl-* keys to the dict
    return pymysql.connections.Connection(**probe_params)


def _pymysql_target(params: dict[str, Any], allow_insecure: bool) -> tuple[str, str | None]:
    """The guard, then the host and user PyMySQL will use (an option file's included)."""
    import pymysql

    probe = _pymysql_probe(params)
    _check_pymysql(probe, allow_insecure)
    # PyMySQL fills in the OS user when neither params nor an option file name one.
    named = probe.user is not None and probe.user is not pymysql.connections.DEFAULT_USER
    return probe.host, params.get("user") or (probe.user if named else None)


def assert_pymysql_tls(params: dict[str, Any], *, allow_insecure: bool = False) -> str:
    """PyMySQL's own reading of ``params`` decides: a connection object is built without
    connecting (``defer_connect``), and its TLS must be required and verify the server. Every form
    PyMySQL accepts (``ssl`` as a context or a dict, ``ssl_ca``, ``ssl_verify_*``, ``ssl_disabled``,
    an option file, which may name the host or socket too) is read the way PyMySQL reads it.
    Returns the host PyMySQL connects to."""
    probe = _pymysql_probe(params)
    _check_pymysql(probe, allow_insecure)
    return probe.host


def _check_pymysql(probe: Any, allow_insecure: bool) -> None:
    host = probe.host
    if allow_insecure or probe.unix_socket or is_loopback(host):
        return
    if not getattr(probe, "_ssl_required", False):
        refuse(
            host,
            "without TLS (PyMySQL goes on in clear text when the server offers none)",
            PYMYSQL_FIX["tls"],
        )
    if not _verifies(getattr(probe, "ctx", None)):
        refuse(host, "over TLS that accepts any certificate or host name", PYMYSQL_FIX["verify"])


def assert_aiomysql_tls(host: str | None, ssl: Any, *, allow_insecure: bool = False) -> None:
    """aiomysql takes TLS only as an SSLContext. aiomysql goes on in clear text when the server
    offers no TLS at all: the password ``aiomysql_kwargs`` gives (``TlsOnlyPassword``) refuses then."""
    if allow_insecure or is_loopback(host or "localhost"):
        return
    if ssl is None or ssl is False:
        refuse(host, "without TLS", AIOMYSQL_FIX["tls"])
    if not _verifies(ssl):
        refuse(host, "over TLS that accepts any certificate or host name", AIOMYSQL_FIX["verify"])


def pymysql_kwargs(
    *,
    credential: Any = None,
    scope: str | None = None,
    username: str | None = None,
    fallback_username: str | None = None,
    allow_app_id: bool = False,
    allow_insecure: bool = False,
    **params: Any,
) -> dict[str, Any]:
    """``params`` with ``password`` (the token) and ``user`` (``username`` when given, else the
    connection's own, else from the token's claims), for ``pymysql.connect(**…)``, once the TLS
    guard has passed."""
    host, own_user = _pymysql_target(params, allow_insecure)
    source = source_for_host(host, credential, scope)
    password, user = login(source, own_user, username, fallback_username, allow_app_id)
    return {**params, **({"user": user} if user else {}), "password": password}


async def aiomysql_kwargs(
    *,
    credential: Any = None,
    scope: str | None = None,
    username: str | None = None,
    fallback_username: str | None = None,
    allow_app_id: bool = False,
    allow_insecure: bool = False,
    **params: Any,
) -> dict[str, Any]:
    """``pymysql_kwargs`` for ``aiomysql.connect(**…)`` and ``aiomysql.create_pool(**…)``."""
    host = params.get("host") or "localhost"
    assert_aiomysql_tls(host, params.get("ssl"), allow_insecure=allow_insecure)
    source = source_for_host(host, credential, scope)
    password, user = await login_async(source, params.get("user"), username, fallback_username, allow_app_id)
    return {
        **params,
        **({"user": user} if user else {}),
        "password": tls_only(password, host, allow_insecure),
    }
