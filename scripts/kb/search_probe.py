"""The search box of a built site, driven as a reader uses it, in headless Chromium.

Used by the relevance tests (tests/test_search.py, queries in tests/search_queries.yml), by
`kb bench` (first-result time, heap, relevance figures) and by the offline export's figures
(kb.offline_probe). Pages are opened over HTTP from a local server or from file://; queries
are typed into Material's own box and the results read from its list, so what is measured is
what staff get. Needs Playwright and Debian's chromium (`make test` installs both)."""
from __future__ import annotations

import functools
import http.server
import json
import posixpath
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .search_index import lang_prefix

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# From the machine notes: without the background-networking flags Chromium keeps trying to
# reach Google's hosts on a machine with no internet.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def browser_missing() -> str | None:
    """Why the browser figures cannot be taken here, or None."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed; `make test` installs it"
    if not Path(CHROMIUM).exists():
        return "Debian's chromium is not installed; `make browser` installs it"
    return None


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)


def block_network(context, blocked: list[str], allow: tuple[str, ...] = ()) -> None:
    """Abort and record every request that is not file:// (or under one of `allow`)."""
    def route(r):
        if r.request.url.startswith(("file://", "data:", "blob:", "about:", *allow)):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()
    context.route("**/*", route)


@contextmanager
def serve(site: Path):
    """The site over HTTP on 127.0.0.1 (a free port), as a web server would serve it."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def home_url(root_url: str, lang: str, offline: bool) -> str:
    """A language's home page; the offline export has no directory URLs."""
    return root_url + lang_prefix(lang) + ("index.html" if offline else "")


@dataclass
class Results:
    query: str
    pages: list[str] = field(default_factory=list)   # result pages in order, e.g. "cases/x" (no language folder)
    hrefs: list[str] = field(default_factory=list)   # the result links as the browser resolved them
    titles: list[str] = field(default_factory=list)
    chips: list[list[str]] = field(default_factory=list)  # tag chips under each result
    summaries: list[str] = field(default_factory=list)    # the text under each result's title


def page_of(href: str, site_url: str, lang: str) -> str:
    """'cases/x' from a result link (http or file), without the language folder and anchor."""
    path = unquote(urlsplit(href).path)
    root = unquote(urlsplit(site_url).path)
    rel = path[len(root):] if path.startswith(root) else path
    prefix = lang_prefix(lang)
    rel = rel[len(prefix):] if prefix and rel.startswith(prefix) else rel
    rel = rel.removesuffix("index.html").removesuffix(".html").strip("/")
    return posixpath.normpath(rel) if rel else ""


# kb/search_query.js answers first from the page entries and posts FULL (type 90) once the
# whole index is built; Material's page ignores it. This script, run before the page's own,
# notes when it arrives (window.__kbWholeIndex, ms since navigation), in the worker Material
# starts and in the offline export's iframe stand-in, whichever sets window.Worker.
WATCH_WHOLE_INDEX = """(() => {
  const watch = W => W && class extends W {
    constructor(...args) {
      super(...args)
      this.addEventListener("message", e => {
        if (e.data && e.data.type === 90) window.__kbWholeIndex = performance.now()
      })
    }
  }
  let current = watch(window.Worker)
  Object.defineProperty(window, "Worker", { configurable: true, get: () => current, set: v => { current = watch(v) } })
})()"""


def new_page(context):
    """A page of `context` that notes when the whole search index is ready."""
    context.add_init_script(WATCH_WHOLE_INDEX)
    return context.new_page()


def wait_for_whole_index(page, timeout_ms: int = 120000) -> float:
    """Seconds from navigation to the whole index being searched (it follows the first answer,
    or a few seconds without a query)."""
    page.wait_for_function("window.__kbWholeIndex !== undefined", timeout=timeout_ms)
    return page.evaluate("window.__kbWholeIndex") / 1000


def open_box(page) -> None:
    page.locator("label.md-search__icon, .md-search__input").first.click()


