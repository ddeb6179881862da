"""The jewellery and jade glossary (docs/_data/glossary.yml): its page and its tooltips.

`glossary_page` renders the 珠宝玉石术语 page (shortcode `<!-- kb:glossary -->`).
`TermMarker` marks the first use of each term on a built page with
`<abbr class="kb-term" title="definition">`, which Material shows as a tooltip. It works on
the parsed HTML, not on Markdown, because Python-Markdown's `abbr` extension needs word
boundaries and Chinese has none (`\\b` never falls between two Han characters). Only the
forms the data lists under `mark` (by default the term and its `also` spellings in
Chinese, nothing in English) are marked, never inside links, code, headings or another
abbreviation."""
from __future__ import annotations

import re

from justhtml.dom import Element, Text

from . import hant
from .render import inline

SKIP = frozenset({"a", "abbr", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6",
                  "script", "style", "summary", "figcaption", "button", "label"})


def _anchor(term) -> str:
    return f"term-{term.id}"


TRADE_USAGE = "行业通行说法（trade usage）"  # glossary.yml: a term's source when no standard names it


def glossary_page(vocab, lang: str) -> str:
    """Markdown for the glossary page: one section per term, in the data's order."""
    key = "en" if lang == "en" else "zh"
    out = []
    for t in vocab.glossary:
        name = t.en if lang == "en" else (hant.convert(t.zh) if lang == "zh-Hant" else t.zh)
        out.append(f"### {inline(name, markdown=True)} {{#{_anchor(t)}}}\n")
        out.append(inline(t.define.get(lang), markdown=True) + "\n")
        for label, text in (("term-customer", t.customer_means), ("term-may", t.may_say), ("term-must-not", t.must_not)):
            out.append(f"- **{vocab.say(label, lang)}**{'：' if key == 'zh' else ': '}{inline(text.get(lang), markdown=True)}")
        if t.source == TRADE_USAGE:  # the data's fixed words for "no standard names this"
            source = vocab.say("term-trade-usage", lang)
        else:  # a standard's number and 《title》; its title a protected name on zh-Hant
            source = hant.convert(t.source) if lang == "zh-Hant" else t.source
        out.append(f"- **{vocab.say('term-source', lang)}**{'：' if key == 'zh' else ': '}{inline(source, markdown=True)}\n")
    return "\n".join(out)


class TermMarker:
    """Marks the first use of each glossary term in one built page's HTML tree."""

    def __init__(self, vocab, lang: str):
        forms = []
        for t in vocab.glossary:
            title = t.define.get(lang)
            for form in t.mark.get("en" if lang == "en" else "zh", ()):
                shown = hant.convert(form) if lang == "zh-Hant" else form
                forms.append((shown, t.id, title))
                if lang != "en" and _spaced(shown) != shown:  # pages write "A 货" (STYLE-001), the trade "A货"
                    forms.append((_spaced(shown), t.id, title))
        # longest first, so 冰种翡翠 wins over 冰种
        self.forms = sorted(forms, key=lambda f: -len(f[0]))
        self.english = lang == "en"
        # where any form starts: one scan of a text instead of one find per form
        self.starts = re.compile("|".join(re.escape(f[0]) for f in self.forms)) if self.forms else None
        self.by_first: dict[str, list[tuple[str, str, str]]] = {}
        for f in self.forms:
            self.by_first.setdefault(f[0][0], []).append(f)

    def _find(self, text: str, done: set[str]):
        """(start, form, term id, title) of the earliest unmarked term in `text`: at the first
        position where one starts, the longest (in English only as a whole word)."""
        if self.starts is None:
            return None
        m = self.starts.search(text)
        while m:
            pos = m.start()
            for form, tid, title in self.by_first[text[pos]]:
                if tid not in done and text.startswith(form, pos) and \
                        not (self.english and not _whole_word(text, pos, len(form))):
                    return pos, form, tid, title
            m = self.starts.search(text, pos + 1)
        return None

    def mark(self, root) -> int:
        """Wrap first uses in place; return how many were marked."""
        done: set[str] = set()
        stack = [(root, False)]
        while stack:
            node, skip = stack.pop()
            name = getattr(node, "name", "") or ""
            skip = skip or name.lower() in SKIP or "kb-term" in (getattr(node, "attrs", None) or {}).get("class", "")
            children = list(getattr(node, "children", None) or [])
            for child in reversed(children):
                if getattr(child, "name", None) == "#text":
                    if not skip:
                        self._mark_text(node, child, done)
                else:
                    stack.append((child, skip))
        return len(done)

    def _mark_text(self, parent, text_node, done: set[str]) -> None:
        text = text_node.data or ""
        hit = self._find(text, done)
        if hit is None:
            return
        pos, form, tid, title = hit
        done.add(tid)
        abbr = Element("abbr", {"class": "kb-term", "title": title}, "html")
        abbr.append_child(Text(form))
        after = Text(text[pos + len(form):])
        text_node.data = text[:pos]
        parent.insert_before(abbr, _next_sibling(parent, text_node))
        parent.insert_before(after, _next_sibling(parent, abbr))
        self._mark_text(parent, after, done)  # another term may follow in the same text


_LATIN_HAN = re.compile(r"(?<=[A-Za-z0-9])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9])")


def _spaced(form: str) -> str:
    """A Chinese form as the copywriting check wants it in prose: a space between Latin letters
    or digits and Han characters (A货 -> A 货, 18K金 -> 18K 金)."""
    return _LATIN_HAN.sub(" ", form)


def _next_sibling(parent, node):
    children = parent.children
    i = next(k for k, c in enumerate(children) if c is node)
    return children[i + 1] if i + 1 < len(children) else None


def _whole_word(text: str, pos: int, length: int) -> bool:
    before = text[pos - 1] if pos else " "
    after = text[pos + length] if pos + length < len(text) else " "
    return not (before.isalnum() or after.isalnum())
