"""Generated Markdown: browse listings, backlinks, page headers and footers, and the
contributor-guide tables. Pure functions of the corpus and the vocabularies; the MkDocs
plugin calls them through shortcodes such as `<!-- kb:browse industry -->`."""
from __future__ import annotations

import posixpath
import re

from . import review, tag_pages
from .pages import Corpus, Page
from .render import inline

# `<!-- kb:NAME ARGS -->`: the plugin expands these; the checker reads them to know which
# pages a listing makes reachable.
SHORTCODE = re.compile(r"<!--\s*kb:(?P<name>[\w-]+)(?P<args>[^>]*?)-->")

BROWSE_PAGE = "browse/{facet}.md"
FACET_FIELDS = {"industry": "industry", "channel": "channel", "scenario": "scenario", "tag": "tags"}


def rel_link(from_base: str, to_base: str, anchor: str = "") -> str:
    link = posixpath.relpath(to_base, posixpath.dirname(from_base) or ".")
    return link + (f"#{anchor}" if anchor else "")


def _title(corpus: Corpus, page: Page, lang: str) -> str:
    return corpus.localized(page, lang).title


def _summary(corpus: Corpus, page: Page, lang: str) -> str:
    s = corpus.localized(page, lang).meta.get("summary")
    return f" — {s}" if isinstance(s, str) and s.strip() else ""


def page_item(corpus, page, lang, here) -> str:
    return f"- [{_title(corpus, page, lang)}]({rel_link(here, page.base)}){_summary(corpus, page, lang)}"


def _values(page: Page, field: str) -> list[str]:
    value = page.meta.get(field)
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value is not None else []


def _sorted(pages):
    return sorted(pages, key=lambda p: (p.meta.get("order", 999) if isinstance(p.meta.get("order"), (int, float)) else 999, p.title))


def _with_value(corpus: Corpus, field: str, value: str) -> list[Page]:
    return [p for p in corpus.in_lang("zh") if p.type and value in _values(p, field)]


def _by_type(corpus: Corpus, vocab, pages: list[Page], lang: str, here: str, headings: bool = False) -> list[str]:
    """The pages grouped by type, each group under its type's name: bold within a value's
    section, a heading of its own on a tag's page (so search indexes that page by its title
    only, like every listing, instead of the whole list as its introduction)."""
    out = []
    for ptype in vocab.page_types.values():
        group = [p for p in pages if p.type == ptype.id]
        if group:
            label = ptype.label.get(lang)
            out.append(f"## {label} ({len(group)}) {{#{ptype.id}}}\n" if headings else f"**{label}**\n")
            out.extend(page_item(corpus, p, lang, here) for p in _sorted(group))
            out.append("")
    return out


def browse(corpus: Corpus, vocab, facet: str, lang: str, here: str, value: str | None = None) -> str:
    """One heading per vocabulary value that has pages, listing its pages by type. Tags, which
    a page has several of, get a page each (kb.tag_pages): `browse tag` lists the tags with
    their counts, `browse tag TAG` one tag's pages."""
    field = FACET_FIELDS[facet]
    if value is not None:
        return "\n".join(_by_type(corpus, vocab, _with_value(corpus, field, value), lang, here, headings=True)).rstrip("\n") \
            or vocab.say("none", lang)
    out = []
    for value, label in vocab.vocabularies[facet].items():
        pages = _with_value(corpus, field, value)
        if not pages:
            continue
        if facet == tag_pages.FACET:
            out.append(f"- [{label.get(lang)}]({rel_link(here, tag_pages.page_base(value))}) ({len(pages)})")
            continue
        out.append(f"## {label.get(lang)} ({len(pages)}) {{#{value}}}\n")
        out.extend(_by_type(corpus, vocab, pages, lang, here))
    return "\n".join(out) if out else vocab.say("none", lang)


def browse_link(here: str, facet: str, value: str) -> str:
    """Where a page's facts line links a vocabulary value: its tag page, or its heading."""
    if facet == tag_pages.FACET:
        return rel_link(here, tag_pages.page_base(value))
    return rel_link(here, BROWSE_PAGE.format(facet=facet), value)


def shortcode_options(args: list[str]) -> dict[str, str]:
    """`section=complaints` style options after a shortcode's first argument."""
    return dict(a.split("=", 1) for a in args[1:] if "=" in a)


