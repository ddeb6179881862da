"""`kb check`: every rule has a broken fixture that triggers it at the exact file and line
(tests/fixtures/rule_cases.yml), the valid fixture site passes cleanly, and the CLI's
formats and exit codes behave as README documents."""
from __future__ import annotations

import http.server
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_kb

FIXTURES = Path(__file__).parent / "fixtures"
CASES = yaml.safe_load((FIXTURES / "rule_cases.yml").read_text(encoding="utf-8"))


def make_site(dest: Path) -> Path:
    """The valid fixture site, with the repository's real data files and mkdocs.yml
    (its nav replaced by the fixture's), so the fixture follows every data change. The
    coverage table and the quick finder name the real site's pages, so they stay out."""
    shutil.copytree(FIXTURES / "site" / "docs", dest / "docs")
    shutil.copytree(ROOT / "docs" / "_data", dest / "docs" / "_data",
                    ignore=shutil.ignore_patterns("coverage.yml", "quick-finder.yml"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = (FIXTURES / "site" / "nav.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?ms)^nav:\n.*?(?=^\S)", nav + "\n", config)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    return dest


def check_json(site: Path, *args) -> tuple[int, dict]:
    proc = run_kb("check", "--format", "json", *args, cwd=site)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


@pytest.fixture
def site(tmp_path) -> Path:
    return make_site(tmp_path / "site")


@pytest.fixture(scope="module")
def http_404():
    class NotFound(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):
            self.send_response(404)
            self.end_headers()

        do_GET = do_HEAD

        def log_message(self, *a):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotFound)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_valid_fixture_site_passes(site):
    code, report = check_json(site)
    assert report["findings"] == [] and code == 0


def test_every_rule_has_a_broken_fixture():
    rules = yaml.safe_load((ROOT / "docs" / "_data" / "rules.yml").read_text(encoding="utf-8"))
    assert set(rules) == {c["rule"] for c in CASES}


def _apply(site: Path, case: dict, subst: dict):
    def fill(s: str) -> str:
        for k, v in subst.items():
            s = s.replace("{" + k + "}", v)
        return s

    edits = case.get("edit") or []
    for e in edits if isinstance(edits, list) else [edits]:
        path = site / e["file"]
        text = path.read_text(encoding="utf-8")
        assert e["old"] in text, f"fixture text not found in {e['file']}: {e['old']!r}"
        path.write_text(text.replace(e["old"], fill(e["new"]), 1), encoding="utf-8")
    for name, content in (case.get("write") or {}).items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (site / name).write_bytes(content)
        else:
            (site / name).write_text(content, encoding="utf-8")
    for name in case.get("delete") or []:
        (site / name).unlink()
    for name, target in (case.get("symlink") or {}).items():
        (site / name).symlink_to(target)
    for name in [case["crlf"]] if case.get("crlf") else []:
        (site / name).write_bytes((site / name).read_bytes().replace(b"\n", b"\r\n"))
    for name in [case["bom"]] if case.get("bom") else []:
        (site / name).write_bytes(b"\xef\xbb\xbf" + (site / name).read_bytes())
    return [fill(a) for a in case.get("args") or []]


@pytest.mark.parametrize("case", CASES, ids=[c.get("name", c["rule"]) for c in CASES])
def test_rule_fires_at_file_and_line(case, site, tmp_path, http_404):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "000_9a7f0a1086825a3d.txt").write_text("line\n" * 10, encoding="utf-8")
    nav_line = next(i for i, line in enumerate((site / "mkdocs.yml").read_text(encoding="utf-8").split("\n"), 1)
                    if "话术: scripts/" in line)
    closing_en = next(i for i, line in enumerate((site / "docs/scripts/sample-script.en.md").read_text(
        encoding="utf-8").split("\n"), 1) if line.startswith("staff (closing):"))
    args = _apply(site, case, {"seeds": str(seeds), "server": http_404, "nav_line": str(nav_line)})
    expect = case["expect"].replace("{nav_line}", str(nav_line)).replace("{closing_en}", str(closing_en))
    code, report = check_json(site, *args)
    found = {f"{f['path']}:{f['line']}" for f in report["findings"] if f["rule"] == case["rule"]}
    assert expect in found, f"{case['rule']} expected at {expect}, got {report['findings']}"
    severity = next(f["severity"] for f in report["findings"] if f["rule"] == case["rule"])
    assert code == (1 if severity == "error" else 0)


