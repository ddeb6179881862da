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


def test_site_figures_and_table_read_the_built_site(tmp_path):
    """The figures come from the files: HTML sizes without the handbook, index bytes per page."""
    from kb import bench

    site = tmp_path / "site"
    for rel, size in (("index.html", 1000), ("cases/a/index.html", 3000), ("en/index.html", 2000),
                      ("handbook.html", 9000), ("search/search_index.json", 4000), ("en/search/search_index.json", 500)):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(b"x" * size)
    row = bench.SizeFigures(pages_per_lang=2, derived_per_lang=0)
    bench._site_figures(site, row)
    assert row.html_pages == 3 and row.html_largest == "cases/a/index.html" and row.html_largest_kb == 3.0
    assert row.html_mean_kb == 2.0 and row.handbook_kb == 9.0
    assert row.index_kb_per_page == {"zh": 2.0, "en": 0.5}
    table = bench.markdown_table([row])
    assert "| HTML pages: mean / largest | 2 / 3 KB |" in table and "| search index, en | 0.0 MB, 0.5 KB/page |" in table


def test_injected_broken_links_are_all_found_by_the_checker(tmp_path):
    """The link-checker comparison (kb.bench_links): each injected link has its own token, and
    the checker's report names every one, and nothing else."""
    from kb import bench_links

    dest = tmp_path / "kb"
    bench_corpus.derive(ROOT, dest, 12)
    injected = bench_links.inject(dest / "docs", 5)
    assert len(injected) == 10 and len({i.token for i in injected}) == 10
    assert {i.kind for i in injected} == {"page", "anchor"}
    checker = bench_links.run_checker(dest, injected)
    assert (checker.found, checker.generated, checker.other) == (10, 0, 0), checker
    plain = bench_links.plain_config(dest).read_text(encoding="utf-8")
    assert "\n  - kb" not in plain and "\n  - i18n:" in plain and "\n  - kb" in (dest / "mkdocs.yml").read_text(encoding="utf-8")


def test_reports_are_sorted_into_injected_generated_and_other():
    from kb import bench_links

    injected = [bench_links.Injected("cases/a.md", "missing-page-1", "page"),
                bench_links.Injected("cases/a.md", "no-such-anchor-1", "anchor")]
    report = ["cases/a/index.html: ../missing-page-1/ not found",
              "cases/a/index.html: ../missing-page-10/ not found",       # another token, not this one
              "cases/b/index.html: ../../service-language/glossary/#term-icy",
              "cases/c/index.html: ../x/#no-such-anchor-1"]
    assert bench_links._count(report, injected) == (2, 1, 1)


def test_benchmark_page_judges_each_target_from_the_recorded_figures(tmp_path):
    """guide/benchmark.md: a target is met or not from the figures `kb bench --record` wrote;
    one with no figure says so; nothing is typed by hand."""
    from types import SimpleNamespace

    from kb import bench, benchmark_page

    from kb import vocab as vocab_mod

    real_vocab = vocab_mod.load(ROOT)
    (tmp_path / "docs" / "_data").mkdir(parents=True)
    vocab = SimpleNamespace(root=tmp_path, benchmark_targets=real_vocab.benchmark_targets,
                            benchmark_figures=real_vocab.benchmark_figures)
    assert benchmark_page.table_benchmark(vocab, "en") == "No figures recorded yet: run `make bench`."
    real = bench.SizeFigures(pages_per_lang=300, derived_per_lang=0, build_s=24.0, check_cold_s=1.0,
                             first_result_s={"online zh": 0.4, "file:// en": 0.7})
    small = bench.SizeFigures(pages_per_lang=400, derived_per_lang=100, build_s=30.0)
    big = bench.SizeFigures(pages_per_lang=3300, derived_per_lang=3000, build_s=330.0, html_largest_kb=700.0)
    links = {"pages_per_lang": 400, "injected": 40,
             "tools": [{"tool": "kb check", "seconds": 2.0, "found": 40, "generated": 0, "other": 0},
                       {"tool": "build + lychee", "seconds": 50.0, "found": 40, "generated": 132, "other": 0}]}
    from dataclasses import asdict

    benchmark_page.record(tmp_path, {"date": "2026-12-02", "cpus": 2, "command": "kb bench --sizes 0,100,3000",
                                     "rows": [asdict(r) for r in (real, small, big)], "links": links})
    page = benchmark_page.table_benchmark(vocab, "en")
    lines = {line.split(" | ")[0].strip("| "): line for line in page.splitlines() if line.startswith("| ")}
    assert "0.70 s" in lines["First search result, real library (online and offline)"]  # the slowest counts
    assert "✗ no" in lines["First search result, real library (online and offline)"]
    assert "✓ yes" in lines["Build time, real library"]
    assert "1.33 × | < 1.20 × | ✗ no" in lines["Build time per page, 3,000 against 100 pages per language"]
    assert "✗ no" in lines["Largest HTML page, 3,000 pages per language"]
    assert "25 ×" in lines["How many times faster kb check is than build + lychee"]
    assert "not measured" in lines["From saving a page under make serve to the browser showing it"]
    assert "not measured" in lines["Search heap, 1,000 pages per language"]
    zh_hant = benchmark_page.table_benchmark(vocab, "zh-Hant")
    assert "真實內容庫" in zh_hant and "未達到" in zh_hant


def test_a_bad_benchmark_target_is_reported_at_its_line(tmp_path):
    """docs/_data/benchmark.yml is read by the vocabulary loader: kb check reports a target
    without a goal at its line (DATA-001), and the page leaves it out."""
    import shutil

    from kb import vocab as vocab_mod

    shutil.copytree(ROOT / "docs" / "_data", tmp_path / "docs" / "_data")
    path = tmp_path / "docs" / "_data" / "benchmark.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    below: 0.5\n", "", 1), encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("  - label:"))  # the first target
    v = vocab_mod.load(tmp_path)
    problems = [p for p in v.data_problems if p.path.endswith("benchmark.yml")]
    assert [p.line for p in problems] == [line], problems
    assert len(v.benchmark_targets) == len(vocab_mod.load(ROOT).benchmark_targets) - 1
