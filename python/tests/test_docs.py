"""Every Python block in docs/python.md and the README runs, as users read it, against the emulator: the Azure host
name maps to localhost, the run's CA is trusted through SSL_CERT_FILE (libpq's sslrootcert=system,
ssl.create_default_context()), and each block prints the role it logged in as."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT

AZURE_HOST = "myserver.postgres.database.azure.com"
AZURE_MYSQL_HOST = "myserver.mysql.database.azure.com"
AZURE_SQL_HOST = "orders.database.windows.net"
PAGES = ("docs/python.md", "README.md")
BLOCKS = [
    block for page in PAGES for block in re.findall(r"```python\n(.*?)```", (ROOT / page).read_text(), re.S)
]


def test_the_pages_have_their_recipes():
    assert len(BLOCKS) >= 16


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_a_block_runs_against_the_emulator(index, emulator):
    code = BLOCKS[index].replace(AZURE_HOST, "localhost").replace(AZURE_MYSQL_HOST, "localhost")
    code = code.replace("3306", str(emulator.mysql_port))
    code = code.replace(AZURE_SQL_HOST, "localhost").replace("1433", str(emulator.sql_port))
    code = code.replace("Database=orders", f"Database={emulator.database}").replace(
        "/orders?", f"/{emulator.database}?"
    )
    env = {**os.environ, "SSL_CERT_FILE": emulator.ca_file}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, f"block {index}:\n{BLOCKS[index]}\n{done.stderr[-3000:]}"
    assert emulator.role in done.stdout, done.stdout  # MySQL prints role@host
