"""The single source of truth: loads the data files in docs/_data/.

Everything that names a role, a stage, a flow, a vocabulary value, a page type, a
forbidden phrase or a checker rule gets it from here; nothing else hard-codes them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from . import forbidden as forbidden_mod
from . import hant
from . import review as review_mod
from .errors import KbError
from .yamlfile import load_data_file, load_data_file_with_item_lines

DATA_DIR = Path("docs") / "_data"
PHRASES = "phrases.yml"
FINDER = "quick-finder.yml"
HANT_VOCABULARY = "hant-vocabulary.yml"
HTML_ALLOWLIST = "html-allowlist.yml"
GLOSSARY = "glossary.yml"
SEARCH = "search.yml"


@dataclass(frozen=True)
class Label:
    """A display label in zh and en; zh-Hant is derived from zh."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        if lang == "en":
            return self.en
        if lang == "zh-Hant":
            return hant.convert(self.zh)
        return self.zh


def _label(entry: Any, where: str) -> Label:
    if not isinstance(entry, dict) or not isinstance(entry.get("zh"), str) or not isinstance(entry.get("en"), str):
        raise KbError(f"{where}: needs a `zh` and an `en` label")
    return Label(entry["zh"], entry["en"])


@dataclass(frozen=True)
class Role:
    id: str
    side: str  # "staff" or "customer"
    label: Label


@dataclass(frozen=True)
class Stage:
    id: str
    label: Label
    hint: Label


@dataclass(frozen=True)
class FlowStep:
    stage: str
    optional: bool


@dataclass(frozen=True)
class Flow:
    id: str
    label: Label
    steps: tuple[FlowStep, ...]
    opens: str | None
    closes: str | None

    @property
    def required(self) -> list[str]:
        return [s.stage for s in self.steps if not s.optional]


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool
    vocab: str | None = None
    ref: str | None = None
    unless: str | None = None  # a required field may be left out when this other field is given
    # how many entries a list takes, (fewest, most): a script's three things to remember are (3, 3),
    # a principle page's self-check questions (2, 3)
    items: tuple[int, int] | None = None


@dataclass(frozen=True)
class PageType:
    id: str
    folder: str
    label: Label
    fields: tuple[Field, ...]
    sections: dict[str, Label]
    # the page that lists pages of this type: their tab, breadcrumb and previous/next
    # (kb.mkdocs_plugin); `{field}` stands for the page's value of that field
    section_page: str = ""

    def section_page_of(self, meta: dict) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: str(meta.get(m.group(1), "")), self.section_page)


@dataclass(frozen=True)
class ForbiddenPhrase:
    zh: str  # what not to say, as shown on the 服务禁语 page
    en: str
    better: Label
    why: Label | None = None
    source: str | None = None
    line: int = 0
    group: str | None = None  # a key of Vocab.forbidden_groups
    needles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> normalised forms (kb.forbidden)
    exceptions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> innocent lines containing a form

    def shown(self, lang: str) -> str:
        return self.en if lang == "en" else (hant.convert(self.zh) if lang == "zh-Hant" else self.zh)


@dataclass(frozen=True)
class Term:
    """One entry of the jewellery and jade glossary (docs/_data/glossary.yml)."""

    id: str
    zh: str
    en: str
    define: Label
    customer_means: Label
    may_say: Label
    must_not: Label
    source: str
    mark: dict[str, tuple[str, ...]]  # lang ("zh", "en") -> forms marked with a tooltip in pages
    line: int = 0


@dataclass(frozen=True)
class Phrase:
    """One line of the phrase bank (docs/_data/phrases.yml)."""

    stage: str
    channels: tuple[str, ...]  # empty: any channel
    text: Label
    source: str | None
    line: int


@dataclass(frozen=True)
class FinderEntry:
    """One line of the quick finder (docs/_data/quick-finder.yml): what the customer
    says, a short reply, and the script page that shows the whole conversation."""

    group: str
    says: Label
    reply: Label
    script: str
    line: int


@dataclass(frozen=True)
class DataProblem:
    """A malformed entry in a data file that the loader skipped; `kb check` reports it
    (DATA-001) and the build stops on it."""

    path: str  # relative to the repository root
    line: int
    detail: str


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # "error" or "warning"
    summary: Label
    message: Label
    stops_build: bool = False


FIELD_KINDS = {"id", "text", "number", "date", "vocab", "vocabs", "refs", "sources", "texts", "questions"}


