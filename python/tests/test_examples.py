"""The example scripts in scripts/examples, run as a user runs them (see docs/python.md)."""
import os
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

SOURCE = Path(os.environ.get("SWX_SOURCE_DIR", Path(__file__).resolve().parents[2]))
STORM_GIC = SOURCE / "scripts" / "examples" / "storm_gic.py"


def synthetic_record(path):
    """A 6-hour, 1-minute CSV magnetogram with a few nT of variation on X and Y (made up for the test)."""
    t = np.arange(360)
    x = 20000.0 + 300.0 * np.sin(2 * np.pi * t / 90.0) + 80.0 * np.sin(2 * np.pi * t / 17.0)
    y = -3000.0 + 200.0 * np.cos(2 * np.pi * t / 70.0)
    with open(path, "w") as f:
        f.write("Date,X,Y,Z,F\n")
        for k in t:
            f.write(f"2024-05-10 {k // 60:02d}:{k % 60:02d}:00,{x[k]:.2f},{y[k]:.2f},50000,54000\n")
    return path


def run_storm_gic(cwd, *args):
    env = dict(os.environ)
    return subprocess.run(["/usr/bin/python3", str(STORM_GIC), *args], cwd=cwd, capture_output=True, text=True, env=env)


def top_lines(stdout):
    return [line for line in stdout.splitlines() if "peak Ieff" in line]


def test_storm_gic_lists_distinct_substations_and_writes_nothing_in_the_working_directory(tmp_path):
    record = synthetic_record(tmp_path / "record.csv")
    work = tmp_path / "work"
    work.mkdir()
    out = run_storm_gic(work, str(record))
    # matplotlib is optional: without it the script says so and exits 1 after the table.
    assert out.returncode == 0 or "matplotlib is not installed" in out.stderr, out.stderr
    assert list(work.iterdir()) == []  # nothing in the working directory
    top = top_lines(out.stdout)
    assert len(top) == 3, out.stdout
    substations = [re.search(r"substation +(\S+)", line).group(1) for line in top]
    assert len(set(substations)) == 3, top  # parallel units (T8/T9 in Horton's substation 5) listed once
    transformers = [re.search(r"substation +\S+ +(\S+):", line).group(1) for line in top]
    assert len(set(transformers)) == 3
    if out.returncode == 0:
        written = Path(re.search(r"plot written to (.+)", out.stdout).group(1))
        assert written.exists() and work not in written.parents


def test_storm_gic_out_folder(tmp_path):
    pytest.importorskip("matplotlib")
    record = synthetic_record(tmp_path / "record.csv")
    out = run_storm_gic(tmp_path, str(record), "PT1", "--out", str(tmp_path / "plots"))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "plots" / "storm_gic.png").stat().st_size > 10000
