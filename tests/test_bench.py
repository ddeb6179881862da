"""The benchmark's synthetic knowledge base (kb.bench_corpus): derived pages must be pages the
real checker and build accept, with their own ids and their own text, or the scale figures
measure nothing real."""
from __future__ import annotations

import json

from conftest import ROOT, run_kb
from kb import bench_corpus
from kb.pages import load_corpus


def test_derived_pages_pass_the_checker_and_differ_from_their_templates(tmp_path):
    dest = tmp_path / "kb"
    made = bench_corpus.derive(ROOT, dest, 40)
    assert len(made) == 40 and len(set(made)) == 40
    check = run_kb("check", "--format", "json", cwd=dest)
    errors = [f for f in json.loads(check.stdout)["findings"] if f["severity"] == "error"]
    assert check.returncode == 0 and not errors, errors[:5]
    corpus = load_corpus(dest / "docs", dest, langs=("zh", "en"))
    real = load_corpus(ROOT / "docs", ROOT, langs=("zh", "en"))
    types = set()
    for base in made:
        for lang in ("zh", "en"):
            page = corpus.get(base, lang)
            assert page is not None and page.id == base.rsplit("/", 1)[1].removesuffix(".md")
            template = real.get(base.rsplit("-x", 1)[0] + ".md", lang)
            assert template is not None and page.type == template.type
            assert page.body != template.body  # prose redrawn, not copied
            assert [h.id for h in page.headings] == [h.id for h in template.headings]
        types.add(corpus.get(base, "zh").type)
    assert types == {"case", "script", "principle"}
    assert len({corpus.get(b, "zh").title for b in made}) == 40
