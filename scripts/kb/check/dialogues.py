"""Dialogue rules (DLG-*): syntax, known flow/role/stage, and completeness against the
flow's stages in docs/_data/dialogue.yml. `scorecard` gives the evidence for
`kb check --explain`. A bad version (`version: bad`) is meant to break its flow, so it is
held only to having a note on every staff turn and a good version beside it."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import forbidden


def vocab_findings(page, d, vocab) -> list:
    """Syntax and vocabulary problems of one dialogue: the ones that stop the build."""
    out = []
    for p in d.problems:
        args = dict(p.args)
        if p.code == "DLG-002":
            args.setdefault("allowed", ", ".join(vocab.flows))
        out.append(page.finding(p.code, p.line, **args))
    if d.flow is not None and d.flow not in vocab.flows:
        out.append(page.finding("DLG-002", d.flow_line or d.line, flow=d.flow, allowed=", ".join(vocab.flows)))
    for t in d.turns:
        if t.role not in vocab.roles:
            out.append(page.finding("DLG-003", t.line, role=t.role, allowed=", ".join(vocab.roles)))
        if t.stage not in vocab.stages:
            out.append(page.finding("DLG-004", t.line, stage=t.stage, allowed=", ".join(vocab.stages)))
    if not d.turns and not d.problems:
        out.append(page.finding("DLG-010", d.line))
    return out


@dataclass
class Evidence:
    stage: str
    optional: bool
    line: int | None  # first turn that serves this stage, None if absent


def scorecard(d, flow, vocab) -> list[Evidence]:
    """For each stage of the flow, the first staff-side turn that serves it. Customer
    turns carry a stage for context, but only what the staff says can satisfy a stage:
    a customer saying sorry is not the staff apologising."""
    first = {}
    for t in d.turns:
        role = vocab.roles.get(t.role)
        if role and role.side == "staff":
            first.setdefault(t.stage, t.line)
    return [Evidence(s.stage, s.optional, first.get(s.stage)) for s in flow.steps]


def _staff(t, vocab) -> bool:
    role = vocab.roles.get(t.role)
    return bool(role and role.side == "staff")


def bad_version_findings(page, d, vocab) -> list:
    """A bad version must say, on every staff turn, what that turn breaks."""
    return [page.finding("DLG-011", t.line, role=t.role) for t in d.turns if _staff(t, vocab) and not t.note]


def completeness_findings(page, d, vocab) -> list:
    out = []
    flow = vocab.flows.get(d.flow or "")
    lang = page.lang
    for t in d.turns:
        if not t.text.strip():
            out.append(page.finding("DLG-008", t.line, role=t.role))
    if d.bad:
        return out + bad_version_findings(page, d, vocab)
    for t in d.turns:
        if _staff(t, vocab):
            hit = forbidden.find(t.text, lang, vocab.forbidden)
            if hit:
                out.append(page.finding("DLG-009", t.line, phrase=hit.shown(lang), better=hit.better.get(lang)))
    if flow is None or not d.turns:
        return out
    card = scorecard(d, flow, vocab)
    flow_label = flow.label.get(lang)
    for ev in card:
        if ev.line is None and not ev.optional:
            st = vocab.stages[ev.stage]
            out.append(page.finding("DLG-005", d.line, flow=flow_label, stage=ev.stage,
                                    label=st.label.get(lang), hint=st.hint.get(lang)))
    present = [ev for ev in card if ev.line is not None]
    for earlier, later in zip(present, present[1:]):
        if later.line < earlier.line:
            out.append(page.finding("DLG-006", later.line, stage=later.stage, label=vocab.stages[later.stage].label.get(lang),
                                    before=earlier.stage, before_label=vocab.stages[earlier.stage].label.get(lang)))
    sides = [(vocab.roles[t.role].side if t.role in vocab.roles else None, t) for t in d.turns]
    msg_lang = "en" if lang == "en" else "zh"  # messages exist in zh and en (see rules.yml)
    for key, (side, turn) in (("opens", sides[0]), ("closes", sides[-1])):
        want = getattr(flow, key)
        if want and side is not None and side != want:
            out.append(page.finding("DLG-007", turn.line, side=vocab.say(f"side-{want}", msg_lang),
                                    where=vocab.say(key, msg_lang), role=turn.role))
    return out


NOTE_BULLET = re.compile(r"^\s*[-*+]\s+\*\*(?P<label>[^*]+?)\*\*")


def section_lines(page, section_id: str) -> tuple[int | None, list[str]]:
    """(heading line, body lines) of the level-2 section with this id, outside code."""
    heads = [h for h in page.headings if h.level <= 2]
    for k, h in enumerate(heads):
        if h.id == section_id:
            end = heads[k + 1].line if k + 1 < len(heads) else page.body_line + len(page.body)
            start = h.line - page.body_line + 1
            return h.line, page.body[start:end - page.body_line]
    return None, []


def notes_findings(page, vocab) -> list:
    """A script explains why the staff says what it says: its notes section has a bullet
    starting with the bold label of each stage its good dialogues' staff turns use."""
    if page.type != "script":
        return []
    stages = []
    for d in page.dialogues:
        if d.bad or d.flow not in vocab.flows:
            continue
        for t in d.turns:
            if _staff(t, vocab) and t.stage in vocab.stages and t.stage not in stages:
                stages.append(t.stage)
    line, body = section_lines(page, "notes")
    if line is None or not stages:
        return []  # a missing section is PAGE-003's finding
    found = {m.group("label").strip().rstrip("：:").lower() for m in map(NOTE_BULLET.match, body) if m}
    missing = [s for s in stages if vocab.stages[s].label.get(page.lang).lower() not in found]
    if not missing:
        return []
    labels = [vocab.stages[s].label.get(page.lang) for s in missing]
    sep = ", " if page.lang == "en" else "、"
    example = f"- **{labels[0]}**：…" if page.lang != "en" else f"- **{labels[0]}**: ..."
    return [page.finding("DLG-013", line, labels=sep.join(labels), example=example)]


def check(ctx):
    out = []
    for page in ctx.corpus.pages.values():
        if not page.readable:
            continue
        for d in page.dialogues:
            problems = vocab_findings(page, d, ctx.vocab)
            out.extend(problems)
            out.extend(completeness_findings(page, d, ctx.vocab))
        out.extend(notes_findings(page, ctx.vocab))
        bad = [d for d in page.dialogues if d.bad]
        if bad and len(bad) == len(page.dialogues):
            out.append(page.finding("DLG-012", bad[0].line))
    return out
