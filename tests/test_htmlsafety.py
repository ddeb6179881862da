"""kb.htmlsafety against known ways of getting script into a page (OWASP's XSS filter
evasion cheat sheet, in spirit): every one is refused, and ordinary page HTML is not."""
from __future__ import annotations

import pytest

from conftest import ROOT
from kb import vocab
from kb.htmlsafety import scan, scheme_of

POLICY = vocab.load(ROOT).html

REFUSED = [
    ("<script>alert(1)</script>", "SAFE-001"),
    ("<SCRIPT SRC=x.js></SCRIPT>", "SAFE-001"),
    ("<svg><script>alert(1)</script></svg>", "SAFE-001"),
    ("<iframe src=x></iframe>", "SAFE-001"),
    ("<object data=x></object>", "SAFE-001"),
    ("<embed src=x>", "SAFE-001"),
    ("<form action=x><button>go</button></form>", "SAFE-001"),
    ("<style>@import 'http://x/y.css';</style>", "SAFE-001"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "SAFE-001"),
    ("<img src=x onerror=alert(1)>", "SAFE-002"),
    ("<img src=x\nonerror=alert(1)>", "SAFE-002"),
    ('<a href="x"onclick=alert(1)>t</a>', "SAFE-002"),
    ("<a href=x ONMOUSEOVER=alert(1)>t</a>", "SAFE-002"),
    ('<p style="background:url(javascript:alert(1))">x</p>', "SAFE-002"),
    ('<table><tr><td style="text-align: left; width: expression(alert(1))">x</td></tr></table>', "SAFE-002"),
    ('<a href="javascript:alert(1)">t</a>', "SAFE-003"),
    ('<a href="JaVaScRiPt:alert(1)">t</a>', "SAFE-003"),
    ('<a href=" &#14;  javascript:alert(1)">t</a>', "SAFE-003"),
    ('<a href="jav&#x09;ascript:alert(1)">t</a>', "SAFE-003"),
    ('<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">t</a>', "SAFE-003"),
    ('<a href="&#x6A;avascript&colon;alert(1)">t</a>', "SAFE-003"),
    ('<a href="vbscript:msgbox(1)">t</a>', "SAFE-003"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">t</a>', "SAFE-003"),
    ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', "SAFE-003"),
    ('<img src="https://example.com/track.png">', "SAFE-004"),
    ('<img src="//example.com/track.png">', "SAFE-004"),
    ('<img src="/\\example.com/track.png">', "SAFE-004"),
    ('<blockquote cite="javascript:alert(1)">x</blockquote>', "SAFE-003"),
    ('<a href="x" formaction="javascript:alert(1)">t</a>', "SAFE-002"),
]


@pytest.mark.parametrize("html,rule", REFUSED, ids=[r[0][:40] for r in REFUSED])
def test_refused(html, rule):
    problems, _ = scan(html, POLICY)
    assert rule in {p.rule for p in problems}, problems


ALLOWED = [
    "a < b 且 <3，5 > 3",
    '<div markdown><abbr title="国家标准">GB</abbr> <span class="kb-slot">〔空位〕</span></div>',
    '<a href="../principles/x.md#step-1" title="第一步">第一步</a> <a href="https://example.com">外链</a>',
    '<a href="mailto:kb@example.com">邮件</a> <a href="tel:+8610">电话</a>',
    '<img src="../assets/pic.svg" alt="图" width="40">',
    '<table><tr><th style="text-align: left;">a</th><td colspan="2">b</td></tr></table>',
    "<details open><summary>更多</summary><p>内容</p></details>",
    "<!-- kb:phrases -->",
    "<img/src=x/onerror=alert(1)>",  # as browsers read it: one src, `x/onerror=alert(1)`, a relative path
]


@pytest.mark.parametrize("html", ALLOWED)
def test_allowed(html):
    assert scan(html, POLICY)[0] == []


def test_internal_references_are_returned_for_the_link_checker():
    _, refs = scan('<img src="../a.png" alt="">\n<a href="b.md#x">b</a> <a href="https://x.org">x</a>', POLICY)
    assert [(r.url, r.line, r.image) for r in refs] == [("../a.png", 1, True), ("b.md#x", 2, False)]


def test_scheme_as_a_browser_reads_it():
    assert scheme_of(" \x01java\nscript:x") == "javascript"
    assert scheme_of("../x.md") is None and scheme_of("x.md#a:b") is None and scheme_of("1abc:x") is None
