"""`kb bench`: speed figures for the checker, printed, never asserted.

Generates a synthetic knowledge base (cases, principles and scripts in zh and en, with
dialogues and cross-links) in a temporary folder next to the repository's real data
files, then times `kb check`'s rule families on it, on one core. Also times the check of
the real repository, and prints the search figures (index size, indexing time, first result
and heap in the browser online and from file://, relevance). Optionally (--build-pages) times a
full site build."""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .check import make_context, run

DIALOGUE = """```dialogue
flow: complaint
staff (greeting): 您好，欢迎光临，我是店员小李。
customer (listening): 我上周买的手镯出现了裂纹。
staff (listening): 您是说手镯上出现了裂纹，对吗？
staff (empathy): 换成我也会很着急。
staff (apology): 让您专门跑一趟，真抱歉。
staff (solution): 我们先检测，是玉料问题就给您换一只。
staff (confirmation): 我确认一下：现在检测，结果写在单子上。
staff (closing): 谢谢您，请稍坐。
```
"""


def _page(kind: str, i: int, n: int) -> str:
    fm = {"case": "industry: jewellery\nchannel: store\nscenario: complaint\nprinciples: [p-0]\ntags: [apology]\n",
          "script": "industry: jewellery\nchannel: store\nscenario: complaint\nprinciples: [p-0]\ntags: [apology]\n",
          "principle": "section: complaints\ntags: [listening]\n"}[kind]
    sections = {"case": ["背景 {#background}", "经过 {#story}", "结果 {#outcome}", "点评 {#commentary}",
                         "可以借鉴的做法 {#takeaways}", "讨论题 {#discussion}"],
                "principle": ["什么时候用 {#purpose}", "要点 {#items}", "在柜台、电话和在线上怎么用 {#apply}",
                              "要做与不要做 {#do-dont}", "常见错误 {#mistakes}"],
                "script": ["场景 {#situation}", "示范对话 {#dialogue}", "要点说明 {#notes}"]}[kind]
    prefix = {"case": "c", "principle": "p", "script": "s"}[kind]
    body = []
    for s in sections:
        body.append(f"## {s}\n")
        body.append("顾客走到柜台前，店员起身问候，请顾客坐下，仔细听完顾客的问题，然后复述要点。" * 6 + "\n")
        body.append(f"参见[相关方法](../principles/p-{(i + 1) % n}.md#purpose)和[另一个案例](../cases/c-{(i + 7) % n}.md)。\n")
        if kind == "script" and "dialogue" in s:
            body.append(DIALOGUE)
    return (f"---\nid: {prefix}-{i}\ntitle: 页面 {i}\ntype: {kind}\nsummary: 合成的测试页面。\n{fm}"
            f"source:\n  - 001_b4d70a9518c10f5b.txt#L205-L216\n---\n\n" + "\n".join(body))


