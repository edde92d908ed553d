"""Each driver and pool logs in to the emulator's PostgreSQL door (real PostgreSQL behind it) with
tokens from its managed identity endpoint, through DefaultAzureCredential (sync and aio) as an app
on App Service would, and many connections cost one identity request."""

from __future__ import annotations

import asyncio
import time

import asyncpg
import psycopg
import psycopg2
import psycopg2.pool
import pytest
from psycopg_pool import AsyncConnectionPool, ConnectionPool
from sqlalchemy import create_engine, text
from sqlalchemy.ext.asyncio import create_async_engine

import entra_db_auth
from entra_db_auth import ConfigurationError, libpq_kwargs, libpq_kwargs_async, shared_token_source
from entra_db_auth.sqlalchemy import use_entra_id


@pytest.fixture(scope="module")
def conninfo(emulator) -> str:
    return f"host=localhost port={emulator.port} dbname={emulator.database} sslmode=verify-full"


def requests() -> int:
    return shared_token_source(None, entra_db_auth.PUBLIC_SCOPE).stats()["requests"]


def test_psycopg_connects_as_the_managed_identity(emulator, conninfo):
    for _ in range(5):
        with psycopg.connect(conninfo, **libpq_kwargs(conninfo)) as conn:
            assert conn.execute("SELECT current_user").fetchone() == (emulator.role,)
    assert requests() == 1


def test_psycopg_pool_gets_a_token_per_new_connection(emulator, conninfo):
    with ConnectionPool(
        conninfo, kwargs=lambda: libpq_kwargs(conninfo), min_size=2, max_size=4, open=True
    ) as pool:
        for _ in range(8):
            with pool.connection() as conn:
                assert conn.execute("SELECT current_user").fetchone() == (emulator.role,)
    assert requests() == 1


async def test_psycopg_async_and_its_pool(emulator, conninfo):
    async with await psycopg.AsyncConnection.connect(conninfo, **await libpq_kwargs_async(conninfo)) as conn:
        cursor = await conn.execute("SELECT current_user")
        assert await cursor.fetchone() == (emulator.role,)

    async def kwargs():
        return await libpq_kwargs_async(conninfo)

    async with AsyncConnectionPool(conninfo, kwargs=kwargs, min_size=2, max_size=4, open=False) as pool:
        await pool.open(wait=True)

        async def one():
            async with pool.connection() as conn:
                cursor = await conn.execute("SELECT current_user")
                return (await cursor.fetchone())[0]

        assert set(await asyncio.gather(*(one() for _ in range(8)))) == {emulator.role}


def test_psycopg2_and_its_threaded_pool(emulator, conninfo):
    conn = psycopg2.connect(conninfo, **libpq_kwargs(conninfo))
    with conn, conn.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (emulator.role,)
    conn.close()

    class EntraPool(psycopg2.pool.ThreadedConnectionPool):
        def _connect(self, key=None):
            self._kwargs.update(libpq_kwargs(self._kwargs["dsn"]))
            return super()._connect(key)

    pool = EntraPool(1, 4, dsn=conninfo)
    conns = [pool.getconn() for _ in range(4)]
    for conn in conns:
        with conn.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone() == (emulator.role,)
        pool.putconn(conn)
    pool.closeall()


async def test_asyncpg_takes_the_password_as_a_coroutine_function(emulator):
    password = entra_db_auth.asyncpg_password(host="localhost", ssl="verify-full")
    user = await shared_token_source().get_username_async()
    conn = await asyncpg.connect(
        host="localhost",
        port=emulator.port,
        database=emulator.database,
        user=user,
        password=password,
        ssl="verify-full",
    )
    assert await conn.fetchval("SELECT current_user") == emulator.role
    await conn.close()
    pool = await asyncpg.create_pool(
        host="localhost",
        port=emulator.port,
        database=emulator.database,
        user=user,
        password=password,
        ssl="verify-full",
        min_size=2,
        max_size=4,
    )
    assert set(await asyncio.gather(*(pool.fetchval("SELECT current_user") for _ in range(8)))) == {
        emulator.role
    }
    await pool.close()


