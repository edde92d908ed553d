"""The package under test is the installed wheel: the pure-Python API over one abi3 compiled module."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import entra_db_auth
from entra_db_auth import _core


@pytest.mark.skipif("ENTRA_DB_AUTH_TEST_WHEEL" not in os.environ, reason="run by scripts/python-test.sh")
def test_the_tests_import_the_installed_wheel():
    assert "site-packages" in entra_db_auth.__file__
    assert Path(_core.__file__).name == "_core.abi3.so"


@pytest.mark.skipif("ENTRA_DB_AUTH_TEST_WHEEL" not in os.environ, reason="run by scripts/python-test.sh")
def test_the_wheel_under_test_is_the_release_wheel_for_any_cpython_from_3_9_and_glibc_2_17():
    name = Path(os.environ["ENTRA_DB_AUTH_TEST_WHEEL"]).name
    assert re.search(r"-cp39-abi3-manylinux2014_\w+\.manylinux_2_17_\w+\.whl$", name), name


def test_the_package_ships_its_types():
    package = Path(entra_db_auth.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "_core.pyi").exists()


def test_the_compiled_module_is_the_core_with_the_wasm_boundarys_actions():
    assert (_core.USE, _core.USE_AND_REFRESH, _core.FETCH, _core.WAIT, _core.FAIL) == (0, 1, 2, 3, 4)
    core = _core.Core()
    assert core.decide(0.0) == _core.FETCH
    assert core.decide(0.0) == _core.WAIT, "a second caller waits for the refresh in flight"
    assert "token" not in repr(core)


def test_the_error_codes_and_classes_are_nodes():
    """The README's Errors table (checked against js/ by the Node tests) is this package's too."""
    import re

    from conftest import ROOT

    from entra_db_auth.errors import CLASS_FOR_CODE

    readme = (ROOT / "README.md").read_text()
    node = dict(re.findall(r"^\| `([A-Z_]+)` \| `(\w+)` \|", readme, re.M))
    assert node, "the README has its Errors table"
    assert {code: cls.__name__ for code, cls in CLASS_FOR_CODE.items()} == node
