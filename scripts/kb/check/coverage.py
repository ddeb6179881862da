"""COVER-001: every page named in docs/_data/coverage.yml (the reviewers' audit table of
what the seed inventories hold: frameworks, cases, short examples) exists, and is of the
type its section names."""
from __future__ import annotations

from ..findings import Finding
from ..yamlfile import YamlProblem, load_with_lines

COVERAGE = "docs/_data/coverage.yml"
# section of coverage.yml -> the page type its entries must name (None: any typed page)
SECTIONS = {"frameworks": "principle", "cases": "case", "examples": None}


def check(ctx):
    path = ctx.root / COVERAGE
    if not path.exists():
        return []
    try:
        data, _ = load_with_lines(path.read_text(encoding="utf-8"))
    except YamlProblem as exc:
        return [Finding("FM-001", COVERAGE, exc.line, 1, {"detail": exc.message})]
    text_lines = path.read_text(encoding="utf-8").split("\n")
    out = []
    for section, type_id in SECTIONS.items():
        ids = {p.id for p in ctx.corpus.in_lang("zh") if p.type and (type_id is None or p.type == type_id)}
        for entry in (data or {}).get(section) or []:
            page = str(entry.get("page"))
            if page not in ids:
                line = next((i + 1 for i, l in enumerate(text_lines) if l.strip() == f"page: {page}"), 1)
                out.append(Finding("COVER-001", COVERAGE, line, 1, {"ref": entry.get("ref"), "page": page}))
    return out
