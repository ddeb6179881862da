"""HTML held against the allow-list in docs/_data/html-allowlist.yml.

The HTML is parsed by justhtml, an HTML5 parser that follows the WHATWG parsing algorithm
browsers use, so an attribute is seen where a browser sees it: on the next line, without a
space before it, in any letter case, entity-encoded. URLs are judged the way a browser
resolves them: entities decoded (by the parser), leading spaces and control characters
dropped, tabs and newlines removed, backslashes read as slashes. Used by kb.check.safety on
the raw HTML of pages and by the build on the HTML it produces. Cost grows with the number
of tags (text costs nearly nothing), and there is no regular expression to backtrack."""
from __future__ import annotations

from dataclasses import dataclass, field

from justhtml import JustHTML

_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


@dataclass(frozen=True)
class Policy:
    elements: frozenset[str]
    built_elements: frozenset[str]
    global_attrs: frozenset[str]
    attr_prefixes: tuple[str, ...]
    element_attrs: dict[str, frozenset[str]]
    url_attrs: frozenset[str]
    link_schemes: frozenset[str]
    styles: dict[str, frozenset[str]]


@dataclass(frozen=True)
class Problem:
    """`kind` is the rule: SAFE-001 element, SAFE-002 attribute, SAFE-003 URL scheme,
    SAFE-004 external resource. `line`/`col` are 1-based within the scanned HTML."""

    rule: str
    line: int
    col: int
    args: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Reference:
    """An internal `href`/`src` in raw HTML, for the link checker."""

    url: str
    line: int
    col: int
    image: bool


def scheme_of(url: str) -> str | None:
    """The URL's scheme as a browser reads it, lower-cased; None for a relative URL."""
    url = url.strip(_C0_AND_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    for i, ch in enumerate(url):
        if ch == ":":
            return url[:i].lower() if i and url[0].isascii() and url[0].isalpha() else None
        if not (ch.isascii() and (ch.isalnum() or ch in "+-.")):
            return None
    return None


def is_network_path(url: str) -> bool:
    """`//host/x` (and `\\\\host`, `/\\host`, which browsers read the same way)."""
    url = url.strip(_C0_AND_SPACE).replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    return url.startswith("//")


def judge_url(url: str, resource: bool, policy: Policy) -> tuple[str, dict] | None:
    """(rule, args) when the URL is not allowed; `resource`: fetched by the page (src)."""
    scheme = scheme_of(url)
    shown = url.strip()[:80]
    if scheme is not None and (resource or scheme not in policy.link_schemes):
        if resource and scheme in ("http", "https"):
            return "SAFE-004", {"target": shown}
        return "SAFE-003", {"url": shown, "scheme": scheme}
    if resource and is_network_path(url):
        return "SAFE-004", {"target": shown}
    return None


def _style_ok(value: str, policy: Policy) -> bool:
    for decl in value.split(";"):
        if not decl.strip():
            continue
        prop, colon, val = decl.partition(":")
        allowed = policy.styles.get(prop.strip().lower())
        if not colon or allowed is None or val.strip().lower() not in allowed:
            return False
    return True


def _nodes(root):
    stack = [root]
    while stack:
        node = stack.pop()
        children = getattr(node, "children", None)
        if children:
            stack.extend(reversed(children))
        content = getattr(node, "template_content", None)
        if content is not None:
            stack.append(content)
        yield node


def attribute_problem(tag: str | None, name: str, value: str | None, policy: Policy) -> tuple[str, dict] | None:
    """(rule, args) when `name=value` is not allowed on `tag` (None: on some element, for
    `{: ...}` attribute lists, whose element the checker does not know)."""
    name = name.lower()
    on_element = (name in policy.element_attrs.get(tag, ()) if tag else
                  any(name in attrs for attrs in policy.element_attrs.values()))
    allowed = name in policy.global_attrs or name.startswith(policy.attr_prefixes) or on_element
    if not allowed or (name == "style" and not _style_ok(value or "", policy)):
        return "SAFE-002", {"attr": name, "tag": tag or "*"}
    if name in policy.url_attrs and value is not None:
        return judge_url(value, resource=(name == "src"), policy=policy)
    return None


def scan(html: str, policy: Policy, built: bool = False) -> tuple[list[Problem], list[Reference]]:
    """Problems with `html` and the internal URLs it references (with 1-based lines).
    `built`: the HTML the build produced (the extensions' elements are allowed too)."""
    if "<" not in html:
        return [], []
    doc = JustHTML(html, fragment=True, sanitize=False, track_node_locations=True)
    refs: list[Reference] = []
    return scan_tree(doc.root, policy, built, refs), refs


def scan_tree(root, policy: Policy, built: bool = False, refs: list | None = None) -> list[Problem]:
    """Problems in an already parsed tree; internal `href`/`src` are added to `refs`."""
    allowed = policy.elements | policy.built_elements if built else policy.elements
    problems: list[Problem] = []
    for node in _nodes(root):
        tag = getattr(node, "name", "") or ""
        if not tag or tag.startswith("#"):
            continue
        line, col = getattr(node, "origin_line", None) or 1, getattr(node, "origin_col", None) or 1
        tag = tag.lower()
        if tag not in allowed:
            problems.append(Problem("SAFE-001", line, col, {"tag": tag}))
            continue
        for name, value in (node.attrs or {}).items():
            bad = attribute_problem(tag, name, value, policy)
            if bad:
                problems.append(Problem(bad[0], line, col, bad[1]))
            elif refs is not None and name.lower() in ("href", "src") and value and scheme_of(value) is None \
                    and not is_network_path(value):
                refs.append(Reference(value.strip(), line, col, image=name.lower() == "src"))
    return problems
