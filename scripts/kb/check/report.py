"""`kb check` front end: selects files, runs the rule families, prints findings as text,
GitHub annotations or JSON, and chooses the exit status (0 clean, 1 errors, 2 usage)."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from ..errors import KbError
from . import make_context, run
from .dialogues import scorecard

# Changing one of these can affect every page: check everything.
GLOBAL_FILES = ("mkdocs.yml", "docs/_data/")


def _changed_paths(root: Path, base: str) -> set[str] | None:
    def git(*args):
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        if proc.returncode:
            raise KbError(f"--changed: git {' '.join(args)} failed: {proc.stderr.strip() or proc.stdout.strip()}")
        return [line for line in proc.stdout.splitlines() if line]

    changed = set(git("diff", "--name-only", base)) | set(git("ls-files", "--others", "--exclude-standard"))
    if any(p == g or p.startswith(g) for p in changed for g in GLOBAL_FILES):
        return None
    # a changed zh page can break its translations' checks too
    more = set()
    for p in changed:
        if p.endswith(".md") and not p.endswith((".en.md", ".zh-Hant.md")):
            more |= {p[:-3] + ".en.md", p[:-3] + ".zh-Hant.md"}
    return changed | more


def _select(root: Path, given: list[str]) -> set[str]:
    out = set()
    for g in given:
        p = (Path.cwd() / g).resolve()
        if not p.exists():
            raise KbError(f"no such file or folder: {g}")
        try:
            rel = p.relative_to(root).as_posix()
        except ValueError:
            raise KbError(f"{g} is outside the repository {root}") from None
        out.add(rel)
    return out


def _in_selection(path: str, selection: set[str]) -> bool:
    return any(path == s or path.startswith(s.rstrip("/") + "/") or s in ("", ".") for s in selection)


def explain(ctx, file: str, lang: str) -> int:
    p = (Path.cwd() / file).resolve()
    page = next((pg for pg in ctx.corpus.pages.values() if pg.path.resolve() == p), None)
    if page is None:
        raise KbError(f"{file} is not a page of this site")
    v = ctx.vocab
    if not page.dialogues:
        print(f"{page.root_rel}: no dialogue" if lang == "en" else f"{page.root_rel}：没有对话")
        return 0
    missing_any = False
    for i, d in enumerate(page.dialogues, 1):
        flow = v.flows.get(d.flow or "")
        head = f"{page.root_rel}:{d.line}  #{i} flow `{d.flow}`"
        if flow is None:
            print(head + ("  (unknown flow)" if lang == "en" else "（未知流程）"))
            missing_any = True
            continue
        print(f"{head}  {flow.label.get(lang)}" + (f" — {d.title}" if d.title else ""))
        if d.bad:
            noted = sum(1 for t in d.turns if t.note)
            print("  (version: bad: not held to the flow; " if lang == "en" else "  （反面示范：不按流程计分；", end="")
            print(f"{noted} note(s))" if lang == "en" else f"{noted} 条 note）")
            continue
        for ev in scorecard(d, flow, v):
            label = v.stages[ev.stage].label.get(lang)
            if ev.line is not None:
                turn = next(t for t in d.turns if t.line == ev.line)
                text = turn.text.replace("\n", " ")
                print(f"  ✓ {ev.stage:<13}{label:<8} line {ev.line:<4} {turn.role}: {text[:40]}")
            elif ev.optional:
                print(f"  · {ev.stage:<13}{label:<8} " + ("optional, absent" if lang == "en" else "可选，未出现"))
            else:
                missing_any = True
                print(f"  ✗ {ev.stage:<13}{label:<8} " + ("MISSING (required)" if lang == "en" else "缺少（必需）"))
    return 1 if missing_any else 0


def run_check(root: Path, args) -> int:
    started = time.perf_counter()
    ctx = make_context(root, seeds=args.seeds, external=args.external)
    if args.explain:
        return explain(ctx, args.explain, args.lang)
    selection = _select(root, args.paths) if args.paths else None
    if args.changed:
        changed = _changed_paths(root, args.changed)
        if changed is not None:
            selection = changed if selection is None else {p for p in changed if _in_selection(p, selection)}
    findings = run(ctx)
    if selection is not None:
        findings = [f for f in findings if _in_selection(f.path, selection)]
    v = ctx.vocab
    sev = {f: ("error" if args.strict else f.severity(v)) for f in findings}
    errors = sum(1 for f in findings if sev[f] == "error")
    warnings = len(findings) - errors
    elapsed = time.perf_counter() - started
    pages = len(ctx.corpus.pages)
    if args.format == "json":
        json.dump({
            "findings": [{"path": f.path, "line": f.line, "col": f.col, "severity": sev[f], "rule": f.rule,
                          "message": f.message(v, args.lang)} for f in findings],
            "summary": {"errors": errors, "warnings": warnings, "pages": pages, "seconds": round(elapsed, 3)},
            "notes": ctx.notes,
        }, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for note in ctx.notes:
            print(("note: " if args.lang == "en" else "提示：") + note, file=sys.stderr)
        for f in findings:
            if args.format == "github":
                msg = f.message(v, args.lang).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
                print(f"::{sev[f]} file={f.path},line={f.line},col={f.col},title={f.rule}::{msg}")
            else:
                print(f"{f.path}:{f.line}:{f.col}: {sev[f]} {f.rule} {f.message(v, args.lang)}")
        if args.lang == "en":
            print(f"{errors} error(s), {warnings} warning(s); {pages} page files checked in {elapsed:.2f} s")
        else:
            print(f"{errors} 个错误，{warnings} 个警告；检查了 {pages} 个页面文件，用时 {elapsed:.2f} 秒")
    if args.summary:
        _write_summary(Path(args.summary), findings, sev, v, args.lang, errors, warnings, pages)
    return 1 if errors else 0


def _write_summary(path: Path, findings, sev, v, lang: str, errors: int, warnings: int, pages: int) -> None:
    """Append the counts as Markdown (`--summary "$GITHUB_STEP_SUMMARY"`: the job summary)."""
    en = lang == "en"
    lines = ["## kb check", "",
             f"**{errors}** error(s), **{warnings}** warning(s) in {pages} page files" if en else
             f"**{errors}** 个错误，**{warnings}** 个警告；检查了 {pages} 个页面文件", ""]
    counts: dict[tuple[str, str], int] = {}
    for f in findings:
        counts[(f.rule, sev[f])] = counts.get((f.rule, sev[f]), 0) + 1
    if counts:
        lines += ["| rule | severity | findings | what |" if en else "| 规则 | 级别 | 数量 | 说明 |", "|---|---|---|---|"]
        for (rule, severity), n in sorted(counts.items(), key=lambda kv: (kv[0][1] != "error", -kv[1], kv[0][0])):
            what = v.rules[rule].summary.get(lang) if rule in v.rules else ""
            lines.append(f"| `{rule}` | {severity} | {n} | {what} |")
        files = sorted({f.path for f in findings})
        lines += ["", ("Files: " if en else "文件：") + ", ".join(f"`{p}`" for p in files[:30])
                  + (" …" if len(files) > 30 else "")]
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n\n")