def typed_pages(corpus: Corpus, type_id: str, section: str | None = None) -> list[Page]:
    return [p for p in corpus.typed(type_id) if section is None or p.meta.get("section") == section]


# How a type's index page groups its pages (a heading per value, in vocabulary order), so
# that a list of a hundred cases stays scannable: principles by section, cases by scenario,
# scripts by channel (staff look for "on the phone" or "at the counter").
GROUP_BY = {"principle": "section", "case": "scenario", "script": "channel"}


def groups_of_type(corpus: Corpus, vocab, type_id: str, section: str | None = None) -> list[tuple[str | None, list[Page]]]:
    """A type's pages as its index page lists them: (vocabulary value or None, pages) in order."""
    pages = typed_pages(corpus, type_id, section)
    field = GROUP_BY.get(type_id)
    if field is None or section is not None:
        return [(None, _sorted(pages))] if pages else []
    values = vocab.vocabularies.get(field, {})
    groups = [(value, _sorted([p for p in pages if p.meta.get(field) == value])) for value in values]
    rest = _sorted([p for p in pages if p.meta.get(field) not in values])
    return [g for g in groups if g[1]] + ([(None, rest)] if rest else [])


def pages_of_type(corpus: Corpus, vocab, type_id: str, lang: str, here: str, section: str | None = None) -> str:
    groups = groups_of_type(corpus, vocab, type_id, section)
    if not groups:
        return vocab.say("none", lang)
    field = GROUP_BY.get(type_id)
    out = []
    for value, group in groups:
        if value is not None:
            out.append(f"### {vocab.label(field, value, lang)} ({len(group)}) {{#{field}-{value}}}\n")
        out.extend(page_item(corpus, p, lang, here) for p in group)
        out.append("")
    return "\n".join(out).rstrip("\n")


def section_pages(corpus: Corpus, vocab) -> dict[str, list[Page]]:
    """Each section page (see page-types.yml `section_page`) and the zh pages under it, in the
    order its listing shows them (tag pages under the tag index): what a page's breadcrumb and previous/next follow."""
    out: dict[str, list[Page]] = {}
    for ptype in vocab.page_types.values():
        for page in (p for _, group in groups_of_type(corpus, vocab, ptype.id) for p in group):
            out.setdefault(ptype.section_page_of(page.meta), []).append(page)
    # each tag's page sits under the tag index, in its order
    out[BROWSE_PAGE.format(facet=tag_pages.FACET)] = listed_by(corpus, vocab, "browse", [tag_pages.FACET])
    return out


def library_summary(corpus: Corpus, vocab, lang: str, here: str) -> str:
    """The home page's line of what the library holds now: pages per type, scripts per channel
    (each linked to its group on the scripts page), so it never promises what is not there."""
    counts = {t: len(typed_pages(corpus, t)) for t in vocab.page_types}
    line = vocab.say("library-now", lang).format(**counts)
    scripts_page = vocab.page_types["script"].section_page_of({})
    by_channel = [(value, len(group)) for value, group in groups_of_type(corpus, vocab, "script") if value]
    if by_channel:
        space, sep = (" ", ", ") if lang == "en" else ("", "、")
        line += space + vocab.say("scripts-by-channel", lang) + space + sep.join(
            f"[{vocab.label('channel', value, lang)} {n}]({rel_link(here, scripts_page, f'channel-{value}')})"
            for value, n in by_channel)
    return line


def listed_by(corpus: Corpus, vocab, name: str, args: list[str]) -> list[Page]:
    """The zh pages a `pages` or `browse` shortcode lists (empty for other shortcodes)."""
    if name == "pages" and args and args[0] in vocab.page_types:
        return typed_pages(corpus, args[0], shortcode_options(args).get("section"))
    if name == "browse" and args and args[0] in FACET_FIELDS:
        field = FACET_FIELDS[args[0]]
        if len(args) == 2:
            return _with_value(corpus, field, args[1])
        if args[0] == tag_pages.FACET:  # the index of tags: their pages
            return [p for p in (corpus.get(tag_pages.page_base(v), "zh") for v in vocab.vocabularies[args[0]]) if p]
        return [p for p in corpus.in_lang("zh") if p.type and _values(p, field)]
    return []


def citing(corpus: Corpus, principle_id: str) -> list[Page]:
    return corpus.citing(principle_id)


