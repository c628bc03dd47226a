"""Every command shown in README.md runs, and where the README shows its output, the output is the same.

`make test` is the command that runs this suite, so it is not run again from here; `make run` is run with its
database redirected to a temporary directory. Commands that read ../shared are skipped where it is absent.
"""
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

pytestmark = pytest.mark.slow


def readme_commands() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for each `$ ` line of the README's console blocks."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        current = None
        for line in block.splitlines():
            if line.startswith("$ "):
                current = (line[2:].strip(), [])
                out.append(current)
            elif current is not None:
                current[1].append(line)
    return out


COMMANDS = readme_commands()


def test_readme_quick_start_has_exactly_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("##", 1)[0]
    assert re.findall(r"^\$ (.*)$", quick, flags=re.M) == ["make run", "make test"]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """One directory for the whole README, since later commands read what earlier ones wrote."""
    return tmp_path_factory.mktemp("readme")


@pytest.mark.parametrize("command,expected", COMMANDS, ids=[c for c, _ in COMMANDS])
def test_readme_command_runs(command, expected, scratch):
    tmp_path = scratch
    if command == "make test":
        pytest.skip("this is the command running the suite")
    if "../shared" in command and not (SHARED / "data" / "dev").exists():
        pytest.skip("../shared/data/dev is not here")
    command = command.replace("/tmp/", f"{tmp_path}/")
    if command == "make run":
        command = f"make run DB={tmp_path}/wirecoder.duckdb"
    env = dict(os.environ, PATH=f"{ROOT / '.venv' / 'bin'}:{os.environ.get('PATH', '')}")
    res = subprocess.run(command, shell=True, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stderr[-2000:]
    if expected:
        assert res.stdout.splitlines() == expected
    if command.startswith("make run"):
        assert "Suicide bomb" in res.stdout and (tmp_path / "wirecoder.duckdb").exists()