@dataclass
class SearchSettings:
    """docs/_data/search.yml: how pages are indexed for the search box (kb.search_index)."""

    fields: dict[str, float] = field(default_factory=lambda: {"title": 1000.0, "text": 1.0, "tags": 20.0, "keys": 1.0})
    boost: dict[str, float] = field(default_factory=dict)       # page type (or `other`) -> factor
    skip_sections: tuple[str, ...] = ()                         # section ids left out of the index
    intro_only: tuple[str, ...] = ()                            # folders indexed by their pages' introductions
    dictionary: tuple[str, ...] = ()                            # words jieba keeps whole
    synonyms: dict[str, list[tuple[str, ...]]] = field(default_factory=lambda: {"zh": [], "en": []})
    intent: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # type -> lang -> words
    query_boost: int = 1                                        # weight of a non-intent query word
    filler: tuple[str, ...] = ()                                # Chinese query words weighted like intent


@dataclass
class Vocab:
    """All data files of one repository, loaded once."""

    root: Path
    vocabularies: dict[str, dict[str, Label]] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    stages: dict[str, Stage] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    page_types: dict[str, PageType] = field(default_factory=dict)
    forbidden: list[ForbiddenPhrase] = field(default_factory=list)
    forbidden_groups: dict[str, Label] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    ui: dict[str, Label] = field(default_factory=dict)
    phrases: list[Phrase] = field(default_factory=list)
    finder_groups: dict[str, Label] = field(default_factory=dict)
    finder: list[FinderEntry] = field(default_factory=list)
    data_problems: list[DataProblem] = field(default_factory=list)
    # docs/_data/hant-vocabulary.yml: what a zh-Hant page must not contain (kb.check.hant_quality)
    hant_wrong: dict[str, str] = field(default_factory=dict)      # wrong conversion -> right
    hant_mainland: dict[str, str] = field(default_factory=dict)   # mainland word -> Taiwan word
    hant_variants: dict[str, list[str]] = field(default_factory=dict)  # form to use -> forms not to use
    hant_protected: list[str] = field(default_factory=list)  # proper names (Simplified), never localized
    html: Any = None  # kb.htmlsafety.Policy from docs/_data/html-allowlist.yml
    glossary: list[Term] = field(default_factory=list)
    search: SearchSettings = field(default_factory=lambda: SearchSettings())
    # docs/_data/benchmark.yml: the scale targets and figure names (kb.benchmark_page)
    benchmark_targets: list[dict] = field(default_factory=list)
    benchmark_figures: dict[str, Label] = field(default_factory=dict)
    # docs/_data/review.yml: how long a page's review stays current (kb.review)
    review: review_mod.ReviewSettings = field(default_factory=lambda: review_mod.ReviewSettings())

    @property
    def data_dir(self) -> Path:
        return self.root / DATA_DIR

    @cached_property
    def type_by_folder(self) -> dict[str, PageType]:
        return {t.folder: t for t in self.page_types.values()}

    def say(self, key: str, lang: str) -> str:
        """A UI word from docs/_data/ui.yml in the given language."""
        return self.ui[key].get(lang) if key in self.ui else key

    def label(self, vocabulary: str, value: str, lang: str) -> str:
        entry = self.vocabularies.get(vocabulary, {}).get(value)
        return entry.get(lang) if entry else value


def load(root: Path) -> Vocab:
    """Load every data file under root/docs/_data. Raises KbError naming the file."""
    v = Vocab(root=Path(root))
    d = v.data_dir
    _load_vocabularies(v, d / "vocabularies.yml")
    _load_dialogue(v, d / "dialogue.yml")
    _load_page_types(v, d / "page-types.yml")
    _load_forbidden(v, d / "forbidden-phrases.yml")
    _load_rules(v, d / "rules.yml")
    _load_phrases(v, d / PHRASES)
    _load_finder(v, d / FINDER)
    _load_hant_vocabulary(v, d / HANT_VOCABULARY)
    _load_html_allowlist(v, d / HTML_ALLOWLIST)
    _load_glossary(v, d / GLOSSARY)
    _load_search(v, d / SEARCH)
    _load_benchmark(v, d / BENCHMARK)
    _load_review(v, d / REVIEW)
    ui = _mapping(load_data_file(d / "ui.yml"), d / "ui.yml", "labels")
    v.ui = {k: _label(e, f"ui `{k}`") for k, e in ui.items()}
    return v


def _mapping(data: Any, path: Path, what: str) -> dict:
    if not isinstance(data, dict):
        raise KbError(f"expected a mapping of {what}", str(path))
    return data