def search(page, query: str, site_url: str, lang: str, timeout_ms: int = 60000) -> Results:
    """Type `query` into the open search box and read the results it shows.

    The box is cleared first and the list must empty, so the results read are this query's.
    Playwright's fill() of CJK text sends no key events and Material searches on keyup: a
    key press follows."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")
    page.wait_for_function("!document.querySelector('.md-search-result__item')", timeout=timeout_ms)
    box.fill(query)
    box.press("End")
    # results, or Material's "no results" line (its own words, from the page's configuration)
    page.wait_for_function(
        """() => { const none = JSON.parse(document.getElementById('__config').textContent)
                                .translations['search.result.none'];
                   const meta = document.querySelector('.md-search-result__meta');
                   return document.querySelector('.md-search-result__item') ||
                          (meta && meta.textContent.trim() === none) }""",
        timeout=timeout_ms)
    items = page.eval_on_selector_all(".md-search-result__item", """els => els.map(el => {
        const a = el.querySelector('a.md-search-result__link');
        const h = el.querySelector('h1, h2');
        const t = el.querySelector('.md-search-result__article .md-typeset p, .md-search-result__article p');
        return [a ? a.href : '', h ? h.innerText : '', [...el.querySelectorAll('.md-tag')].map(t => t.innerText),
                t ? t.innerText : ''];
    })""")
    r = Results(query)
    for href, title, chips, summary in items:
        r.hrefs.append(href)
        r.pages.append(page_of(href, site_url, lang))
        r.titles.append(title)
        r.chips.append(chips)
        r.summaries.append(summary)
    return r


# what a store employee would type, per language: the query of the first-result figures
FIRST_QUERIES = {"zh": "投诉", "zh-Hant": "投訴", "en": "complaint"}


@dataclass
class FirstResult:
    lang: str
    query: str
    seconds: float     # from opening the page to the first result on screen
    whole_seconds: float  # from opening the page to the whole index answering (results refined)
    heap_mb: float     # JavaScript heap of the page plus its search worker, whole index built
    results: Results
    requests: list[str]  # every URL the page fetched
    blocked: list[str]   # offline: the requests that were not file:// (aborted)


def worker_heap_mb(browser_cdp) -> float:
    """The used JavaScript heap of every dedicated worker (Material's search runs in one).
    performance.memory sees only the page; the worker is reached through the browser's CDP."""
    total = 0.0
    targets = browser_cdp.send("Target.getTargets")["targetInfos"]
    for t in targets:
        if t["type"] != "worker":
            continue
        session = browser_cdp.send("Target.attachToTarget", {"targetId": t["targetId"], "flatten": False})["sessionId"]
        replies: list[dict] = []
        handler = lambda ev: replies.append(json.loads(ev["message"]))  # noqa: E731
        browser_cdp.on("Target.receivedMessageFromTarget", handler)
        for n, method in ((0, "HeapProfiler.collectGarbage"), (1, "Runtime.getHeapUsage")):  # live objects only
            browser_cdp.send("Target.sendMessageToTarget",
                             {"sessionId": session, "message": json.dumps({"id": n, "method": method})})
        deadline = time.monotonic() + 10
        while not any(r.get("id") == 1 for r in replies) and time.monotonic() < deadline:
            browser_cdp.send("Target.getTargets")  # lets the event loop deliver the reply
        browser_cdp.remove_listener("Target.receivedMessageFromTarget", handler)
        browser_cdp.send("Target.detachFromTarget", {"sessionId": session})
        reply = next((r for r in replies if r.get("id") == 1), None)
        if reply and "result" in reply:
            total += reply["result"]["usedSize"] / 1e6
    return total


def first_result(browser, root_url: str, lang: str, query: str, offline: bool) -> FirstResult:
    """Open the language's home page in a fresh context and time the first result of `query`."""
    requests: list[str] = []
    blocked: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if offline:
        block_network(context, blocked)
    page = new_page(context)
    page.on("request", lambda r: requests.append(r.url))
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(home_url(root_url, lang, offline))
    open_box(page)
    results = search(page, query, root_url, lang)
    seconds = page.evaluate("performance.now()") / 1000
    whole = wait_for_whole_index(page)
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    heap = metrics.get("JSHeapUsedSize", 0) / 1e6
    try:
        heap += worker_heap_mb(browser.new_browser_cdp_session())
    except Exception:  # noqa: BLE001 - a browser without the Target domain: page heap only
        pass
    context.close()
    return FirstResult(lang, query, seconds, max(whole, seconds), heap, results, requests, blocked)


def first_result_lines(browser, root_url: str, offline: bool) -> list[str]:
    """One printed line per language: first-result time and heap (kb bench, kb export)."""
    out = []
    for lang, query in FIRST_QUERIES.items():
        r = first_result(browser, root_url, lang, query, offline)
        where = "from file://, network blocked" if offline else "online"
        out.append(f"{lang}: first result for {query!r} {r.seconds:.2f} s after opening the page ({where}), "
                   f"whole index {r.whole_seconds:.2f} s, "
                   f"heap (page + search worker) {r.heap_mb:.0f} MB, {len(r.results.pages)} results"
                   + (f", {len(r.blocked)} non-file requests" if offline else ""))
    return out


@dataclass
class Judged:
    lang: str
    query: str
    expect: list[str]
    got: list[str]          # the result pages, in order
    rank: int | None        # 1-based rank of the first expected page, None if not shown


@dataclass
class Relevance:
    judged: list[Judged]

    def _share(self, ok) -> float:
        return sum(1 for j in self.judged if ok(j)) / len(self.judged) if self.judged else 0.0

    @property
    def hit_at_1(self) -> float:
        return self._share(lambda j: j.rank == 1)

    @property
    def hit_at_5(self) -> float:
        return self._share(lambda j: j.rank is not None and j.rank <= 5)

    @property
    def mrr(self) -> float:
        return sum(1 / j.rank for j in self.judged if j.rank) / len(self.judged) if self.judged else 0.0

    def figures(self) -> dict[str, float]:
        return {"hit_at_1": self.hit_at_1, "hit_at_5": self.hit_at_5, "mrr": self.mrr}

    def summary(self) -> str:
        by_lang = {}
        for j in self.judged:
            by_lang.setdefault(j.lang, []).append(j)
        parts = [f"{lang} {Relevance(js).hit_at_1:.2f}/{Relevance(js).hit_at_5:.2f}/{Relevance(js).mrr:.2f}"
                 for lang, js in by_lang.items()]
        return (f"{len(self.judged)} queries: hit@1 {self.hit_at_1:.2f}, hit@5 {self.hit_at_5:.2f}, "
                f"MRR {self.mrr:.2f} (hit@1/hit@5/MRR by language: {', '.join(parts)})")

    def misses(self) -> list[str]:
        return [f"{j.lang} {j.query!r}: rank {j.rank}; expected {j.expect[0]}, got {j.got[:3]}"
                for j in self.judged if j.rank != 1]


def load_queries(path: Path) -> tuple[dict[str, float], list[dict]]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data.get("floor") or {}, data["queries"]


def judge(browser, root_url: str, queries: list[dict], offline: bool) -> Relevance:
    """Every query typed into the box of its language's home page (one page per language)."""
    judged = []
    for lang in dict.fromkeys(q["lang"] for q in queries):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        if offline:
            block_network(context, [])
        page = new_page(context)
        page.goto(home_url(root_url, lang, offline))
        open_box(page)
        wait_for_whole_index(page)  # relevance is the whole index's
        for q in (q for q in queries if q["lang"] == lang):
            got = search(page, q["q"], root_url, lang).pages
            rank = next((i + 1 for i, p in enumerate(got) if p in q["expect"]), None)
            judged.append(Judged(lang, q["q"], list(q["expect"]), got, rank))
        context.close()
    return Relevance(judged)
