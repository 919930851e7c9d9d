"""Dates in Chinese news text: absolute, partial, relative, in Arabic or Chinese numerals.

``find_dates(text)`` gives every date expression with its offsets; ``resolve(found, context)``
fills in the year (and month) from the article, the page's masthead, an option or the file
name, and says where the year came from. A date whose year cannot be known stays
month-and-day (``xsd:gMonthDay``): no year is ever invented.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .model import DateValue

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CN = "〇零○一二两三四五六七八九十百千"
CN_NUMERALS = "〇零一二三四五六七八九十"       # a month's or a day's number in Chinese (十三日)
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
PARTS_OF_DAY = ("上午", "下午", "晚上", "中午", "早上", "凌晨", "傍晚", "夜间", "晚")

_NUM = rf"(?:\d{{1,4}}|[{_CN}]{{1,5}})"
DATE_RE = re.compile(
    rf"(?:(?P<y>\d{{4}}|[〇零○一二三四五六七八九]{{4}})\s*年\s*)?(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*[日号]"
    rf"(?P<pod>{'|'.join(PARTS_OF_DAY)})?")
DAY_ONLY_RE = re.compile(rf"(?:(?<![\d月年{_CN}\u4e00-\u9fff])(?P<d>\d{{1,2}})日(?P<pod>{'|'.join(PARTS_OF_DAY)})"
                         rf"|(?:^|(?<=[)）\s讯▲△▼●■◆◇★☆•]))(?P<d2>\d{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日"
                         # 6日，…; in a roundup, a day heading its item: 6日　市人大常委会主任会议召开, ▲6日，… (not 3日内, 5日起)
                         rf"(?=[,，]|(?:至\d{{1,2}}日)?[^\W\d内游后前起以间来左右到止]))")
# days before the page's date (昨晚 is yesterday evening)
RELATIVE_DAYS = {"昨日": 1, "昨天": 1, "今日": 0, "今天": 0, "前天": 2, "前日": 2, "昨晚": 1, "昨夜": 1, "今晚": 0,
                 "今晨": 0}
RELATIVE_WORDS = "|".join(RELATIVE_DAYS)
_WITHOUT_DAY = tuple(w for w in RELATIVE_DAYS if not set(w) & set("日号天"))     # 昨晚, 今晨: no 日 to look for
# days counted from the date said last in the article (a roundup's 3月4日……；同日，……；次日，……)
AFTER_LAST = {"同日": 0, "当天": 0, "当日": 0, "次日": 1, "翌日": 1}
AFTER_LAST_RE = re.compile(rf"(?P<w>{'|'.join(AFTER_LAST)})(?P<pod>{'|'.join(PARTS_OF_DAY)})?")
RELATIVE_RE = re.compile(rf"(?P<w>{RELATIVE_WORDS})(?P<pod>{'|'.join(PARTS_OF_DAY)})?")
ISO_HEADER_RE = re.compile(r"(?:发布时间|发布日期|加入时间|日期|时间|发表时间|来源时间)\s*[:：]\s*"
                           r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
DATED_SOURCE_RE = re.compile(r"(?:^|\n)[^\n\d]{0,30}?(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*"
                             r"(?:信息|文章|稿件)?来源\s*[:：]")
# a line near the top naming the source and its time: 南部发布　2020-08-12 21:47; 宾川县融媒体中心　2021年9月30日;
# a programme's title and its day: 广安新闻 | 2022年11月9日;
# a WeChat post's line under its title: 原创 宁乡融媒 宁乡发布 2022-09-28 12:06 发表于湖南 (author, account),
# or with the province alone: 融水发布 2023年5月26日 21:15 广西
SOURCE_STAMP_RE = re.compile(r"^\s*(?:原创\s+)?(?:[\u4e00-\u9fffA-Za-z]{2,16}[\s\u3000|｜丨]+){1,3}(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?"
                             r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*发表于\s*[\u4e00-\u9fff]{2,8}"
                             rf"|\s+(?!(?:{'|'.join(PARTS_OF_DAY)})\s*$)[\u4e00-\u9fff]{{2,8}})?\s*$")
# a page's head line: the paper or programme and its day, with the page number, the time or a
# read count after it (宝鸡日报　2023年7月4日　第1版; 【平度新闻】2024年4月23日;
# 某市融媒体中心　2024-04-23 20:06　阅读 8921; 某县人大网　2019-06-28　【打印】), or the day alone
_HEAD_TRAIL = (r"(?:\s|\d{1,2}:\d{2}(?::\d{2})?|星\s*期\s*[一二三四五六日天]"
               r"|第\s*[\d一二三四五六七八九十]+\s*版(?:\s*[\u4e00-\u9fff]{2,6})?"
               r"|(?:阅读|浏览|点击|播放)(?:量|次数|数)?\s*[:：]?\s*[\d.]+万?|【[\u4e00-\u9fff]{2,4}】)*")
PAGE_HEAD_RE = re.compile(r"^\s*(?:[^\n，。；！？、,;]{0,24}?)(?<!\d)(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
                          rf"(?:{_HEAD_TRAIL})\s*$")
_HEAD_MARK = re.compile(r"版|阅读|浏览|点击|播放|【")
MASTHEAD_RE = re.compile(r"(\d{4})\s*年\s*(\d{0,2})\s*月\s*(\d{0,2})\s*日\s*(?:星\s*期|周|礼\s*拜)\s*([一二三四五六日天])")
MASTHEAD_CN_RE = re.compile(r"([〇零○一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*"
                            r"([一二三四五六七八九十]{1,3})\s*日\s*(?:星\s*期|周|礼\s*拜)\s*([一二三四五六日天])")
FILENAME_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")


def cn_to_int(text: str) -> int | None:
    """Chinese or Arabic numerals to int: 五十二 → 52, 十五 → 15, 二〇二三 → 2023, 10 → 10."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(c in CN_DIGITS for c in text):            # digit by digit: 二〇二三
        return int("".join(str(CN_DIGITS[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in CN_DIGITS:
            current = CN_DIGITS[c]
        elif c in CN_UNITS:
            unit = CN_UNITS[c]
            if unit == 10000:
                total = (total + current) * unit
            else:
                total += (current or 1) * unit
            current = 0
        else:
            return None
    return total + current


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    month: int | None
    day: int
    year: int | None
    part_of_day: str = ""
    relative: int | None = None       # days before the publication date (昨日 = 1)
    after_last: int | None = None     # days after the date said last (同日 = 0, 次日 = 1)


def _valid(y: int | None, m: int, d: int) -> bool:
    try:
        dt.date(y or 2000, m, d)
        return True
    except ValueError:
        return False


def find_dates(text: str) -> list[FoundDate]:
    """Every date expression in text, in order."""
    has_day = "日" in text
    if not (has_day or "号" in text or "天" in text or any(w in text for w in _WITHOUT_DAY)):
        return []           # each pattern needs 日, 号, 天 or a word such as 昨晚: most sentences have none
    out: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for m in DATE_RE.finditer(text):
        month, day = cn_to_int(m.group("m")), cn_to_int(m.group("d"))
        year = cn_to_int(m.group("y")) if m.group("y") else None
        if month is None or day is None or not 1 <= month <= 12 or not _valid(year, month, day):
            continue
        if year is not None and not 1900 <= year <= 2100:
            year = None
        out.append(FoundDate(m.start(), m.end(), month, day, year, m.group("pod") or ""))
        taken.append((m.start(), m.end()))
    for m in DAY_ONLY_RE.finditer(text) if has_day else ():
        if any(a <= m.start() < b for a, b in taken):
            continue
        day = cn_to_int(m.group("d") or m.group("d2"))
        if day is None:
            continue
        if 1 <= day <= 31:
            out.append(FoundDate(m.start(), m.end(), None, day, None, m.group("pod") or ""))
    for m in RELATIVE_RE.finditer(text):
        back = RELATIVE_DAYS[m.group("w")]
        out.append(FoundDate(m.start(), m.end(), None, 0, None, m.group("pod") or "", relative=back))
    if "日" in text or "天" in text:
        for m in AFTER_LAST_RE.finditer(text):
            out.append(FoundDate(m.start(), m.end(), None, 0, None, m.group("pod") or "",
                                 after_last=AFTER_LAST[m.group("w")]))
    return sorted(out, key=lambda f: f.start)


def after(value: DateValue, days: int) -> DateValue:
    """The date ``days`` after value (次日 of 3月31日 is 4月1日; a year unknown counts as a leap year)."""
    d = dt.date(value.year or 2000, value.month, value.day) + dt.timedelta(days=days)
    return DateValue(d.month, d.day, value.year and d.year, value.source)


def masthead_date(raw: str) -> DateValue | None:
    """The page's own date from a masthead line such as ``2020年11月24日星期二``.

    OCR may drop a digit (``2020年11月 4日星期二``); the weekday decides between the readings.
    """
    for m in MASTHEAD_RE.finditer(raw[:5000]):
        year = int(m.group(1))
        weekday = WEEKDAYS[m.group(4)]
        months = _readings(m.group(2), 12)
        days = _readings(m.group(3), 31)
        fits = []
        for mo in months:
            for d in days:
                if _valid(year, mo, d) and dt.date(year, mo, d).weekday() == weekday:
                    fits.append((mo, d))
        exact = (int(m.group(2) or 0), int(m.group(3) or 0))
        if exact in fits:
            return DateValue(exact[0], exact[1], year, "masthead")
        if len(fits) == 1:
            return DateValue(fits[0][0], fits[0][1], year, "masthead (weekday-checked)")
    for m in MASTHEAD_CN_RE.finditer(raw[:5000]):    # 一九九七年六月二十日　星期五
        year, month, day = cn_to_int(m.group(1)), cn_to_int(m.group(2)), cn_to_int(m.group(3))
        if year and month and day and 1900 <= year <= 2100 and _valid(year, month, day) and \
                dt.date(year, month, day).weekday() == WEEKDAYS[m.group(4)]:
            return DateValue(month, day, year, "masthead (weekday-checked)")
    return None


def _readings(digits: str, top: int) -> list[int]:
    """The number as printed and the numbers it becomes with one lost digit put back."""
    out = set()
    if digits:
        out.add(int(digits))
    if len(digits) <= 1:
        for extra in "0123456789":
            for s in (extra + digits, digits + extra):
                if s and int(s) >= 1:
                    out.add(int(s))
    return sorted(n for n in out if 1 <= n <= top)


def header_date(raw: str) -> DateValue | None:
    m = ISO_HEADER_RE.search(raw[:3000])
    if not m:                        # 2024年07月12日　信息来源：巡检镇
        m = DATED_SOURCE_RE.search(raw[:3000])
    first = [line for line in raw[:600].splitlines() if line.strip()][:4]
    if not m:                        # the page's first lines: its source and when it was published
        for line in first[:2]:
            m = SOURCE_STAMP_RE.match(line)
            if m:
                break
    if not m:
        m = _page_head(first)
    if m and _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))):
        return DateValue(int(m.group(2)), int(m.group(3)), int(m.group(1)), "header")
    return None


def _page_head(lines: list[str]) -> re.Match | None:
    """A head line among the page's first ones: the day with what marks it as the page's own."""
    for line in lines:
        m = PAGE_HEAD_RE.match(line)
        if not m:
            continue
        pre, trail = line[:m.start(1)].strip(), line[m.end(3):].strip().removeprefix("日").strip()
        if (not pre and not trail) or pre.endswith(("】", "》")) or _HEAD_MARK.search(trail):
            return m
    return None


def filename_date(name: str) -> DateValue | None:
    m = FILENAME_RE.search(name)
    if m and _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))):
        return DateValue(int(m.group(2)), int(m.group(3)), int(m.group(1)), "filename")
    return None


