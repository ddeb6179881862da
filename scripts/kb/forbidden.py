"""Matching 服务禁语 (docs/_data/forbidden-phrases.yml) in what staff say.

One matcher for every place that holds staff lines: dialogue turns (rule DLG-009) and the
phrase bank and quick finder data (kb.check.phrasebook). A phrase is found despite minor
variations, so that a contributor cannot slip past the rule by accident:
- punctuation, spaces and letter case are ignored, and full-width forms equal half-width;
- 您 and 你 are the same;
- a phrase typed in Traditional characters in a zh page is found too (its OpenCC form);
- English matches whole words, with typographic apostrophes equal to straight ones;
- an entry's `except` lines are innocent: 不可能 can be forbidden while 不可能是您的问题
  (listed under `except`) is not. They are cut out of the text before the search."""
from __future__ import annotations

import re
import unicodedata

from . import hant

_EN_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize(text: str, lang: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    if lang == "en":
        text = text.replace("\u2019", "'").replace("\u2018", "'").replace("'", "")
        return " " + _EN_NON_WORD.sub(" ", text).strip() + " "
    text = text.replace("您", "你")
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZSC")


def needles(forms: list[str], lang: str) -> tuple[str, ...]:
    """The normalised strings to look for: each form, and in Chinese its Traditional form."""
    out: list[str] = []
    for form in forms:
        variants = [form] if lang == "en" else [form, hant.convert(form)]
        for v in variants:
            n = normalize(v, lang)
            if n.strip() and n not in out:
                out.append(n)
    return tuple(out)


def find(text: str, lang: str, phrases):
    """The first forbidden phrase that `text` contains, or None. zh-Hant pages are
    generated from zh and match like zh."""
    key = "en" if lang == "en" else "zh"
    hay = normalize(text, key)
    for phrase in phrases:
        if not any(n in hay for n in phrase.needles[key]):
            continue
        rest = hay
        for innocent in phrase.exceptions.get(key, ()):
            rest = rest.replace(innocent.strip(), " | ")
        if any(n in rest for n in phrase.needles[key]):
            return phrase
    return None
