"""A synthetic corpus of the real genre: city-daily pages recombined from govkg's lexicons.

Pages look like the OCR'd pages in ``seeds/``: masthead lines, headlines (``#`` or plain),
``本报讯(记者X 通讯员Y)M月D日,……召开……会议。TITLE_CHAIN NAME出席并讲话。`` leads, shared titles
over lists of names (``副市长张飞、赵鹏、杨朝晖出席会议``), speeches (``NAME强调,一要……``), bylines,
long feature paragraphs, photo credits, ``(下转第七版)`` and OCR noise (stray spaces, lines broken
mid-sentence, repeated paragraphs).

The *world* (cities, their counties, posts and who holds each post when, reporters) comes from
the seed alone; page ``i`` comes from the seed and ``i`` alone. So the output is deterministic for
a seed, and a smaller corpus is a prefix of a larger one with the same seed: names recur across
pages and sizes the way officials recur in a real paper, and the graph grows with the corpus.

    python bench/corpus.py OUT_DIR --articles 6000 [--seed 7]

Knowledge comes from ``kg/data`` (surnames, titles, bodies, meeting kinds, places.tsv) and from
``bench/given_chars.txt``; the genre's phrases are the templates below, modelled on ``seeds/``, and
its narrative prose is the sentences of ``seeds/`` that name no post, meeting, reporter or date
(``genre_sentences``), recombined: with the templates alone the text had half the vocabulary of
real pages and jieba.posseg ran 1.7x faster on it than on them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KG_DATA = ROOT / "kg" / "data"
GENERATOR_VERSION = 3          # bump when the output for a seed changes (invalidates caches)
ARTICLES_1X = 5000             # the 1x corpus: ~10 MB of text; 16x 80,000 articles
N_CITIES = 12
START = dt.date(2019, 1, 1)
WEEKDAYS = "一二三四五六日"
CN_DIGITS = "零一二三四五六七八九"


# --- lexicons ------------------------------------------------------------------------------------
def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (KG_DATA / name).read_text(encoding="utf-8-sig").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append([f.strip() for f in line.split("\t")])
    return rows


def _given_chars() -> list[str]:
    text = (HERE / "given_chars.txt").read_text(encoding="utf-8")
    return [c for line in text.splitlines() if not line.startswith("#") for c in line.split()]


def genre_sentences() -> list[str]:
    """The narrative prose of the real pages in ``seeds/``: their sentences that name no post, no
    reporter, no meeting and no date, so that recombining them adds the genre's vocabulary (the
    templates below have a fraction of it: ~950 distinct characters in 94,000, where the real
    pages have ~1,570 in 28,000, and with them few words outside jieba's dictionary) without
    adding people or events to the world."""
    words = {r[0] for name in ("titles.txt", "meeting_kinds.txt", "reporter_titles.txt") for r in _rows(name)}
    skip = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r"|\d+日|[日月]\d")
    bank = set()
    for page in sorted((ROOT / "seeds").glob("*.txt")):
        for line in page.read_text(encoding="utf-8").splitlines():
            for sent in re.findall(r"[^。！？]+[。！？]", line.strip()):
                sent = sent.strip()
                if 12 <= len(sent) <= 150 and not skip.search(sent):
                    bank.add(sent)
    return sorted(bank)


# The share of filler sentences taken from genre_sentences (the rest from the templates). All of
# them by default: on 300 KB of pages, jieba.posseg then runs at the speed it runs on the real
# pages (0.169 vs 0.167 MB/s here) and 27,700 characters hold 1,374 distinct ones (real pages
# 1,569); with the templates alone 0.277 MB/s and 768, half of each 0.198 and 1,285.
REAL_SHARE = float(os.environ.get("GOVKG_CORPUS_REAL_SHARE", "1"))


def cn_number(n: int) -> str:
    """52 -> 五十二, 15 -> 十五, 7 -> 七 (ordinals of meetings and sessions)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


