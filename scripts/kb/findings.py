"""A finding: one problem at one place, named by a rule id from docs/_data/rules.yml."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    rule: str
    path: str  # relative to the repository root, with forward slashes
    line: int
    col: int = 1
    args: dict = field(default_factory=dict, compare=False, hash=False)

    def severity(self, vocab) -> str:
        rule = vocab.rules.get(self.rule)
        return rule.severity if rule else "error"

    def message(self, vocab, lang: str = "zh") -> str:
        rule = vocab.rules.get(self.rule)
        if rule is None:
            return f"{self.rule} {self.args}"
        template = rule.message.get(lang)
        try:
            return template.format(**self.args)
        except (KeyError, IndexError, ValueError):
            return f"{template} {self.args}"

    def format(self, vocab, lang: str = "zh") -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity(vocab)} {self.rule} {self.message(vocab, lang)}"

    def sort_key(self):
        return (self.path, self.line, self.col, self.rule)
