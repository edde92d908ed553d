"""SQLAlchemy 2, sync and async engines, PostgreSQL and MySQL dialects: a ``do_connect`` listener (SQLAlchemy's documented hook
for tokens) sets each new connection's password from the shared token source, after the TLS guard.
It also jitters ``pool_recycle`` per connection, so that a fleet's pools do not reconnect in step."""

from __future__ import annotations

import os
import random
from typing import Any

from sqlalchemy import event
from sqlalchemy.util import await_only

from ._mysql import assert_aiomysql_tls, assert_pymysql_tls, tls_only
from ._source import login, login_async, source_for_host
from ._sqlserver import odbc_attrs
from .hosts import assert_asyncpg_tls, assert_libpq_params

__all__ = ["use_entra_id"]


def use_entra_id(
    engine: Any,
    *,
    credential: Any = None,
    scope: str | None = None,
    username: str | None = None,
    fallback_username: str | None = None,
    allow_app_id: bool = False,
    allow_insecure: bool = False,
    recycle_jitter: float = 0.1,
) -> Any:
    """Make ``engine`` (an ``Engine`` or ``AsyncEngine`` on psycopg, psycopg2 or asyncpg, or on
    PyMySQL or aiomysql for Azure Database for MySQL, or on mssql-python or pyodbc for Azure SQL)
    log in
    with Entra ID tokens; returns it. The role name is ``username`` when given, else the URL's
    user, else the token's (the Node package's order). ``recycle_jitter``: each connection's ``pool_recycle`` is shortened by up to this
    fraction, at random."""
    sync_engine = getattr(engine, "sync_engine", engine)

    @event.listens_for(sync_engine, "do_connect")
    def provide_token(dialect: Any, conn_rec: Any, cargs: Any, cparams: dict[str, Any]) -> None:
        if dialect.name == "mssql":
            if dialect.driver == "pyodbc" and cargs:
                # SQLAlchemy asks for Windows authentication when the URL names no user; ODBC
                # Driver 18 refuses it beside a token (FA005).
                cargs[0] = cargs[0].replace(";Trusted_Connection=Yes", "")
            # pyodbc and mssql-python take the token as a connection attribute.
            cparams["attrs_before"] = {
                **cparams.get("attrs_before", {}),
                **odbc_attrs(
                    cargs[0] if cargs else "",
                    credential=credential,
                    scope=scope,
                    allow_insecure=allow_insecure,
                ),
            }
            return
        if dialect.name == "mysql":
            if dialect.driver == "aiomysql":
                host = cparams.get("host") or "localhost"
                assert_aiomysql_tls(host, cparams.get("ssl"), allow_insecure=allow_insecure)
            else:
                host = assert_pymysql_tls(cparams, allow_insecure=allow_insecure)
        else:
            if dialect.driver == "asyncpg":
                host = cparams.get("host") or os.environ.get("PGHOST")
                assert_asyncpg_tls(host, cparams.get("ssl"), allow_insecure=allow_insecure)
            else:
                host = assert_libpq_params(cparams, allow_insecure=allow_insecure)
        source = source_for_host(host, credential, scope)
        user_given = cparams.get("user") or cparams.get("username")
        if dialect.driver == "asyncpg":
            # asyncpg awaits a coroutine function for the password itself.
            cparams["password"] = source.get_password_async
            user = username or None
            if not user and not user_given:
                user = await_only(
                    source.get_username_async(fallback_username=fallback_username, allow_app_id=allow_app_id)
                )
        else:
            login_args = (source, user_given, username, fallback_username, allow_app_id)
            password, user = await_only(login_async(*login_args)) if dialect.is_async else login(*login_args)
            if dialect.driver == "aiomysql":
                password = tls_only(password, host, allow_insecure)
            cparams["password"] = password
        if user:
            cparams["user"] = user
        recycle = getattr(sync_engine.pool, "_recycle", -1)
        if recycle_jitter and recycle and recycle > 0:
            conn_rec.starttime -= random.random() * recycle_jitter * recycle

    return engine
