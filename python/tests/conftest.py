"""Fixtures: fake credentials for the token source's own tests, and the project's emulator (Entra ID
+ Azure Database for PostgreSQL over real PostgreSQL), started through its CLI as a user would."""

from __future__ import annotations

import base64
import json
import math
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from azure.core.credentials import AccessToken

ROOT = Path(__file__).resolve().parents[2]


def make_jwt(claims: dict[str, Any]) -> str:
    """An unsigned JWT with these claims (the core reads claims; the server checks signatures)."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none'})}.{part(claims)}.sig"


class FakeCredential:
    """A sync credential: counts calls, answers after ``delay`` s with tokens that live ``lifetime``
    s, or raises while ``failing``."""

    def __init__(self, lifetime: float = 3600, delay: float = 0.0, claims: dict[str, Any] | None = None):
        self.lifetime = lifetime
        self.delay = delay
        self.claims = claims or {"upn": "alice@contoso.example"}
        self.calls = 0
        self.failing = False
        self.hang = threading.Event()
        self.hanging = False
        self.lock = threading.Lock()

    def token(self) -> AccessToken:
        with self.lock:
            self.calls += 1
            n = self.calls
        # expires_on is whole seconds: rounded up, a token lives at least `lifetime`.
        return AccessToken(make_jwt({**self.claims, "n": n}), math.ceil(time.time() + self.lifetime))

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        if self.hanging:
            self.hang.wait(5)
        time.sleep(self.delay)
        if self.failing:
            with self.lock:
                self.calls += 1
            raise RuntimeError("identity endpoint unavailable (HTTP 503)")
        return self.token()


class FakeAsyncCredential(FakeCredential):
    """The same as an azure.identity.aio credential: ``get_token`` is a coroutine function."""

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:  # type: ignore[override]
        import asyncio

        await asyncio.sleep(self.delay)
        if self.failing:
            self.calls += 1
            raise RuntimeError("identity endpoint unavailable (HTTP 503)")
        return self.token()


@pytest.fixture
def credential() -> FakeCredential:
    return FakeCredential()


class Emulator:
    """``node js/cli.mjs emulator --json``: its description, and the process."""

    def __init__(self, process: subprocess.Popen[str], description: dict[str, Any]):
        self.process = process
        self.description = description
        self.port: int = description["pg"]["port"]
        self.database: str = description["pg"]["database"]
        self.ca_file: str = description["caFile"]
        self.role: str = description["managedIdentityRole"]
        self.mysql_port: int = description["mysql"]["port"]
        self.sql_port: int = description["sqlServer"]["port"]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def register_odbc_driver_18(folder: str) -> None:
    """pyodbc finds drivers by name through unixODBC's odbcinst.ini; Microsoft's apt repository (its
    msodbcsql18 package) is out of reach here, so "ODBC Driver 18 for SQL Server" names the same
    driver as mssql-python bundles, in an odbcinst.ini in ``folder`` (ODBCSYSINI)."""
    import platform

    import mssql_python_odbc

    lib = Path(mssql_python_odbc.get_libs_dir()) / "linux" / "debian_ubuntu" / platform.machine() / "lib"
    driver = next(lib.glob("libmsodbcsql-18.*"))
    Path(folder, "odbcinst.ini").write_text(f"[ODBC Driver 18 for SQL Server]\nDriver={driver}\n")
    os.environ["ODBCSYSINI"] = folder


@pytest.fixture(scope="session")
def emulator() -> Any:
    """One emulator for the session, with TLS, the MySQL door (over MariaDB) and the Azure SQL door, and this process's environment pointed at it the way
    its JSON says (so DefaultAzureCredential talks to its managed identity endpoint, never to IMDS),
    with ODBC Driver 18 registered for pyodbc."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the emulator (node js/cli.mjs emulator --json)")
    with tempfile.TemporaryFile(mode="w+") as stderr, tempfile.TemporaryDirectory() as odbc:
        process = subprocess.Popen(
            [node, str(ROOT / "js" / "cli.mjs"), "emulator", "--json", "--tls", "--mysql", "--sql-server"],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=ROOT,
        )
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            process.wait(10)
            stderr.seek(0)
            pytest.fail(
                f"the emulator exited with {process.returncode} before describing itself:\n{stderr.read()[-2000:]}"
            )
        emu = Emulator(process, json.loads(line))
        saved = dict(os.environ)
        for name in emu.description["unset"]:
            os.environ.pop(name, None)
        os.environ.update(emu.description["env"])
        # OpenSSL's default trust (ODBC Driver 18, ssl.create_default_context()) is the run's CA.
        os.environ["SSL_CERT_FILE"] = emu.ca_file
        register_odbc_driver_18(odbc)
        try:
            yield emu
        finally:
            os.environ.clear()
            os.environ.update(saved)
            emu.stop()
