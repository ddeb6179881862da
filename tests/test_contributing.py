"""The contributor workflow: review metadata on the built pages (badge, footer line, review
list), the edit and report links, and the repository conventions (workflow, pre-commit, issue
forms, pull-request template) matching what CI and the plugin expect."""
from __future__ import annotations

import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
import yaml
from justhtml import JustHTML

from conftest import ROOT, run_kb
from test_check_rules import check_json, make_site

REPO = "https://github.com/example/service-kb"


@pytest.fixture(scope="module")
def reviewed_site(tmp_path_factory) -> Path:
    """The fixture site built with a repository: its case overdue for review, its script not,
    and a page holding the review list."""
    site = make_site(tmp_path_factory.mktemp("reviewed") / "site")
    for name in ("sample-case.md", "sample-case.en.md"):
        page = site / "docs" / "cases" / name
        page.write_text(page.read_text(encoding="utf-8").replace("reviewed: 2026-12-01", "reviewed: 2020-01-01"),
                        encoding="utf-8")
    for suffix, title in ((".md", "复核清单"), (".en.md", "Review list")):
        (site / "docs" / f"review{suffix}").write_text(f"---\ntitle: {title}\n---\n\n<!-- kb:review -->\n",
                                                      encoding="utf-8")
    nav = site / "mkdocs.yml"
    nav.write_text(nav.read_text(encoding="utf-8").replace("nav:\n", "nav:\n  - review.md\n", 1), encoding="utf-8")
    proc = run_kb("build", "--site-dir", str(site / "out"), cwd=site, env={"KB_REPO_URL": REPO})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return site


def _page(site: Path, rel: str) -> JustHTML:
    return JustHTML((site / "out" / rel).read_text(encoding="utf-8"), sanitize=False)


def test_a_page_past_its_review_date_shows_the_badge_and_is_warned_about(reviewed_site):
    for rel, badge in (("cases/sample-case/index.html", "待复核"), ("zh-Hant/cases/sample-case/index.html", "待複核"),
                       ("en/cases/sample-case/index.html", "Needs review")):
        doc = _page(reviewed_site, rel)
        found = doc.query(".kb-facts .kb-badge--review")
        assert [b.to_text().strip() for b in found] == [badge], rel
        line = doc.query("p.kb-review")[0].to_text()
        assert "2020-01-01" in line and ("测试组" in line or "測試組" in line), (rel, line)
    current = _page(reviewed_site, "scripts/sample-script/index.html")
    assert not current.query(".kb-badge--review")
    assert "2026-12-01" in current.query("p.kb-review")[0].to_text()
    code, report = check_json(reviewed_site)
    review = [(f["rule"], f["path"], f["line"], f["severity"]) for f in report["findings"] if f["rule"].startswith("REVIEW")]
    assert review == [("REVIEW-001", "docs/cases/sample-case.md", 14, "warning")]


def test_the_review_list_shows_every_typed_page_by_due_date(reviewed_site):
    doc = _page(reviewed_site, "review/index.html")
    rows = [[c.to_text().strip() for c in tr.query("td")] for tr in doc.query("table tbody tr")]
    assert [r[0] for r in rows] == ["待复核", "未到期", "未到期"]  # the overdue case first
    assert "示例案例" in rows[0][1] and rows[0][3] == "2020-01-01" and rows[0][4] == "2020-06-29"
    assert {r[2] for r in rows} == {"测试组"}
    assert "3" in doc.query("article p")[0].to_text()  # 共 3 页，其中 1 页待复核


def test_every_page_can_be_edited_and_reported_from_the_browser(reviewed_site):
    for rel, source in (("cases/sample-case/index.html", "docs/cases/sample-case.md"),
                        ("zh-Hant/cases/sample-case/index.html", "docs/cases/sample-case.md"),
                        ("en/cases/sample-case/index.html", "docs/cases/sample-case.en.md")):
        doc = _page(reviewed_site, rel)
        edit = [a.attrs["href"] for a in doc.query("a.md-content__button")]
        assert edit == [f"{REPO}/edit/main/{source}"], rel  # zh-Hant: the zh page it is made from
        [report] = [a.attrs["href"] for a in doc.query("p.kb-review a")]
        url = urllib.parse.urlsplit(report)
        query = urllib.parse.parse_qs(url.query)
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{REPO}/issues/new"
        assert query["template"] == ["content-error.yml"] and query["page"] == [source], rel
        assert "示例案例" in query["title"][0] or "Sample case" in query["title"][0]
    # no repository link in the header, and nothing fetched from GitHub (Material's source facts)
    assert "md-source" not in (reviewed_site / "out" / "cases/sample-case/index.html").read_text(encoding="utf-8")


def test_without_a_repository_there_are_no_edit_or_report_links(built_site):
    html = (built_site / "cases" / "hilton-no-vacancy-referral" / "index.html").read_text(encoding="utf-8")
    doc = JustHTML(html, sanitize=False)
    assert not doc.query("a.md-content__button") and not doc.query("p.kb-review a")
    assert doc.query("p.kb-review")  # the review line itself is always there


def test_the_report_form_has_the_fields_the_report_link_fills_in():
    from kb.mkdocs_plugin import REPORT_FORM

    forms = ROOT / ".github" / "ISSUE_TEMPLATE"
    form = yaml.safe_load((forms / REPORT_FORM).read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"]}
    assert {"page", "lang"} <= ids
    for path in forms.glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), path
        if path.name != "config.yml":
            assert data["name"] and data["body"] and all(i.get("type") for i in data["body"]), path


def test_the_workflow_runs_what_ci_runs_and_annotates_pull_requests():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert set(triggers) >= {"push", "pull_request"}
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    runs = [s.get("run", "") for s in steps]
    assert "bash .ci/run" in runs
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci_run, re.M)
    assert re.search(r"^make test\b", (ROOT / "README.md").read_text(encoding="utf-8"), re.M)  # the README's command
    [pr] = [s for s in steps if "kb check" in s.get("run", "")]
    assert "pull_request" in pr["if"]
    assert all(word in pr["run"] for word in ("--changed", "--format github", '--summary "$GITHUB_STEP_SUMMARY"'))
    assert any("make offline" in r for r in runs)
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload and upload[0]["with"]["path"] == "dist/*.zip"
    assert all(re.search(r"@v\d+$", s["uses"]) for s in steps if "uses" in s)  # pinned actions


def test_the_pre_commit_configuration_is_valid_and_pinned():
    config = ROOT / ".pre-commit-config.yaml"
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(config)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    remote = [r for r in data["repos"] if r["repo"] != "local"]
    assert remote and all(re.fullmatch(r"v\d+(\.\d+)*", r["rev"]) for r in remote)
    hooks = {h["id"] for r in data["repos"] for h in r["hooks"]}
    assert {"trailing-whitespace", "end-of-file-fixer", "check-yaml", "check-added-large-files", "kb-check"} <= hooks
    [kb] = [h for r in data["repos"] for h in r["hooks"] if h["id"] == "kb-check"]
    assert kb["entry"].endswith("kb check --changed HEAD")


def test_the_contributing_guide_names_commands_that_exist():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"`?make (\w+)", text)):
        assert re.search(rf"^{target}:", makefile, re.M), target
    for link in re.findall(r"\]\(([^)#]+)\)", text):
        if not link.startswith("http"):
            assert (ROOT / link).exists(), link
    assert "CONTRIBUTING.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "make check" in template
