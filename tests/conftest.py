"""Shared fixtures. The site is built once per test session (kb build, the same command
`make build` runs) and shared by the build and browser tests."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KB = [sys.executable, "-m", "kb.cli"]


def run_kb(*args, cwd: Path = ROOT, check: bool = False, env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "scripts"), **(env or {}))
    proc = subprocess.run([*KB, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if check and proc.returncode:
        raise AssertionError(f"kb {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site") / "site"
    proc = run_kb("build", "--site-dir", str(site))
    assert proc.returncode == 0, f"kb build failed:\n{proc.stdout}\n{proc.stderr}"
    return site


@pytest.fixture(scope="session")
def exported(tmp_path_factory) -> Path:
    """The offline export (`kb export`), built once per session."""
    out = tmp_path_factory.mktemp("dist")
    proc = run_kb("export", "--no-measure", "--out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [archive] = out.glob("*.zip")
    return archive


@pytest.fixture(scope="session")
def unpacked(exported, tmp_path_factory) -> Path:
    """The export unpacked as a store would: spaces and Chinese characters in the path."""
    from kb import export as export_mod

    dest = tmp_path_factory.mktemp("usb") / "门店 资料" / "服务 知识库"
    dest.mkdir(parents=True)
    return export_mod.unpack(exported, dest)


def copy_repo(dest: Path) -> Path:
    """A copy of the repository's site sources (no .venv, no site/) to break on purpose."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "overrides"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("*.zh-Hant.md"))
        else:
            shutil.copy2(src, dest / name)
    return dest
