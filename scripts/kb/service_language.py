"""Generated pages of what staff say, from the data files: the phrase bank
(`<!-- kb:phrases -->`, docs/_data/phrases.yml), the 服务禁语 table (`<!-- kb:dont-say -->`,
docs/_data/forbidden-phrases.yml, the same list rule DLG-009 checks) and the quick finder
(`<!-- kb:quick-finder -->`, docs/_data/quick-finder.yml). Pure functions of the data and
the corpus; the MkDocs plugin calls them. Values were checked by `kb check` (DATA-001)."""
from __future__ import annotations

from .listings import rel_link
from .render import inline


def _cell(text: str) -> str:
    return inline(text, markdown=True).replace("\n", " ")


def _channel_group(vocab, channels: tuple[str, ...], lang: str) -> str:
    if not channels:
        return vocab.say("any-channel", lang)
    sep = ", " if lang == "en" else "、"
    return sep.join(vocab.label("channel", c, lang) for c in channels)


def phrase_bank(vocab, lang: str) -> str:
    """One section per dialogue stage (the stage ids are the heading ids, so a script's
    stage links straight to its phrases), phrases grouped by channel: any channel first."""
    channel_order = list(vocab.vocabularies.get("channel", {}))
    out = []
    for sid, stage in vocab.stages.items():
        phrases = [p for p in vocab.phrases if p.stage == sid]
        if not phrases:
            continue
        out.append(f"## {stage.label.get(lang)} {{#{sid}}}\n")
        count = vocab.say("phrase-count", lang).format(count=len(phrases))
        out.append(f'<p class="kb-phrases__hint">{inline(stage.hint.get(lang))} · {count}</p>\n')
        groups: dict[tuple[str, ...], list] = {}
        for p in phrases:
            groups.setdefault(p.channels, []).append(p)
        rank = lambda chs: (len(chs) > 0, min((channel_order.index(c) for c in chs if c in channel_order), default=0))
        for chs in sorted(groups, key=rank):
            out.append(f'<p class="kb-phrases__channel">{inline(_channel_group(vocab, chs, lang))}</p>\n')
            out.append('<ul class="kb-phrases">')
            out.extend(f"<li>{inline(p.text.get(lang))}</li>" for p in groups[chs])
            out.append("</ul>\n")
    return "\n".join(out) if out else vocab.say("none", lang)


def _table_row(*cells) -> str:
    return "| " + " | ".join(cells) + " |"


def dont_say(vocab, lang: str) -> str:
    """One table per group of 服务禁语 (docs/_data/forbidden-phrases.yml), ungrouped last."""
    heads = [vocab.say(k, lang) for k in ("dont-say", "say-instead", "why")]
    sections = [(gid, label.get(lang)) for gid, label in vocab.forbidden_groups.items()] + [(None, None)]
    out = ['<div class="kb-dont-say" markdown>\n']
    for gid, label in sections:
        phrases = [p for p in vocab.forbidden if p.group == gid]
        if not phrases:
            continue
        if label:
            out.append(f"## {label} {{#{gid}}}\n")
        out += [_table_row(*heads), _table_row(*["---"] * 3)]
        for p in phrases:
            why = p.why.get(lang) if p.why else ""
            out.append(_table_row(f"✗ {_cell(p.shown(lang))}", f"✓ {_cell(p.better.get(lang))}", _cell(why)))
        out.append("")
    out.append("</div>")
    return "\n".join(out)


def quick_finder(corpus, vocab, lang: str, here: str) -> str:
    """One table per group of customer lines, each reply linking to its full script."""
    by_id = corpus.by_id
    heads = [vocab.say(k, lang) for k in ("customer-says", "you-can-say", "full-script")]
    out = ['<div class="kb-finder" markdown>\n']
    for gid, label in vocab.finder_groups.items():
        entries = [e for e in vocab.finder if e.group == gid]
        if not entries:
            continue
        out += [f"## {label.get(lang)} {{#{gid}}}\n", _table_row(*heads), _table_row(*["---"] * 3)]
        for e in entries:
            page = by_id.get(e.script)
            link = (f"[{_cell(corpus.localized(page, lang).title)}]({rel_link(here, page.base)})"
                    if page else f"`{e.script}`")
            out.append(_table_row(f"“{_cell(e.says.get(lang))}”" if lang != "en" else f"\"{_cell(e.says.get(lang))}\"",
                                  _cell(e.reply.get(lang)), link))
        out.append("")
    out.append("</div>")
    return "\n".join(out)


def anchors(vocab, shortcode: str) -> set[str]:
    """Heading ids a shortcode of this module generates, so links to them can be checked."""
    if shortcode == "phrases":
        return {p.stage for p in vocab.phrases}
    if shortcode == "quick-finder":
        return {e.group for e in vocab.finder}
    if shortcode == "dont-say":
        return {p.group for p in vocab.forbidden if p.group}
    if shortcode == "glossary":
        return {f"term-{t.id}" for t in vocab.glossary}
    return set()
