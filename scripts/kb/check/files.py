"""File rules: symlinks under docs/ that loop, point at nothing, leave docs/ or link a
folder (PAGE-005). They are reported here and never followed: MkDocs would follow a
symlinked folder into a loop and crash, or publish files from outside the repository."""
from __future__ import annotations

from ..findings import Finding
from ..layout import bad_symlinks


def check(ctx):
    docs_rel = ctx.docs_dir.relative_to(ctx.root).as_posix()
    return [Finding("PAGE-005", f"{docs_rel}/{rel}", 1, 1, {"detail": detail})
            for rel, detail in bad_symlinks(ctx.docs_dir)]
