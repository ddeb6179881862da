"""Translation rules (TRANS-*): every zh page has its en page; no zh-Hant page was edited
by hand (`kb check`, like the build, regenerates zh-Hant from zh, so it is never stale);
dialogues have the same flow, version, roles, stages and notes, and headings the same explicit ids, in every
language; ids and vocabulary values agree across languages; every nav title has its English."""
from __future__ import annotations

from pathlib import Path

from .. import DEFAULT_LANG, hant, navconfig
from ..findings import Finding
from ..layout import split_lang
from ..yamlfile import YamlProblem

# front-matter fields whose values must be identical in every language
SHARED_KINDS = {"id", "vocab", "vocabs", "refs", "sources", "number", "date"}
# written in each language (`references`: a law's English name with its Chinese title in 《》;
# self-check questions), but item for item: the same number of entries
PARALLEL_KINDS = {"texts", "questions"}


def find_hand_edits(docs_dir: Path, root: Path) -> dict[str, str]:
    """zh base path -> root-relative zh-Hant path, for every zh-Hant page that is not
    the generated twin of its zh page. Run before `hant.sync_tree` overwrites them."""
    out = {}
    for path in docs_dir.rglob("*.zh-Hant.md"):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if hant.hand_edited(text):
            base, _ = split_lang(path.relative_to(docs_dir).as_posix())
            out[base] = path.relative_to(root).as_posix()
    return out


def check(ctx):
    out = []
    corpus = ctx.corpus
    edited_hant = ctx.hand_edited_hant
    for zh in corpus.in_lang("zh"):
        if not zh.readable:
            continue
        en_rel = zh.base[:-3] + ".en.md"
        en = corpus.get(zh.base, "en")
        if en is None:
            out.append(zh.finding("TRANS-001", 1, target=f"docs/{en_rel}"))
        edited = edited_hant.get(zh.base)
        if edited:
            out.append(zh.finding("TRANS-002", 1, target=edited))
        if en is not None and en.readable:
            out.extend(_compare(ctx, zh, en))
    out.extend(_nav_titles(ctx.root))
    return out


def _nav_titles(root: Path):
    """TRANS-006: a nav title missing from a written language's `nav_translations` shows in
    Chinese on that language's site. zh-Hant titles are converted by the build, not written."""
    try:
        nav = navconfig.read(root)
    except (OSError, YamlProblem):
        return []  # LINK-004 reports an unreadable mkdocs.yml
    out = []
    for locale, given in nav.translations.items():
        if locale in (DEFAULT_LANG, "zh-Hant"):
            continue
        for title, line in nav.titles:
            if title not in given:
                out.append(Finding("TRANS-006", "mkdocs.yml", line, 1, {"title": title, "locale": locale}))
    return out


def _count(value) -> int:
    return len(value) if isinstance(value, list) else (0 if value is None else 1)


def _compare(ctx, zh, other):
    out = []
    ptype = ctx.vocab.page_types.get(zh.type or "")
    if ptype:
        for f in ptype.fields:
            if f.kind in SHARED_KINDS and zh.meta.get(f.name) != other.meta.get(f.name):
                out.append(other.finding("TRANS-004", other.field_line(f.name), field=f.name,
                                         value=other.meta.get(f.name), expected=zh.meta.get(f.name)))
            elif f.kind in PARALLEL_KINDS and _count(zh.meta.get(f.name)) != _count(other.meta.get(f.name)):
                out.append(other.finding("TRANS-004", other.field_line(f.name), field=f.name,
                                         value=f"{_count(other.meta.get(f.name))} item(s)",
                                         expected=f"{_count(zh.meta.get(f.name))} item(s)"))
    ids_zh = [h.id for h in zh.headings if h.explicit]
    ids_other = [h for h in other.headings if h.explicit]
    if ids_zh != [h.id for h in ids_other]:
        k = next((j for j, (x, y) in enumerate(zip(ids_zh, ids_other)) if x != y.id), min(len(ids_zh), len(ids_other)))
        line = ids_other[k].line if k < len(ids_other) else other.body_line
        here = f"#{ids_other[k].id}" if k < len(ids_other) else "-"
        there = f"#{ids_zh[k]}" if k < len(ids_zh) else "-"
        out.append(other.finding("TRANS-005", line, here=here, there=there))
    mine, theirs = zh.dialogues, other.dialogues
    if len(mine) != len(theirs):
        out.append(other.finding("TRANS-003", (theirs[0].line if theirs else 1), index="*",
                                 detail=f"{len(theirs)} dialogue(s) here, {len(mine)} in zh"))
        return out
    for i, (a, b) in enumerate(zip(mine, theirs), 1):
        seq_a = [(t.role, t.stage) for t in a.turns]
        seq_b = [(t.role, t.stage) for t in b.turns]
        notes_a = [j for j, t in enumerate(a.turns, 1) if t.note]
        notes_b = [j for j, t in enumerate(b.turns, 1) if t.note]
        if a.flow != b.flow:
            out.append(other.finding("TRANS-003", b.line, index=i, detail=f"flow `{b.flow}` here, `{a.flow}` in zh"))
        elif a.version != b.version:
            out.append(other.finding("TRANS-003", b.line, index=i,
                                     detail=f"`version: {b.version}` here, `version: {a.version}` in zh"))
        elif seq_a != seq_b:
            k = next((j for j, (x, y) in enumerate(zip(seq_a, seq_b)) if x != y), min(len(seq_a), len(seq_b)))
            line = b.turns[k].line if k < len(b.turns) else b.end_line
            here = f"{seq_b[k][0]} ({seq_b[k][1]})" if k < len(seq_b) else "nothing"
            there = f"{seq_a[k][0]} ({seq_a[k][1]})" if k < len(seq_a) else "nothing"
            out.append(other.finding("TRANS-003", line, index=i, detail=f"turn {k + 1} is {here} here, {there} in zh"))
        elif notes_a != notes_b:
            k = next(iter(sorted(set(notes_a) ^ set(notes_b))))
            has = "has" if k in notes_b else "has no"
            out.append(other.finding("TRANS-003", b.turns[k - 1].line, index=i,
                                     detail=f"turn {k} {has} `note:` here, unlike zh"))
    return out
