"""kb.forbidden: 服务禁语 are found despite minor variations, and only as whole phrases."""
import pytest

from kb import forbidden, vocab as vocab_mod


@pytest.fixture(scope="module")
def phrases(root):
    v = vocab_mod.load(root)
    from kb import hant
    hant.load_overrides(root)
    return v.forbidden


def shown(text, lang, phrases):
    hit = forbidden.find(text, lang, phrases)
    return hit.shown("en" if lang == "en" else "zh") if hit else None


@pytest.mark.parametrize("text", [
    "这是规定，您理解一下。",       # as written
    "这 是 规 定！",                # spaces and punctuation inside
    "這是規定",                     # typed in Traditional characters
])
def test_zh_variants_are_found(text, phrases):
    assert shown(text, "zh", phrases) == "这是规定"


def test_nin_and_ni_are_the_same(phrases):
    target = next(p for p in phrases if "你" in p.zh or "您" in p.zh)
    swapped = target.zh.replace("你", "\0").replace("您", "你").replace("\0", "您")
    assert forbidden.find("嗯，" + swapped + "。", "zh", phrases) is target


@pytest.mark.parametrize("text", ["It\u2019s not my fault.", "Well, IT'S NOT MY FAULT!", "its  not my   fault"])
def test_en_variants_are_found(text, phrases):
    assert shown(text, "en", phrases) == "It's not my fault"


def test_en_matches_whole_words_only(phrases):
    assert forbidden.find("It's not my faulty kettle, it's the shop's", "en", phrases) is None


def test_every_better_line_is_itself_clean(phrases):
    for p in phrases:
        for lang in ("zh", "en"):
            assert forbidden.find(p.better.get(lang), lang, phrases) is None, (p.zh, lang)
