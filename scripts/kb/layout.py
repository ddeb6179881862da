"""Where pages are and which language a file is: the one rule for walking docs/, used by
kb.hant (which zh pages get a zh-Hant twin) and kb.pages (which files are pages)."""
from __future__ import annotations

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


def iter_markdown(docs_dir: Path):
    """Every Markdown page of the site, sorted: skips `_` and `.` folders and files
    (docs/_data holds data and templates, never pages)."""
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir)
        if any(part.startswith(("_", ".")) for part in rel.parts):
            continue
        yield path
