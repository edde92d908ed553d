"""The TLS guard as a table: every way psycopg/psycopg2 (libpq sslmode) and asyncpg (ssl) express
TLS, against a remote Azure host and loopback. A token goes to this machine, or over TLS that
verifies the server; anything else is INSECURE_CONNECTION unless allow_insecure=True. The same rule
as Node's js/hosts.cjs."""

from __future__ import annotations

import ssl

import pytest

from entra_db_auth import ConfigurationError, scope_for_host
from entra_db_auth.hosts import assert_asyncpg_tls, assert_libpq_tls

AZURE = "myserver.postgres.database.azure.com"
LOOPBACKS = [None, "localhost", "127.0.0.1", "::1", "/var/run/postgresql", "localhost,127.0.0.1"]

LIBPQ = [  # (sslmode, sends the token to a remote host)
    (None, False),  # libpq's default is prefer
    ("disable", False),
    ("allow", False),
    ("prefer", False),
    ("require", False),
    ("verify-ca", False),
    ("verify-full", True),
]


@pytest.mark.parametrize(("sslmode", "sends"), LIBPQ)
def test_libpq_sslmodes(sslmode, sends, monkeypatch):
    monkeypatch.delenv("PGSSLMODE", raising=False)
    if sends:
        assert_libpq_tls(AZURE, sslmode)
    else:
        with pytest.raises(ConfigurationError) as error:
            assert_libpq_tls(AZURE, sslmode)
        assert error.value.code == "INSECURE_CONNECTION"
        assert_libpq_tls(AZURE, sslmode, allow_insecure=True)
    for host in LOOPBACKS:
        assert_libpq_tls(host, sslmode)


def test_libpq_reads_pgsslmode(monkeypatch):
    monkeypatch.setenv("PGSSLMODE", "verify-full")
    assert_libpq_tls(AZURE, None)
    monkeypatch.setenv("PGSSLMODE", "require")
    with pytest.raises(ConfigurationError):
        assert_libpq_tls(AZURE, None)


def test_a_host_list_is_safe_only_if_every_host_is():
    with pytest.raises(ConfigurationError):
        assert_libpq_tls(f"localhost,{AZURE}", "prefer")


def test_an_empty_host_is_not_loopback():
    from entra_db_auth.hosts import is_loopback

    assert is_loopback(None)
    assert not is_loopback("")
    assert not is_loopback(" , ")
    with pytest.raises(ConfigurationError):
        assert_libpq_tls("", "prefer")


def _unverified() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


ASYNCPG = [
    (None, False),
    (False, False),
    ("disable", False),
    ("prefer", False),
    ("require", False),
    ("verify-ca", False),
    ("verify-full", True),
    (True, True),
    (ssl.create_default_context(), True),
    (_unverified(), False),
]


@pytest.mark.parametrize(("ssl_option", "sends"), ASYNCPG)
def test_asyncpg_ssl_values(ssl_option, sends, monkeypatch):
    monkeypatch.delenv("PGSSLMODE", raising=False)
    if sends:
        assert_asyncpg_tls(AZURE, ssl_option)
    else:
        with pytest.raises(ConfigurationError) as error:
            assert_asyncpg_tls(AZURE, ssl_option)
        assert error.value.code == "INSECURE_CONNECTION"
    assert_asyncpg_tls("127.0.0.1", ssl_option)


def test_each_cloud_gets_its_scope():
    assert scope_for_host(AZURE) == "https://ossrdbms-aad.database.windows.net/.default"
    assert (
        scope_for_host("x.postgres.database.chinacloudapi.cn")
        == "https://ossrdbms-aad.database.chinacloudapi.cn/.default"
    )
    assert (
        scope_for_host("x.postgres.database.usgovcloudapi.net.")
        == "https://ossrdbms-aad.database.usgovcloudapi.net/.default"
    )


LIBPQ_TARGETS = [  # (conninfo, environment, sends): where libpq really connects, not just `host`
    ("host=localhost hostaddr=203.0.113.5", {}, False),  # libpq connects to hostaddr
    ("host=localhost", {"PGHOSTADDR": "203.0.113.5"}, False),
    ("hostaddr=203.0.113.5", {"PGHOST": "localhost"}, False),
    ("host=localhost hostaddr=127.0.0.1", {}, True),
    ("hostaddr=::1", {}, True),
    ("host=localhost hostaddr=203.0.113.5 sslmode=verify-full", {}, True),
    ("service=prod", {}, False),  # pg_service.conf names host and sslmode
    ("", {"PGSERVICE": "prod"}, False),
    ("host=localhost service=prod", {}, False),  # the service may still set hostaddr
    ("service=prod sslmode=require", {}, False),
    ("service=prod", {"PGSSLMODE": "verify-full"}, False),  # the service file outranks PGSSLMODE
    ("service=prod sslmode=verify-full", {}, True),
    ("sslmode=verify-full", {"PGSERVICE": "prod"}, True),
]


@pytest.mark.parametrize(("conninfo", "env", "sends"), LIBPQ_TARGETS)
def test_libpq_guard_reads_hostaddr_and_service(conninfo, env, sends, monkeypatch):
    from conftest import FakeCredential

    from entra_db_auth import TokenSource, libpq_kwargs

    for name in ("PGHOST", "PGHOSTADDR", "PGSERVICE", "PGSSLMODE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    source = TokenSource(FakeCredential())
    if sends:
        assert libpq_kwargs(conninfo, credential=source, user="app")["password"]
    else:
        with pytest.raises(ConfigurationError) as error:
            libpq_kwargs(conninfo, credential=source, user="app")
        assert error.value.code == "INSECURE_CONNECTION"
        assert libpq_kwargs(conninfo, credential=source, user="app", allow_insecure=True)["password"]


def test_sqlalchemy_libpq_reads_hostaddr_and_service(monkeypatch):
    from conftest import FakeCredential
    from sqlalchemy import create_engine

    from entra_db_auth import TokenSource
    from entra_db_auth.sqlalchemy import use_entra_id

    for name in ("PGHOST", "PGHOSTADDR", "PGSERVICE", "PGSSLMODE"):
        monkeypatch.delenv(name, raising=False)
    for url in (
        "postgresql+psycopg://app@localhost/db?hostaddr=203.0.113.5",
        "postgresql+psycopg://app@/db?service=prod",
        "postgresql+psycopg2://app@/db?service=prod",
    ):
        engine = use_entra_id(create_engine(url), credential=TokenSource(FakeCredential()))
        with pytest.raises(ConfigurationError) as error:
            engine.connect()
        assert error.value.code == "INSECURE_CONNECTION", url
        engine.dispose()