def test_sqlalchemy_sync_engines(emulator):
    for driver in ("psycopg", "psycopg2"):
        url = f"postgresql+{driver}://localhost:{emulator.port}/{emulator.database}?sslmode=verify-full"
        engine = use_entra_id(create_engine(url, pool_recycle=1800))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT current_user")).scalar() == emulator.role
        engine.dispose()


async def test_sqlalchemy_async_engines(emulator):
    for url in (
        f"postgresql+psycopg://localhost:{emulator.port}/{emulator.database}?sslmode=verify-full",
        f"postgresql+asyncpg://localhost:{emulator.port}/{emulator.database}?ssl=verify-full",
    ):
        engine = use_entra_id(create_async_engine(url, pool_recycle=1800))
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT current_user"))).scalar() == emulator.role
        await engine.dispose()


async def test_an_aio_default_credential_serves_tasks_with_one_request(emulator, conninfo):
    from azure.identity.aio import DefaultAzureCredential

    async with DefaultAzureCredential() as credential:
        source = entra_db_auth.TokenSource(credential)
        tokens = await asyncio.gather(*(source.get_password_async() for _ in range(50)))
        assert len(set(tokens)) == 1 and source.stats()["requests"] == 1
        kwargs = await libpq_kwargs_async(conninfo, credential=source)
        async with await psycopg.AsyncConnection.connect(conninfo, **kwargs) as conn:
            cursor = await conn.execute("SELECT current_user")
            assert await cursor.fetchone() == (emulator.role,)


def test_a_remote_host_without_verified_tls_gets_no_token(emulator):
    remote = "host=myserver.postgres.database.azure.com dbname=postgres sslmode=require"
    with pytest.raises(ConfigurationError) as error:
        libpq_kwargs(remote)
    assert error.value.code == "INSECURE_CONNECTION"
    engine = use_entra_id(create_engine("postgresql+psycopg://myserver.postgres.database.azure.com/postgres"))
    with pytest.raises(ConfigurationError):
        engine.connect()


def test_sqlalchemy_spreads_pool_recycle_per_connection(emulator):
    url = f"postgresql+psycopg://localhost:{emulator.port}/{emulator.database}?sslmode=verify-full"
    engine = use_entra_id(create_engine(url, pool_recycle=1000, pool_size=5))
    ages = []
    with engine.connect() as a, engine.connect() as b, engine.connect() as c:
        for conn in (a, b, c):
            ages.append(time.time() - conn.connection._connection_record.starttime)
    engine.dispose()
    assert all(0 <= age <= 101 for age in ages), ages
    assert len({round(age) for age in ages}) > 1, "each connection's recycle point is its own"


def test_sqlalchemy_keeps_the_urls_user(emulator):
    url = f"postgresql+psycopg://{emulator.role}@localhost:{emulator.port}/{emulator.database}?sslmode=verify-full"
    engine = use_entra_id(create_engine(url))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT current_user")).scalar() == emulator.role
    engine.dispose()


async def test_sqlalchemy_username_wins_over_the_urls_user(emulator):
    # Node's order: the username option, else the URL's user, else the token's.
    urls = [
        f"postgresql+psycopg://nobody@localhost:{emulator.port}/{emulator.database}?sslmode=verify-full",
        f"postgresql+psycopg2://nobody@localhost:{emulator.port}/{emulator.database}?sslmode=verify-full",
    ]
    for url in urls:
        engine = use_entra_id(create_engine(url), username=emulator.role)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT current_user")).scalar() == emulator.role
        engine.dispose()
    for url in (
        f"postgresql+psycopg://nobody@localhost:{emulator.port}/{emulator.database}?sslmode=verify-full",
        f"postgresql+asyncpg://nobody@localhost:{emulator.port}/{emulator.database}?ssl=verify-full",
    ):
        engine = use_entra_id(create_async_engine(url), username=emulator.role)
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT current_user"))).scalar() == emulator.role
        await engine.dispose()
