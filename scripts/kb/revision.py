"""Which version of the knowledge base a build is: the git revision and its commit time.
The offline export's file name, its 使用说明.txt and the printed handbook show it."""
from __future__ import annotations

import subprocess
import time
from pathlib import Path


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def version(root: Path) -> tuple[str, int]:
    """(revision label, commit timestamp). A working tree with uncommitted changes to
    tracked files gets `-modified`; outside git, `unversioned` and the current time."""
    rev = _git(root, "rev-parse", "--short=10", "HEAD")
    stamp = _git(root, "log", "-1", "--format=%ct")
    if not rev or not stamp:
        return "unversioned", int(time.time())
    if _git(root, "status", "--porcelain", "--untracked-files=no"):
        rev += "-modified"
    return rev, int(stamp)