def page_header(corpus: Corpus, vocab, page: Page, lang: str) -> str:
    """The facts line above a typed page: type, vocab values as browse links, tags."""
    here = page.base
    colon, sep = (": ", ", ") if lang == "en" else ("：", "、")
    ptype = vocab.page_types[page.type]
    bits = [f'<span class="kb-facts__type">{ptype.label.get(lang)}</span>']
    if page.type == "principle":
        sid = page.meta.get("section")
        if sid in vocab.vocabularies["section"]:
            bits.append(f"{vocab.say('section', lang)}{colon}[{vocab.label('section', sid, lang)}]"
                        f"({rel_link(here, f'principles/{sid}/index.md')})")
    for facet in ("industry", "channel", "scenario"):
        value = page.meta.get(facet)
        if isinstance(value, str) and value in vocab.vocabularies[facet]:
            bits.append(f"{vocab.say(facet, lang)}{colon}[{vocab.label(facet, value, lang)}]"
                        f"({browse_link(here, facet, value)})")
    tags = [t for t in _values(page, "tags") if t in vocab.vocabularies["tag"]]
    if tags:
        bits.append(vocab.say("tag", lang) + colon + sep.join(
            f"[{vocab.label('tag', t, lang)}]({browse_link(here, 'tag', t)})" for t in tags))
    state = review.review_of(page.meta, vocab.review)
    if state is not None and state.overdue(review.today()):  # rendered at build time: no server
        tip = vocab.say("review-badge-tip", lang).format(reviewed=state.reviewed.isoformat(), due=state.due.isoformat())
        bits.insert(0, f'<span class="kb-badge kb-badge--review" title="{tip}">{vocab.say("review-badge", lang)}</span>')
    summary = corpus.localized(page, lang).meta.get("summary")
    lead = f'\n\n<p class="kb-lead">{summary}</p>' if isinstance(summary, str) else ""
    return '<div class="kb-facts" markdown>\n' + " · ".join(bits) + "\n</div>" + lead + "\n\n"


def _owner(corpus: Corpus, page: Page, lang: str) -> str:
    owner = corpus.localized(page, lang).meta.get("owner") or page.meta.get("owner")
    return inline(str(owner), markdown=True) if owner else "?"


def review_line(corpus: Corpus, vocab, page: Page, lang: str, report_url: str | None) -> str:
    """The page's last line: when it was last reviewed, who keeps it, and where to report a
    mistake (a prefilled issue, when the site knows its repository)."""
    state = review.review_of(page.meta, vocab.review)
    if state is None:
        return ""
    colon = ": " if lang == "en" else "："
    bits = [f"{vocab.say('reviewed', lang)}{colon}{state.reviewed.isoformat()}",
            f"{vocab.say('owner', lang)}{colon}{_owner(corpus, page, lang)}"]
    if state.overdue(review.today()):
        bits.append(f"<strong>{vocab.say('review-due', lang).format(due=state.due.isoformat())}</strong>")
    if report_url:
        bits.append(f'<a href="{report_url}">{vocab.say("report-mistake", lang)}</a>')
    return '<p class="kb-review" markdown>' + " · ".join(bits) + "</p>\n"


def review_list(corpus: Corpus, vocab, lang: str, here: str) -> str:
    """Every typed page by review due date, the overdue ones first: status, page, owner, last
    review and due date (`<!-- kb:review -->`, the review list page)."""
    today = review.today()
    rows = []
    for page in corpus.in_lang("zh"):
        if page.type not in vocab.page_types:
            continue
        state = review.review_of(page.meta, vocab.review)
        if state is not None:
            rows.append((state.due, page, state))
    rows.sort(key=lambda r: (r[0], r[1].base))
    overdue = sum(1 for _, _, state in rows if state.overdue(today))
    out = [vocab.say("review-count", lang).format(pages=len(rows), overdue=overdue), ""]
    head = [vocab.say(k, lang) for k in ("review-status", "review-page", "owner", "reviewed", "review-due-on")]
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for due, page, state in rows:
        status = vocab.say("review-badge" if state.overdue(today) else "review-current", lang)
        label = vocab.page_types[page.type].label.get(lang)
        out.append(f"| {status} | {label} · [{_title(corpus, page, lang)}]({rel_link(here, page.base)}) "
                   f"| {_owner(corpus, page, lang)} | {state.reviewed.isoformat()} | {due.isoformat()} |")
    return "\n".join(out) + "\n"


