"""Dialogue -> HTML chat bubbles. Called by the MkDocs plugin for every ```dialogue
block; labels come from docs/_data/dialogue.yml in the page's language.

The markup is an ordered list of turns with the speaker and stage as real text (read
aloud by screen readers, kept when printed); colour and side only repeat what the text
says. Styles: overrides/assets/stylesheets/kb.css."""
from __future__ import annotations

from html import escape

def render_dialogue(d, lang: str, vocab) -> str:
    flow = vocab.flows.get(d.flow or "")
    flow_label = flow.label.get(lang) if flow else (d.flow or "")
    title = f'<span class="kb-dialogue__title">{escape(d.title)}</span>' if d.title else ""
    colon = ": " if lang == "en" else "："
    parts = [
        f'<figure class="kb-dialogue" data-flow="{escape(d.flow or "")}">',
        f'<figcaption class="kb-dialogue__caption">{title}'
        f'<span class="kb-dialogue__flow">{escape(vocab.say("flow", lang))}{colon}{escape(flow_label)}</span></figcaption>',
        '<ol class="kb-dialogue__turns">',
    ]
    for t in d.turns:
        role = vocab.roles.get(t.role)
        stage = vocab.stages.get(t.stage)
        side = role.side if role else "customer"
        role_label = role.label.get(lang) if role else t.role
        stage_label = stage.label.get(lang) if stage else t.stage
        text = "<br>".join(escape(line) for line in t.text.split("\n"))
        parts.append(
            f'<li class="kb-turn kb-turn--{side}" data-role="{escape(t.role)}" data-stage="{escape(t.stage)}">'
            f'<p class="kb-turn__meta"><span class="kb-turn__role">{escape(role_label)}</span>'
            f'<span class="kb-turn__stage">{escape(stage_label)}</span></p>'
            f'<p class="kb-turn__text">{text}</p></li>'
        )
    parts.append("</ol></figure>")
    return "".join(parts)
