"""SHORT-001: a `<!-- kb:... -->` shortcode the build does not know (kb.shortcodes)."""
from __future__ import annotations

from .. import shortcodes
from ..listings import SHORTCODE


def check(ctx):
    out = []
    known = shortcodes.known(ctx.vocab)
    for page in ctx.corpus.pages.values():
        if not page.readable:
            continue
        for i, line in enumerate(page.body):  # the plugin expands them anywhere in the body
            for m in SHORTCODE.finditer(line):
                if not shortcodes.is_known(ctx.vocab, m.group("name"), m.group("args").split()):
                    out.append(page.finding("SHORT-001", page.body_line + i, m.start() + 1,
                                            code=m.group(0), known=known))
    return out