def self_check(page: Page) -> list[tuple[str, str]]:
    """A page's self-check questions as (question, answer) pairs, in their order; [] when it has
    none or they are malformed (FM-004 reports those)."""
    items = page.meta.get("self_check")
    if not isinstance(items, list):
        return []
    return [(i["question"], i["answer"]) for i in items
            if isinstance(i, dict) and isinstance(i.get("question"), str) and isinstance(i.get("answer"), str)]


def page_footer(corpus: Corpus, vocab, page: Page, lang: str, report_url: str | None = None) -> str:
    """Generated sections at the end of a typed page: a script's three things to remember,
    a principle page's self-check questions, related methods, backlinks, references, the
    review line (last review, owner, report a mistake) and the seed passages it retells,
    collapsed."""
    here = page.base
    out = []
    remember = _values(corpus.localized(page, lang), "remember") or _values(page, "remember")
    if remember:  # a script's three things to remember: also the counter card's last lines
        out.append(f'!!! tip kb-remember "{vocab.say("remember", lang)}"\n')
        out.extend(f"    - {inline(str(r), markdown=True)}" for r in remember)
        out.append("")
    questions = self_check(corpus.localized(page, lang)) or self_check(page)
    if questions:
        out.append(f"## {vocab.say('self-check', lang)} {{#self-check}}\n")
        out.append(vocab.say("self-check-note", lang) + "\n")
        # HTML rather than `???` blocks: a question may hold the quotes that end a block title.
        # Material styles details.question like its `??? question` blocks and opens them to print.
        out.extend(f'<details class="question kb-self-check"><summary>{inline(q)}</summary><p>{inline(a)}</p></details>\n'
                   for q, a in questions)
    by_id = corpus.by_id
    refs_field = "related" if page.type == "principle" else "principles"
    refs = [by_id[r] for r in _values(page, refs_field) if r in by_id]
    if refs:
        key = "related" if page.type == "principle" else "principles"
        out.append(f"## {vocab.say(key, lang)} {{#{key}}}\n")
        out.extend(page_item(corpus, p, lang, here) for p in refs)
        out.append("")
    if page.type == "principle" and page.id:
        out.append(f"## {vocab.say('cited-by', lang)} {{#cited-by}}\n")
        cited = citing(corpus, page.id)
        out.extend(page_item(corpus, p, lang, here) for p in _sorted(cited))
        if not cited:
            out.append(vocab.say("cited-none", lang))
        out.append("")
    references = _values(corpus.localized(page, lang), "references") or _values(page, "references")
    if references:
        out.append(f"## {vocab.say('references', lang)} {{#references}}\n")
        out.extend(f"- {inline(str(r), markdown=True)}" for r in references)
        out.append("")
    out.append(review_line(corpus, vocab, page, lang, report_url))
    sources = _values(page, "source")
    if sources:  # for reviewers, not staff: one collapsed block at the very end, not in the TOC
        out.append(f'??? quote kb-sources "{vocab.say("sources", lang)}"\n')
        out.append("    " + vocab.say("sources-note", lang) + "\n")
        out.extend(f"    - `{s}`" for s in sources)
        out.append("")
    return "\n\n" + "\n".join(out)


# Shortcodes whose output lists pages (their titles, summaries, facets): a page holding one
# is out of date whenever any page changes.
PAGE_LISTING_SHORTCODES = ("browse", "pages", "quick-finder", "library", "review", "table coverage")


def pages_showing(corpus: Corpus, changed: set[str]) -> set[str]:
    """The pages (bases) whose generated parts show a page of `changed`: every page that lists
    pages, the methods a changed page names (their backlinks) and the pages naming a changed
    method (their related methods). `mkdocs serve --dirty` rebuilds them with the changed pages."""
    out: set[str] = set()
    for page in corpus.in_lang("zh"):
        for m in SHORTCODE.finditer(page.text):
            if f"{m.group('name')} {m.group('args').strip()}".startswith(PAGE_LISTING_SHORTCODES):
                out.add(page.base)
    by_id = corpus.by_id
    for base in changed:
        page = corpus.get(base, "zh")
        if page is None:
            continue
        for field in ("principles", "related"):
            out.update(by_id[r].base for r in _values(page, field) if r in by_id)
        if page.type == "principle" and page.id:
            out.update(p.base for p in corpus.citing(page.id))
            out.update(p.base for p in corpus.in_lang("zh") if page.id in _values(p, "related"))
    return out
