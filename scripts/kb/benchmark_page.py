"""The benchmark page's tables (shortcode `<!-- kb:table benchmark -->` on guide/benchmark.md):
the targets of docs/_data/benchmark.yml against the figures `kb bench --record` wrote to
docs/_data/benchmark-figures.yml, then the figures themselves. A target with no recorded
figure says "not measured"; no figure is ever typed by hand."""
from __future__ import annotations

from pathlib import Path

import yaml

from .errors import KbError
from .guide_tables import _row
from .yamlfile import load_data_file

TARGETS = "docs/_data/benchmark.yml"  # read by kb.vocab (Vocab.benchmark_targets, benchmark_figures)
FIGURES = "docs/_data/benchmark-figures.yml"
FIGURES_HEADER = ("# Written by `kb bench --record`: the latest scale figures, shown on guide/benchmark.md.\n"
                  "# Do not edit by hand; run `make bench` (or `kb bench --record`) again.\n")
WORDS = {  # the table's own words
    "target": {"zh": "目标", "en": "Target"}, "recorded": {"zh": "实测", "en": "Measured"},
    "goal": {"zh": "要求", "en": "Goal"}, "met": {"zh": "是否达到", "en": "Met"},
    "yes": {"zh": "✓ 达到", "en": "✓ yes"}, "no": {"zh": "✗ 未达到", "en": "✗ no"},
    "unmeasured": {"zh": "未测", "en": "not measured"}, "real": {"zh": "真实内容库", "en": "real library"},
    "none": {"zh": "还没有记录的数据：运行 `make bench`。", "en": "No figures recorded yet: run `make bench`."},
    "when": {"zh": "记录于 {date}，{cpus} 核，命令 `{command}`。", "en": "Recorded {date} on {cpus} cores with `{command}`."},
    "links": {"zh": "断链对比：{n} 个注入的断链，每种语言 {pages} 页", "en": "Broken links: {n} injected, {pages} pages per language"},
    "tool": {"zh": "工具", "en": "Tool"}, "found": {"zh": "找到", "en": "Found"},
    "generated": {"zh": "指向生成锚点的报告", "en": "Reports of generated anchors"},
    "other": {"zh": "其他报告", "en": "Other reports"}, "time": {"zh": "从源文件到结论", "en": "Sources to verdict"},
}


def _say(key: str, lang: str) -> str:
    text = WORDS[key]["en" if lang == "en" else "zh"]
    return _hant(text) if lang == "zh-Hant" else text


def _hant(text: str) -> str:
    from . import hant

    return hant.convert(text)


def _worst(value, below: bool):
    if isinstance(value, dict):
        values = [v for v in value.values() if isinstance(v, (int, float))]
        return (max(values) if below else min(values)) if values else None
    return value if isinstance(value, (int, float)) else None


def target_value(target: dict, rows: dict[int, dict], links: dict | None):
    """The recorded figure a target is judged on, or None."""
    below = "below" in target
    figure, size = target.get("figure"), target.get("size", 0)
    if figure == "check_speedup":
        tools = {t["tool"]: t for t in (links or {}).get("tools", [])}
        check, lychee = tools.get("kb check"), tools.get("build + lychee")
        if check and lychee and check.get("seconds") and lychee.get("seconds") and lychee.get("found"):
            return lychee["seconds"] / check["seconds"]
        return None
    if figure == "build_ms_per_page_ratio":
        here, base = rows.get(size), rows.get(target.get("base"))
        if here and base and here.get("build_ok") and base.get("build_ok"):
            return (here["build_s"] / here["pages_per_lang"]) / (base["build_s"] / base["pages_per_lang"])
        return None
    row = rows.get(size)
    if not row or not row.get("build_ok", True):
        return None
    value = _worst(row.get(figure), below)
    return value or None  # 0 is what a figure that was not taken defaults to


def _fmt(value: float) -> str:
    if float(value).is_integer() or value >= 10:
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def load_figures(root: Path) -> dict:
    path = root / FIGURES
    if not path.exists():
        return {}
    data = load_data_file(path)
    if not isinstance(data, dict):
        raise KbError("the recorded figures are a mapping (written by `kb bench --record`)", str(path))
    return data


