"""Azure SQL: mssql-python (ODBC Driver 18 inside) logs in to the emulator's TDS door with the
token in attrs_before, or with a TokenSource as its token_provider, and through SQLAlchemy's
mssql+mssqlpython; pyodbc over ODBC Driver 18 (TDS 8 and TDS 7.4 with TLS inside PRELOGIN) and
through mssql+pyodbc; the guard reads Encrypt and TrustServerCertificate as ODBC does, and a source
hands Azure SQL's token to no other resource."""

from __future__ import annotations

import mssql_python
import pyodbc
import pytest
from conftest import FakeCredential
from sqlalchemy import create_engine, text

from entra_db_auth import SQL_PUBLIC_SCOPE, ConfigurationError, TokenSource, odbc_attrs, sql_scope_for_host
from entra_db_auth._sqlserver import SQL_COPT_SS_ACCESS_TOKEN, assert_odbc_tls, parse_connection_string
from entra_db_auth.sqlalchemy import use_entra_id

AZURE = "tcp:orders.database.windows.net,1433"


@pytest.fixture(scope="module")
def connection_string(emulator) -> str:
    return f"Server=tcp:localhost,{emulator.sql_port};Database={emulator.database};Encrypt=strict"


def login(connection: mssql_python.Connection) -> str:
    cursor = connection.cursor()
    cursor.execute("SELECT SUSER_SNAME()")
    return cursor.fetchone()[0]


def test_mssql_python_with_the_token_in_attrs_before(emulator, connection_string):
    attrs = odbc_attrs(connection_string)
    conn = mssql_python.connect(connection_string, attrs_before=attrs)
    assert login(conn) == emulator.role
    conn.close()
    # What a driver's error or a traceback's locals would show of it.
    assert repr(attrs) == str(attrs) == f"{{{SQL_COPT_SS_ACCESS_TOKEN}: b'[redacted]'}}"


def test_mssql_python_with_a_source_as_its_token_provider(emulator, connection_string):
    source = TokenSource(scope=SQL_PUBLIC_SCOPE)
    for _ in range(3):
        conn = mssql_python.connect(connection_string, token_provider=source)
        assert login(conn) == emulator.role
        conn.close()
    assert source.stats()["requests"] == 1


def test_sqlalchemy_mssql_python(emulator):
    url = f"mssql+mssqlpython://localhost:{emulator.sql_port}/{emulator.database}?Encrypt=strict"
    engine = use_entra_id(create_engine(url))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT SUSER_SNAME()")).scalar() == emulator.role
    engine.dispose()


@pytest.mark.parametrize("encrypt", ["strict", "yes"])
def test_pyodbc_with_the_token_in_attrs_before(emulator, encrypt):
    connection_string = (
        f"Driver={{ODBC Driver 18 for SQL Server}};Server=tcp:localhost,{emulator.sql_port};"
        f"Database={emulator.database};Encrypt={encrypt}"
    )
    conn = pyodbc.connect(connection_string, attrs_before=odbc_attrs(connection_string))
    assert conn.cursor().execute("SELECT SUSER_SNAME()").fetchone()[0] == emulator.role
    conn.close()


def test_sqlalchemy_pyodbc(emulator):
    url = (
        f"mssql+pyodbc://localhost:{emulator.sql_port}/{emulator.database}"
        "?driver=ODBC+Driver+18+for+SQL+Server&Encrypt=strict"
    )
    engine = use_entra_id(create_engine(url))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT SUSER_SNAME()")).scalar() == emulator.role
    engine.dispose()


ODBC = [  # the connection string's TLS settings for an Azure SQL host, and whether the token may go
    ("Encrypt=strict", True),
    ("Encrypt=yes", True),
    ("Encrypt=Mandatory", True),
    ("", True),  # mssql-python: ODBC Driver 18, whose default is Encrypt=yes
    ("Driver={ODBC Driver 18 for SQL Server}", True),
    ("Driver={ODBC Driver 17 for SQL Server}", False),  # its default is Encrypt=no
    ("Driver={/opt/microsoft/msodbcsql18/lib64/libmsodbcsql-18.6.so.2.1}", True),  # by path
    ("Driver={/opt/microsoft/msodbcsql17/lib64/libmsodbcsql-17.10.so.6.1}", False),
    ("Encrypt=no", False),
    ("Encrypt=Optional", False),
    ("Encrypt=yes;TrustServerCertificate=yes", False),
    ("Encrypt=strict;TrustServerCertificate=yes", True),  # TDS 8 always verifies
]


