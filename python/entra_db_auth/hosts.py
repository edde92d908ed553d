"""What a database host tells us: which cloud's scope to ask for, and whether a clear-text password
may go there. The same rules as Node's ``js/hosts.cjs``: a token goes to this machine, or over TLS
that verifies the server's certificate, unless ``allow_insecure=True``."""

from __future__ import annotations

import os
import re
import ssl as _ssl
from typing import Any

from .errors import describe, entra_error

PUBLIC_SCOPE = "https://ossrdbms-aad.database.windows.net/.default"
_SOVEREIGN_CLOUDS = (
    (".database.chinacloudapi.cn", "https://ossrdbms-aad.database.chinacloudapi.cn/.default"),
    (".database.usgovcloudapi.net", "https://ossrdbms-aad.database.usgovcloudapi.net/.default"),
)

_LOOPBACK = re.compile(r"^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$", re.IGNORECASE)

#: libpq sslmodes that may send the token in clear text: ``prefer`` (libpq's default) and ``allow``
#: fall back to a plain connection when the server declines TLS.
_MAY_BE_PLAIN = frozenset({"disable", "allow", "prefer"})
#: Encrypted, but with any certificate (``require``) or without checking the host name (``verify-ca``).
_UNVERIFIED = frozenset({"require", "verify-ca"})

_OPT_IN = "or pass `allow_insecure=True` to send it anyway"
LIBPQ_FIX = {
    "tls": "connect with sslmode=verify-full (in the connection string, the `sslmode` keyword or PGSSLMODE)",
    "verify": "use sslmode=verify-full, which checks the certificate and the host name; Azure's "
    "certificates chain to public roots (sslrootcert=system)",
}
ASYNCPG_FIX = {
    "tls": 'pass `ssl="verify-full"` (or an ssl.SSLContext that verifies) to asyncpg',
    "verify": 'pass `ssl="verify-full"`, or an SSLContext with CERT_REQUIRED and check_hostname',
}


def scope_for_host(host: str | None) -> str:
    """The Entra ID scope for a PostgreSQL (or MySQL) host: its sovereign cloud's, else the public one."""
    name = host.lower().rstrip(".") if isinstance(host, str) else ""
    for suffix, scope in _SOVEREIGN_CLOUDS:
        if name.endswith(suffix):
            return scope
    return PUBLIC_SCOPE


def _hosts(host: Any) -> list[str]:
    if host is None or host == "":
        return []
    if not isinstance(host, str):
        raise entra_error(
            "INVALID_ARGUMENT", f"the connection's `host` must be a string, got {describe(host)}"
        )
    # libpq takes a comma-separated list of hosts to try in turn.
    return [h.strip() for h in host.split(",") if h.strip()]


def is_loopback(host: str | None) -> bool:
    """Whether every host is this machine: unset (``None``: libpq's default, a local socket), a
    loopback name or address, or a Unix socket directory. An empty name or list is not: whatever
    fills it in (a service file, odbc.ini) is not read here."""
    if host is None:
        return True
    hosts = _hosts(host)
    return bool(hosts) and all(_LOOPBACK.match(h) or h.startswith(("/", "@")) for h in hosts)


def refuse(host: Any, why: str, fix: str) -> None:
    """Raises INSECURE_CONNECTION: why the token does not go to ``host``, and how to fix it."""
    raise entra_error(
        "INSECURE_CONNECTION", f"refusing to send an Entra ID token to {host} {why}: {fix}, {_OPT_IN}"
    )


def assert_libpq_tls(
    host: str | None,
    sslmode: str | None,
    *,
    allow_insecure: bool = False,
    hostaddr: str | None = None,
) -> None:
    """For psycopg and psycopg2 (libpq): ``sslmode`` is the connection's (or PGSSLMODE's). libpq
    connects to ``hostaddr`` when it is given (and checks the certificate against ``host``): the
    connection is local only if both are."""
    if allow_insecure or (is_loopback(host) and is_loopback(hostaddr)):
        return
    target = host if is_loopback(hostaddr) else f"{host or ''} ({hostaddr})".strip()
    mode = sslmode or os.environ.get("PGSSLMODE") or "prefer"
    if mode in _MAY_BE_PLAIN:
        why = (
            "without TLS" if mode == "disable" else f"with sslmode {mode}, which may fall back to clear text"
        )
        refuse(target, why, LIBPQ_FIX["tls"])
    if mode in _UNVERIFIED:
        refuse(target, f"with sslmode {mode}, which does not verify the server", LIBPQ_FIX["verify"])


def assert_libpq_params(params: dict[str, Any], *, allow_insecure: bool = False) -> str | None:
    """The libpq guard on a connection's parameters as libpq reads them (conninfo and keywords
    parsed together), with libpq's environment variables for what they leave out; returns the host.
    A ``service`` (or PGSERVICE) takes host, hostaddr and sslmode from pg_service.conf, which
    outranks the environment and is not read here: the parameters must say sslmode=verify-full."""
    host = params.get("host") or os.environ.get("PGHOST") or None
    if allow_insecure:
        return host
    service = params.get("service") or os.environ.get("PGSERVICE")
    if service:
        if params.get("sslmode") != "verify-full":
            refuse(
                f"the server of service {service}",
                "unless the connection itself says sslmode=verify-full (pg_service.conf supplies host and sslmode)",
                LIBPQ_FIX["tls"].replace(
                    "(in the connection string, the `sslmode` keyword or PGSSLMODE)",
                    "in the connection string or the `sslmode` keyword",
                ),
            )
        return host
    hostaddr = params.get("hostaddr") or os.environ.get("PGHOSTADDR") or None
    assert_libpq_tls(host, params.get("sslmode"), hostaddr=hostaddr)
    return host


def assert_asyncpg_tls(host: str | None, ssl: Any, *, allow_insecure: bool = False) -> None:
    """For asyncpg: ``ssl`` is asyncpg's option (True, an SSLContext, or an sslmode string)."""
    if allow_insecure or is_loopback(host):
        return
    if ssl is None or ssl is False:
        ssl = os.environ.get("PGSSLMODE") or "prefer"
    if ssl is True:
        return  # asyncpg builds ssl.create_default_context(): it verifies the chain and the name
    if isinstance(ssl, _ssl.SSLContext):
        if ssl.verify_mode != _ssl.CERT_REQUIRED or not ssl.check_hostname:
            refuse(host, "over TLS that accepts any certificate", ASYNCPG_FIX["verify"])
        return
    mode = str(ssl)
    if mode in _MAY_BE_PLAIN:
        why = "without TLS" if mode == "disable" else f"with ssl={mode!r}, which may fall back to clear text"
        refuse(host, why, ASYNCPG_FIX["tls"])
    if mode in _UNVERIFIED:
        refuse(host, f"with ssl={mode!r}, which does not verify the server", ASYNCPG_FIX["verify"])
