"""The page templates, docs/_data/templates/TYPE.md: what `kb new` starts a page from, and
therefore the placeholder texts that a finished page no longer holds (PAGE-006)."""
from __future__ import annotations

from pathlib import Path

import yaml

from .errors import KbError

# `kb new` writes these into the en page in place of the template's Chinese title and summary
EN_TITLE = "The title in English"
EN_SUMMARY = "One or two sentences in English."
# front-matter fields whose template values are real values every page of the type shares
_NOT_PLACEHOLDERS = {"type"}
_PROSE_KINDS = {"text", "texts", "questions"}


def path(vocab, type_id: str) -> Path:
    return vocab.data_dir / "templates" / f"{type_id}.md"


def read(vocab, type_id: str) -> str:
    try:
        return path(vocab, type_id).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise KbError(f"no template for `{type_id}`", str(path(vocab, type_id))) from None


def split(text: str) -> tuple[str, list[str]]:
    """Front matter (without its `---` lines) and the body lines of a template."""
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        return "", text.split("\n")
    head, body = text[4:].split("\n---\n", 1)
    return head, body.split("\n")


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def placeholders(vocab, type_id: str) -> frozenset[str]:
    """Every text of the type's template that stands for text the writer has to supply: the
    prose fields' values (title, summary, remember, self_check…), the body's lines other
    than headings and code fences, and the English stand-ins `kb new` writes. Compared with
    a page's texts after stripping spaces; empty set when the type has no template."""
    try:
        head, body = split(read(vocab, type_id))
        meta = yaml.safe_load(head) or {}
    except (KbError, yaml.YAMLError):
        return frozenset()
    ptype = vocab.page_types[type_id]
    out = {EN_TITLE, EN_SUMMARY}
    for f in ptype.fields:
        if f.kind in _PROSE_KINDS and f.name not in _NOT_PLACEHOLDERS and isinstance(meta, dict):
            out.update(s.strip() for s in _strings(meta.get(f.name)))
    for line in body:
        s = line.strip()
        if s and not s.startswith(("#", "```", "flow:")):
            out.add(s)
    return frozenset(s for s in out if s)
