"""Azure Database for MySQL: PyMySQL, aiomysql and SQLAlchemy's mysql dialects log in to the
emulator's MySQL door (a real MariaDB behind it) with the managed identity's token, sent in clear
text inside TLS; and the guard reads PyMySQL's TLS options the way PyMySQL reads them."""

from __future__ import annotations

import ssl

import aiomysql
import certifi
import pymysql
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.ext.asyncio import create_async_engine

from entra_db_auth import ConfigurationError, aiomysql_kwargs, pymysql_kwargs
from entra_db_auth._mysql import assert_aiomysql_tls, assert_pymysql_tls
from entra_db_auth.sqlalchemy import use_entra_id

AZURE = "myserver.mysql.database.azure.com"


def current_user(row) -> str:
    return row[0].split("@")[0]


def test_pymysql_logs_in_as_the_managed_identity(emulator):
    context = ssl.create_default_context(cafile=emulator.ca_file)
    conn = pymysql.connect(**pymysql_kwargs(host="localhost", port=emulator.mysql_port, ssl=context))
    with conn.cursor() as cursor:
        cursor.execute("SELECT CURRENT_USER()")
        assert current_user(cursor.fetchone()) == emulator.role
    conn.close()
    conn = pymysql.connect(
        **pymysql_kwargs(
            host="localhost", port=emulator.mysql_port, ssl_ca=emulator.ca_file, ssl_verify_identity=True
        )
    )
    conn.close()


async def test_aiomysql_logs_in_as_the_managed_identity(emulator):
    context = ssl.create_default_context(cafile=emulator.ca_file)
    conn = await aiomysql.connect(
        **await aiomysql_kwargs(host="localhost", port=emulator.mysql_port, ssl=context)
    )
    async with conn.cursor() as cursor:
        await cursor.execute("SELECT CURRENT_USER()")
        assert current_user(await cursor.fetchone()) == emulator.role
    conn.close()


def test_sqlalchemy_pymysql(emulator):
    context = ssl.create_default_context(cafile=emulator.ca_file)
    engine = use_entra_id(
        create_engine(f"mysql+pymysql://localhost:{emulator.mysql_port}/", connect_args={"ssl": context})
    )
    with engine.connect() as conn:
        assert current_user(conn.execute(text("SELECT CURRENT_USER()")).one()) == emulator.role
    engine.dispose()


async def test_sqlalchemy_aiomysql(emulator):
    context = ssl.create_default_context(cafile=emulator.ca_file)
    engine = use_entra_id(
        create_async_engine(
            f"mysql+aiomysql://localhost:{emulator.mysql_port}/", connect_args={"ssl": context}
        )
    )
    async with engine.connect() as conn:
        assert current_user((await conn.execute(text("SELECT CURRENT_USER()"))).one()) == emulator.role
    await engine.dispose()


def _unverified() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


PYMYSQL = [  # PyMySQL's TLS options for a remote host, and whether the token may go
    ({}, False),  # PyMySQL tries TLS without verifying, and goes on in clear text if refused
    ({"ssl_disabled": True}, False),
    ({"ssl_ca": certifi.where()}, False),  # verifies nothing without ssl_verify_identity
    ({"ssl_ca": certifi.where(), "ssl_verify_cert": True}, False),  # no host name check
    ({"ssl_ca": certifi.where(), "ssl_verify_identity": True}, True),
    ({"ssl": {"ca": certifi.where()}}, True),
    ({"ssl": {"ca": certifi.where(), "check_hostname": False}}, False),
    ({"ssl": ssl.create_default_context()}, True),
    ({"ssl": _unverified()}, False),
    ({"ssl": ssl.create_default_context(), "ssl_disabled": True}, False),
]


@pytest.mark.parametrize(("options", "sends"), PYMYSQL)
def test_pymysql_tls_options(options, sends):
    params = {"host": AZURE, **options}
    if sends:
        assert_pymysql_tls(params)
    else:
        with pytest.raises(ConfigurationError) as error:
            assert_pymysql_tls(params)
        assert error.value.code == "INSECURE_CONNECTION"
        assert_pymysql_tls(params, allow_insecure=True)
    assert_pymysql_tls({**params, "host": "127.0.0.1"})


@pytest.mark.parametrize(
    ("context", "sends"), [(None, False), (_unverified(), False), (ssl.create_default_context(), True)]
)
def test_aiomysql_tls_options(context, sends):
    if sends:
        assert_aiomysql_tls(AZURE, context)
    else:
        with pytest.raises(ConfigurationError):
            assert_aiomysql_tls(AZURE, context)
    assert_aiomysql_tls("localhost", context)