def make_corpus(root: Path, dest: Path, pages: int) -> int:
    """Write `pages` page files (zh and en twins, a third of each type) under dest/docs."""
    shutil.copytree(root / "docs" / "_data", dest / "docs" / "_data", ignore=shutil.ignore_patterns("coverage.yml"))
    (dest / "mkdocs.yml").write_text("site_name: bench\nnav:\n  - index.md\n", encoding="utf-8")
    docs = dest / "docs"
    listings = "<!-- kb:pages case -->\n\n<!-- kb:pages principle -->\n\n<!-- kb:pages script -->\n"
    (docs / "index.md").write_text("---\ntitle: bench\n---\n\n" + listings, encoding="utf-8")
    (docs / "index.en.md").write_text("---\ntitle: bench\n---\n\n" + listings, encoding="utf-8")
    per_type = max(1, pages // 6)
    for kind, folder in (("case", "cases"), ("principle", "principles"), ("script", "scripts")):
        (docs / folder).mkdir(parents=True, exist_ok=True)
        prefix = {"case": "c", "principle": "p", "script": "s"}[kind]
        for i in range(per_type):
            text = _page(kind, i, per_type)
            (docs / folder / f"{prefix}-{i}.md").write_text(text, encoding="utf-8")
            (docs / folder / f"{prefix}-{i}.en.md").write_text(text, encoding="utf-8")
    return per_type * 6 + 2


def _time_check(root: Path) -> tuple[float, float, int, int]:
    t0 = time.perf_counter()
    ctx = make_context(root, seeds=str(root / "no-seeds"))
    t1 = time.perf_counter()
    findings = run(ctx)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, len(ctx.corpus.pages), len(findings)


# One line of what a careless or hostile contributor could paste: every character that
# starts a Markdown or HTML construct, rarely closed.
_HOSTILE = "[x](a 中文<b 这是规定 {: x `` ![i]( <!-- &#106; ](javascript: 〔空位 [[ (( <a href=x "


def _large_pages() -> dict[str, str]:
    head = ("---\nid: {id}\ntitle: 大页面\ntype: case\nsummary: 合成的大页面。\nindustry: jewellery\nchannel: store\n"
            "scenario: complaint\nprinciples: [p-0]\nsource:\n  - 001_b4d70a9518c10f5b.txt#L205-L216\ntags: [apology]\n---\n\n")
    para = ("顾客拿着手镯回到柜台，说上面有一道纹。店员请她坐下，先听完，再复述：“您是说这道纹是昨天才看到的，对吗？”"
            "参见[相关方法](../principles/p-0.md#purpose)。<abbr title=\"圈口\">圈口</abbr>是内径。`代码`\n\n")
    sections = "".join(f"## {t} {{#{i}}}\n\n" for t, i in (("背景", "background"), ("经过", "story"), ("结果", "outcome"),
                                                         ("点评", "commentary"), ("可以借鉴的做法", "takeaways"),
                                                         ("讨论题", "discussion")))
    big = para * (5 * 2**20 // len(para.encode("utf-8")))
    line = (_HOSTILE * (2**20 // len(_HOSTILE.encode("utf-8")))).replace("\n", " ")
    return {"big-page": head.format(id="big-page") + sections + big,
            "long-line": head.format(id="long-line") + sections + line + "\n"}


def _time_large_inputs(root: Path) -> None:
    """kb check on a 5 MB page and on a page with one 1 MB line of hostile syntax, and the
    zh-Hant conversion of the 5 MB page: figures per MB (the goal: well under 1 s per MB)."""
    from . import hant

    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp)
        make_corpus(root, dest, 6)
        for name, text in _large_pages().items():
            for suffix in ("", ".en"):
                (dest / "docs" / "cases" / f"{name}{suffix}.md").write_text(text, encoding="utf-8")
        sizes = {name: len(text.encode("utf-8")) / 2**20 for name, text in _large_pages().items()}
        t0 = time.perf_counter()
        hant.load_overrides(root)
        hant.convert(_large_pages()["big-page"])
        convert = time.perf_counter() - t0
        t0 = time.perf_counter()
        ctx = make_context(dest, seeds=str(dest / "no-seeds"))
        found = run(ctx)
        took = time.perf_counter() - t0
        total = 2 * sum(sizes.values())  # zh and en copies
        print(f"  large input: a {sizes['big-page']:.1f} MB page and a page with one {sizes['long-line']:.1f} MB line "
              f"of hostile syntax (zh + en, {total:.1f} MB): kb check {took:.1f} s = {took / total:.2f} s/MB, "
              f"{len(found)} finding(s); zh-Hant conversion of the {sizes['big-page']:.1f} MB page "
              f"{convert:.1f} s = {convert / sizes['big-page']:.2f} s/MB")


def run_bench(root: Path, args) -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, as the goal says
    print("kb bench (one core)")
    load, check, n, f = _time_check(root)
    print(f"  this repository: {n} zh+en page files; load {load:.2f} s + rules {check:.2f} s "
          f"= {load + check:.2f} s, {f} finding(s)")
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp)
        written = make_corpus(root, dest, args.pages)
        for label in ("first run, writes every zh-Hant page", "second run, zh-Hant up to date"):
            load, check, n, f = _time_check(dest)
            print(f"  synthetic {written} zh+en page files ({label}): load {load:.2f} s + rules {check:.2f} s "
                  f"= {load + check:.2f} s ({n / (load + check):.0f} files/s), {f} finding(s)")
    _time_large_inputs(root)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS {peak:.0f} MB")
    if not args.no_search:
        _search_figures(root)
    if args.build_pages:
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "repo"
            shutil.copytree(root, site, ignore=shutil.ignore_patterns(".venv", "site", ".git", "*.zh-Hant.md"))
            extra = make_corpus(root, Path(tmp) / "gen", args.build_pages)
            for folder in ("cases", "principles", "scripts"):
                for p in (Path(tmp) / "gen" / "docs" / folder).glob("*.md"):
                    shutil.copy2(p, site / "docs" / folder / ("bench-" + p.name))
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(Path(tmp) / "out")],
                                  cwd=site, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
            took = time.perf_counter() - t0
            size = sum(p.stat().st_size for p in (Path(tmp) / "out").rglob("*") if p.is_file()) / 2**20
            print(f"  site build with {extra} extra page files x 3 languages: {took:.1f} s, {size:.0f} MB "
                  f"(exit {proc.returncode})")
    return 0


def _search_figures(root: Path) -> None:
    """Search: index size per language, the build time indexing takes, first-result time and
    heap in the browser (online and from file://) and the relevance set's figures."""
    import re

    from . import search_probe as sp
    from .search_index import lang_prefix

    with tempfile.TemporaryDirectory() as tmp:
        sites = {}
        for mode, offline in (("online", "false"), ("file://", "true")):
            site = Path(tmp) / mode.strip(":/")
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(site)], cwd=root,
                                  capture_output=True, text=True,
                                  env=dict(os.environ, NO_MKDOCS_2_WARNING="1", KB_OFFLINE=offline))
            took = time.perf_counter() - t0
            spent = re.findall(r"indexing so far ([\d.]+) s", proc.stderr + proc.stdout)
            if proc.returncode or not spent:
                print(f"  search: the {mode} build failed (exit {proc.returncode})")
                return
            sites[mode] = site
            sizes = ", ".join(f"{lang} {(site / lang_prefix(lang) / 'search' / 'search_index.json').stat().st_size / 1e6:.2f} MB"
                              for lang in ("zh", "zh-Hant", "en"))
            print(f"  search ({mode} build {took:.0f} s): indexing {float(spent[-1]):.1f} s of it; index per language {sizes}")
        missing = sp.browser_missing()
        if missing:
            print(f"  search in the browser: not measured ({missing})")
            return
        from playwright.sync_api import sync_playwright

        floor, queries = sp.load_queries(root / "tests" / "search_queries.yml")
        with sp.serve(sites["online"]) as url, sync_playwright() as p:
            browser = sp.launch(p)
            for offline, site_url in ((False, url), (True, sites["file://"].resolve().as_uri() + "/")):
                for line in sp.first_result_lines(browser, site_url, offline):
                    print(f"  search {line}")
            print(f"  search relevance (tests/search_queries.yml): {sp.judge(browser, url, queries, False).summary()}")
            browser.close()
