"""Read YAML with line numbers and without tracebacks.

Front matter and the data files are read here, so a YAML error is always reported the
same way: the file, the 1-based line, and what the parser expected."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import KbError


# libyaml's parser (shipped in PyYAML's wheels) is several times faster and keeps marks.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _timestamp(loader, node):
    """YAML reads `2026-12-01` as a date and raises on `2026-13-01`: an impossible date stays
    text, so the rule that expects a date reports it at its line (FM-004)."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class YamlProblem(Exception):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line


def load_with_lines(text: str, first_line: int = 1) -> tuple[Any, dict[str, int]]:
    """Parse YAML text. Return the data and, for a top-level mapping, the line of each key.

    `first_line` is the file line of the text's first line. Raises YamlProblem."""
    data, node = _load(text, first_line)
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_lines[str(key_node.value)] = first_line + key_node.start_mark.line
    return data, key_lines


def _load(text: str, first_line: int):
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        # An unclosed bracket or quote is only noticed at the end of the text; the
        # context mark points at where it was opened, which is the line to fix.
        mark = exc.context_mark or exc.problem_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark:
            problem = f"{problem} ({exc.context} that starts on this line)"
        raise YamlProblem(problem, line) from None
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        raise YamlProblem(str(exc).splitlines()[0], first_line) from None
    _refuse_duplicate_keys(node, first_line)
    return data, node


def _refuse_duplicate_keys(root, first_line: int) -> None:
    """YAML lets the last of two equal keys win silently; here it is an error naming both lines."""
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    line = first_line + key.start_mark.line
                    if key.value in seen:
                        raise YamlProblem(f"duplicate key `{key.value}` (also on line {seen[key.value]}); "
                                          f"keep one of them", line)
                    seen[key.value] = line
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def load_data_file_with_item_lines(path: Path, key: str) -> tuple[Any, list[int]]:
    """Like `load_data_file`, and also the line of each item of the list under the
    top-level `key`, so a problem with one entry is reported at that entry."""
    data = load_data_file(path)  # a YAML error becomes a KbError with its line
    _, node = _load(path.read_text(encoding="utf-8"), 1)
    lines: list[int] = []
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if getattr(key_node, "value", None) == key and isinstance(value, yaml.SequenceNode):
                lines = [1 + item.start_mark.line for item in value.value]
    return data, lines


def load_data_file(path: Path) -> Any:
    """Load one of the repository's data files; any problem becomes a KbError."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KbError(f"cannot read data file: {exc.strerror}", str(path)) from None
    except UnicodeDecodeError:
        raise KbError("data file is not UTF-8", str(path)) from None
    try:
        data, _ = load_with_lines(text)
    except YamlProblem as exc:
        raise KbError(f"YAML error: {exc.message}", str(path), exc.line) from None
    return data