# --- templates of the genre ------------------------------------------------------------------------
TOPICS = """城市基层党建 “两新”组织党建 优化营商环境 安全生产 乡村振兴 文明城市创建 重点项目建设 招商引资
民营经济高质量发展 防汛抗旱 生态环境保护 大气污染防治 疫情防控 信访稳定 人居环境整治 老旧小区改造 城乡建设提质
科技创新 制造业高质量发展 “万人助企” 巡察整改 党风廉政建设 意识形态 平安建设 社会救助 养老服务 教育质量提升
医疗保障 森林防火 食品安全 河长制 林长制 粮食生产 农村集体产权制度改革 政务服务 “放管服”改革 扫黑除恶
文化旅游 全民健身 退役军人服务 国土空间规划 土地出让管理 棚户区改造 城市管理 交通安全 消防安全 就业创业""".split()
SCOPES = ["全市", "我市", "市政府", "市委", "全区", "全县"]
VERBS = """深入推进 持续优化 切实加强 全面落实 扎实开展 不断完善 着力提升 大力实施 加快推进 统筹做好 认真抓好
严格落实 积极稳妥推进 坚决打好 扎实做好 持续深化 全力推动 加快构建 进一步健全 稳步推进""".split()
OBJECTS = """营商环境 基层治理体系 安全生产责任制 重点项目建设 乡村振兴战略 生态环境保护 民生实事 文明城市创建
产业链现代化 社区服务功能 干部队伍建设 风险隐患排查 工作机制 制度体系 政策宣传 督导检查 问题整改 资源保障
要素保障 招商引资 项目谋划储备 应急处置能力 社会救助兜底保障 城市精细化管理 基础设施建设 公共服务供给
党建引领作用 群众获得感 数字化转型 “四个一百”专项行动 河湖长效管护 农村人居环境 高标准农田建设""".split()
RESULTS = """落到实处 取得实效 见到成效 落地见效 走在前列 再上新台阶 形成合力 持续提升 群众满意 不断巩固""".split()
ADVERBS = """真正 切实 全力 坚决 务必 始终 进一步 持续 全面 扎实""".split()
ATTITUDES = """提高政治站位 增强责任感和紧迫感 强化担当意识 树牢底线思维 坚持问题导向 坚持系统观念
坚持以人民为中心 保持清醒头脑 对标先进 拉高标杆""".split()
ACTIONS = """听取了 审议了 研究了 讨论了 传达了 通报了""".split()
REPORTS = """近期上级重要会议精神 上周交办重点工作完成情况 全市经济运行情况 重点项目建设进展情况 专项整治工作情况
有关工作情况汇报 下一步工作安排 相关议题 全市安全生产形势 各县（市、区）工作进展""".split()
NUMS = ["个", "项", "家", "处", "人次", "件", "公里", "亩"]
PLACES_IN_CITY = """八一路 五一路 文峰路 建安大道 许由路 魏文路 学院路 东城区 新兴街道 西湖社区 北大街社区 仓库路
人民广场 市民之家 产业集聚区 高新区 经济技术开发区 城乡一体化示范区 文化街 滨河公园""".split()
LOCAL_ROLES = ["社区党支部书记", "村党支部书记", "居委会主任", "志愿者", "网格员", "企业负责人", "村民", "居民",
               "老党员", "社区工作者", "物业经理", "驻村第一书记"]
FEATURE_HEADS = ["践行嘱托争出彩", "全民创文齐行动 文明花开香愈浓", "老旧小区迎来新生活", "凝聚合力 决战决胜",
                 "架起“四梁八柱” 筑牢执政根基", "以创新驱动产业高质量发展", "党建引领聚民心",
                 "小网格撬动大治理", "奋力谱写新时代出彩篇章", "为民服务显精神", "产业兴旺促振兴", "绿水青山入画来"]
QUOTE_OPEN = ["“没想到,", "“我们的", "“作为一名", "“以前,", "“现在,", "“这段时间,"]
QUOTE_BODY = ["办理完业务后这么快就办好了", "小区虽然年头儿久,但到处都收拾得干净利索", "老党员,就应该率先行动起来",
              "大家只管自己家门口干净", "大家对维护整个小区的环境卫生有了共识", "社区干部辛苦了,一天到晚在社区里忙碌",
              "家门口就能办成事,心里踏实", "产业发展起来了,乡亲们的腰包也鼓了"]


