"""The `<!-- kb:NAME ARGS -->` shortcodes a page may hold, in one table read by the kb plugin
(which expands them: kb.listings, kb.guide_tables, kb.service_language, kb.glossary) and by
`kb check` (SHORT-001 for anything else), so that the checker refuses exactly what would
stop the build."""
from __future__ import annotations

from .guide_tables import TABLES
from . import tag_pages
from .listings import FACET_FIELDS

TABLE_NAMES = (*TABLES, "coverage", "benchmark")
WITHOUT_ARGS = ("phrases", "dont-say", "quick-finder", "glossary", "library", "review")


def is_known(vocab, name: str, args: list[str]) -> bool:
    if name == "browse":  # browse FACET, or browse tag TAG (a tag's own page: kb.tag_pages)
        if len(args) == 2:
            return args[0] == tag_pages.FACET and args[1] in vocab.vocabularies[args[0]]
        return len(args) == 1 and args[0] in FACET_FIELDS
    if name == "pages":  # pages TYPE [section=ID]
        return bool(args) and args[0] in vocab.page_types and all(a.startswith("section=") for a in args[1:])
    if name == "table":
        return len(args) == 1 and args[0] in TABLE_NAMES
    return name in WITHOUT_ARGS and not args


def known(vocab) -> str:
    """What a contributor may write, for the error message."""
    return (f"browse {'|'.join(FACET_FIELDS)} (or browse tag TAG); pages {'|'.join(vocab.page_types)} [section=ID]; "
            f"table {'|'.join(TABLE_NAMES)}; " + "; ".join(WITHOUT_ARGS))