CLEAN = yaml.safe_load((FIXTURES / "clean_cases.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CLEAN, ids=[c["name"] for c in CLEAN])
def test_must_not_flag(case, site):
    _apply(site, case, {})
    code, report = check_json(site)
    assert report["findings"] == [] and code == 0


def test_text_output_lang_strict_and_exit_codes(site):
    page = site / "docs" / "cases" / "sample-case.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[坏链接](nowhere.md)\n", encoding="utf-8")
    zh = run_kb("check", cwd=site)
    assert zh.returncode == 1
    assert re.search(r"^docs/cases/sample-case\.md:\d+:1: error LINK-001 链接目标 `nowhere\.md` 不存在$", zh.stdout, re.M)
    assert zh.stdout.strip().splitlines()[-1].startswith("1 个错误，0 个警告")
    en = run_kb("check", "--lang", "en", cwd=site)
    assert "link target `nowhere.md` does not exist" in en.stdout
    assert en.stdout.strip().splitlines()[-1].startswith("1 error(s), 0 warning(s)")
    gh = run_kb("check", "--format", "github", cwd=site)
    assert gh.stdout.startswith("::error file=docs/cases/sample-case.md,line=")
    # a warning alone exits 0, and 1 with --strict
    page.write_text(page.read_text(encoding="utf-8").replace("\n[坏链接](nowhere.md)\n", ""), encoding="utf-8")
    (site / "docs" / "orphan.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (site / "docs" / "orphan.en.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    assert run_kb("check", cwd=site).returncode == 0
    assert run_kb("check", "--strict", cwd=site).returncode == 1


def test_usage_errors_exit_2(site):
    assert run_kb("check", "--format", "xml", cwd=site).returncode == 2
    assert run_kb("check", "no/such/path.md", cwd=site).returncode == 2
    proc = run_kb("check", cwd=site.parent)  # not inside a repository
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_broken_data_file_is_a_clear_error(site):
    (site / "docs" / "_data" / "dialogue.yml").write_text("roles: [\n", encoding="utf-8")
    proc = run_kb("check", cwd=site)
    assert proc.returncode == 2
    assert "docs/_data/dialogue.yml:2: YAML error" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_paths_and_changed_limit_the_report(site):
    import subprocess

    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    subprocess.run(["git", "add", "-A"], cwd=site, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base"], cwd=site, check=True)
    for name in ("cases/sample-case.md", "scripts/sample-script.md"):
        p = site / "docs" / name
        p.write_text(p.read_text(encoding="utf-8") + "\n[x](nowhere.md)\n", encoding="utf-8")
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "change"], cwd=site, check=True)
    _, only = check_json(site, "docs/cases")
    assert {f["path"] for f in only["findings"]} == {"docs/cases/sample-case.md"}
    p = site / "docs" / "cases" / "sample-case.md"
    p.write_text(p.read_text(encoding="utf-8").replace("\n[x](nowhere.md)\n", ""), encoding="utf-8")
    _, changed = check_json(site, "--changed", "HEAD")
    assert changed["findings"] == []  # the script's broken link was committed before HEAD
    _, since_base = check_json(site, "--changed", "HEAD~1")
    assert {f["path"] for f in since_base["findings"]} == {"docs/scripts/sample-script.md"}


def test_explain_prints_the_scorecard(site):
    proc = run_kb("check", "--explain", "docs/scripts/sample-script.md", "--lang", "en", cwd=site)
    assert proc.returncode == 0
    assert re.search(r"✓ apology\s+Apology\s+line 33\s+staff: 真抱歉", proc.stdout)
    assert re.search(r"· probing\s+Questions\s+optional, absent", proc.stdout)
    page = site / "docs" / "scripts" / "sample-script.md"
    page.write_text(page.read_text(encoding="utf-8").replace("staff (apology): 真抱歉让您跑一趟。\n", ""), encoding="utf-8")
    proc = run_kb("check", "--explain", "docs/scripts/sample-script.md", "--lang", "en", cwd=site)
    assert proc.returncode == 1 and "✗ apology" in proc.stdout and "MISSING" in proc.stdout


def test_kb_new_starts_a_page_pair_whose_placeholders_kb_check_reports(site):
    """`make new` (kb new) fills the id, the owner from git and today's date; what the writer
    still has to write is reported at its line (PAGE-006, PAGE-007) until it is written."""
    from kb import review

    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    subprocess.run(["git", "config", "user.name", "Wang Li"], cwd=site, check=True)
    proc = run_kb("new", "case", "ring-resize-delay", cwd=site)
    assert proc.returncode == 0, proc.stderr
    assert "next steps" in proc.stdout and "make check" in proc.stdout
    zh = site / "docs" / "cases" / "ring-resize-delay.md"
    en = site / "docs" / "cases" / "ring-resize-delay.en.md"
    zh_text, en_text = zh.read_text(encoding="utf-8"), en.read_text(encoding="utf-8")
    assert "id: ring-resize-delay" in zh_text and "owner: Wang Li" in zh_text
    assert f"reviewed: {review.today().isoformat()}" in zh_text
    assert "# industry 取一个：jewellery（珠宝玉器）" in zh_text  # the allowed values, as comments
    assert "## What happened {#story}" in en_text and "## 经过" not in en_text
    code, report = check_json(site)
    mine = [f for f in report["findings"] if "ring-resize-delay" in f["path"]]
    # the template's example values point at pages of the real site (FM-006); the rest is unwritten
    assert {f["rule"] for f in mine} <= {"FM-006", "PAGE-006", "PAGE-007"} and code == 1
    lines = zh_text.split("\n")
    for f in mine:
        if f["rule"] == "PAGE-006" and f["path"].endswith("ring-resize-delay.md"):
            assert lines[f["line"] - 1].strip().split(": ", 1)[-1] in f["message"], f  # names the text on its line
    assert {(f["rule"], f["line"]) for f in mine if f["path"].endswith("y.md")} >= {
        ("PAGE-006", next(i for i, s in enumerate(lines, 1) if s.startswith("title:"))),
        ("PAGE-007", next(i for i, s in enumerate(lines, 1) if s.startswith("## 背景")))}
    assert any(f["rule"] == "PAGE-006" and f["line"] == 3 for f in mine if f["path"].endswith(".en.md"))
    # a draft still builds, so `make serve` shows it while it is written
    zh.write_text(zh_text.replace("principles: [six-steps-solve-problem]", "principles: [sample-principle]"), encoding="utf-8")
    en.write_text(en_text.replace("principles: [six-steps-solve-problem]", "principles: [sample-principle]"), encoding="utf-8")
    built = run_kb("build", "--site-dir", str(site / "out"), cwd=site)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (site / "out" / "cases" / "ring-resize-delay" / "index.html").exists()

    # written: the same page passes
    def write(text: str, title: str, summary: str, prose: str) -> str:
        text = re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M)
        text = re.sub(r"^summary: .*$", f"summary: {summary}", text, count=1, flags=re.M)
        text = text.replace("principles: [six-steps-solve-problem]", "principles: [sample-principle]")
        text = re.sub(r"^(## .*\{#\w+\})$", lambda m: m.group(1) + "\n\n" + prose, text, flags=re.M)
        return re.sub(r"^\d\. *$\n?", "", text, flags=re.M)
    zh.write_text(write(zh_text, "改圈口晚了三天", "改圈口比约好的晚了三天，店员先道歉再说明原因。", "写好了。"), encoding="utf-8")
    en.write_text(write(en_text, "A resized ring three days late", "The resizing was three days late.", "Written."),
                  encoding="utf-8")
    code, report = check_json(site)
    assert report["findings"] == [] and code == 0, report["findings"]
    assert run_kb("new", "case", "ring-resize-delay", cwd=site).returncode == 2  # never overwrites
    assert run_kb("new", "story", "x", cwd=site).returncode == 2
    assert run_kb("new", "case", "Bad_Id", cwd=site).returncode == 2


