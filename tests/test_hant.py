"""kb.hant: zh-Hant pages are derived from zh, with the phrase overrides applied."""
from kb import hant


def test_overrides_win_over_opencc(root):
    hant.load_overrides(root)
    # s2tw alone gives 櫃檯 and 瞭解; the overrides file asks for 櫃台 and 了解
    assert hant.convert("请到柜台了解一下对话脚本") == "請到櫃台了解一下對話腳本"


def test_sync_tree_writes_regenerates_and_removes(tmp_path, root):
    hant.load_overrides(root)
    docs = tmp_path / "docs"
    (docs / "cases").mkdir(parents=True)
    (docs / "_data").mkdir()
    page = docs / "cases" / "a.md"
    page.write_text("---\ntitle: 顾客投诉\n---\n\n正文\n", encoding="utf-8")
    (docs / "cases" / "a.en.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (docs / "_data" / "t.md").write_text("数据", encoding="utf-8")

    written = hant.sync_tree(docs)
    twin = docs / "cases" / "a.zh-Hant.md"
    assert written == [twin]
    text = twin.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 顧客投訴\n---\n\n正文\n")
    assert text.count("\n") == page.read_text(encoding="utf-8").count("\n") + 1  # same lines + marker
    assert not (docs / "_data" / "t.zh-Hant.md").exists()
    assert not (docs / "cases" / "a.en.zh-Hant.md").exists()

    assert hant.sync_tree(docs) == []  # unchanged: nothing rewritten (no rebuild loop in `mkdocs serve`)
    page.write_text("---\ntitle: 退货\n---\n", encoding="utf-8")
    assert hant.sync_tree(docs) == [twin]
    assert "退貨" in twin.read_text(encoding="utf-8")

    page.unlink()
    hant.sync_tree(docs)
    assert not twin.exists()


def test_hand_edit_is_told_from_staleness(root):
    hant.load_overrides(root)
    zh = "---\ntitle: 投诉\n---\n"
    generated = hant.render_page(zh)
    assert not hant.hand_edited(generated)
    assert hant.up_to_date(zh, generated)
    assert not hant.up_to_date("---\ntitle: 退货\n---\n", generated)  # stale...
    assert not hant.hand_edited(generated)  # ...but not edited
    assert hant.hand_edited(generated.replace("投訴", "抱怨"))
    assert hant.hand_edited("---\ntitle: 手寫\n---\n")


def test_conversion_is_one_linear_pass_that_survives_huge_pages(root):
    hant.load_overrides(root)
    # the old placeholder scheme ran out of private-use code points on a page this size
    line = "请到柜台了解一下，对话脚本的权限。\n"
    assert hant.convert(line * 100_000) == "請到櫃台了解一下，對話腳本的權限。\n" * 100_000


def test_a_new_override_makes_generated_pages_stale(root):
    hant.load_overrides(root)
    zh = "---\ntitle: 柜台\n---\n"
    generated = hant.render_page(zh)
    assert hant.up_to_date(zh, generated)
    hant.set_overrides({"柜台": "櫃檯"})
    try:
        assert not hant.up_to_date(zh, generated)
    finally:
        hant.load_overrides(root)


def test_protected_names_keep_their_words(root):
    hant.load_overrides(root)
    # s2twp alone localizes 信息 in the law's name to 資訊
    assert hant.convert("按照《个人信息保护法》，顾客的信息要保密。") == "按照《個人信息保護法》，顧客的資訊要保密。"


def test_the_conversion_test_set(root):
    """327 service sentences with the zh-Hant a Taiwan editor expects (reviewed by reading)."""
    import yaml

    hant.load_overrides(root)
    cases = yaml.safe_load((root / "tests" / "fixtures" / "hant_cases.yml").read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 150
    wrong = [(c["zh"], hant.convert(c["zh"]), c["hant"]) for c in cases if hant.convert(c["zh"]) != c["hant"]]
    assert wrong == [], "\n".join(f"{zh}\n  got      {got}\n  expected {want}" for zh, got, want in wrong[:10])