def _load_vocabularies(v: Vocab, path: Path) -> None:
    data = _mapping(load_data_file(path), path, "vocabularies")
    for name, values in data.items():
        values = _mapping(values, path, f"values of `{name}`")
        v.vocabularies[name] = {str(k): _label(e, f"{path}: {name}.{k}") for k, e in values.items()}


def _load_dialogue(v: Vocab, path: Path) -> None:
    data = _mapping(load_data_file(path), path, "roles, stages and flows")
    for rid, e in _mapping(data.get("roles"), path, "roles").items():
        side = e.get("side") if isinstance(e, dict) else None
        if side not in ("staff", "customer"):
            raise KbError(f"role `{rid}`: side must be staff or customer", str(path))
        v.roles[rid] = Role(rid, side, _label(e, f"role `{rid}`"))
    for sid, e in _mapping(data.get("stages"), path, "stages").items():
        hint = e.get("hint") if isinstance(e, dict) else None
        v.stages[sid] = Stage(sid, _label(e, f"stage `{sid}`"), _label(hint, f"stage `{sid}` hint"))
    for fid, e in _mapping(data.get("flows"), path, "flows").items():
        e = _mapping(e, path, f"flow `{fid}`")
        steps = []
        for item in e.get("stages") or []:
            if isinstance(item, str):
                steps.append(FlowStep(item, False))
            elif isinstance(item, dict) and len(item) == 1:
                (sid, mode), = item.items()
                if mode != "optional":
                    raise KbError(f"flow `{fid}`: write `{{{sid}: optional}}` for an optional stage", str(path))
                steps.append(FlowStep(str(sid), True))
            else:
                raise KbError(f"flow `{fid}`: a stage is a name or `{{name: optional}}`", str(path))
        for step in steps:
            if step.stage not in v.stages:
                raise KbError(f"flow `{fid}` names unknown stage `{step.stage}`", str(path))
        for side_key in ("opens", "closes"):
            if e.get(side_key) not in (None, "staff", "customer"):
                raise KbError(f"flow `{fid}`: {side_key} must be staff or customer", str(path))
        v.flows[fid] = Flow(fid, _label(e, f"flow `{fid}`"), tuple(steps), e.get("opens"), e.get("closes"))


def _item_range(items):
    """`items: 3` -> (3, 3); `items: [2, 3]` -> (2, 3); absent -> None; anything else -> False."""
    def whole(n):
        return isinstance(n, int) and not isinstance(n, bool) and n >= 1
    if items is None:
        return None
    if whole(items):
        return (items, items)
    if isinstance(items, list) and len(items) == 2 and all(whole(n) for n in items) and items[0] <= items[1]:
        return (items[0], items[1])
    return False


def _load_page_types(v: Vocab, path: Path) -> None:
    data = _mapping(load_data_file(path), path, "page types")
    for tid, e in data.items():
        e = _mapping(e, path, f"page type `{tid}`")
        fields = []
        for name, spec in _mapping(e.get("fields"), path, f"fields of `{tid}`").items():
            spec = _mapping(spec, path, f"field `{tid}.{name}`")
            kind = spec.get("kind")
            if kind not in FIELD_KINDS:
                raise KbError(f"field `{tid}.{name}`: unknown kind `{kind}` (one of {sorted(FIELD_KINDS)})", str(path))
            if kind in ("vocab", "vocabs") and spec.get("vocab") not in v.vocabularies:
                raise KbError(f"field `{tid}.{name}`: unknown vocabulary `{spec.get('vocab')}`", str(path))
            items = _item_range(spec.get("items"))
            if items is False:
                raise KbError(f"field `{tid}.{name}`: items must be a positive whole number or [fewest, most]", str(path))
            fields.append(Field(name, kind, bool(spec.get("required")), spec.get("vocab"), spec.get("ref"),
                                spec.get("unless"), items))
        sections = {str(k): _label(s, f"section `{tid}.{k}`") for k, s in (e.get("sections") or {}).items()}
        section_page = e.get("section_page")
        if not isinstance(section_page, str) or not section_page.endswith(".md"):
            raise KbError(f"page type `{tid}`: section_page must be the path of a page under docs/ (…/index.md)", str(path))
        for name in re.findall(r"\{(\w*)\}", section_page):
            if name not in {f.name for f in fields if f.kind == "vocab"}:
                raise KbError(f"page type `{tid}`: section_page names `{{{name}}}`, not one of its vocab fields", str(path))
        v.page_types[tid] = PageType(tid, str(e.get("folder")), _label(e.get("label"), f"page type `{tid}`"),
                                     tuple(fields), sections, section_page)


