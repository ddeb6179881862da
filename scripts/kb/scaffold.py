"""`kb new TYPE ID`: start a page pair from the templates in docs/_data/templates/.

The zh file is the template with the id filled in; the en file gets the same front
matter and the same section ids with English headings (from page-types.yml). Existing
files are never overwritten."""
from __future__ import annotations

import re
from pathlib import Path

from .errors import KbError
from .check.frontmatter import ID


def new_page(root: Path, vocab, type_id: str, page_id: str) -> list[Path]:
    ptype = vocab.page_types.get(type_id)
    if ptype is None:
        raise KbError(f"unknown page type `{type_id}`; use one of: {', '.join(vocab.page_types)}")
    if not ID.match(page_id):
        raise KbError(f"`{page_id}` is not a valid id: use lowercase ASCII words joined by hyphens")
    template = vocab.data_dir / "templates" / f"{type_id}.md"
    try:
        text = template.read_text(encoding="utf-8")
    except OSError:
        raise KbError(f"no template for `{type_id}`", str(template)) from None
    folder = root / "docs" / ptype.folder
    zh, en = folder / f"{page_id}.md", folder / f"{page_id}.en.md"
    for path in (zh, en):
        if path.exists():
            raise KbError("already exists; choose another id or edit that page", str(path.relative_to(root)))
    zh_text = re.sub(r"^id: \S+.*$", f"id: {page_id}", text, count=1, flags=re.M)
    en_text = zh_text
    for sid, label in ptype.sections.items():
        en_text = re.sub(rf"^## .*\{{#{re.escape(sid)}\}}\s*$", f"## {label.en} {{#{sid}}}", en_text, flags=re.M)
    en_text = re.sub(r"^title: .*$", "title: The title in English", en_text, count=1, flags=re.M)
    en_text = re.sub(r"^summary: .*$", "summary: One or two sentences in English.", en_text, count=1, flags=re.M)
    folder.mkdir(parents=True, exist_ok=True)
    zh.write_text(zh_text, encoding="utf-8")
    en.write_text(en_text, encoding="utf-8")
    return [zh, en]
