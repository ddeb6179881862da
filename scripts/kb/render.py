"""Dialogue -> HTML chat bubbles. Called by the MkDocs plugin for every ```dialogue
block; labels come from docs/_data/dialogue.yml and docs/_data/ui.yml in the page's language.

The markup is an ordered list of turns with the speaker and stage as real text (read
aloud by screen readers, kept when printed); colour and side only repeat what the text
says. A bad version says so in words too (a "✗ Don't do this" badge and a "What's wrong"
note under each staff turn), so it reads as bad in print and without colour; on a page
that shows one, the good version carries a "✓" badge. Slots the store fills in (〔…〕 in
Chinese, [...] in English) are marked up so readers see they are not a promise.
Styles: overrides/assets/stylesheets/kb.css."""
from __future__ import annotations

import re
from html import escape

# 〔本店的退换规定〕 or [your store's policy]: something each store decides
SLOT = re.compile(r"〔[^〔〕\n]{1,40}〕|\[[^\[\]\n]{1,60}\]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _escape(s: str, markdown: bool) -> str:
    s = escape(s)
    return _MD_SPECIAL.sub(r"\\\1", s) if markdown else s


def inline(s: str, markdown: bool = False) -> str:
    """One line of text staff say, escaped, with its slots marked. `markdown=True` also
    escapes Markdown syntax, for text placed in generated Markdown (tables, lists)."""
    out, pos = [], 0
    for m in SLOT.finditer(s):
        out.append(_escape(s[pos:m.start()], markdown))
        out.append(f'<span class="kb-slot">{_escape(m.group(0), markdown)}</span>')
        pos = m.end()
    out.append(_escape(s[pos:], markdown))
    return "".join(out)


def _text(s: str) -> str:
    return "<br>".join(inline(line) for line in s.split("\n"))


def render_dialogue(d, lang: str, vocab, contrast: bool = False) -> str:
    """`contrast`: the page also shows a bad version, so the good one is badged too."""
    flow = vocab.flows.get(d.flow or "")
    flow_label = flow.label.get(lang) if flow else (d.flow or "")
    colon = ": " if lang == "en" else "："
    badge = ""
    if d.bad or contrast:
        key = "version-bad" if d.bad else "version-good"
        badge = f'<span class="kb-dialogue__version">{escape(vocab.say(key, lang))}</span>'
    title = f'<span class="kb-dialogue__title">{escape(d.title)}</span>' if d.title else ""
    modifier = " kb-dialogue--bad" if d.bad else ""
    parts = [
        f'<figure class="kb-dialogue{modifier}" data-flow="{escape(d.flow or "")}" data-version="{d.version}">',
        f'<figcaption class="kb-dialogue__caption">{badge}{title}'
        f'<span class="kb-dialogue__flow">{escape(vocab.say("flow", lang))}{colon}{escape(flow_label)}</span></figcaption>',
        '<ol class="kb-dialogue__turns">',
    ]
    for t in d.turns:
        role = vocab.roles.get(t.role)
        stage = vocab.stages.get(t.stage)
        side = role.side if role else "customer"
        role_label = role.label.get(lang) if role else t.role
        stage_label = stage.label.get(lang) if stage else t.stage
        note = ""
        if t.note:
            note = (f'<p class="kb-turn__note"><span class="kb-turn__note-label">{escape(vocab.say("note", lang))}'
                    f'{colon}</span>{_text(t.note)}</p>')
        parts.append(
            f'<li class="kb-turn kb-turn--{side}" data-role="{escape(t.role)}" data-stage="{escape(t.stage)}">'
            f'<p class="kb-turn__meta"><span class="kb-turn__role">{escape(role_label)}</span>'
            f'<span class="kb-turn__stage">{escape(stage_label)}</span></p>'
            f'<p class="kb-turn__text">{_text(t.text)}</p>{note}</li>'
        )
    parts.append("</ol></figure>")
    return "".join(parts)
