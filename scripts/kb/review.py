"""When a page was last reviewed, by whom, and whether it is due for review again.

A typed page names its `owner` and the date it was last `reviewed`; docs/_data/review.yml
says how long a review stays current (per page type or principle section, or per page with
`review_every`). The build shows a needs-review badge and a footer line from this, `kb check`
warns about overdue pages (REVIEW-001) and refuses future dates (REVIEW-002), and the
review list page (`<!-- kb:review -->`) lists every page by due date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

DEFAULT_INTERVAL = 180


@dataclass(frozen=True)
class ReviewSettings:
    interval_days: int = DEFAULT_INTERVAL
    sections: dict[str, int] = field(default_factory=dict)  # page type or principle section -> days


def reviewed_on(meta: dict) -> dt.date | None:
    """The page's `reviewed` date: YAML reads 2026-12-01 as a date; a quoted one is accepted
    too. None when absent or malformed (FM-004 reports that)."""
    value = meta.get("reviewed")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def interval(meta: dict, settings: ReviewSettings) -> int:
    own = meta.get("review_every")
    if isinstance(own, int) and not isinstance(own, bool) and own > 0:
        return own
    for key in (meta.get("section"), meta.get("type")):
        if isinstance(key, str) and key in settings.sections:
            return settings.sections[key]
    return settings.interval_days


@dataclass(frozen=True)
class Review:
    reviewed: dt.date
    due: dt.date
    days: int  # the interval that applies

    def overdue(self, today: dt.date) -> bool:
        return today > self.due


def review_of(meta: dict, settings: ReviewSettings) -> Review | None:
    """The page's review state, or None when it has no valid `reviewed` date."""
    reviewed = reviewed_on(meta)
    if reviewed is None:
        return None
    days = interval(meta, settings)
    return Review(reviewed, reviewed + dt.timedelta(days=days), days)


def today() -> dt.date:
    """The build's and the checker's today, in the shop's time zone (UTC+8): a page reviewed
    this morning in Shanghai is not reported as reviewed in the future by a UTC machine."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