def record(root: Path, data: dict) -> Path:
    path = root / FIGURES
    path.write_text(FIGURES_HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120),
                    encoding="utf-8")
    return path


def table_benchmark(vocab, lang: str) -> str:
    figures = load_figures(vocab.root)
    if not figures.get("rows"):
        return _say("none", lang)
    rows = {r["derived_per_lang"]: r for r in figures["rows"]}
    out = [_say("when", lang).format(date=figures.get("date", "?"), cpus=figures.get("cpus", "?"),
                                     command=figures.get("command", "kb bench")), "",
           _row(_say("target", lang), _say("recorded", lang), _say("goal", lang), _say("met", lang)),
           _row("---", "---", "---", "---")]
    for t in vocab.benchmark_targets:
        value = target_value(t, rows, figures.get("links"))
        unit = t.get("unit", "")
        goal = (f"< {_fmt(t['below'])} {unit}" if "below" in t else f"≥ {_fmt(t['above'])} {unit}").strip()
        if value is None:
            shown, met = "–", _say("unmeasured", lang)
        else:
            ok = value < t["below"] if "below" in t else value >= t["above"]
            shown, met = f"{_fmt(value)} {unit}".strip(), _say("yes" if ok else "no", lang)
        out.append(_row(t["label"].get(lang), shown, goal, met))
    out += ["", _figures_table(vocab.benchmark_figures, figures["rows"], lang)]
    links = figures.get("links")
    if links:
        out += ["", "**" + _say("links", lang).format(n=links["injected"], pages=links["pages_per_lang"]) + "**", "",
                _row(_say("tool", lang), _say("found", lang), _say("generated", lang), _say("other", lang), _say("time", lang)),
                _row("---", "---", "---", "---", "---")]
        for t in links["tools"]:
            out.append(_row(t["tool"], f"{t['found']} / {links['injected']}", t["generated"], t["other"],
                            f"{t['seconds']:.1f} s" if t["seconds"] else "–"))
    return "\n".join(out)


def _figures_table(names: dict, rows: list[dict], lang: str) -> str:
    head = [""] + [_say("real", lang) if r["derived_per_lang"] == 0 else f"+{r['derived_per_lang']:,}" for r in rows]
    out = [_row(*head), _row(*["---"] * len(head))]
    for key, label in names.items():
        out.append(_row(label.get(lang), *(_cell(key, r) for r in rows)))
    return "\n".join(out)


def _per_mode(values: dict, fmt: str, unit: str) -> str:
    """online / file:// figures, the slowest language of each."""
    if not values:
        return "–"
    return " / ".join(format(_worst({k: v for k, v in values.items() if k.startswith(m)}, True) or 0, fmt)
                      for m in ("online", "file://")) + unit


CELLS = {  # a row of the figures table: how it shows a benchmark row
    "pages_per_lang": lambda r: f"{r['pages_per_lang']:,}",
    "check_cold_s": lambda r: f"{r['check_cold_s']:.1f} / {r['check_warm_s']:.1f} s",
    "build_s": lambda r: f"{r['build_s']:.0f} s ({1000 * r['build_s'] / max(r['pages_per_lang'], 1):.0f} ms/page)",
    "build_peak_mib": lambda r: f"{r['build_peak_mib']:,.0f} MiB",
    "site_mib": lambda r: f"{r['site_mib']:,.0f} MiB",
    "html_mean_kb": lambda r: f"{r['html_mean_kb']:.0f} / {r['html_largest_kb']:,.0f} KB",
    "index_kb_per_page": lambda r: " / ".join(f"{r['index_kb_per_page'].get(lang, 0):.1f}"
                                              for lang in ("zh", "zh-Hant", "en")) + " KB",
    "first_result_s": lambda r: _per_mode(r.get("first_result_s") or {}, ".2f", " s"),
    "whole_index_s": lambda r: _per_mode(r.get("whole_index_s") or {}, ".2f", " s"),
    "heap_mb": lambda r: _per_mode(r.get("heap_mb") or {}, ".0f", " MB"),
}


def _cell(key: str, r: dict) -> str:
    if not r.get("build_ok", True) and key not in ("pages_per_lang", "check_cold_s"):
        return "–"
    return CELLS[key](r) if key in CELLS else str(r.get(key, "–"))
