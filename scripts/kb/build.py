"""`kb build`: run `mkdocs build` and fail on any WARNING.

MkDocs' --strict stops at the first language with a warning, hiding the others (see
stack-facts); we build without it and count the warnings ourselves. The site is built
into a temporary folder and moved into place only when the build is clean, so a failed
build never leaves a half-written site behind. The printable handbook (kb.handbook) is
assembled from the built pages before the site is moved into place."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def build_site(root: Path, site_dir: Path, env: dict[str, str] | None = None) -> int:
    """Build into site_dir; `env` adds environment variables (kb export sets KB_OFFLINE)."""
    site_dir = site_dir if site_dir.is_absolute() else root / site_dir
    tmp = site_dir.with_name(site_dir.name + ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp)],
                          cwd=root, env=env, capture_output=True, text=True)
    output = proc.stdout + proc.stderr
    warnings = [line for line in output.splitlines() if line.startswith("WARNING")]
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    for line in output.splitlines():
        if line.startswith(("WARNING", "ERROR")) or (line and not line.startswith("INFO") and proc.returncode):
            print(line)
    if proc.returncode or warnings or errors:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"kb build: failed ({len(errors)} error(s), {len(warnings)} warning(s)); {site_dir} left unchanged",
              file=sys.stderr)
        return 1
    from .handbook import assemble_all

    assemble_all(root, tmp)  # handbook.html per language, from the pages just built
    shutil.rmtree(site_dir, ignore_errors=True)
    tmp.rename(site_dir)
    print(f"kb build: site written to {site_dir}")
    return 0
