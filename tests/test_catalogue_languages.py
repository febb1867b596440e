"""``tools/po.py check`` (run by ``make test``) fails on strings in the wrong language: Chinese in an
English source string, which the English interface would show, and English words left in a translation,
which the Chinese interface would show. The catalogue as it stands passes."""

import importlib.util
from pathlib import Path

import polib
import pytest
from django.utils import translation

from common.text import join_clauses, join_list

spec = importlib.util.spec_from_file_location("po", Path(__file__).resolve().parent.parent / "tools" / "po.py")
po = importlib.util.module_from_spec(spec)
spec.loader.exec_module(po)


@pytest.mark.parametrize(
    "msgid",
    [
        "下一页",
        "Reviewed %(count)s 份",
        "first award, 首次获奖",
        "%(scheme)s 以 %(standard)s 评价",
        "、",
        "Deadline：%(date)s",
    ],
)
def test_chinese_in_a_source_string_is_refused(msgid):
    assert po._chinese_in_source(msgid)


@pytest.mark.parametrize(
    "msgid",
    [
        "Next stage",
        "Draft for comment (征求意见稿)",
        "Where a scheme wants an industry expert in each group (Qingyuan 二(四)), the draw reads these.",
        "e.g. 春节, 调休上班",
        "The secretariat that runs its awards, e.g. 市质强办",
        "The year named beside the title (获奖年度).",
    ],
)
def test_a_quoted_chinese_term_or_example_is_english(msgid):
    assert not po._chinese_in_source(msgid)


@pytest.mark.parametrize(
    ("msgstr", "words"),
    [
        ("以 scheme 为准", ["scheme"]),
        ("下一 stage：%(stage)s", ["stage"]),
        ("评审组 review group", ["review", "group"]),
    ],
)
def test_english_words_in_a_translation_are_refused(msgstr, words):
    assert po._english_in_translation(msgstr) == words


@pytest.mark.parametrize(
    "msgstr",
    [
        "%(scheme)s当前没有进行中的评选",
        "导出 .xlsx",
        "操作，例如 cycle.opened",
        "例如 jinzhong-db14t1464",
        "在Python中运行 random.Random(seed).sample(pool, size) 即得结果",
        '请打开 <a href="%(url)s">评审页面</a>',
        "GB/T 19580 卓越绩效评价准则",
    ],
)
def test_placeholders_code_and_standards_in_a_translation_pass(msgstr):
    assert po._english_in_translation(msgstr) == []


def test_wrong_language_names_the_entry_and_where_it_is():
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="下一页", msgstr="下一页", occurrences=[("templates/x.html", "3")]))
    catalogue.append(polib.POEntry(msgid="By scheme", msgstr="以 scheme", occurrences=[("y.py", "9")]))
    catalogue.append(polib.POEntry(msgid="Next stage", msgstr="下一阶段"))

    assert po.wrong_language(catalogue) == [
        "Chinese in an English source string: '下一页' (templates/x.html:3)",
        "English scheme in the translation of 'By scheme': '以 scheme' (y.py:9)",
    ]


def test_the_shipped_catalogue_has_no_string_in_the_wrong_language():
    assert po.wrong_language(polib.pofile(str(po.CATALOGUE))) == []


def test_a_list_reads_as_a_list_in_either_language():
    with translation.override("en"):
        assert join_list(["随州", "兰州", "晋中"]) == "随州, 兰州, 晋中"
    with translation.override("zh-hans"):
        assert join_list(["随州", "兰州", "晋中"]) == "随州、兰州、晋中"


def test_clauses_read_as_one_sentence_in_either_language():
    with translation.override("en"):
        assert join_clauses(["row 2: no name", "row 3: no tier"]) == "row 2: no name; row 3: no tier"
    with translation.override("zh-hans"):
        assert join_clauses(["第2行：缺少名称", "第3行：缺少等次"]) == "第2行：缺少名称；第3行：缺少等次"
