"""Contributor-guide tables generated from the data files (shortcode `<!-- kb:table NAME -->`),
so the guide can never disagree with what the checker and renderer use."""
from __future__ import annotations

from .yamlfile import load_data_file


def _row(*cells) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def _head(*cells) -> str:
    return _row(*cells) + "\n" + _row(*["---"] * len(cells))


def _en(lang):
    return lang == "en"


def table_dialogue(vocab, lang: str) -> str:
    en = _en(lang)
    out = ["**" + ("Roles" if en else "角色") + "**\n",
           _head("id", "Label" if en else "显示为", "Side" if en else "一方")]
    for r in vocab.roles.values():
        out.append(_row(f"`{r.id}`", r.label.get(lang), r.side))
    out += ["", "**" + ("Stages" if en else "阶段") + "**\n",
            _head("id", "Label" if en else "显示为", "What the turn does" if en else "这一轮要做到")]
    for s in vocab.stages.values():
        out.append(_row(f"`{s.id}`", s.label.get(lang), s.hint.get(lang)))
    out += ["", "**" + ("Flows" if en else "流程") + "**\n",
            _head("id", "Label" if en else "名称", "Stages in order (optional in brackets)" if en else "阶段顺序（方括号为可选）",
                  "Opens / closes" if en else "开场 / 收尾")]
    for f in vocab.flows.values():
        steps = " → ".join(f"[{s.stage}]" if s.optional else s.stage for s in f.steps)
        out.append(_row(f"`{f.id}`", f.label.get(lang), steps, f"{f.opens or '-'} / {f.closes or '-'}"))
    return "\n".join(out)


def table_vocabularies(vocab, lang: str) -> str:
    out = []
    for name, values in vocab.vocabularies.items():
        out.append(f"**`{name}`**\n")
        out.append(_head("id", "Label" if _en(lang) else "显示为"))
        out.extend(_row(f"`{k}`", label.get(lang)) for k, label in values.items())
        out.append("")
    return "\n".join(out)


def table_page_types(vocab, lang: str) -> str:
    en = _en(lang)
    out = []
    for t in vocab.page_types.values():
        out.append(f"**{t.label.get(lang)}** (`type: {t.id}`, `docs/{t.folder}/`)\n")
        out.append(_head("Field" if en else "字段", "Kind" if en else "类型", "Required" if en else "必填"))
        for f in t.fields:
            kind = f.kind + (f" `{f.vocab}`" if f.vocab else "") + (f" → {f.ref}" if f.ref else "")
            if f.items:
                kind += f" ×{f.items[0]}" if f.items[0] == f.items[1] else f" ×{f.items[0]}–{f.items[1]}"
            out.append(_row(f"`{f.name}`", kind, ("yes" if en else "是") if f.required else ("no" if en else "否")))
        out.append("")
        out.append(("Body sections, in order: " if en else "正文小节（按顺序）：") +
                   "、".join(f"{label.get(lang)} `{{#{sid}}}`" for sid, label in t.sections.items()))
        out.append("")
    return "\n".join(out)


def table_forbidden(vocab, lang: str) -> str:
    en = _en(lang)
    out = [_head("Do not say" if en else "不要说", "Say instead" if en else "可以改说")]
    for p in vocab.forbidden:
        out.append(_row(p.en if en else p.zh, p.better.get(lang)))
    return "\n".join(out)


def table_search(vocab, lang: str) -> str:
    """docs/_data/search.yml: the synonym groups, the intent words and the dictionary."""
    en, s = _en(lang), vocab.search

    out = [_head("Chinese (also finds Traditional)" if en else "中文（繁体同样适用）", "English")]
    zh_groups, en_groups = s.synonyms.get("zh", []), s.synonyms.get("en", [])
    for i in range(max(len(zh_groups), len(en_groups))):
        out.append(_row("、".join(zh_groups[i]) if i < len(zh_groups) else "",
                        ", ".join(en_groups[i]) if i < len(en_groups) else ""))
    for ptype, words in s.intent.items():
        label = vocab.page_types[ptype].label.get(lang) if ptype in vocab.page_types else ptype
        out.append(_row(f"**{'intent' if en else '意图词'} → {label}**: " + "、".join(words["zh"]), ", ".join(words["en"])))
    out.append(_row(f"**{'kept whole' if en else '整词保留'}**: " + "、".join(s.dictionary), ""))
    return "\n".join(out)


def table_rules(vocab, lang: str) -> str:
    en = _en(lang)
    out = [_head("Rule" if en else "规则", "Severity" if en else "级别", "What it finds" if en else "检查什么",
                 "Stops the build" if en else "阻止构建")]
    for r in vocab.rules.values():
        out.append(_row(f"`{r.id}`", r.severity, r.summary.get(lang), ("yes" if en else "是") if r.stops_build else ""))
    return "\n".join(out)


COVERAGE_SECTIONS = {
    "frameworks": {"zh": "框架与方法", "en": "Frameworks and methods"},
    "cases": {"zh": "案例", "en": "Cases"},
    "examples": {"zh": "短例（并入其他页面）", "en": "Short examples (folded into other pages)"},
}


def table_coverage(vocab, lang: str, corpus=None, here: str = "") -> str:
    from .listings import rel_link

    data = load_data_file(vocab.data_dir / "coverage.yml") if (vocab.data_dir / "coverage.yml").exists() else {}
    en = _en(lang)
    out = []
    for section, heading in COVERAGE_SECTIONS.items():
        entries = (data or {}).get(section) or []
        if not entries:
            continue
        out += [f"## {heading['en' if en else 'zh']} ({len(entries)}) {{#{section}}}\n",
                _head("Seed item" if en else "条目", "Seed lines" if en else "出处", "Page" if en else "页面")]
        for e in entries:
            page = corpus.by_id.get(str(e.get("page"))) if corpus else None
            link = f"[{corpus.localized(page, lang).title}]({rel_link(here, page.base)})" if page else f"`{e.get('page')}`"
            out.append(_row(f"{e.get('ref')} {e.get('name', '')}", e.get("lines", ""), link))
        out.append("")
    return "\n".join(out)


TABLES = {
    "dialogue": table_dialogue,
    "vocabularies": table_vocabularies,
    "page-types": table_page_types,
    "forbidden-phrases": table_forbidden,
    "rules": table_rules,
    "search": table_search,
}
