"""Data rules (DATA-*) for what staff are told to say outside dialogues: the phrase bank
(docs/_data/phrases.yml), the quick finder (docs/_data/quick-finder.yml) and the "say
instead" lines of the 服务禁语 list. Their values must exist (stages, channels, groups,
script pages) and none of their lines may contain a 服务禁语 — the same matcher as DLG-009,
so a page of model phrases can never teach what the checker forbids in a dialogue."""
from __future__ import annotations

from .. import forbidden
from ..findings import Finding
from ..vocab import DATA_DIR, FINDER, PHRASES

PHRASES_PATH = (DATA_DIR / PHRASES).as_posix()
FINDER_PATH = (DATA_DIR / FINDER).as_posix()
FORBIDDEN_PATH = (DATA_DIR / "forbidden-phrases.yml").as_posix()


def _bad_value(path, line, what, value, allowed) -> Finding:
    return Finding("DATA-001", path, line, 1, {"detail": f"unknown {what} `{value}` (allowed: {', '.join(allowed)})"})


def value_findings(vocab, script_ids=None) -> list[Finding]:
    """Malformed entries and unknown values: the problems that stop the build. With
    `script_ids`, quick-finder links to missing script pages are reported too."""
    out = [Finding("DATA-001", p.path, p.line, 1, {"detail": p.detail}) for p in vocab.data_problems]
    channels = vocab.vocabularies.get("channel", {})
    for p in vocab.phrases:
        if p.stage not in vocab.stages:
            out.append(_bad_value(PHRASES_PATH, p.line, "stage", p.stage, vocab.stages))
        for c in p.channels:
            if c not in channels:
                out.append(_bad_value(PHRASES_PATH, p.line, "channel", c, channels))
    for p in vocab.forbidden:
        if p.group is not None and p.group not in vocab.forbidden_groups:
            out.append(_bad_value(FORBIDDEN_PATH, p.line, "group", p.group, vocab.forbidden_groups))
    for e in vocab.finder:
        if e.group not in vocab.finder_groups:
            out.append(_bad_value(FINDER_PATH, e.line, "group", e.group, vocab.finder_groups))
        if script_ids is not None and e.script not in script_ids:
            out.append(Finding("DATA-001", FINDER_PATH, e.line, 1,
                               {"detail": f"script page `{e.script}` does not exist"}))
    return out


def forbidden_findings(vocab) -> list[Finding]:
    lines = [(PHRASES_PATH, p.line, p.text) for p in vocab.phrases]
    lines += [(FINDER_PATH, e.line, e.reply) for e in vocab.finder]
    lines += [(FORBIDDEN_PATH, p.line, p.better) for p in vocab.forbidden]
    out = []
    for path, line, label in lines:
        for lang in ("zh", "en"):
            hit = forbidden.find(label.get(lang), lang, vocab.forbidden)
            if hit:
                out.append(Finding("DATA-002", path, line, 1, {"phrase": hit.shown(lang), "text": label.get(lang)}))
    return out


def check(ctx):
    scripts = {p.id for p in ctx.corpus.typed("script")}
    return value_findings(ctx.vocab, scripts) + forbidden_findings(ctx.vocab)
