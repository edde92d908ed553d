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
