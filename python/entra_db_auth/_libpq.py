"""psycopg 3 and psycopg2 (both libpq): the password and the role name for one connection, once
the TLS guard has passed. psycopg reads the password at ``connect()``, so these are called per
connection: by the app, by ``psycopg_pool``'s ``kwargs`` callable, or by a pool's connect hook."""

from __future__ import annotations

import os
from typing import Any

from ._source import TokenSource, login, login_async, source_for_host
from .hosts import assert_asyncpg_tls, assert_libpq_params

__all__ = ["asyncpg_password", "libpq_kwargs", "libpq_kwargs_async"]


def _parse(conninfo: str, params: dict[str, Any]) -> dict[str, Any]:
    """The connection's parameters as libpq reads them: psycopg's parser, else psycopg2's."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        return dict(conninfo_to_dict(conninfo, **params))
    except ImportError:
        from psycopg2.extensions import parse_dsn

        return {**parse_dsn(conninfo), **{k: v for k, v in params.items() if v is not None}}


def _target(
    conninfo: str, params: dict[str, Any], credential: Any, scope: str | None, allow_insecure: bool
) -> tuple[TokenSource, dict[str, Any]]:
    parsed = _parse(conninfo, params)
    host = assert_libpq_params(parsed, allow_insecure=allow_insecure)
    return source_for_host(host, credential, scope), parsed


def _kwargs(password: str, user: str | None) -> dict[str, str]:
    return {"password": password} if user is None else {"password": password, "user": user}


def libpq_kwargs(
    conninfo: str = "",
    *,
    credential: Any = None,
    scope: str | None = None,
    username: str | None = None,
    fallback_username: str | None = None,
    allow_app_id: bool = False,
    allow_insecure: bool = False,
    **params: Any,
) -> dict[str, str]:
    """``{"password": token, "user": role}`` for ``psycopg.connect(conninfo, **…)`` or
    ``psycopg2.connect(conninfo, **…)``. ``user``: ``username`` when given (it wins over the
    connection's), else none when ``conninfo`` or ``params`` names one, else from the token's claims. Raises ``INSECURE_CONNECTION`` for a
    remote host without ``sslmode=verify-full``."""
    source, parsed = _target(conninfo, params, credential, scope, allow_insecure)
    return _kwargs(*login(source, parsed.get("user"), username, fallback_username, allow_app_id))


async def libpq_kwargs_async(
    conninfo: str = "",
    *,
    credential: Any = None,
    scope: str | None = None,
    username: str | None = None,
    fallback_username: str | None = None,
    allow_app_id: bool = False,
    allow_insecure: bool = False,
    **params: Any,
) -> dict[str, str]:
    """``libpq_kwargs`` for ``psycopg.AsyncConnection.connect`` and ``AsyncConnectionPool``."""
    source, parsed = _target(conninfo, params, credential, scope, allow_insecure)
    return _kwargs(*await login_async(source, parsed.get("user"), username, fallback_username, allow_app_id))


def asyncpg_password(
    *,
    host: str | None = None,
    ssl: Any = None,
    credential: Any = None,
    scope: str | None = None,
    allow_insecure: bool = False,
) -> Any:
    """asyncpg's ``password``: a coroutine function asyncpg calls for each connection. ``host`` and
    ``ssl`` are those you give asyncpg; a remote host needs ``ssl="verify-full"`` (or ``True``, or
    a verifying SSLContext)."""
    host = host or os.environ.get("PGHOST")
    assert_asyncpg_tls(host, ssl, allow_insecure=allow_insecure)
    return source_for_host(host, credential, scope).get_password_async
