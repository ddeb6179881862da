"""mkdocs.yml's nav as written: its pages and its titles, each with its line, and each
language's `nav_translations`. One reader, so the checker (LINK-004, TRANS-006) sees the
nav the build shows. The zh-Hant titles are not written there: the plugin converts the
zh titles (`zh_hant_titles`), as it converts the pages."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .yamlfile import YamlProblem


@dataclass
class NavConfig:
    pages: list[tuple[str, int]] = field(default_factory=list)   # (docs-relative path, line)
    titles: list[tuple[str, int]] = field(default_factory=list)  # (zh title, line)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # locale -> zh title -> title


def read(root: Path) -> NavConfig:
    """The nav of `root`/mkdocs.yml. Raises OSError or YamlProblem (with its line)."""
    return _parse((root / "mkdocs.yml").read_text(encoding="utf-8"))


@lru_cache(maxsize=4)  # LINK-004 and TRANS-006 read it in the same check
def _parse(text: str) -> NavConfig:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml uses !!python tags (toc.slugify) and !ENV; the nav needs none of them.
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    loader = Loader(text)
    try:  # one parse: the node tree gives the lines, the same tree constructed the values
        node = loader.get_single_node()
        config = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise YamlProblem(str(getattr(exc, "problem", exc)), (mark.line + 1) if mark else 1) from None
    finally:
        loader.dispose()
    out = NavConfig()

    def walk(n):
        if isinstance(n, yaml.ScalarNode):
            if n.value.endswith(".md"):
                out.pages.append((n.value, n.start_mark.line + 1))
        elif isinstance(n, yaml.SequenceNode):
            for item in n.value:
                walk(item)
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                if isinstance(k, yaml.ScalarNode):
                    out.titles.append((k.value, k.start_mark.line + 1))
                walk(v)

    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == "nav":
                walk(v)
    for lang in _i18n_languages(config):
        if isinstance(lang, dict) and isinstance(lang.get("locale"), str):
            given = lang.get("nav_translations")
            out.translations[lang["locale"]] = given if isinstance(given, dict) else {}
    return out


def _i18n_languages(config) -> list:
    plugins = config.get("plugins") if isinstance(config, dict) else None
    for plugin in plugins if isinstance(plugins, list) else []:
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            languages = plugin["i18n"].get("languages")
            return languages if isinstance(languages, list) else []
    return []


def titles(nav) -> list[str]:
    """Every title of a nav as MkDocs loads it (lists of {title: path or list})."""
    out = []
    for item in nav if isinstance(nav, list) else []:
        if isinstance(item, dict):
            for title, value in item.items():
                out.append(title)
                out.extend(titles(value))
    return out


def zh_hant_titles(nav, convert) -> dict[str, str]:
    """zh title -> zh-Hant title for every title of the nav (`convert`: kb.hant.convert)."""
    return {title: convert(title) for title in titles(nav) if isinstance(title, str)}
