"""Chinese on an English page is marked `lang="zh"` (WCAG 2.2, 3.1.2 language of parts): a
screen reader reads 翡翠 with a Chinese voice, and the browser picks a Chinese font for it.

English pages quote Chinese on purpose: a name beside its translation (Fanxi (凡茜)), the
words on a certificate (翡翠（处理）), a Weibo handle (@东航凌燕), a law's title. The kb plugin
runs this on the article HTML of every English page, in the same parse as the glossary
tooltips. Page titles outside the article (header, tabs, footer) cannot be marked; the
English titles quote Chinese in brackets, which tests/test_build.py accepts there."""
from __future__ import annotations

import re

from justhtml.dom import Element, Text

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# a run of Chinese with what belongs to it: A货, 翡翠（处理）, 18K金, 不可能是您的问题
HAN_RUN = re.compile(rf"[A-Za-z0-9+]*[{HAN}][{HAN}\w（）、，。？！：；“”]*(?<![（“])")
SKIP = frozenset({"code", "pre", "kbd", "samp", "script", "style"})


def mark_chinese(root) -> int:
    """Wrap each Chinese run of the tree's text in <span lang="zh">; return how many."""
    count = 0
    stack = [root]
    while stack:
        node = stack.pop()
        attrs = getattr(node, "attrs", None) or {}
        if (getattr(node, "name", "") or "").lower() in SKIP or attrs.get("lang"):
            continue  # code, or already in a language of its own
        for child in list(getattr(node, "children", None) or []):
            if getattr(child, "name", None) == "#text":
                count += _wrap(node, child)
            else:
                stack.append(child)
    return count


def _wrap(parent, text_node) -> int:
    text = text_node.data or ""
    matches = list(HAN_RUN.finditer(text))
    if not matches:
        return 0
    children = parent.children
    at = next(k for k, c in enumerate(children) if c is text_node)
    following = children[at + 1] if at + 1 < len(children) else None
    text_node.data = text[:matches[0].start()]
    pos = matches[0].start()
    for m in matches:
        if m.start() > pos:
            parent.insert_before(Text(text[pos:m.start()]), following)
        span = Element("span", {"lang": "zh"}, "html")
        span.append_child(Text(m.group(0)))
        parent.insert_before(span, following)
        pos = m.end()
    if pos < len(text):
        parent.insert_before(Text(text[pos:]), following)
    return len(matches)