def parse_option(value: str) -> DateValue:
    """``--date`` as YYYY-MM-DD."""
    y, m, d = (int(x) for x in value.split("-"))
    dt.date(y, m, d)
    return DateValue(m, d, y, "option")


def page_date(raw: str, name: str, option: DateValue | None = None) -> DateValue | None:
    """The publication date of a page: option, header line, masthead, then the file name."""
    return option or header_date(raw) or masthead_date(raw) or filename_date(name)


def resolve(found: FoundDate, pub: DateValue | None, year_hint: int | None = None) -> DateValue | None:
    """Give a found date its year (and month) from what the article and page say."""
    if found.after_last is not None:           # 同日, 次日: only where the date said last is known
        return None
    if found.relative is not None:
        if pub is None:
            return None
        base = dt.date(pub.year or 2000, pub.month, pub.day) - dt.timedelta(days=found.relative)
        return DateValue(base.month, base.day, pub.year and base.year, (pub.source or "page") + ", relative")
    month = found.month
    if month is None:                       # a day alone: 4日上午
        if pub is None:
            return None
        month = pub.month if found.day <= pub.day else (pub.month - 2) % 12 + 1
        if not _valid(pub.year, month, found.day):
            return None
        year = pub.year if not (pub.year and month > pub.month) else pub.year - 1
        return DateValue(month, found.day, year, pub.source if year else "")
    if found.year:
        return DateValue(month, found.day, found.year, "text")
    if year_hint:
        return DateValue(month, found.day, year_hint, "article")
    if pub and pub.year:
        year = pub.year
        if (month, found.day) > (pub.month, pub.day + 1):
            year -= 1                       # reported after the page's date: last year's event
        if _valid(year, month, found.day):
            return DateValue(month, found.day, year, pub.source)
    return DateValue(month, found.day, None, "")
