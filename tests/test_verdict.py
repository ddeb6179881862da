"""One verdict: `kb check` and the build agree on a corpus of broken pages. For each broken
variant of the fixture site, the build refuses exactly when `kb check` reports an error, and
it names the same problems (rule, file, line), each once, against the file a contributor
edits; every must-not-flag variant builds. Then a hypothesis test feeds random Markdown and
HTML to both: findings or success, never a traceback, never a hang."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, run_kb
from test_check_rules import CASES, CLEAN, _apply, make_site

FINDING = re.compile(r"^(?P<path>\S+):(?P<line>\d+):(?P<col>\d+): error (?P<rule>[A-Z]+-\d{3}) ", re.M)
# MkDocs' own warnings for a page its build refuses: none may remain once the checker refuses first
MKDOCS_WARNING = re.compile(r"^WARNING", re.M)

# A sample of broken variants across every rule family that stops the build, plus what only
# MkDocs used to refuse (a link to docs/_data, a symlinked folder) and what only the build
# used to miss. FM-007 needs seed files the build does not get; LINK-006 needs the network.
VERDICT_CASES = [c for c in CASES if c["rule"] not in ("FM-007", "LINK-006")
                 and c.get("name", c["rule"]) in {
                     "PAGE-001", "PAGE-003", "FM-001", "FM-003", "FM-006", "DLG-002", "DLG-005", "DLG-009",
                     "LINK-001", "LINK-002", "TRANS-001", "TRANS-003", "SAFE-001", "SAFE-003",
                     "symlink-folder-loop", "duplicate-yaml-key", "dialogue-inside-admonition",
                     "event-attribute-next-line", "event-attribute-attr-list", "entity-encoded-javascript",
                     "autolink-javascript", "element-freed-by-markdown", "link-across-lines", "link-with-space", "link-angle-unclosed", "raw-html-image-missing", "link-to-data-file", "forbidden-in-traditional"}]


# The draft rules (PAGE-006, PAGE-007, STYLE-*) fail kb check but let the build show the draft
# (rules.yml): the verdicts agree on every rule that stops the build.
STOPS_BUILD = {rid: bool(r.get("stops-build")) for rid, r in
               yaml.safe_load((ROOT / "docs" / "_data" / "rules.yml").read_text(encoding="utf-8")).items()}


def _check_and_build(tmp_path, case) -> tuple[set, set, str]:
    site = make_site(tmp_path / "site")
    _apply(site, case, {})
    check = run_kb("check", "--format", "json", cwd=site)
    assert "Traceback" not in check.stderr, check.stderr
    errors = {(f["path"], f["line"], f["rule"]) for f in json.loads(check.stdout)["findings"]
              if f["severity"] == "error" and STOPS_BUILD[f["rule"]]}
    build = run_kb("build", "--site-dir", str(tmp_path / "out"), cwd=site)
    output = build.stdout + build.stderr
    assert "Traceback" not in output, output
    refused = {(m["path"], int(m["line"]), m["rule"]) for m in FINDING.finditer(output)}
    if build.returncode == 0:
        refused = None
    return errors, refused, output


@pytest.mark.parametrize("case", VERDICT_CASES, ids=[c.get("name", c["rule"]) for c in VERDICT_CASES])
def test_the_build_refuses_what_kb_check_reports(case, tmp_path):
    errors, refused, output = _check_and_build(tmp_path, case)
    assert errors, "the broken variant should have an error"
    assert refused is not None, f"kb check reports {errors} but the build succeeded"
    assert refused == errors, f"check: {sorted(errors)}\nbuild: {sorted(refused or [])}\n{output}"
    lines = [m.group(0) for m in FINDING.finditer(output)]
    assert len(lines) == len(set(lines)), "a problem was reported twice"
    assert not any(".zh-Hant." in path for path, _, _ in refused)  # generated pages are never blamed
    assert not MKDOCS_WARNING.search(output), output


def test_must_not_flag_variants_build(tmp_path):
    def one(i_case):
        i, case = i_case
        errors, refused, output = _check_and_build(tmp_path / str(i), case)
        return case["name"], errors, refused, output

    with ThreadPoolExecutor(max_workers=2) as pool:
        for name, errors, refused, output in pool.map(one, enumerate(CLEAN)):
            assert not errors and refused is None, f"{name}: {errors or output}"


MARKDOWN_BITS = st.sampled_from([
    "\n", "\n\n", "    ", "```", "````", "```dialogue\nflow: enquiry\n", "staff (greeting): 您好\n", "!!! note\n",
    "- ", "1. ", "[x](", ")", "](", "![i](", "<", ">", "<a href=", "<img src=", " onerror=", "\"", "'",
    "javascript:", "jav&#x61;script:", "data:", "//x", "{: ", "}", "#", "## 标题 {#h}", "`", "~~~", "\t",
    "<!--", "-->", "&", "&#", "<script>", "</", "<svg>", "<style>", "中文", "这不归我管", "\r\n", "\ufeff",
    "---\n", "title: x\n", ": ", "<div markdown>", "</div>", "<details>", "??? note \"x\"\n", "[r]: ",
])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(MARKDOWN_BITS | st.text(max_size=12), max_size=40))
def test_random_markdown_and_html_never_crash_the_checker(tmp_path_factory, pieces):
    """kb check on a page of random Markdown/HTML: a report (exit 0 or 1), never a traceback."""
    site = tmp_path_factory.mktemp("fuzz") / "site"
    if not site.exists():
        make_site(site)
    page = site / "docs" / "cases" / "sample-case.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n" + "".join(pieces), encoding="utf-8")
    proc = run_kb("check", "--format", "json", cwd=site)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    json.loads(proc.stdout)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(MARKDOWN_BITS | st.text(max_size=12), min_size=1, max_size=40))
def test_random_markdown_and_html_never_crash_the_build(tmp_path_factory, pieces):
    """The build on the same kind of page: it succeeds or refuses with findings, never a traceback,
    and it refuses exactly when kb check reports an error."""
    tmp = tmp_path_factory.mktemp("fuzzbuild")
    site = make_site(tmp / "site")
    page = site / "docs" / "cases" / "sample-case.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n" + "".join(pieces), encoding="utf-8")
    check = run_kb("check", "--format", "json", cwd=site)
    errors = [f for f in json.loads(check.stdout)["findings"] if f["severity"] == "error" and STOPS_BUILD[f["rule"]]]
    build = run_kb("build", "--site-dir", str(tmp / "out"), cwd=site)
    assert "Traceback" not in build.stdout + build.stderr, build.stdout + build.stderr
    assert (build.returncode != 0) == bool(errors), (errors, build.stdout + build.stderr)


def test_the_build_checks_the_html_it_produces(tmp_path):
    """Whatever the source rules let through still stops the build: here the allow-list
    loses `h1`, which no page writes but every built page has (its title)."""
    site = make_site(tmp_path / "site")
    allow = site / "docs" / "_data" / "html-allowlist.yml"
    allow.write_text(allow.read_text(encoding="utf-8").replace("[h1, input, label]", "[input, label]"), encoding="utf-8")
    assert run_kb("check", cwd=site).returncode == 0  # the sources are fine
    build = run_kb("build", "--site-dir", str(tmp_path / "out"), cwd=site)
    output = build.stdout + build.stderr
    assert build.returncode == 1 and "the built HTML breaks the allow-list" in output, output
    assert re.search(r"^docs/index\.md:1:1: error SAFE-001 the `<h1>` element is not allowed", output, re.M), output
    assert "Traceback" not in output and not (tmp_path / "out").exists()


def test_dialogues_inside_admonitions_and_list_items_are_rendered(tmp_path):
    site = make_site(tmp_path / "site")
    block = ("```dialogue\nflow: enquiry\nstaff (greeting): {hi}\ncustomer (listening): {q}\n"
             "staff (explanation): {a}\nstaff (closing): {bye}\n```")
    for name, words, anchor in (("sample-case.md", dict(hi="您好。", q="怎么保养？", a="避免磕碰。", bye="欢迎再来。"), "## 讨论题"),
                                ("sample-case.en.md", dict(hi="Hello.", q="How do I look after it?", a="Avoid knocks.",
                                                           bye="Do come again."), "## Questions for the team")):
        page = site / "docs" / "cases" / name
        inner = block.format(**words)
        text = page.read_text(encoding="utf-8").replace(
            anchor, "!!! note \"x\"\n\n" + "\n".join("    " + line for line in inner.split("\n"))
            + "\n\n- item\n\n" + "\n".join("    " + line for line in inner.split("\n")) + "\n\n" + anchor, 1)
        page.write_text(text, encoding="utf-8")
    assert run_kb("check", cwd=site).returncode == 0
    out = tmp_path / "out"
    build = run_kb("build", "--site-dir", str(out), cwd=site)
    assert build.returncode == 0, build.stdout + build.stderr
    from justhtml import JustHTML

    for html_file, text in ((out / "cases" / "sample-case" / "index.html", "避免磕碰。"),
                            (out / "zh-Hant" / "cases" / "sample-case" / "index.html", "避免磕碰。"),
                            (out / "en" / "cases" / "sample-case" / "index.html", "Avoid knocks.")):
        doc = JustHTML(html_file.read_text(encoding="utf-8"), sanitize=False)
        assert len(doc.query(".admonition figure.kb-dialogue")) == 1, html_file
        assert len(doc.query("li figure.kb-dialogue")) == 1, html_file
        assert not doc.query("code.language-dialogue") and "KBDIALOGUE" not in doc.to_html()
        assert text in doc.query(".admonition .kb-turn__text")[2].to_text()