def test_pages_reached_only_through_a_generated_listing_are_reachable(site):
    # nothing links to this case, but cases/index.md lists every case (<!-- kb:pages case -->)
    for suffix, title in (("", "只在列表里的案例"), (".en", "Listed only")):
        src = (site / "docs" / "cases" / f"sample-case{suffix}.md").read_text(encoding="utf-8")
        src = src.replace("id: sample-case", "id: listed-only").replace("](../principles/sample-principle.md#step-1)", "](#story)")
        (site / "docs" / "cases" / f"listed-only{suffix}.md").write_text(src, encoding="utf-8")
    _, report = check_json(site)
    assert report["findings"] == []
    # without the listings that include it (the case index and the browse pages), it is unreachable
    for suffix in ("", ".en"):
        (site / "docs" / "cases" / f"index{suffix}.md").write_text("---\ntitle: x\n---\n\n[示例](sample-case.md)\n", encoding="utf-8")
        for facet in ("industry", "channel", "scenario", "tag"):
            (site / "docs" / "browse" / f"{facet}{suffix}.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    _, report = check_json(site)
    found = {(f["rule"], f["path"]) for f in report["findings"]}
    tag_pages = {f for f in found if f[1].startswith("docs/browse/tag/")}  # the emptied tag index listed them
    assert found - tag_pages == {("LINK-005", "docs/cases/listed-only.md")}
    assert tag_pages and {rule for rule, _ in tag_pages} == {"LINK-005"}


def test_a_yaml_error_is_reported_alone(site):
    page = site / "docs" / "cases" / "sample-case.md"
    page.write_text(page.read_text(encoding="utf-8").replace("industry: jewellery", "industry: [jewellery"), encoding="utf-8")
    _, report = check_json(site)
    assert [(f["path"], f["rule"]) for f in report["findings"] if f["path"].endswith("sample-case.md")] == \
        [("docs/cases/sample-case.md", "FM-001")]


def test_a_duplicate_key_in_a_data_file_names_both_lines(site):
    data = site / "docs" / "_data" / "ui.yml"
    data.write_text(data.read_text(encoding="utf-8") + "flow: {zh: 又一个, en: again}\n", encoding="utf-8")
    proc = run_kb("check", cwd=site)
    first = next(i for i, line in enumerate(data.read_text(encoding="utf-8").split("\n"), 1) if line.startswith("flow:"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert re.search(rf"docs/_data/ui\.yml:\d+: YAML error: duplicate key `flow` \(also on line {first}\)", proc.stderr), proc.stderr


def test_an_unsafe_link_is_reported_once(site):
    page = site / "docs" / "cases" / "sample-case.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "点评。", "[点评](javascript:alert(1)) ![图](data:image/png,x) ![外](https://example.com/a.png)")
        + "\n[r]: vbscript:x\n", encoding="utf-8")
    _, report = check_json(site)
    safe = sorted((f["rule"], f["line"]) for f in report["findings"] if f["rule"].startswith("SAFE"))
    assert safe == [("SAFE-003", 31), ("SAFE-003", 31), ("SAFE-003", 41), ("SAFE-004", 31)], safe
    assert any("`javascript:alert(1)`" in f["message"] for f in report["findings"])


def test_references_stand_in_for_a_missing_source(site):
    for name in ("sample-principle.md", "sample-principle.en.md"):
        page = site / "docs" / "principles" / name
        text = page.read_text(encoding="utf-8")
        assert "\nreferences:\n" in text  # the fixture's principle cites a law
        page.write_text(text.replace("source:\n  - 001_b4d70a9518c10f5b.txt#L205-L216\n", ""), encoding="utf-8")
    code, report = check_json(site)
    assert report["findings"] == [] and code == 0
    zh = site / "docs" / "principles" / "sample-principle.md"
    zh.write_text(zh.read_text(encoding="utf-8").replace('  - "《中华人民共和国消费者权益保护法》（2013 年修正）第二十条"\n', ""), encoding="utf-8")
    _, report = check_json(site)
    assert {f["rule"] for f in report["findings"] if f["path"].endswith("sample-principle.md")} >= {"FM-002"}


@pytest.mark.parametrize("old,new,words", [
    ("  section_page: cases/index.md\n", "  section_page: cases/\n", "section_page must be the path"),
    ("  section_page: principles/{section}/index.md\n", "  section_page: principles/{sektion}/index.md\n", "`{sektion}`"),
    ("required: true, items: 3}", "required: true, items: three}", "items must be a positive whole number"),
    ("required: true, items: [2, 3]}", "required: true, items: [3, 2]}", "or [fewest, most]"),
])
def test_a_bad_page_type_setting_is_refused_with_its_reason(site, old, new, words):
    path = site / "docs" / "_data" / "page-types.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    proc = run_kb("check", cwd=site)
    assert proc.returncode != 0 and words in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_tag_pages_follow_the_tags_in_use(site):
    """kb check (like the build) writes one page per tag in use, zh, en and its zh-Hant twin;
    a check with nothing changed writes nothing (make serve would see a save); a tag no page
    carries any more loses its pages."""
    folder = site / "docs" / "browse" / "tag"
    code, _ = check_json(site)
    assert code == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{tag}{suffix}.md" for tag in ("apology", "listening") for suffix in ("", ".en", ".zh-Hant"))
    assert "<!-- kb:browse tag listening -->" in (folder / "listening.en.md").read_text(encoding="utf-8")
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    check_json(site)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == stamps
    for suffix in ("", ".en"):
        page = site / "docs" / "principles" / f"sample-principle{suffix}.md"
        page.write_text(page.read_text(encoding="utf-8").replace("tags: [listening]", "tags: [apology]"), encoding="utf-8")
    code, report = check_json(site)
    assert code == 0, report["findings"]
    assert sorted(p.name for p in folder.iterdir()) == ["apology.en.md", "apology.md", "apology.zh-Hant.md"]


def test_copywriting_checks_a_page_longer_than_autocorrect_parses_at_once(site):
    """autocorrect gives up on a document of a few thousand paragraphs ("call limit reached"):
    kb check lints a paragraph at a time, so a long page is checked to its last line instead of
    ending in a traceback."""
    page = site / "docs" / "cases" / "sample-case.md"
    text = page.read_text(encoding="utf-8")
    paragraphs = "\n\n".join(f"第 {n} 段：顾客说“镯子有纹”，见[示例方法](../principles/sample-principle.md)。`代码`"
                               for n in range(5000))
    page.write_text(text + "\n" + paragraphs + "\n\n最后一段：短信机器人小e回了话。\n", encoding="utf-8")
    last = page.read_text(encoding="utf-8").count("\n")
    code, report = check_json(site)
    assert code == 1
    assert [(f["rule"], f["line"]) for f in report["findings"]] == [("STYLE-001", last)]
