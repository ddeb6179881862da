"""`kb new TYPE ID` (`make new TYPE=… ID=…`): start a page pair from the templates in
docs/_data/templates/.

The zh file is the template with the id, the owner (git's user.name) and today's review date
filled in, and each vocabulary field preceded by a comment listing its allowed values; the
en file gets the same front matter and the same section ids with English headings (from
page-types.yml). Existing files are never overwritten. What is left of the template is
placeholder text that `kb check` reports (PAGE-006) until it is replaced."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from . import review, templates
from .check.frontmatter import ID
from .errors import KbError


def git_user(root: Path) -> str | None:
    """The contributor's name from git config, or None (no git, or no name set)."""
    try:
        proc = subprocess.run(["git", "config", "user.name"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    name = proc.stdout.strip()
    return name or None


def _yaml_text(s: str) -> str:
    return s if re.fullmatch(r"[\w\u4e00-\u9fff][\w\u4e00-\u9fff .'-]*", s) else '"' + s.replace('"', '\\"') + '"'


def _vocab_comments(text: str, ptype, vocab) -> str:
    """A comment above each vocabulary field: the values it takes, with their Chinese labels."""
    for f in ptype.fields:
        if f.kind not in ("vocab", "vocabs"):
            continue
        values = "、".join(f"{k}（{label.zh}）" for k, label in vocab.vocabularies[f.vocab].items())
        how = "一个" if f.kind == "vocab" else "一个或几个，写成 [a, b]"
        text = re.sub(rf"^{re.escape(f.name)}:", f"# {f.name} 取{how}：{values}\n{f.name}:", text, count=1, flags=re.M)
    return text


def new_page(root: Path, vocab, type_id: str, page_id: str, owner: str | None = None) -> list[Path]:
    ptype = vocab.page_types.get(type_id)
    if ptype is None:
        raise KbError(f"unknown page type `{type_id}`; use one of: {', '.join(vocab.page_types)}")
    if not ID.match(page_id):
        raise KbError(f"`{page_id}` is not a valid id: use lowercase ASCII words joined by hyphens")
    text = templates.read(vocab, type_id)
    folder = root / "docs" / ptype.folder
    zh, en = folder / f"{page_id}.md", folder / f"{page_id}.en.md"
    for path in (zh, en):
        if path.exists():
            raise KbError("already exists; choose another id or edit that page", str(path.relative_to(root)))
    owner = owner or git_user(root)
    zh_text = re.sub(r"^id: \S+.*$", f"id: {page_id}", text, count=1, flags=re.M)
    zh_text = re.sub(r"^reviewed: .*$", f"reviewed: {review.today().isoformat()}", zh_text, count=1, flags=re.M)
    if owner:  # else the template's placeholder stays, and kb check asks for a name
        zh_text = re.sub(r"^owner: .*$", f"owner: {_yaml_text(owner)}", zh_text, count=1, flags=re.M)
    zh_text = _vocab_comments(zh_text, ptype, vocab)
    en_text = zh_text
    for sid, label in ptype.sections.items():
        en_text = re.sub(rf"^## .*\{{#{re.escape(sid)}\}}[ \t]*$", f"## {label.en} {{#{sid}}}", en_text, flags=re.M)
    en_text = re.sub(r"^title: .*$", f"title: {templates.EN_TITLE}", en_text, count=1, flags=re.M)
    en_text = re.sub(r"^summary: .*$", f"summary: {templates.EN_SUMMARY}", en_text, count=1, flags=re.M)
    folder.mkdir(parents=True, exist_ok=True)
    zh.write_text(zh_text, encoding="utf-8")
    en.write_text(en_text, encoding="utf-8")
    return [zh, en]


def next_steps(paths: list[Path], root: Path) -> str:
    zh, en = (p.relative_to(root).as_posix() for p in paths)
    return f"""next steps:
  1. write {zh}: every placeholder line, the front matter, the sources (seed file and lines)
  2. write {en}: the same page in English, with the same front matter values and section ids
  3. make check     until it reports nothing for these two files (file:line says where)
  4. make serve     and read the page at http://127.0.0.1:8000 as staff would, on a phone too
  5. open a pull request: see CONTRIBUTING.md and the writing guide (docs/guide/writing.md)"""
