"""External http(s) links, checked only with `kb check --external`: bounded concurrency,
a timeout and one retry, so a slow site never hangs a pull-request check."""
from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

WORKERS = 8
TIMEOUT = 10  # seconds per request
RETRIES = 1


def fetch(url: str) -> str | None:
    """None when the URL answers with a status below 400, else what went wrong."""
    problem = None
    for _ in range(1 + RETRIES):
        for method in ("HEAD", "GET"):
            req = urllib.request.Request(url, method=method, headers={"User-Agent": "kb-check/1"})
            try:
                with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
                    if resp.status < 400:
                        return None
                    problem = f"HTTP {resp.status}"
            except urllib.error.HTTPError as exc:
                problem = f"HTTP {exc.code}"
                if exc.code == 405 and method == "HEAD":
                    continue  # some servers refuse HEAD; try GET
            except (urllib.error.URLError, OSError, ValueError) as exc:
                problem = str(getattr(exc, "reason", exc))
            break
    return problem


def check_external(ctx):
    uses = {}
    for page in ctx.corpus.pages.values():
        for link in page.links:
            if link.target.startswith(("http://", "https://")):
                uses.setdefault(link.target, []).append((page, link))
    out = []
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for url, problem in zip(uses, pool.map(fetch, uses)):
            if problem:
                for page, link in uses[url]:
                    out.append(page.finding("LINK-006", link.line, link.col, target=url, detail=problem))
    return out
