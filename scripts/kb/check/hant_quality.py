"""zh-Hant quality rules (HANT-*): the generated Traditional pages read as Taiwan standard.

The zh-Hant page is the zh page through kb.hant, line for line, so a finding is reported at
the zh line that produced it, with the Simplified phrase and the override to add to
docs/_data/hant-overrides.yml. What counts as wrong comes from docs/_data/hant-vocabulary.yml:
- HANT-001 `wrong`: a known wrong one-to-many conversion (不髮 for 不發, 隻有 for 只有...);
- HANT-002 `mainland`: a mainland word the Taiwan standard replaces (反饋 -> 回饋);
- HANT-003 `variants`: a second spelling of a word the site writes one way (櫃檯 for 櫃台)."""
from __future__ import annotations

import re

from .. import hant
from ..pages import blank_code_spans

RULES = (("HANT-001", "hant_wrong"), ("HANT-002", "hant_mainland"))


def _variant_table(vocab) -> dict[str, str]:
    return {bad: good for good, bads in vocab.hant_variants.items() for bad in bads}


def _names_pattern(vocab) -> re.Pattern | None:
    """Protected names as they appear in zh-Hant: their words are never findings."""
    names = sorted({hant.convert(n) for n in vocab.hant_protected}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names))) if names else None


def _tables(vocab) -> list:
    """(rule, bad -> good, pattern finding any bad) for each rule whose table is not empty."""
    tables = [(rule, getattr(vocab, attr)) for rule, attr in RULES] + [("HANT-003", _variant_table(vocab))]
    return [(rule, table, re.compile("|".join(map(re.escape, sorted(table, key=len, reverse=True)))))
            for rule, table in tables if table]


def page_findings(page, vocab, names: re.Pattern | None = None, tables: list | None = None) -> list:
    tables = _tables(vocab) if tables is None else tables
    if not tables:
        return []
    out = []
    zh_lines = page.text.split("\n")
    hant_lines = hant.converted(page.path, page.text).split("\n")  # the page as generated
    if len(hant_lines) != len(zh_lines):  # cannot happen: conversion keeps line breaks
        hant_lines = [hant.convert(line) for line in zh_lines]
    body_start = page.body_line - 1
    for offset, (zh_line, hant_line) in enumerate(zip(zh_lines, hant_lines)):
        k = offset - body_start
        if 0 <= k < len(page.code_mask) and page.code_mask[k]:
            continue  # code shows syntax and examples, also of wrong conversions
        hant_line = blank_code_spans(hant_line)
        if names is not None:
            hant_line = names.sub(lambda m: " " * len(m.group(0)), hant_line)
        for rule, table, pattern in tables:
            for m in pattern.finditer(hant_line):
                bad, good = m.group(0), table[m.group(0)]
                # conversion keeps a line's length almost always: the zh phrase sits at the same place
                zh = zh_line[m.start():m.end()] if len(zh_line) == len(hant_line) else bad
                out.append(page.finding(rule, offset + 1, m.start() + 1, zh=zh, bad=bad, good=good))
    return out


def check(ctx):
    out = []
    names, tables = _names_pattern(ctx.vocab), _tables(ctx.vocab)
    for page in ctx.corpus.in_lang("zh"):
        if page.readable:
            out.extend(page_findings(page, ctx.vocab, names, tables))
    return out
