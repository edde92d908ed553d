"""Azure SQL Database through ODBC (mssql-python, pyodbc): the token goes in
``attrs_before={SQL_COPT_SS_ACCESS_TOKEN: …}``, its length then the token in UTF-16-LE, and only
over TLS that the driver verifies. The scope is Azure SQL's (``https://database.windows.net/.default``
in the public cloud), not the PostgreSQL/MySQL one."""

from __future__ import annotations

import re
import struct
from typing import Any

from ._source import TokenSource, shared_token_source
from .errors import check, describe
from .hosts import is_loopback, refuse

__all__ = [
    "SQL_COPT_SS_ACCESS_TOKEN",
    "SQL_PUBLIC_SCOPE",
    "odbc_attrs",
    "odbc_attrs_async",
    "sql_scope_for_host",
]

#: The ODBC connection attribute that carries an access token (msodbcsql.h).
SQL_COPT_SS_ACCESS_TOKEN = 1256
SQL_PUBLIC_SCOPE = "https://database.windows.net/.default"
_SQL_SCOPES = (
    (".database.windows.net", SQL_PUBLIC_SCOPE),
    (".database.chinacloudapi.cn", "https://database.chinacloudapi.cn/.default"),
    (".database.usgovcloudapi.net", "https://database.usgovcloudapi.net/.default"),
)
_OSS_SERVER = re.compile(r"\.(postgres|mysql)\.database\.[^.]+\.[^.]+$")
_FIX = {
    "tls": "add Encrypt=strict (TDS 8) or Encrypt=yes to the connection string",
    "verify": "remove TrustServerCertificate=yes: Azure SQL's certificates chain to public roots",
    "dsn": "name the Server in the connection string, or add Encrypt=strict (or Encrypt=yes;"
    "TrustServerCertificate=no) to it",
}


def sql_scope_for_host(host: str | None) -> str:
    """Azure SQL's scope in the cloud of ``host``; the public cloud's for any other host."""
    name = host.lower().rstrip(".") if isinstance(host, str) else ""
    if not _OSS_SERVER.search(name):
        for suffix, scope in _SQL_SCOPES:
            if name.endswith(suffix):
                return scope
    return SQL_PUBLIC_SCOPE


def parse_connection_string(connection_string: str) -> dict[str, str]:
    """An ODBC connection string's keywords (lower-cased) and values ({braced} values unwrapped)."""
    check(
        isinstance(connection_string, str),
        f"the connection string must be a string, got {describe(connection_string)}",
    )
    pairs: dict[str, str] = {}
    for match in re.finditer(r"\s*([^=;]+?)\s*=\s*(\{(?:[^}]|\}\})*\}|[^;]*)\s*(?:;|$)", connection_string):
        key, value = match.group(1).lower(), match.group(2)
        if value.startswith("{") and value.endswith("}"):
            value = value[1:-1].replace("}}", "}")
        pairs[key] = value
    return pairs


def _server_host(server: str) -> str:
    """``tcp:host,1433`` or ``host\\instance`` → ``host``."""
    host = re.sub(r"^(tcp|np|lpc|admin):", "", server.strip(), flags=re.IGNORECASE)
    host = host.split(",")[0].split("\\")[0].strip()
    return "localhost" if host in (".", "(local)", "(localdb)") else host


_ENCRYPTED = frozenset({"strict", "yes", "mandatory", "true"})


def assert_odbc_tls(keywords: dict[str, str], *, allow_insecure: bool = False) -> str:
    """Checks ``Encrypt`` and ``TrustServerCertificate`` the way ODBC Driver 18 reads them (its
    default is Encrypt=yes; ODBC Driver 17's is no); returns the server's host ("" when the string
    names none).

    Only a ``Server`` named in the string and on loopback is exempt. A string that names no server,
    or names a DSN, leaves the rest to odbc.ini, which this cannot read as the driver would: the
    string itself must then say ``Encrypt=strict``, or ``Encrypt=yes`` with
    ``TrustServerCertificate=no`` (odbc.ini could say yes)."""
    server = keywords.get("server") or keywords.get("address") or keywords.get("addr") or ""
    host = _server_host(server) if server.strip() else ""
    if allow_insecure or (host and is_loopback(host)):
        return host
    encrypt = keywords.get("encrypt", "").lower()
    trust = keywords.get("trustservercertificate", "").lower()
    dsn = keywords.get("dsn") or keywords.get("filedsn")
    if not host or dsn:
        target = host or (
            f"the server of DSN {dsn}" if dsn else "the server odbc.ini names (no Server given)"
        )
        if encrypt == "strict" or (encrypt in _ENCRYPTED and trust in ("no", "false")):
            return host
        why = (
            "when the connection string leaves Encrypt and TrustServerCertificate to odbc.ini"
            if encrypt in ("", *_ENCRYPTED)
            else f"with Encrypt={encrypt}"
        )
        refuse(target, why, _FIX["dsn"])
    driver = keywords.get("driver", "")
    if encrypt == "":
        # By name (odbcinst.ini) or by the library's path; mssql-python names none and bundles 18.
        old_driver = re.search(r"ODBC Driver (\d+)|libmsodbcsql-(\d+)", driver)
        version = int(old_driver.group(1) or old_driver.group(2)) if old_driver else 18
        encrypt = "no" if version < 18 or driver == "SQL Server" else "yes"
    if encrypt not in _ENCRYPTED:
        refuse(host, f"with Encrypt={encrypt}", _FIX["tls"])
    if encrypt != "strict" and trust in ("yes", "true"):
        refuse(host, "with TrustServerCertificate=yes, which accepts any certificate", _FIX["verify"])
    return host


class _TokenStruct(bytes):
    """The token as ODBC takes it; its repr (a driver's error, a traceback's locals, a logged
    ``attrs_before``) shows no token."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "b'[redacted]'"


def _token_struct(token: str) -> bytes:
    data = token.encode("utf-16-le")
    return _TokenStruct(struct.pack(f"<I{len(data)}s", len(data), data))


def _source(connection_string: str, credential: Any, scope: str | None, allow_insecure: bool) -> TokenSource:
    host = assert_odbc_tls(parse_connection_string(connection_string), allow_insecure=allow_insecure)
    return shared_token_source(credential, scope or sql_scope_for_host(host))


def odbc_attrs(
    connection_string: str, *, credential: Any = None, scope: str | None = None, allow_insecure: bool = False
) -> dict[int, bytes]:
    """``attrs_before`` for ``mssql_python.connect`` or ``pyodbc.connect``: the access token, once
    the connection string is known to encrypt and verify the server."""
    source = _source(connection_string, credential, scope, allow_insecure)
    return {SQL_COPT_SS_ACCESS_TOKEN: _token_struct(source.get_password())}


async def odbc_attrs_async(
    connection_string: str, *, credential: Any = None, scope: str | None = None, allow_insecure: bool = False
) -> dict[int, bytes]:
    """``odbc_attrs`` for coroutines (aioodbc)."""
    source = _source(connection_string, credential, scope, allow_insecure)
    return {SQL_COPT_SS_ACCESS_TOKEN: _token_struct(await source.get_password_async())}
