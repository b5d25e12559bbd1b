"""Shared fixtures: the repository's datasets and the ``coopnet`` command.

The command the parity tests compare with is the one installed with the
package (``coopnet`` beside the Python running the tests), or the one named
by ``COOPNET_BIN``.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUSSIA = ROOT / "datasets" / "russia"
DEMO = ROOT / "datasets" / "demo"
BROKEN = ROOT / "tests" / "broken"
FRAMES = ["districts", "regions", "sectors", "clusters", "participants", "links"]


def venv_command():
    """The ``coopnet`` script installed beside this Python, if any."""
    bindir = Path(sys.executable).parent
    for name in ("coopnet", "coopnet.exe"):
        if (bindir / name).exists():
            return str(bindir / name)
    return None


@pytest.fixture(scope="session")
def cli():
    """Runs the ``coopnet`` command; returns the completed process."""
    command = os.environ.get("COOPNET_BIN") or venv_command() or shutil.which("coopnet")
    if command is None:
        pytest.fail("no coopnet command: install the package, or set COOPNET_BIN")

    def run(*args, check=True):
        p = subprocess.run([command, *map(str, args)], capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"coopnet {' '.join(map(str, args))}: exit {p.returncode}\n{p.stderr}")
        return p

    return run


def read_frames(folder, **kwargs):
    """The CSV files of a dataset folder as pandas DataFrames, all text."""
    import pandas as pd

    out = {}
    for name in FRAMES:
        path = Path(folder) / f"{name}.csv"
        if path.exists():
            out[name] = pd.read_csv(path, dtype=str, keep_default_na=False, **kwargs)
    return out


@pytest.fixture(scope="session")
def russia_frames():
    return read_frames(RUSSIA)


@pytest.fixture(scope="session")
def national(tmp_path_factory, cli):
    """A synthetic national-scale dataset (20 000 organisations, 200 000 links)."""
    out = tmp_path_factory.mktemp("national") / "nat"
    cli("generate", "--profile", "national", "--regions", 40, "--clusters", 200,
        "--organisations", 20000, "--links", 200000, "--seed", 3, "--out", out, "--quiet")
    return out
