"""Microsoft Entra ID tokens as database passwords for Azure Database for PostgreSQL: a
refresh-ahead, single-flight token cache whose decisions come from the same Rust core as the Node
package's (``entra_db_auth._core``), for psycopg 3, psycopg2, asyncpg and SQLAlchemy, and for Azure
Database for MySQL through PyMySQL and aiomysql, and Azure SQL through mssql-python and pyodbc.

    from entra_db_auth import libpq_kwargs
    conn = psycopg.connect(conninfo, **libpq_kwargs(conninfo))

``entra_db_auth.sqlalchemy.use_entra_id(engine)`` does the same for a SQLAlchemy engine.
"""

from __future__ import annotations

from ._core import decode_claims
from ._libpq import asyncpg_password, libpq_kwargs, libpq_kwargs_async
from ._mysql import aiomysql_kwargs, pymysql_kwargs
from ._source import AccessToken, TokenSource, shared_token_source
from ._sqlserver import SQL_PUBLIC_SCOPE, odbc_attrs, odbc_attrs_async, sql_scope_for_host
from .errors import (
    ConfigurationError,
    EntraDbAuthError,
    InvalidTokenError,
    TokenAcquisitionError,
    UsernameError,
)
from .hosts import PUBLIC_SCOPE, scope_for_host

__all__ = [
    "PUBLIC_SCOPE",
    "SQL_PUBLIC_SCOPE",
    "AccessToken",
    "ConfigurationError",
    "EntraDbAuthError",
    "InvalidTokenError",
    "TokenAcquisitionError",
    "TokenSource",
    "UsernameError",
    "aiomysql_kwargs",
    "asyncpg_password",
    "decode_claims",
    "libpq_kwargs",
    "libpq_kwargs_async",
    "odbc_attrs",
    "odbc_attrs_async",
    "pymysql_kwargs",
    "scope_for_host",
    "shared_token_source",
    "sql_scope_for_host",
]
