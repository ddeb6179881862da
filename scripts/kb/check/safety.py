"""Safety rules (SAFE-*) for a site opened offline in stores: no script-running HTML, no
javascript: URLs, no external images or stylesheets (they break the offline export and
leak requests)."""
from __future__ import annotations

import re

DANGEROUS_TAG = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|base|form)\b", re.I)
EVENT_ATTR = re.compile(r"<[^>]*?\s(on[a-z]+)\s*=", re.I)
JS_URL = re.compile(r"(?:\]\(|(?:href|src|action)\s*=\s*[\"']?)\s*javascript:", re.I)
EXTERNAL_ASSET = re.compile(
    r"(?:!\[[^\]]*\]\(\s*<?(?P<md>https?://[^)\s>]+))"
    r"|(?:<\s*(?:img|source|video|audio)\b[^>]*\ssrc\s*=\s*[\"'](?P<src>(?:https?:)?//[^\"']+))"
    r"|(?:<\s*link\b[^>]*\shref\s*=\s*[\"'](?P<href>(?:https?:)?//[^\"']+))"
    r"|(?:@import\s+(?:url\()?[\"']?(?P<imp>(?:https?:)?//[^\"')\s]+))",
    re.I,
)


def check(ctx):
    out = []
    for page in ctx.corpus.pages.values():
        if not page.readable:
            continue
        for i, line in enumerate(page.body):
            if page.code_mask[i] or ("<" not in line and ":" not in line and "@" not in line):
                continue
            n = page.body_line + i
            for m in DANGEROUS_TAG.finditer(line):
                out.append(page.finding("SAFE-001", n, m.start() + 1, tag=m.group(1).lower()))
            for m in EVENT_ATTR.finditer(line):
                out.append(page.finding("SAFE-002", n, m.start(1) + 1, attr=m.group(1)))
            for m in JS_URL.finditer(line):
                out.append(page.finding("SAFE-003", n, m.start() + 1))
            for m in EXTERNAL_ASSET.finditer(line):
                target = next(g for g in m.groups() if g)
                out.append(page.finding("SAFE-004", n, m.start() + 1, target=target))
    return out