# --- the world ---------------------------------------------------------------------------------------
@dataclass
class Post:
    key: str
    chain: str           # the title chain as printed before a name
    short: str           # the title when it stands alone over a list of names
    weight: float        # how often its holder appears in the news
    term: int            # days a holder stays in post
    offset: int


@dataclass
class City:
    name: str            # 许昌市
    alias: str           # 许昌
    counties: list[str]
    posts: list[Post] = field(default_factory=list)
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    issue0: int = 0


BODY_HEADS = [("局", "局长"), ("委", "主任"), ("办", "主任"), ("办公室", "主任"), ("中心", "主任"), ("部", "部长")]
MASS_HEADS = {"总工会": "主席", "工商联": "主席", "妇联": "主席", "科协": "主席", "文联": "主席", "侨联": "主席",
              "残联": "理事长", "团委": "书记", "红十字会": "会长"}


class World:
    def __init__(self, seed: int):
        self.seed = seed
        rng = random.Random(f"govkg-bench-world:{seed}")
        surnames = [r[0] for r in _rows("surnames.txt")]
        # surnames.txt is ordered by frequency: weight by rank, so 王李张 dominate as in life
        self.surnames = surnames
        self.surname_w = [1.0 / (i + 8) for i in range(len(surnames))]
        self.given = _given_chars()
        self.titles = {r[0] for r in _rows("titles.txt")}
        self.kinds = [r[0] for r in _rows("meeting_kinds.txt")]
        self.sentences = genre_sentences()
        places = _rows("places.tsv")
        prefectures = [r for r in places if r[2] == "prefecture" and r[1].endswith("市")]
        counties: dict[str, list[str]] = {}
        for r in places:
            if r[2] == "county" and len(r) > 3 and r[3] and r[1][-1] in "区县市" and len(r[1]) >= 3:
                counties.setdefault(r[3], []).append(r[1])
        prefectures = [p for p in prefectures if len(counties.get(p[0], [])) >= 4]
        bodies = _rows("bodies.txt")
        self.gov_bodies = [b[0] for b in bodies if len(b) > 2 and b[1] == "政府" and len(b[0]) >= 3]
        self.party_bodies = [b[0] for b in bodies if len(b) > 2 and b[1] == "党委" and b[0] not in ("纪委", "纪委监委")]
        self.mass_bodies = [b[0] for b in bodies if b[0] in MASS_HEADS]
        self.cities: list[City] = []
        for p in rng.sample(prefectures, N_CITIES):
            alias = p[4].split(",")[0] if len(p) > 4 and p[4] else p[1][:-1]
            cs = sorted(rng.sample(counties[p[0]], min(len(counties[p[0]]), rng.randint(4, 8))))
            city = City(p[1], alias, cs, issue0=rng.randint(3000, 12000))
            city.posts = self._posts(rng, cs)
            city.reporters = [self._name(rng) for _ in range(24)]
            city.correspondents = [self._name(rng) for _ in range(40)]
            self.cities.append(city)

    # names ------------------------------------------------------------------------------------
    def _name(self, rng: random.Random) -> str:
        s = rng.choices(self.surnames, self.surname_w)[0]
        n = 1 if rng.random() < 0.3 else 2
        return s + "".join(rng.choice(self.given) for _ in range(n))

    def holder(self, city_i: int, post: Post, day: int) -> str:
        term = (day + post.offset) // post.term
        return self._name(random.Random(f"{self.seed}:{city_i}:{post.key}:{term}"))

    # posts of one city ----------------------------------------------------------------------------
    def _posts(self, rng: random.Random, counties: list[str]) -> list[Post]:
        out: list[Post] = []

        def add(key, chain, short=None, weight=1.0):
            head = next((t for t in sorted(self.titles, key=len, reverse=True) if (short or chain).endswith(t)), None)
            if not head:                      # a post the title lexicon cannot read: leave it out
                return
            out.append(Post(key, chain, short or chain.split("、")[-1], weight, rng.randint(300, 1200),
                            rng.randint(0, 1200)))

        add("sj", "市委书记", weight=4)
        add("sz", "市委副书记、市长", "市长", weight=4)
        add("fsj", "市委副书记", weight=2)
        add("cwfsz", "市委常委、常务副市长", "常务副市长", weight=3)
        for k, c in [("zzb", "市委常委、组织部部长"), ("xcb", "市委常委、宣传部部长"), ("tzb", "市委常委、统战部部长"),
                     ("zfw", "市委常委、政法委书记"), ("jw", "市委常委、市纪委书记、市监委主任"), ("msz", "市委常委、秘书长")]:
            add(k, c, weight=2)
        for i in range(rng.randint(4, 6)):
            add(f"fsz{i}", "副市长", weight=2.5)
        add("rdzr", "市人大常委会主任", weight=2)
        for i in range(rng.randint(4, 6)):
            add(f"rdfzr{i}", "市人大常委会副主任", "市人大常委会副主任", weight=1)
        add("rdmsz", "市人大常委会秘书长", weight=0.5)
        add("zxzx", "市政协主席", weight=2)
        for i in range(rng.randint(3, 5)):
            add(f"zxfzx{i}", "市政协副主席", weight=1)
        add("fy", "市中级人民法院院长", weight=0.7)
        add("jcy", "市人民检察院检察长", weight=0.7)
        for b in rng.sample(self.gov_bodies, min(len(self.gov_bodies), 30)):
            head = next((h for suf, h in sorted(BODY_HEADS, key=lambda x: -len(x[0])) if b.endswith(suf)), None)
            if head:
                add(f"gov:{b}", f"市{b}{head}", weight=0.6)
                add(f"gov2:{b}", f"市{b}副{head}", weight=0.2)
        for b in self.party_bodies:
            head = "书记" if b.endswith("工委") or b.endswith("政法委") else "主任" if b.endswith("办") else \
                "校长" if b == "党校" else "部长" if b.endswith("部") else None
            if head:
                add(f"party:{b}", f"市委{b}{'常务副' if b == '党校' else ''}{head}", weight=0.3)
        for b in self.mass_bodies:
            add(f"mass:{b}", f"市{b}{MASS_HEADS[b]}", weight=0.3)
        for c in counties:
            unit = c[-1]                           # 区 县 市
            head = f"{c}长" if unit != "市" else f"{c}市长"
            short_head = f"{unit}长"
            add(f"{c}:sj", f"{c}委书记", weight=1.5)
            add(f"{c}:z", f"{c}委副书记、{short_head}" if unit != "市" else f"{c}委副书记、{c}长", head, weight=1.2)
            add(f"{c}:fsj", f"{c}委副书记", weight=0.6)
            for i in range(rng.randint(2, 4)):
                add(f"{c}:fz{i}", f"{c}副{short_head}" if unit != "市" else f"{c}副市长", weight=0.5)
            add(f"{c}:rd", f"{c}人大常委会主任", weight=0.4)
            add(f"{c}:zx", f"{c}政协主席", weight=0.4)
        return out