def test_pymysql_guard_reads_the_option_file_pymysql_reads(tmp_path):
    from conftest import FakeCredential

    from entra_db_auth import TokenSource

    source = TokenSource(FakeCredential())
    remote = tmp_path / "remote.cnf"
    remote.write_text(f"[client]\nhost={AZURE}\n")
    socket = tmp_path / "socket.cnf"
    socket.write_text(f"[client]\nhost={AZURE}\nsocket=/run/mysqld/mysqld.sock\n")
    # No host given: PyMySQL takes the option file's, a remote one, with no TLS asked for.
    with pytest.raises(ConfigurationError) as error:
        pymysql_kwargs(read_default_file=str(remote), user="app", credential=source)
    assert error.value.code == "INSECURE_CONNECTION" and AZURE in str(error.value)
    assert pymysql_kwargs(
        read_default_file=str(remote), user="app", credential=source, ssl=ssl.create_default_context()
    )["password"]
    # A socket (from the file) is this machine, whatever the host says.
    assert pymysql_kwargs(read_default_file=str(socket), user="app", credential=source)["password"]
    engine = use_entra_id(
        create_engine("mysql+pymysql://app@/", connect_args={"read_default_file": str(remote)}),
        credential=source,
    )
    with pytest.raises(ConfigurationError):
        engine.connect()
    engine.dispose()


class DecliningMysql:
    """A MySQL server, as a man in the middle would run one, whose greeting offers no TLS (no
    CLIENT_SSL), which then asks for the password in clear (mysql_clear_password, as Azure does),
    and keeps every byte it receives."""

    def __init__(self, greeting_plugin: str):
        self.greeting_plugin = greeting_plugin
        self.received = b""

    async def start(self) -> int:
        import asyncio

        self.server = await asyncio.start_server(self.serve, "127.0.0.1", 0)
        return self.server.sockets[0].getsockname()[1]

    @staticmethod
    def packet(seq: int, payload: bytes) -> bytes:
        return len(payload).to_bytes(3, "little") + bytes([seq]) + payload

    async def serve(self, reader, writer) -> None:
        import struct

        # LONG_PASSWORD | CONNECT_WITH_DB | PROTOCOL_41 | SECURE_CONNECTION | PLUGIN_AUTH; no SSL.
        caps = 0x1 | 0x8 | 0x200 | 0x8000 | 0x80000
        greeting = (
            b"\x0a8.0.36\x00"
            + struct.pack("<I", 7)
            + b"abcdefgh\x00"
            + struct.pack("<HBHHB", caps & 0xFFFF, 45, 2, caps >> 16, 21)
            + b"\x00" * 10
            + b"ijklmnopqrst\x00"
            + self.greeting_plugin.encode()
            + b"\x00"
        )
        try:
            writer.write(self.packet(0, greeting))
            await writer.drain()
            header = await reader.readexactly(4)
            self.received += header + await reader.readexactly(int.from_bytes(header[:3], "little"))
            writer.write(self.packet(2, b"\xfemysql_clear_password\x00"))
            await writer.drain()
            self.received += await reader.read(4096)
        except Exception:
            pass
        finally:
            writer.close()


@pytest.mark.parametrize("greeting_plugin", ["mysql_clear_password", "mysql_native_password"])
async def test_aiomysql_sends_no_token_to_a_server_that_offers_no_tls(greeting_plugin):
    from conftest import FakeCredential

    from entra_db_auth import TokenSource

    server = DecliningMysql(greeting_plugin)
    port = await server.start()
    source = TokenSource(FakeCredential())
    token = source.get_password()
    params = await aiomysql_kwargs(
        host=AZURE, user="app", ssl=ssl.create_default_context(), credential=source
    )
    # The Azure host's traffic reaches the man in the middle.
    with pytest.raises(Exception) as error:  # the token check comes first
        await aiomysql.connect(**{**params, "host": "127.0.0.1", "port": port, "connect_timeout": 5})
    assert token.split(".")[1].encode() not in server.received, "the token reached a server without TLS"
    assert isinstance(error.value, ConfigurationError) and error.value.code == "INSECURE_CONNECTION"
    server.server.close()


async def test_aiomysql_sends_the_token_over_tls_to_a_remote_server(emulator):
    # The Azure host name's traffic reaches the emulator, which offers TLS with a certificate the
    # run's CA signed for localhost.
    context = ssl.create_default_context(cafile=emulator.ca_file)
    params = await aiomysql_kwargs(host=AZURE, port=emulator.mysql_port, ssl=context)
    conn = await aiomysql.connect(**{**params, "host": "localhost"})
    async with conn.cursor() as cursor:
        await cursor.execute("SELECT CURRENT_USER()")
        assert current_user(await cursor.fetchone()) == emulator.role
    conn.close()
