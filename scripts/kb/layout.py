"""Where pages are and which language a file is: the one rule for walking docs/, used by
kb.hant (which zh pages get a zh-Hant twin) and kb.pages (which files are pages); and how
kb writes the pages it generates into docs/ (zh-Hant twins, tag pages)."""
from __future__ import annotations

import os
from pathlib import Path

LANG_SUFFIXES = {".en": "en", ".zh-Hant": "zh-Hant"}


def split_lang(rel: str) -> tuple[str, str]:
    """`cases/x.en.md` -> (`cases/x.md`, `en`); `cases/x.md` -> (`cases/x.md`, `zh`)."""
    stem, dot, ext = rel.rpartition(".")
    if dot:
        for suffix, lang in LANG_SUFFIXES.items():
            if stem.endswith(suffix) and "/" not in stem[-len(suffix):]:
                return f"{stem[: -len(suffix)]}.{ext}", lang
    return rel, "zh"


def write_atomic(dest: Path, text: str) -> None:
    """Write a generated page through a temporary file beside it, so a stopped build or check
    never leaves half a page for the next one to read."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(dest)


def published(rel: str) -> bool:
    """Whether a docs-relative path is part of the site (`_` and `.` folders never are)."""
    return not any(part.startswith(("_", ".")) for part in Path(rel).parts)


def iter_markdown(docs_dir: Path):
    """Every Markdown page of the site, sorted: skips `_` and `.` folders and files
    (docs/_data holds data and templates, never pages). Symlinked folders are never
    followed, and a symlinked page only when it stays inside docs/ (see bad_symlinks)."""
    docs_dir = Path(docs_dir)
    found = []
    for folder, dirs, files in os.walk(docs_dir, followlinks=False):
        rel_folder = Path(folder).relative_to(docs_dir)
        dirs[:] = [d for d in dirs if not d.startswith(("_", "."))]
        for name in files:
            path = Path(folder) / name
            if name.endswith(".md") and published((rel_folder / name).as_posix()) \
                    and (not path.is_symlink() or _symlink_problem(path, docs_dir) is None):
                found.append(path)
    return iter(sorted(found))


def _symlink_problem(path: Path, docs_dir: Path) -> str | None:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a loop or a missing target
        return "loops or points at nothing"
    try:
        target.relative_to(docs_dir.resolve())
    except ValueError:
        return f"points outside docs/ (at {target})"
    if target.is_dir():
        return "links a folder (MkDocs would follow it; copy the pages instead)"
    return None


def bad_symlinks(docs_dir: Path) -> list[tuple[str, str]]:
    """(docs-relative path, what is wrong) for each symlink under docs/ that loops, points at
    nothing, leaves docs/ or links a folder. Such links are reported, never followed."""
    docs_dir = Path(docs_dir)
    out = []
    for folder, dirs, files in os.walk(docs_dir, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink():
                problem = _symlink_problem(path, docs_dir)
                if problem:
                    out.append((path.relative_to(docs_dir).as_posix(), problem))
    return sorted(out)