@pytest.mark.parametrize(("settings", "sends"), ODBC)
def test_odbc_tls_settings(settings, sends):
    keywords = parse_connection_string(f"Server={AZURE};Database=orders;{settings}")
    if sends:
        assert assert_odbc_tls(keywords) == "orders.database.windows.net"
    else:
        with pytest.raises(ConfigurationError) as error:
            assert_odbc_tls(keywords)
        assert error.value.code == "INSECURE_CONNECTION"
    assert_odbc_tls(parse_connection_string(f"Server=tcp:127.0.0.1,1433;{settings}"))


NO_SERVER = [  # strings that leave the server (and maybe Encrypt) to odbc.ini, and whether the token may go
    ("DSN=prod;Trusted_Connection=Yes", False),  # SQLAlchemy's mssql+pyodbc://@prod
    ("DSN=prod", False),
    ("DSN=prod;Encrypt=yes", False),  # odbc.ini may say TrustServerCertificate=yes
    ("DSN=prod;Encrypt=yes;TrustServerCertificate=yes", False),
    ("DSN=prod;Encrypt=no", False),
    ("DSN=prod;Encrypt=yes;TrustServerCertificate=no", True),
    ("DSN=prod;Encrypt=strict", True),
    ("Driver={ODBC Driver 18 for SQL Server};Encrypt=no", False),
    ("Driver={ODBC Driver 18 for SQL Server}", False),
    ("Server=;Encrypt=optional", False),
    (f"Server={AZURE};DSN=prod", False),  # Encrypt from odbc.ini
    (f"Server={AZURE};DSN=prod;Encrypt=strict", True),
    ("Server=tcp:127.0.0.1,1433;DSN=prod", True),  # a named loopback server is this machine
]


@pytest.mark.parametrize(("settings", "sends"), NO_SERVER)
def test_a_string_that_leaves_the_server_to_odbc_ini_must_say_encrypt_itself(settings, sends):
    keywords = parse_connection_string(settings)
    if sends:
        assert_odbc_tls(keywords)
    else:
        with pytest.raises(ConfigurationError) as error:
            assert_odbc_tls(keywords)
        assert error.value.code == "INSECURE_CONNECTION"
        with pytest.raises(ConfigurationError):
            odbc_attrs(settings, credential=TokenSource(FakeCredential(), scope=SQL_PUBLIC_SCOPE))
        assert_odbc_tls(keywords, allow_insecure=True)


def test_sqlalchemy_pyodbc_with_a_dsn_gets_no_token():
    engine = use_entra_id(create_engine("mssql+pyodbc://@prod"), credential=TokenSource(FakeCredential()))
    with pytest.raises(ConfigurationError) as error:
        engine.connect()
    assert error.value.code == "INSECURE_CONNECTION"
    engine.dispose()


def test_an_unknown_encrypt_value_is_refused():
    with pytest.raises(ConfigurationError):
        assert_odbc_tls(parse_connection_string(f"Server={AZURE};Encrypt=maybe"))


def test_each_cloud_gets_azure_sqls_scope():
    assert sql_scope_for_host("orders.database.windows.net") == SQL_PUBLIC_SCOPE
    assert (
        sql_scope_for_host("orders.database.chinacloudapi.cn") == "https://database.chinacloudapi.cn/.default"
    )
    assert sql_scope_for_host("x.postgres.database.usgovcloudapi.net") == SQL_PUBLIC_SCOPE


def test_a_sql_source_gives_no_token_for_another_resource():
    source = TokenSource(scope=SQL_PUBLIC_SCOPE)
    with pytest.raises(ConfigurationError) as error:
        source.get_token("https://management.azure.com/.default")
    assert error.value.code == "SCOPE_NOT_ALLOWED"
