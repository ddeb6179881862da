"""Every broken link and anchor that MkDocs' own `validation:` reports in a small broken
corpus is also reported by `kb check` (same file, same target)."""
from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import run_kb
from test_check_rules import make_site

BROKEN = {
    "docs/cases/sample-case.md": "\n".join([
        "[缺页](../principles/nothing.md)",
        "[缺锚点](../principles/sample-principle.md#step-7)",
        "[本页锚点](#no-such-heading)",
        "[上一层的缺页](../missing-top.md)",
        "[目录里的页](../principles/complaints/index.md#nope)",
        "[有效的](../principles/sample-principle.md#step-1)",
    ]),
    "docs/cases/sample-case.en.md": "\n".join([
        "[missing](../scripts/absent.md)",
        "[bad anchor](../scripts/sample-script.md#not-there)",
        "[good](../scripts/sample-script.md#dialogue)",
    ]),
    "docs/index.md": "[坏锚点](cases/sample-case.md#background-x)",
}

WARNING = re.compile(r"Doc file '(?P<doc>[^']+)' contains a link '(?P<link>[^']+)', but (?:the target|the doc) '[^']+' "
                     r"(?:is not found among documentation files|does not contain an anchor '#(?P<anchor>[^']+)')")


def test_kb_check_reports_everything_mkdocs_validation_reports(tmp_path):
    site = make_site(tmp_path / "site")
    for rel, extra in BROKEN.items():
        path = site / rel
        path.write_text(path.read_text(encoding="utf-8") + "\n\n" + extra + "\n", encoding="utf-8")

    # MkDocs' own validation is the oracle here; without the kb plugin, which would refuse the
    # build first with the checker's own findings (tests/test_verdict.py covers that side)
    config = site / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^  - kb\b.*\n", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "out")], cwd=site,
                           capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    reported_by_mkdocs = set()
    for m in WARNING.finditer(build.stdout + build.stderr):
        doc = m.group("doc").replace(".zh-Hant.md", ".md")  # zh-Hant findings are reported on the zh page
        reported_by_mkdocs.add((f"docs/{doc}", m.group("link")))
    assert len(reported_by_mkdocs) >= 7, build.stderr  # the corpus really is broken in MkDocs' eyes

    proc = run_kb("check", "--format", "json", cwd=site)
    findings = json.loads(proc.stdout)["findings"]
    reported_by_kb = {(f["path"], f["message"]) for f in findings if f["rule"] in ("LINK-001", "LINK-002")}
    missing = []
    for path, link in sorted(reported_by_mkdocs):
        target, _, anchor = link.partition("#")
        hit = any(p == path and (f"`{link}`" in msg or (target and f"`{target}`" in msg and f"#{anchor}" in msg)
                                  or (not target and f"#{anchor}`" in msg))
                  for p, msg in reported_by_kb)
        if not hit:
            missing.append((path, link))
    assert missing == [], f"MkDocs reported these, kb check did not: {missing}\nkb: {sorted(reported_by_kb)}"
