"""`kb check`: one module per rule family, each a function `check(ctx)` yielding
Findings. The rule ids, severities and messages live in docs/_data/rules.yml."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import vocab as vocab_mod
from ..pages import Corpus, load_corpus

DEFAULT_SEEDS = Path("..") / "shared" / "seeds"


@dataclass
class Context:
    root: Path
    vocab: vocab_mod.Vocab
    corpus: Corpus
    seeds: Path | None = None  # None: seed documents not available, FM-007 line checks skipped
    external: bool = False
    notes: list[str] = field(default_factory=list)
    hand_edited_hant: dict[str, str] = field(default_factory=dict)
    cache: dict = field(default_factory=dict)  # results two rule families share (raw HTML)

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"


def make_context(root: Path, seeds: str | None = None, external: bool = False) -> Context:
    """Load the vocabularies, regenerate the tag pages and the zh-Hant pages (noting
    hand-edited ones first, for TRANS-002) and read every page once."""
    from .. import hant, tag_pages
    from .translations import find_hand_edits

    root = Path(root).resolve()
    v = vocab_mod.load(root)
    hant.load_overrides(root)
    edited = find_hand_edits(root / "docs", root)
    # zh-Hant pages are regenerated from zh: checking them again would only repeat
    # the zh findings, so the checker reads zh and en only.
    corpus = load_corpus(root / "docs", root, langs=("zh", "en"))
    tag_pages.update(corpus, v, root)
    hant.sync_tree(root / "docs")
    ctx = Context(root, v, corpus, external=external, hand_edited_hant=edited)
    seed_dir = Path(seeds or os.environ.get("KB_SEEDS") or (root / DEFAULT_SEEDS))
    if not seed_dir.is_absolute():
        seed_dir = (Path.cwd() / seed_dir).resolve()
    if seed_dir.is_dir():
        ctx.seeds = seed_dir
    else:
        ctx.notes.append(f"seed documents not found at {seed_dir}: FM-007 checks only the form of `source`")
    return ctx


def families():
    """Rule families in report order. Imported lazily so the plugin can use a few."""
    from . import (copywriting, coverage, dialogues, drafts, files, frontmatter, hant_quality, links, review,
                   safety, service_language, shortcodes, translations)

    return {
        "files": files.check,
        "frontmatter": frontmatter.check,
        "dialogues": dialogues.check,
        "links": links.check,
        "shortcodes": shortcodes.check,
        "translations": translations.check,
        "drafts": drafts.check,
        "review": review.check,
        "copywriting": copywriting.check,
        "safety": safety.check,
        "coverage": coverage.check,
        "service-language": service_language.check,
        "hant-quality": hant_quality.check,
    }


def run(ctx: Context):
    """All findings of every rule family, sorted."""
    found = []
    for page in ctx.corpus.pages.values():
        found.extend(page.findings)  # read-level findings (PAGE-001, FM-001)
    for fn in families().values():
        found.extend(fn(ctx))
    return sorted(set(found), key=lambda f: f.sort_key())
