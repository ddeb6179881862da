"""kb.pages: the front-matter reader reports problems as findings with a line, never
raises, whatever the text (random, truncated, not UTF-8)."""
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from kb import vocab as vocab_mod
from kb.check import Context
from kb.check.dialogues import completeness_findings, vocab_findings
from kb.check.frontmatter import check_page
from kb.pages import Corpus, read_page

ROOT = Path(__file__).resolve().parent.parent
VOCAB = vocab_mod.load(ROOT)
GOOD = (ROOT / "docs" / "scripts" / "jade-bracelet-crack-complaint.md").read_bytes()


def _check(tmp_path: Path, data: bytes):
    docs = tmp_path / "docs"
    (docs / "scripts").mkdir(parents=True, exist_ok=True)
    path = docs / "scripts" / "page.md"
    path.write_bytes(data)
    page = read_page(path, docs, tmp_path)
    ctx = Context(tmp_path, VOCAB, Corpus(docs))
    found = list(page.findings) + check_page(page, ctx)
    if page.readable:
        _ = page.headings, page.links, page.anchors
        for d in page.dialogues:
            found += vocab_findings(page, d, VOCAB) + completeness_findings(page, d, VOCAB)
    for f in found:
        assert f.rule in VOCAB.rules and f.line >= 1
    return page, found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=len(GOOD)))
def test_truncated_real_page_never_raises(tmp_path, cut):
    _check(tmp_path, GOOD[:cut])


YAMLISH = st.sampled_from(["---\n", "id: x\n", "title: [\n", "type: script\n", "tags: {a\n", ": :\n", "- - -\n",
                           "\t", "'", '"', "source: 1\n", "```dialogue\n", "staff (x): y\n", "\n", "中文", "\xff"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(YAMLISH, max_size=40).map("".join), st.binary(max_size=20))
def test_random_text_never_raises(tmp_path, text, noise):
    _check(tmp_path, text.encode("utf-8", "surrogatepass") + noise)


def test_yaml_error_is_reported_at_its_line(tmp_path):
    # an unclosed bracket is reported where it opens, not at the end of the front matter
    _, found = _check(tmp_path, "---\nid: page\ntitle: ok\ntags: [a, b\n---\nbody\n".encode())
    assert [(f.rule, f.line) for f in found if f.rule == "FM-001"] == [("FM-001", 4)]
    _, found = _check(tmp_path, "---\nid: page\n  bad: indent\ntitle: x\n---\n".encode())
    assert [(f.rule, f.line) for f in found if f.rule == "FM-001"] == [("FM-001", 3)]
