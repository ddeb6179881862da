"""COVER-001: every principle page named in docs/_data/coverage.yml (the audit table of
seed frameworks) exists."""
from __future__ import annotations

from ..findings import Finding
from ..yamlfile import YamlProblem, load_with_lines

COVERAGE = "docs/_data/coverage.yml"


def check(ctx):
    path = ctx.root / COVERAGE
    if not path.exists():
        return []
    try:
        data, _ = load_with_lines(path.read_text(encoding="utf-8"))
    except YamlProblem as exc:
        return [Finding("FM-001", COVERAGE, exc.line, 1, {"detail": exc.message})]
    text_lines = path.read_text(encoding="utf-8").split("\n")
    principles = {p.id for p in ctx.corpus.typed("principle")}
    out = []
    for entry in (data or {}).get("frameworks") or []:
        page = str(entry.get("page"))
        if page not in principles:
            line = next((i + 1 for i, l in enumerate(text_lines) if l.strip() == f"page: {page}"), 1)
            out.append(Finding("COVER-001", COVERAGE, line, 1, {"ref": entry.get("ref"), "page": page}))
    return out