def _load_forbidden(v: Vocab, path: Path) -> None:
    data, lines = load_data_file_with_item_lines(path, "phrases")
    data = _mapping(data, path, "forbidden phrases")
    for gid, label in _mapping(data.get("groups") or {}, path, "groups").items():
        v.forbidden_groups[str(gid)] = _label(label, f"{path}: group `{gid}`")
    for i, e in enumerate(data.get("phrases") or [], 1):
        if not isinstance(e, dict) or not isinstance(e.get("zh"), str) or not isinstance(e.get("en"), str):
            raise KbError(f"phrase {i}: needs `zh`, `en` and `better`", str(path))
        also = e.get("also") or {}
        if not isinstance(also, dict) or not all(isinstance(also.get(k, []), list) for k in ("zh", "en")):
            raise KbError(f"phrase {i} (`{e['zh']}`): `also` is `{{zh: [...], en: [...]}}`", str(path))
        forms = {k: [e[k], *[str(x) for x in also.get(k, [])]] for k in ("zh", "en")}
        innocent = e.get("except") or {}
        if not isinstance(innocent, dict) or not all(isinstance(innocent.get(k, []), list) for k in ("zh", "en")):
            raise KbError(f"phrase {i} (`{e['zh']}`): `except` is `{{zh: [...], en: [...]}}`", str(path))
        why = _label(e["why"], f"phrase {i} why") if e.get("why") is not None else None
        v.forbidden.append(ForbiddenPhrase(
            e["zh"], e["en"], _label(e.get("better"), f"phrase {i} better"), why,
            str(e["source"]) if e.get("source") else None, lines[i - 1] if i <= len(lines) else 0,
            str(e["group"]) if e.get("group") is not None else None,
            {k: forbidden_mod.needles(f, k) for k, f in forms.items()},
            {k: forbidden_mod.needles([str(x) for x in innocent.get(k, [])], k) for k in ("zh", "en")}))


def _zh_en(e: Any, key: str) -> Label | None:
    value = e.get(key) if isinstance(e, dict) else None
    if isinstance(value, dict) and isinstance(value.get("zh"), str) and isinstance(value.get("en"), str) \
            and value["zh"].strip() and value["en"].strip():
        return Label(value["zh"].strip(), value["en"].strip())
    return None


def _entries(v: Vocab, path: Path, key: str):
    """(line, entry) for each item of the list under `key`; nothing if the file is absent."""
    if not path.exists():
        return
    data, lines = load_data_file_with_item_lines(path, key)
    items = _mapping(data, path, key).get(key) or []
    if not isinstance(items, list):
        raise KbError(f"`{key}` must be a list", str(path))
    for i, e in enumerate(items):
        yield (lines[i] if i < len(lines) else 1), e


def _problem(v: Vocab, path: Path, line: int, detail: str) -> None:
    v.data_problems.append(DataProblem((DATA_DIR / path.name).as_posix(), line, detail))


BENCHMARK = "benchmark.yml"


def _load_benchmark(v: Vocab, path: Path) -> None:
    """Benchmark targets: a bad one is reported at its line (DATA-001) and left out."""
    for line, t in _entries(v, path, "targets"):
        label = t.get("label") if isinstance(t, dict) else None
        goals = [k for k in ("below", "above") if isinstance(t, dict) and k in t]
        if not isinstance(label, dict) or not all(isinstance(label.get(k), str) for k in ("zh", "en")) \
                or not isinstance(t.get("figure"), str) or len(goals) != 1 \
                or not isinstance(t[goals[0]], (int, float)) or isinstance(t[goals[0]], bool):
            _problem(v, path, line, "a target needs `label: {zh, en}`, a `figure` and one number, `below` or `above`")
            continue
        v.benchmark_targets.append(dict(t, label=_label(label, f"{path}:{line}")))
    if path.exists():
        names = _mapping(load_data_file(path), path, "benchmark targets").get("figures") or {}
        v.benchmark_figures = {str(k): _label(e, f"{path}: figures.{k}") for k, e in _mapping(names, path, "figures").items()}


REVIEW = "review.yml"


