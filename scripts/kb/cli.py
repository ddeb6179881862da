"""The `kb` command. Thin: parses arguments and calls the modules below.

    kb check [PATH...] [--changed [BASE]] [--lang zh|en] [--format text|github|json]
             [--strict] [--summary FILE] [--external] [--explain FILE] [--seeds DIR]
    kb build [--site-dir DIR]      build the site; fail on any MkDocs warning
    kb hant                        regenerate the zh-Hant pages from zh
    kb export [--out DIR]          the offline export: one zip with all languages, figures printed
    kb pdf [--out DIR]             the printable handbook of each language as a PDF
    kb new TYPE ID                 start docs/<folder>/ID.md and ID.en.md from the template
    kb bench [--sizes 0,100,1000,3000 | --quick] [--no-browser] [--links N] [--out DIR] [--record]
                                        scale figures: check, build, pages, search, link checkers

Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable input."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import KbError


def find_root(start: Path) -> Path:
    for d in [start, *start.parents]:
        if (d / "mkdocs.yml").is_file() and (d / "docs").is_dir():
            return d
    raise KbError("no mkdocs.yml with a docs/ folder here or above; run kb inside the repository")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb", description="服务知识库 tools")
    sub = parser.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", help="check links, front matter, translations and dialogues")
    c.add_argument("paths", nargs="*", help="limit the report to these files or folders")
    c.add_argument("--changed", nargs="?", const="origin/main", metavar="BASE",
                   help="only files changed since git revision BASE (default origin/main)")
    c.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the messages")
    c.add_argument("--format", choices=["text", "github", "json"], default="text")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    c.add_argument("--summary", metavar="FILE", help="also append the counts per rule to FILE as Markdown "
                   "(in GitHub Actions: \"$GITHUB_STEP_SUMMARY\", the job summary)")
    c.add_argument("--external", action="store_true", help="also check external http(s) links")
    c.add_argument("--explain", metavar="FILE", help="print each dialogue's stage scorecard for FILE")
    c.add_argument("--seeds", metavar="DIR", help="seed documents folder (default ../shared/seeds)")

    b = sub.add_parser("build", help="build the site; fail on any warning")
    b.add_argument("--site-dir", default="site")

    sub.add_parser("hant", help="regenerate zh-Hant pages from zh")

    x = sub.add_parser("export", help="build the offline export for stores: one zip, all languages")
    x.add_argument("--out", default="dist", help="folder for the zip (default: dist/)")
    x.add_argument("--no-measure", action="store_true", help="skip the browser figures (search time, heap)")

    pd = sub.add_parser("pdf", help="the printable handbook of each language as a PDF")
    pd.add_argument("--out", default="dist", help="folder for the PDFs (default: dist/)")

    n = sub.add_parser("new", help="start a page pair (zh + en) from a template")
    n.add_argument("type", help="case, principle or script")
    n.add_argument("id", help="the page id and file name, e.g. jade-ring-resize")
    n.add_argument("--owner", help="who keeps the page current (default: git config user.name)")

    be = sub.add_parser("bench", help="print and write scale figures (check, build, page sizes, search)")
    be.add_argument("--sizes", help="derived pages per language added to the real library, comma-separated "
                                     "(0: the real library alone; default 0,100,1000,3000)")
    be.add_argument("--quick", action="store_true", help="sizes 0 and 100 only")
    be.add_argument("--no-browser", action="store_true", help="skip the figures measured in Chromium")
    be.add_argument("--out", help="folder for bench.md and bench.json (default dist/bench)")
    be.add_argument("--record", action="store_true", help="write the figures to docs/_data/benchmark-figures.yml "
                    "(shown on guide/benchmark.md)")
    be.add_argument("--links", type=int, metavar="N", help="derived pages per language for the link-checker "
                    "comparison (default: the smallest size above 0; 0 skips it)")

    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code not in (0, None) else 0
    try:
        root = find_root(Path.cwd())
        if args.command == "check":
            from .check.report import run_check
            return run_check(root, args)
        if args.command == "build":
            from .build import build_site
            return build_site(root, Path(args.site_dir))
        if args.command == "export":
            from .export import export
            return export(root, Path(args.out), measure=not args.no_measure)
        if args.command == "pdf":
            from .export import pdf
            return pdf(root, Path(args.out))
        if args.command == "hant":
            from . import hant
            hant.load_overrides(root)
            written = hant.sync_tree(root / "docs")
            print(f"{len(written)} zh-Hant page(s) written")
            return 0
        if args.command == "new":
            from . import vocab
            from .scaffold import new_page, next_steps
            paths = new_page(root, vocab.load(root), args.type, args.id, owner=args.owner)
            for path in paths:
                print(f"created {path.relative_to(root)}")
            print(next_steps(paths, root))
            return 0
        if args.command == "bench":
            from .bench import run_bench
            return run_bench(root, args)
    except KbError as exc:
        print(f"kb: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
