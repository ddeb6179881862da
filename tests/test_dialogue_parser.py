"""kb.dialogue: the one parser for ```dialogue blocks."""
from hypothesis import given, settings, strategies as st

from kb import dialogue


def blocks(text: str, first_line: int = 1):
    return dialogue.find_blocks(text.split("\n"), first_line)


SAMPLE = """Intro line
```dialogue
flow: complaint
title: 柜台
staff (greeting): 您好！
customer（listening）：我的镯子
  裂了。
```
after
"""


def test_parses_header_turns_fullwidth_and_continuations():
    [b] = blocks(SAMPLE, first_line=10)
    d = dialogue.parse(b)
    assert b.line == 11
    assert (d.flow, d.flow_line, d.title) == ("complaint", 12, "柜台")
    assert [(t.role, t.stage, t.text, t.line) for t in d.turns] == [
        ("staff", "greeting", "您好！", 14),
        ("customer", "listening", "我的镯子\n裂了。", 15),
    ]
    assert d.problems == []


def test_fences_nested_in_other_fences_are_not_dialogues():
    text = "````markdown\n```dialogue\nflow: x\n```\n````\n"
    assert blocks(text) == []


def test_bad_line_and_missing_flow_are_problems_with_lines():
    [b] = blocks("```dialogue\nstaff greeting hello\n```\n")
    d = dialogue.parse(b)
    assert [(p.code, p.line) for p in d.problems] == [("DLG-001", 2), ("DLG-002", 1)]


def test_unclosed_block_is_reported():
    [b] = blocks("```dialogue\nflow: enquiry\nstaff (greeting): hi\n")
    d = dialogue.parse(b)
    assert ("DLG-001", 1) in [(p.code, p.line) for p in d.problems]
    assert len(d.turns) == 1


PIECES = st.sampled_from([*"staffcustomer()（）:：`~ \n#-问候", "```dialogue\n", "\n```\n", "flow: ", "staff (greeting): "])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=120).map("".join))
def test_random_text_never_raises(text):
    for b in blocks(text):
        d = dialogue.parse(b)
        for t in d.turns:
            assert t.line >= b.line
        for p in d.problems:
            assert p.code.startswith("DLG-")


BAD = """```dialogue
flow: complaint
version: bad
title: 不要这样接
staff (greeting): 有事吗？
  note: 没有问候，
    也没有报名字。
customer (listening): 我的镯子裂了。
staff (explanation): 这是规定。
```
"""


def test_bad_version_header_and_notes():
    [b] = blocks(BAD)
    d = dialogue.parse(b)
    assert d.problems == []
    assert d.bad and d.version == "bad"
    assert [(t.role, t.note, t.note_line) for t in d.turns] == [
        ("staff", "没有问候，\n也没有报名字。", 6),
        ("customer", None, None),
        ("staff", None, None),
    ]
    assert d.turns[0].text == "有事吗？"  # the note is not part of what is said


def test_notes_outside_bad_versions_and_unknown_versions_are_syntax_errors():
    good = dialogue.parse(blocks("```dialogue\nflow: enquiry\nstaff (greeting): 您好。\n  note: 好\n```\n")[0])
    assert [(p.code, p.line) for p in good.problems] == [("DLG-001", 4)]
    assert not good.bad
    odd = dialogue.parse(blocks("```dialogue\nflow: enquiry\nversion: worse\nstaff (greeting): 您好。\n```\n")[0])
    assert [(p.code, p.line) for p in odd.problems] == [("DLG-001", 3)]
    twice = dialogue.parse(blocks("```dialogue\nflow: enquiry\nversion: bad\nstaff (greeting): 嗯\n"
                                  "  note: a\n  note: b\n```\n")[0])
    assert [(p.code, p.line) for p in twice.problems] == [("DLG-001", 6)]