def _load_review(v: Vocab, path: Path) -> None:
    if not path.exists():
        return
    data = _mapping(load_data_file(path), path, "review settings")

    def days(value, where: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise KbError(f"{where}: a number of days (a positive whole number)", str(path))
        return value

    known = set(v.page_types) | set(v.vocabularies.get("section", {}))
    sections = {}
    for key, value in _mapping(data.get("sections") or {}, path, "sections").items():
        if key not in known:
            raise KbError(f"sections: `{key}` is neither a page type nor a principle section "
                          f"(one of {', '.join(sorted(known))})", str(path))
        sections[str(key)] = days(value, f"sections.{key}")
    v.review = review_mod.ReviewSettings(days(data.get("interval_days", review_mod.DEFAULT_INTERVAL), "interval_days"),
                                         sections)


def _load_phrases(v: Vocab, path: Path) -> None:
    """Stage and channel values are checked by `kb check` (DATA-001), not here, so that
    one typo is reported at its line instead of refusing the whole file."""
    for line, e in _entries(v, path, "phrases"):
        if not isinstance(e, dict) or not all(isinstance(e.get(k), str) and e[k].strip() for k in ("stage", "zh", "en")):
            _problem(v, path, line, "a phrase needs `stage`, `zh` and `en`")
            continue
        channels = e.get("channels") or []
        if not isinstance(channels, list):
            _problem(v, path, line, "`channels` is a list, e.g. `[store, phone]`")
            continue
        v.phrases.append(Phrase(e["stage"], tuple(str(c) for c in channels), Label(e["zh"].strip(), e["en"].strip()),
                                str(e["source"]) if e.get("source") else None, line))


def _load_finder(v: Vocab, path: Path) -> None:
    if not path.exists():
        return
    groups = _mapping(load_data_file(path), path, "groups and entries").get("groups") or {}
    for gid, label in _mapping(groups, path, "groups").items():
        v.finder_groups[str(gid)] = _label(label, f"{path}: group `{gid}`")
    for line, e in _entries(v, path, "entries"):
        says, reply = _zh_en(e, "says"), _zh_en(e, "reply")
        if says is None or reply is None or not isinstance(e.get("group"), str) or not isinstance(e.get("script"), str):
            _problem(v, path, line, "an entry needs `group`, `says: {zh, en}`, `reply: {zh, en}` and `script`")
            continue
        v.finder.append(FinderEntry(e["group"], says, reply, e["script"], line))


def _load_rules(v: Vocab, path: Path) -> None:
    data = _mapping(load_data_file(path), path, "rules")
    for rid, e in data.items():
        e = _mapping(e, path, f"rule `{rid}`")
        if e.get("severity") not in ("error", "warning"):
            raise KbError(f"rule `{rid}`: severity must be error or warning", str(path))
        v.rules[rid] = Rule(rid, e["severity"], _label(e.get("summary"), f"rule `{rid}` summary"),
                            _label(e.get("message"), f"rule `{rid}` message"), bool(e.get("stops-build")))


def _load_hant_vocabulary(v: Vocab, path: Path) -> None:
    """Taiwan vocabulary decisions for zh-Hant pages (`protected` names are read by kb.hant)."""
    if not path.exists():
        return
    data = _mapping(load_data_file(path) or {}, path, "protected, wrong, mainland and variants")
    v.hant_protected = [str(n) for n in data.get("protected") or []]
    for key, target in (("wrong", v.hant_wrong), ("mainland", v.hant_mainland)):
        for bad, good in _mapping(data.get(key) or {}, path, key).items():
            target[str(bad)] = str(good)
    for good, bads in _mapping(data.get("variants") or {}, path, "variants").items():
        if not isinstance(bads, list):
            raise KbError(f"variants: `{good}` needs a list of the forms not to use", str(path))
        v.hant_variants[str(good)] = [str(b) for b in bads]


def _load_html_allowlist(v: Vocab, path: Path) -> None:
    from .htmlsafety import Policy

    data = _mapping(load_data_file(path), path, "elements, attributes and URL rules")

    def names(value, what: str) -> frozenset[str]:
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise KbError(f"`{what}` must be a list of names", str(path))
        return frozenset(x.lower() for x in value)

    attrs = _mapping(data.get("attributes"), path, "attributes by element")
    styles = _mapping(data.get("styles") or {}, path, "styles")
    v.html = Policy(
        elements=names(data.get("elements"), "elements"),
        built_elements=names(data.get("built-elements") or [], "built-elements"),
        global_attrs=names(attrs.get("*") or [], "attributes: *"),
        attr_prefixes=tuple(sorted(names(attrs.get("*-prefixes") or [], "attributes: *-prefixes"))),
        element_attrs={str(k).lower(): names(a, f"attributes: {k}") for k, a in attrs.items() if not str(k).startswith("*")},
        url_attrs=names(data.get("url-attributes"), "url-attributes"),
        link_schemes=names(data.get("link-schemes"), "link-schemes"),
        styles={str(k).lower(): names(a, f"styles: {k}") for k, a in styles.items()},
    )


def _load_glossary(v: Vocab, path: Path) -> None:
    """Glossary terms. By default a term is marked in zh pages by its `zh` and `also` forms
    and in en pages not at all; `mark: {zh: [...], en: [...]}` lists the forms instead,
    for terms that are also everyday words (处理, 天然) or for English."""
    if not path.exists():
        return
    for line, e in _entries(v, path, "terms"):
        if not isinstance(e, dict):
            _problem(v, path, line, "a term is a mapping of `id`, `zh`, `en`, ...")
            continue
        labels = {k: _zh_en(e, k) for k in ("define", "customer_means", "may_say", "must_not")}
        if not all(isinstance(e.get(k), str) and e.get(k) for k in ("id", "zh", "en", "source")) \
                or None in labels.values():
            _problem(v, path, line, "a term needs `id`, `zh`, `en`, `source` and `define`, `customer_means`, "
                                    "`may_say`, `must_not` as `{zh, en}`")
            continue
        also = [str(x) for x in e.get("also") or []]
        mark = e.get("mark") if isinstance(e.get("mark"), dict) else {}
        forms = {"zh": tuple(str(x) for x in mark["zh"]) if "zh" in mark else (e["zh"], *also),
                 "en": tuple(str(x) for x in mark.get("en") or ())}
        v.glossary.append(Term(e["id"], e["zh"], e["en"], labels["define"], labels["customer_means"],
                               labels["may_say"], labels["must_not"], e["source"], forms, line))


ENGLISH_SEARCH_WORD = re.compile(r"^[a-z0-9]+(?:'[a-z]+)?$")


def _words(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and value and all(isinstance(w, str) and w.strip() for w in value):
        return tuple(w.strip() for w in value)
    return None


def _load_search(v: Vocab, path: Path) -> None:
    """Search settings. A bad synonym group is reported at its line (DATA-001) and left out."""
    if not path.exists():
        return
    data = _mapping(load_data_file(path), path, "search settings")
    s = v.search
    for key, target in (("fields", s.fields), ("boost", s.boost)):
        given = data.get(key) or {}
        if not isinstance(given, dict) or not all(isinstance(x, (int, float)) and x > 0 for x in given.values()):
            raise KbError(f"`{key}` maps names to positive numbers", str(path))
        target.update({str(k): float(x) for k, x in given.items()})
    for key in ("skip_sections", "intro_only", "dictionary", "filler"):
        words = data.get(key) or []
        if words and _words(words) is None:
            raise KbError(f"`{key}` is a list of words", str(path))
        setattr(s, key, tuple(w.strip() for w in words))
    for line, e in _entries(v, path, "synonyms"):
        groups = {lang: _words(e.get(lang)) for lang in ("zh", "en")} if isinstance(e, dict) else {}
        if not isinstance(e, dict) or set(e) - {"zh", "en"} or not any(groups.values()) \
                or any(e.get(lang) is not None and groups[lang] is None for lang in ("zh", "en")):
            _problem(v, path, line, "a synonym group is `{zh: [...], en: [...]}` (either may be left out)")
            continue
        odd = [w for w in groups["en"] or () if not ENGLISH_SEARCH_WORD.match(w)]
        if odd:
            _problem(v, path, line, f"English synonyms are single lowercase words (the search box matches "
                                    f"word by word): {', '.join(odd)}")
            continue
        for lang, words in groups.items():
            if words:
                s.synonyms[lang].append(words)
    boost = data.get("query_boost", 1)
    if not isinstance(boost, int) or isinstance(boost, bool) or boost < 1:
        raise KbError("`query_boost` is a whole number, 1 or more", str(path))
    s.query_boost = boost
    intent = data.get("intent") or {}
    for ptype, by_lang in (intent.items() if isinstance(intent, dict) else ()):
        words = {lang: _words((by_lang or {}).get(lang)) for lang in ("zh", "en")} if isinstance(by_lang, dict) else {}
        if not words or None in words.values():
            raise KbError(f"`intent.{ptype}` needs `zh` and `en` lists of words", str(path))
        s.intent[str(ptype)] = words