# --- pages ---------------------------------------------------------------------------------------
class PageWriter:
    """One page: a list of paragraphs (strings), blank lines between them."""

    def __init__(self, world: World, index: int):
        self.w = world
        self.i = index
        self.rng = random.Random(f"govkg-bench-page:{world.seed}:{index}")
        self.city_i = index % N_CITIES
        self.city = world.cities[self.city_i]
        self.day = index // N_CITIES
        self.date = START + dt.timedelta(days=self.day)
        self.markdown = self.rng.random() < 0.5
        self.paras: list[str] = []

    # small pieces ---------------------------------------------------------------------------------
    def pick_post(self, county: str | None = None) -> Post:
        posts = self.city.posts
        if county:
            cand = [p for p in posts if p.key.startswith(county + ":")]
            if cand:
                posts = cand
        return self.rng.choices(posts, [p.weight for p in posts])[0]

    def who(self, post: Post) -> str:
        name = self.w.holder(self.city_i, post, self.day)
        if self.rng.random() < 0.02 and len(name) >= 3:          # OCR: a stray space inside a name
            name = name[0] + " " + name[1:]
        return name

    def event_date(self) -> str:
        d = self.date - dt.timedelta(days=self.rng.choice([1, 1, 1, 2, 0]))
        s = f"{d.month}月{d.day}日"
        if self.rng.random() < 0.1:
            s = f"{d.month} 月 {d.day} 日"
        if self.rng.random() < 0.35:
            s += self.rng.choice(["上午", "下午", "晚上"])
        return s

    def reporter_lead(self) -> str:
        r = self.rng
        rep = r.choice(self.city.reporters)
        sp = " " if r.random() < 0.35 else ""
        inner = f"记者{sp}{rep}"
        if r.random() < 0.35:
            inner += " 通讯员" + sp + " ".join(r.sample(self.city.correspondents, r.randint(1, 2)))
        elif r.random() < 0.05:
            inner = "通讯员" + sp + " ".join(r.sample(self.city.correspondents, 2))
        return f"本报讯{sp}({inner}){sp}"

    def sentence(self) -> str:
        r = self.rng
        form = r.random()
        if form < 0.3:
            return (f"要{r.choice(ATTITUDES)},{r.choice(VERBS)}{r.choice(OBJECTS)},{r.choice(VERBS)}{r.choice(OBJECTS)},"
                    f"确保各项工作{r.choice(RESULTS)}。")
        if form < 0.55:
            return (f"{r.choice(['全市', '各县（市、区）', '各级各部门', '相关单位'])}要{r.choice(ADVERBS)}"
                    f"{r.choice(VERBS)}{r.choice(OBJECTS)},{r.choice(VERBS)}{r.choice(OBJECTS)}。")
        if form < 0.75:
            return (f"据了解,{r.choice(['今年以来', '近年来', '目前', '截至目前'])},全市累计投入{r.randint(2, 90)}.{r.randint(1, 9)}亿元,"
                    f"{r.choice(VERBS)}{r.choice(OBJECTS)}{r.randint(12, 2000)}{r.choice(NUMS)},"
                    f"{r.choice(OBJECTS)}{r.choice(RESULTS)}。")
        if form < 0.9:
            return (f"围绕{r.choice(TOPICS)}工作,{r.choice(VERBS)}{r.choice(OBJECTS)}、{r.choice(OBJECTS)}和"
                    f"{r.choice(OBJECTS)},构建{r.choice(['共建共享', '上下联动', '条块协同', '集约高效'])}的"
                    f"{r.choice(OBJECTS)}新格局。")
        return f"{r.choice(['在', '走进', '来到'])}{r.choice(PLACES_IN_CITY)},{r.choice(LOCAL_ROLES)}" \
               f"{self.w._name(r)}{r.choice(['介绍', '告诉记者', '说'])},{r.choice(VERBS)}{r.choice(OBJECTS)}以来," \
               f"{r.choice(OBJECTS)}{r.choice(RESULTS)}。"

    def filler(self, n_sent: int) -> str:
        r, bank = self.rng, self.w.sentences
        return "".join(r.choice(bank) if bank and r.random() < REAL_SHARE else self.sentence() for _ in range(n_sent))

    def speech(self, name: str) -> str:
        r = self.rng
        verb = r.choice(["强调", "指出", "要求", "提出"])
        head = r.choice([f"就做好{r.choice(TOPICS)}工作,{name}{verb},",
                         f"{name}{verb},", f"围绕{r.choice(VERBS)}{r.choice(OBJECTS)},{name}{verb},"])
        parts = []
        for k in range(r.randint(2, 4)):
            parts.append(f"{CN_DIGITS[k + 1]}要{r.choice(VERBS)}{r.choice(OBJECTS)}。" + self.filler(r.randint(0, 2)))
        return head + "".join(parts)

    def headline(self, text: str, level: int = 1) -> None:
        self.paras.append(("#" * level + " " + text) if self.markdown else text)

    def body(self, text: str) -> None:
        r = self.rng
        if r.random() < 0.08 and len(text) > 40:                    # OCR: stray spaces
            for _ in range(r.randint(1, 3)):
                k = r.randrange(5, len(text) - 5)
                text = text[:k] + " " + text[k:]
        if r.random() < 0.15 and len(text) > 120:                   # a line broken mid-sentence
            k = r.randrange(40, len(text) - 40)
            self.paras.extend([text[:k], text[k:]])
        else:
            self.paras.append(text)
        if r.random() < 0.02:                                       # a repeated paragraph
            self.paras.append(text)

    # articles -------------------------------------------------------------------------------------
    def meeting_name(self) -> tuple[str, str]:
        """(the meeting's name, who convenes it)"""
        r = self.rng
        kind = r.choice(self.w.kinds)
        if kind in ("视察", "调研", "检查", "督导"):
            kind = "座谈会"
        scope = r.choice(SCOPES)
        topic = r.choice(TOPICS)
        if r.random() < 0.2:
            topic += "暨" + r.choice(TOPICS)
        if r.random() < 0.15:
            return f"{r.choice(['中心城区', '全市', ''])}第{cn_number(r.randint(2, 60))}次{topic}{kind}", scope
        return f"{scope if scope in ('全市', '全区', '全县') else ''}{topic}{r.choice(['工作', '', ''])}{kind}", scope

    def art_meeting(self) -> None:
        r = self.rng
        name, scope = self.meeting_name()
        posts = []
        for _ in range(r.choices([1, 2, 3, 4], [5, 4, 2, 1])[0]):
            p = self.pick_post()
            if p not in posts:
                posts.append(p)
        names = [self.who(p) for p in posts]
        lead_verb = r.choice(["出席并讲话", "出席会议并讲话", "出席", "出席会议", "主持会议并讲话", "参加会议"])
        self.headline(f"我市召开{name}" if r.random() < 0.3 else f"{name}召开")
        if r.random() < 0.7:
            self.headline(f"{names[0]}{'等' if len(names) > 1 else ''}{lead_verb if len(names) == 1 else '出席'}", 2)
        chain = ",".join(f"{p.chain}{n}" for p, n in zip(posts, names))
        if len(posts) >= 3 and r.random() < 0.3:                    # a shared title over a list
            p0 = next((p for p in self.city.posts if p.short == "副市长"), posts[0])
            extra = [self.who(p) for p in self.city.posts if p.short == p0.short][:r.randint(2, 4)]
            chain = f"{posts[0].chain}{names[0]},{p0.short}{'、'.join(extra)}"
        opener = r.choice([f"我市召开{name}。", f"{name}召开。", f"{'市政府' if r.random() < .5 else '市委'}召开{name}。"])
        lead = f"{self.reporter_lead()}{self.event_date()},{opener}{chain}{lead_verb}。"
        if r.random() < 0.25:
            lp = self.pick_post()
            lead += f"{lp.chain}{self.who(lp)}{r.choice(['主持会议', '列席会议'])}。"
        self.body(lead)
        if r.random() < 0.4:
            self.body(f"会议{r.choice(ACTIONS)}{r.choice(REPORTS)},{r.choice(ACTIONS)}{r.choice(REPORTS)}。"
                      + self.filler(r.randint(0, 2)))
        for n in names[:r.randint(1, 2)]:
            self.body(self.speech(n))
        for _ in range(r.randint(1, 3)):
            self.body(self.filler(r.randint(2, 5)))
        if len(names) > 1 and r.random() < 0.5:
            self.body(f"{names[1]}{r.choice(['通报了', '部署了', '介绍了'])}{r.choice(REPORTS)},并对做好下一步工作提出具体要求。")

    def art_standing(self) -> None:
        r = self.rng
        which = r.random()
        if which < 0.35:
            p = next(p for p in self.city.posts if p.key == "rdzr")
            n = self.who(p)
            ordn = cn_number(r.randint(2, 80))
            title = f"市{cn_number(r.randint(5, 15))}届人大常委会召开第{ordn}次主任会议"
            self.headline(title)
            self.headline(f"{n}主持会议并讲话", 2)
            deps = [self.who(q) for q in self.city.posts if q.key.startswith("rdfzr")]
            lead = (f"{self.reporter_lead()}{self.event_date()},{title.replace('召开', '召开', 1)}。{p.chain}{n}主持会议并讲话。"
                    f"市人大常委会副主任{'、'.join(deps)}出席会议。")
            fs = [q for q in self.city.posts if q.short == "副市长"]
            if fs:
                lead += f"副市长{self.who(r.choice(fs))}列席会议。"
        elif which < 0.7:
            p = next(p for p in self.city.posts if p.key == "sz")
            n = self.who(p)
            title = f"市政府{self.date.year}年第{r.randint(1, 52)}次{r.choice(['常务会议', '重点工作周交办会议'])}"
            self.headline(f"{title}召开")
            self.headline(f"{n}主持会议并讲话", 2)
            fs = [self.who(q) for q in self.city.posts if q.short == "副市长"]
            lead = (f"{self.reporter_lead()}{self.event_date()},{title}召开。{p.chain}{n}主持会议并讲话,"
                    f"副市长{'、'.join(fs[:r.randint(2, len(fs))])}出席会议。")
        else:
            c = r.choice(self.city.counties)
            p = next(p for p in self.city.posts if p.key == f"{c}:sj")
            n = self.who(p)
            title = f"{cn_number(r.randint(10, 16))}届{c[-1]}委常委会第{r.randint(1, 90)}次会议"
            self.headline(f"{n}主持召开{title}")
            lead = f"{self.event_date()},{p.chain}{n}主持召开{title},传达学习{r.choice(REPORTS)}。"
        self.body(lead)
        self.body(f"会议{r.choice(ACTIONS)}{r.choice(REPORTS)}。" + self.filler(r.randint(1, 3)))
        self.body(self.speech(self.who(p)))

    def art_visit(self) -> None:
        r = self.rng
        c = r.choice(self.city.counties)
        p = self.pick_post()
        n = self.who(p)
        topic = r.choice(TOPICS)
        self.headline(f"{n}到{c}调研{topic}工作")
        lead = f"{self.reporter_lead()}{self.event_date()},{p.chain}{n}到{c}调研{topic}工作。"
        if r.random() < 0.6:
            q = self.pick_post(c)
            lead += f"{q.chain}{self.who(q)}陪同。"
        self.body(lead)
        self.body(f"在{r.choice(PLACES_IN_CITY)},{n}{r.choice(['详细了解', '实地察看', '认真听取'])}了{r.choice(OBJECTS)}情况。"
                  + self.filler(r.randint(1, 3)))
        self.body(self.speech(n))

    def art_brief(self) -> None:
        r = self.rng
        self.headline(f"{r.choice(['我市', self.city.alias, r.choice(self.city.counties)])}{r.choice(VERBS)}{r.choice(OBJECTS)}")
        self.body(f"{self.reporter_lead()}{r.choice(['近日,', self.event_date() + ','])}" + self.filler(r.randint(2, 4)))
        for _ in range(r.randint(1, 3)):
            self.body(self.filler(r.randint(2, 5)))

    def art_feature(self) -> None:
        r = self.rng
        self.headline(r.choice(FEATURE_HEADS))
        if r.random() < 0.6:
            self.headline(f"——{r.choice(['看', '记'])}{r.choice(['我市', self.city.alias])}如何以{r.choice(TOPICS)}推进高质量发展", 2)
        byline = f"本报记者 {r.choice(self.city.reporters)}"
        if r.random() < 0.5:
            byline += f" 通讯员 {r.choice(self.city.correspondents)}"
        elif r.random() < 0.4:
            byline += " 文/图"
        self.paras.append(byline)
        for _ in range(r.randint(5, 10)):
            if r.random() < 0.2:
                self.body(f"{r.choice(QUOTE_OPEN)}{r.choice(QUOTE_BODY)}。”{r.choice(LOCAL_ROLES)}{self.w._name(r)}说。")
            else:
                self.body(self.filler(r.randint(2, 6)))
        if r.random() < 0.3:
            self.headline(f"{r.choice(VERBS)}{r.choice(OBJECTS)}", 2)
            self.body(self.filler(r.randint(3, 6)))

    def art_photo(self) -> None:
        r = self.rng
        self.headline(f"{r.choice(['文明', '美丽', '奋进'])}{self.city.alias}·{r.choice(['街头', '一线', '新貌'])}")
        for _ in range(r.randint(1, 3)):
            d = self.event_date()
            self.body(f"▲{d},{r.choice(PLACES_IN_CITY)},{r.choice(LOCAL_ROLES)}正在{r.choice(VERBS)}{r.choice(OBJECTS)}。"
                      f" 本报记者 {r.choice(self.city.reporters)} 摄")
        self.paras.append(f"本报记者 {r.choice(self.city.reporters)} 摄")

    KINDS = [("art_meeting", 40), ("art_standing", 8), ("art_visit", 10), ("art_brief", 20), ("art_feature", 14),
             ("art_photo", 8)]

    def masthead(self) -> None:
        c, d = self.city, self.date
        day = f"{d.day:2d}" if self.rng.random() < 0.3 else str(d.day)
        self.paras += ["CITY DAILY", f"{d.year}年{d.month}月{day}日星期{WEEKDAYS[d.weekday()]}农历庚子年十月初十",
                       f"中共{c.name}委机关报", f"{c.alias}日报社出版 第{c.issue0 + self.day}期",
                       f"□国内统一刊号: CN41—{self.city_i:04d}"]

    def write(self, n_articles: int) -> str:
        r = self.rng
        if r.random() < 0.6:
            self.masthead()
        if r.random() < 0.1:
            self.paras.append("(上接第一版)")
        kinds, weights = zip(*self.KINDS)
        for _ in range(n_articles):
            getattr(self, r.choices(kinds, weights)[0])()
        if r.random() < 0.2:
            self.paras.append(f", 。 (下转第{r.choice('二三四五六七八')}版)")
        return "\n\n" + "\n\n".join(self.paras) + "\n"


