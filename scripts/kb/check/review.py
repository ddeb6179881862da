"""Review rules (REVIEW-001, REVIEW-002): a page past its review date (kb.review) is reported
so that its owner checks it again; a review date in the future is a typo."""
from __future__ import annotations

from .. import review


def check(ctx):
    out = []
    today = review.today()
    for page in ctx.corpus.in_lang("zh"):  # the en page shares the date (TRANS-004)
        if not page.readable or page.type not in ctx.vocab.page_types:
            continue
        state = review.review_of(page.meta, ctx.vocab.review)
        if state is None:
            continue  # missing or malformed: FM-002 or FM-004
        line = page.field_line("reviewed")
        if state.reviewed > today:
            out.append(page.finding("REVIEW-002", line, reviewed=state.reviewed.isoformat(), today=today.isoformat()))
        elif state.overdue(today):
            out.append(page.finding("REVIEW-001", line, reviewed=state.reviewed.isoformat(), days=state.days,
                                    due=state.due.isoformat(), owner=page.meta.get("owner") or "?"))
    return out