# --- corpora on disk ------------------------------------------------------------------------------
def page_name(world: World, i: int) -> str:
    d = START + dt.timedelta(days=i // N_CITIES)
    return f"{i // 1000:03d}/{d:%Y-%m-%d}_c{i % N_CITIES:02d}_p{i:06d}.txt"


def generate(out: str | Path, articles: int, seed: int = 7) -> dict:
    """Write pages of 5–15 articles until ``articles`` are written; return counts."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    world = World(seed)
    done = pages = nbytes = 0
    while done < articles:
        pw = PageWriter(world, pages)
        n = min(pw.rng.randint(5, 15), articles - done)
        text = pw.write(n)
        path = out / page_name(world, pages)
        path.parent.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        nbytes += len(data)
        done += n
        pages += 1
    return {"articles": done, "pages": pages, "bytes": nbytes, "seed": seed, "version": GENERATOR_VERSION,
            "real_share": REAL_SHARE}


def ensure(folder: str | Path, articles: int, seed: int = 7) -> tuple[Path, dict]:
    """The corpus in ``folder``, generated when missing or made by another seed or version."""
    folder = Path(folder)
    manifest = folder / "MANIFEST.json"
    if manifest.exists():
        info = json.loads(manifest.read_text())
        if (info.get("articles") == articles and info.get("seed") == seed and info.get("version") == GENERATOR_VERSION
                and info.get("real_share") == REAL_SHARE):
            return folder / "pages", info
    if folder.exists():
        shutil.rmtree(folder)
    info = generate(folder / "pages", articles, seed)
    manifest.write_text(json.dumps(info))
    return folder / "pages", info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", help="folder to write pages into")
    ap.add_argument("--articles", type=int, default=ARTICLES_1X)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    info = generate(a.out, a.articles, a.seed)
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
