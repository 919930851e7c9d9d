"""Events and participation roles: (text, expected) tables over the real extractors."""

from __future__ import annotations

import pytest

from kg.ingest import Document
from kg.model import DateValue
from kg.pipeline import extract_document


def run(extractors, text, pub=None):
    facts = extract_document(Document("t.txt", text), extractors, pub)
    events, roles = [], set()
    for a in facts.articles:
        for e in a.events:
            events.append((e.date.iso() if e.date else None, e.label))
        for p in a.participations:
            roles.add((a.events[p.event].label, p.name, p.role))
    return events, roles


def labels(events):
    return [lbl for _, lbl in events]


EVENT_CASES = [
    ("本报讯(记者胡晨)8月12日,我市召开城市基层党建工作质量提升座谈会。市委常委、组织部部长丁同民出席并讲话。",
     [("--08-12", "城市基层党建工作质量提升座谈会")]),
    ("# 市政府2023年第8次重点工作周交办会议召开\n\n本报讯 2月27日,市政府2023年第8次重点工作周交办会议召开。",
     [("2023-02-27", "市政府2023年第8次重点工作周交办会议")]),
    ("11月23日,市七届人大常委会召开第五十二次主任会议。市人大常委会主任王堃主持会议并讲话。",
     [("--11-23", "市七届人大常委会第五十二次主任会议")]),
    ("10月31日上午,魏都区委书记李朝锋主持召开十五届区委常委会第10次会议,传达学习省党代会精神。",
     [("--10-31", "十五届区委常委会第10次会议")]),
    ("11月21日,豫浙合作项目签约仪式在杭州举行,共有31个项目在现场签约。", [("--11-21", "豫浙合作项目签约仪式")]),
    ("2020年6月29日,在全省文明城市工作推进会上,我市作了经验介绍。", [("2020-06-29", "全省文明城市工作推进会")]),
    ("六月二十一日下午,县政府召开第十二次常务会议。", [("--06-21", "县政府第十二次常务会议")]),
    ("在11月30日召开的全市经济工作会议上,市长张国伟作了报告。", [("--11-30", "全市经济工作会议")]),
    # OCR put a space after the comma: the label and organiser start at the text, 我市 is home
    ("本报讯(记者 支宏) 1月27日, 我市召开全市民营经济发展座谈会。", [("--01-27", "全市民营经济发展座谈会")]),
    ("本报讯 1月27日,  市政府召开全市春耕工作会议。", [("--01-27", "市政府全市春耕工作会议")]),
    # negatives: a plan, an event named without a date, a month without a day
    ("记者获悉,丁营乡将于3月5日举办第三届民间文化艺术大赛。", []),
    ("按照市八次党代会描绘的发展蓝图,拉高标杆。", []),
    ("自今年7月魏都区召开创文动员会后,社区干部没有休息过。", []),
    ("各县(市、区)要尽快召开推进会议,成立工作专班。", []),
    ("截至3月5日,全市已召开会议12次。", []),
]


def test_a_day_heading_an_item_of_a_roundup(extractors):
    """A roundup gives each item its day first (6日　…召开); 3日内, 5日起 are no dates."""
    text = ("2019年3月11日 星期一\n\n# 本周要闻回顾\n\n3月4日　市委书记蔡立群主持召开市委常委会会议。\n\n"
            "6日　市人大常委会第二十次主任会议召开。市人大常委会主任顾振华主持会议。\n\n"
            "9日至10日　副省长林振宇率省政府调研组来盐调研。\n\n要求3日内完成整改，5日起实施新规。\n")
    events, roles = run(extractors, text)
    assert ("2019-03-06", "市人大常委会第二十次主任会议") in events
    assert ("市人大常委会第二十次主任会议", "顾振华", "presided") in roles
    assert not any(d in ("2019-03-03", "2019-03-05") for d, _ in events)


def test_briefs_marked_with_triangles_are_items_not_captions(extractors):
    """▲ before a date marks an item of a page of briefs (▲4日，…), whose names are officials:
    ▲ alone marks a photo's caption (▲ 会议现场)."""
    text = ("2023年11月11日 星期六\n\n# 简　讯\n\n"
            "▲11月3日，县委书记郑建军主持召开县委常委会会议，传达学习省委全会精神。（记者 朱晓敏）\n\n"
            "▲5日，全县冬春农田水利基本建设动员会召开，县委副书记施丽娟出席并讲话，副县长田晓军主持会议。（记者 周　敏）\n\n"
            "▲ 会议现场\n")
    events, roles = run(extractors, text)
    assert ("2023-11-03", "县委常委会会议") in events
    assert ("2023-11-05", "全县冬春农田水利基本建设动员会") in events
    assert ("县委常委会会议", "郑建军", "presided") in roles
    assert ("全县冬春农田水利基本建设动员会", "田晓军", "presided") in roles
    assert ("全县冬春农田水利基本建设动员会", "施丽娟", "spoke") in roles
    assert ("县委常委会会议", "田晓军", "presided") not in roles


def test_same_day_and_next_day_count_from_the_date_said_last(extractors):
    """同日 and 当天 are the date said last in the article, 次日 the day after it."""
    text = ("2019年3月11日 星期一\n\n# 本周要闻回顾\n\n3月4日　市委书记蔡立群主持召开市委常委会会议。"
            "同日，市长韩明远主持召开市政府常务会议。次日，全市优化营商环境工作推进会召开，副市长周晓川主持会议。\n")
    events, roles = run(extractors, text)
    assert ("2019-03-04", "市政府常务会议") in events and ("2019-03-05", "全市优化营商环境工作推进会") in events
    assert ("全市优化营商环境工作推进会", "周晓川", "presided") in roles


def test_year_from_masthead_checked_by_weekday(extractors):
    text = "XUCHANG DAILY\n2020年11月 4日星期二\n\n# 会议召开\n\n本报讯 11月23日,市七届人大常委会召开第五十二次主任会议。"
    events, _ = run(extractors, text)
    assert events == [("2020-11-23", "市七届人大常委会第五十二次主任会议")]


def test_relative_and_day_only_dates_resolve_against_the_page(extractors):
    pub = DateValue(1, 6, 2021, "option")
    events, _ = run(extractors, "昨日上午,市委召开常委会会议。", pub)
    assert events == [("2021-01-05", "市委常委会会议")]
    events, _ = run(extractors, "4日上午,县委召开全体会议。", pub)
    assert events == [("2021-01-04", "县委全体会议")]
    events, _ = run(extractors, "12月30日,县委召开全体会议。", pub)       # after the page's date: last year
    assert events == [("2020-12-30", "县委全体会议")]


def test_a_wechat_post_yesterday_evening_and_its_section_headings(extractors):
    """A WeChat post dates itself under its title; 昨晚 is the day before; ▌ marks a section
    heading, which is no event's name."""
    text = ("全力以赴迎战台风\n某市融媒 某市融媒 2019-08-10\n\n点击上方蓝字，关注我们吧！\n\n"
            "▌昨晚，全市防台风工作调度会召开\n\n"
            "昨晚，我市召开防台风工作调度会。市委副书记、市长孙立新主持会议并讲话。\n\n"
            "▌今天，市领导分头检查防台工作\n\n"
            "今天上午，市委书记王志成到石岛管理区检查渔船回港避风工作。\n")
    events, roles = run(extractors, text)
    meeting = next(label for date, label in events if date == "2019-08-09" and label.endswith("防台风工作调度会"))
    assert (meeting, "孙立新", "presided") in roles
    assert not any("▌" in label or label.startswith("今天") for _, label in events), events


def test_iso_header_date(extractors):
    text = "发布时间: 2021-01-06\n\n# 县委召开会议\n\n5日,县委召开全体会议。"
    events, _ = run(extractors, text)
    assert events == [("2021-01-05", "县委全体会议")]


ROLE_CASES = [
    # two people of one list, each with 同志 and posts, speak together; a given name ending in 年
    ("7月10日，省委理论学习中心组学习会召开。省委副书记禄世昌同志、省委常委、省纪委书记和建新同志结合分管工作作了重点发言。"
     "省人大常委会主任鲍永年，省政协主席温雅琴出席会议。",
     {("禄世昌", "spoke"), ("和建新", "spoke"), ("鲍永年", "attended"), ("温雅琴", "attended")}),
    # at a branch venue of a televised meeting; a closing plenary named before its date; a padded
    # name (陆　宏) in a list printed with spaces
    ("12月21日至22日，全市经济工作会议召开。瓦房店市委书记鞠志强、庄河市市长于海波等在分会场参加会议。",
     {("鞠志强", "attended"), ("于海波", "attended")}),
    ("2018年1月26日　星期五\n\n政协第十二届委员会第一次会议闭幕会25日上午在南宁举行。\n大会执行主席 蒙志坚　黄丽萍　陆　宏　莫雪芬 在主席台前排就座。"
     "大会执行主席黄丽萍主持闭幕会。",
     {("蒙志坚", "attended"), ("黄丽萍", "attended"), ("陆宏", "attended"), ("莫雪芬", "attended"),
      ("黄丽萍", "presided")}),
    # those who took part, after 参加…的有：, with their posts in brackets; names listed with spaces
    ("4月12日上午，市委理论学习中心组专题学习研讨会召开。市委书记邹建钧主持。\n参加学习研讨的有：苗振川（市委副书记、市长）、"
     "吕德华（市人大常委会主任），市委常委 宫立新　隋晓琳　戚振华 等。",
     {("邹建钧", "presided"), ("苗振川", "attended"), ("吕德华", "attended"), ("宫立新", "attended"),
      ("隋晓琳", "attended"), ("戚振华", "attended")}),
    ("12月18日，省委经济工作会议在成都召开。省委书记程立衡出席会议。省领导 钱友谅　蔺晓东　俞兰芝 在主席台就座。",
     {("程立衡", "attended"), ("钱友谅", "attended"), ("蔺晓东", "attended"), ("俞兰芝", "attended")}),
    # leaders seated on the rostrum were there
    ("12月18日，省委经济工作会议在成都召开。省委书记程立衡出席会议并讲话。副省长钱友谅、蔺晓东在主席台就座。",
     {("程立衡", "attended"), ("程立衡", "spoke"), ("钱友谅", "attended"), ("蔺晓东", "attended")}),
    ("8月12日,我市召开座谈会。市委常委、组织部部长丁同民出席并讲话。",
     {("丁同民", "attended"), ("丁同民", "spoke")}),
    ("11月23日,市七届人大常委会召开第五十二次主任会议。市人大常委会主任王堃主持会议并讲话。"
     "市人大常委会副主任王文杰、韩国全出席会议。副市长赵淑红列席会议。",
     {("王堃", "presided"), ("王堃", "spoke"), ("王文杰", "attended"), ("韩国全", "attended"),
      ("赵淑红", "attended"), ("赵淑红", "nonvoting")}),
    ("10月29日,魏都区召开推进会。魏都区区长何长成出席会议并讲话,魏都区委副书记何东亚主持会议。",
     {("何长成", "attended"), ("何长成", "spoke"), ("何东亚", "presided")}),
    ("8月12日下午,全市动员部署会召开。市委常委、政法委书记柏启传,市中级人民法院院长韩玉芬,"
     "市人民检察院检察长张桂平等出席会议。\n\n就此次集中整治工作,柏启传提出三点要求。",
     {("柏启传", "attended"), ("韩玉芬", "attended"), ("张桂平", "attended"), ("柏启传", "spoke")}),
    ("3月15日,县委召开常委会会议。会议由县委书记张建华主持。县委副书记、县长李明出席会议并作重要讲话。",
     {("张建华", "presided"), ("李明", "attended"), ("李明", "spoke")}),
    ("3月16日,全县经济工作会议召开。县长李明在会上讲话。县委书记张建华作总结讲话。",
     {("李明", "spoke"), ("张建华", "spoke")}),
    ("5月8日,市委书记王刚到长葛市调研。市委常委、秘书长刘伟陪同调研。",
     {("王刚", "attended"), ("刘伟", "attended")}),
    ("3月5日,市委书记张三会见了来许考察的浙江华鼎集团董事长李四一行。市领导王五、赵六参加会见。",
     {("张三", "attended"), ("李四", "attended"), ("王五", "attended"), ("赵六", "attended")}),
    ("1月10日,古固寨镇召开2023年度工作会议。镇党委书记刘国华主持会议,镇长孙建明作政府工作报告。",
     {("刘国华", "presided"), ("孙建明", "spoke")}),
    ("6月18日,红色教育基地揭牌仪式在鄢陵县举行。市委常委、宣传部部长胡明,副市长孙浩共同为基地揭牌。",
     {("胡明", "attended"), ("孙浩", "attended")}),
    ("3月12日上午,我市举行重点项目集中开工仪式。市委书记马明超宣布开工,市长张伟致辞,市人大常委会主任赵国栋出席。",
     {("马明超", "attended"), ("张伟", "spoke"), ("赵国栋", "attended")}),
    ("许昌网讯 4月1日,市委召开常委会会议。市委书记胡五岳主持。出席会议的还有市委常委李明、王刚。",
     {("胡五岳", "presided"), ("李明", "attended"), ("王刚", "attended")}),
]


def test_quoted_speech_and_passing_mentions_are_not_participation(extractors):
    text = ("# 我市召开文明城市创建推进会\n\n8月12日,我市召开文明城市创建推进会。副市长赵淑红出席。\n\n"
            "习近平总书记强调,要把加强基层党的建设作为一条红线。\n\n市委书记胡五岳曾多次指出,要层层压实责任。")
    _, roles = run(extractors, text)
    names = {n for _, n, _ in roles}
    assert "赵淑红" in names and "习近平" not in names


def test_headline_and_lead_agree_extract_once(extractors):
    text = ("# 全市推进会召开\n\n## 王文杰等出席\n\n本报讯 8月13日,全市民营经济推进会召开。"
            "市委常委、统战部副部长王文杰,副市长赵淑红出席会议并讲话。")
    events, roles = run(extractors, text)
    assert len(events) == 1
    assert sorted(r for r in roles if r[1] == "王文杰") == [(events[0][1], "王文杰", "attended"),
                                                         (events[0][1], "王文杰", "spoke")]


def test_two_events_on_one_page(extractors):
    text = ("# 座谈会召开\n\n本报讯 8月12日,我市召开产业园规划座谈会。副市长赵淑红主持会议。\n\n"
            "# 推进会召开\n\n本报讯 8月12日,全市民营经济推进会召开。副市长张飞出席。")
    events, roles = run(extractors, text)
    assert len(events) == 2
    assert ("产业园规划座谈会", "赵淑红", "presided") in roles
    assert ("全市民营经济推进会", "张飞", "attended") in roles


def test_an_undated_event_keeps_its_roles_from_the_previous_event(extractors):
    text = ("6月18日,红色教育基地揭牌仪式在鄢陵县举行。副市长孙浩为基地揭牌。\n\n"
            "日前,县委召开全面深化改革委员会会议。县委书记杨帆主持。")
    events, roles = run(extractors, text)
    assert events == [("--06-18", "红色教育基地揭牌仪式"), (None, "县委全面深化改革委员会会议")]
    assert ("县委全面深化改革委员会会议", "杨帆", "presided") in roles
    assert not any(n == "杨帆" and lbl == "红色教育基地揭牌仪式" for lbl, n, _ in roles)


# --- pages from other papers: datelines, mastheads, notices, OCR'd punctuation ---------------------
OTHER_PAPERS = [
    # a visit is named by what it looks into (not by who made it, not by its headline), else by where it
    # went; a reception by its verb, its host named again without a title
    ("# 罗永强检查防汛工作\n\n本报讯 8月12日，县长罗永强带队到河东镇、大桥镇检查嘉陵江沿线防汛工作。",
     [("--08-12", "检查嘉陵江沿线防汛工作")]),
    ("本报讯 5月21日，市委常委、秘书长邹慕白到天府新区调研。", [("--05-21", "到天府新区调研")]),
    ("本报讯 2月17日，区政府召开常务会议，区长范知远主持。\n\n2月18日下午，范知远会见了新加坡丰源集团首席执行官陈立德一行。",
     [("--02-17", "区政府常务会议"), ("--02-18", "会见")]),
    # sessions: the session holds the plenary (one verb); 胜利闭幕 after a long place; a headline's
    # 胜利闭幕 is no part of the name; a day alone takes the month said last when the page has no date
    ("1月6日下午，县政协十一届一次会议举行第二次全体会议，8位委员作大会发言。", [("--01-06", "第二次全体会议")]),
    ("1月7日上午，政协安吉县第十一届委员会第一次会议在县行政中心大会堂胜利闭幕。",
     [("--01-07", "政协安吉县第十一届委员会第一次会议")]),
    ("# 中国共产党宾川县第十四次代表大会胜利闭幕\n\n9月29日下午，大会圆满完成各项议程。\n\n"
     "29日下午，中共宾川县第十四届委员会第一次全体会议召开，会议由张华主持。",
     [("--09-29", "中国共产党宾川县第十四次代表大会"), ("--09-29", "中共宾川县第十四届委员会第一次全体会议")]),
    ("首页 > 政协动态 > 会议活动\n\n1月7日，县政协主席会议召开。", [("--01-07", "县政协主席会议")]),
    ("本报讯 3月16日上午，朝阳区2023年第一季度重点项目集中签约活动在CBD核心区举行。",
     [("2023-03-16", "朝阳区2023年第一季度重点项目集中签约活动")]),
    ("本报讯 1月3日下午,全市开展集中开工活动3次,共开工项目29个。", []),          # a count, not an event
    # an organiser, then where it met: the place is not the organiser's name
    ("商洛报　1998年8月14日　星期五\n\n本报讯 十三日，丹凤县委、县政府在受灾最重的竹林关镇召开抗洪救灾现场办公会。",
     [("1998-08-13", "丹凤县委、县政府抗洪救灾现场办公会")]),
    # a dispatch line dates the lead's day when the page gives no date (新华社…电, 本报…讯)
    ("新华社西宁7月8日电(记者 李明)8日上午，青海省人民政府与某能源集团战略合作协议签约仪式在西宁举行。",
     [("--07-08", "青海省人民政府与某能源集团战略合作协议签约仪式")]),
    ("本报讯(记者 王芳)昨天上午，县委召开常委会会议。", []),          # no page date, no dateline: no day
    # the dispatch line's date is not the event's: the lead names it, not the headline
    ("# 省政府常务会议研究防汛工作\n\n本报6月3日讯(记者 张三)6月3日，省委副书记、省长李四主持召开省政府常务会议，"
     "研究防汛工作。", [("--06-03", "省政府常务会议")]),
    # a lead naming no event still takes it from the headline
    ("# 市委书记王刚到长葛市调研乡村振兴工作\n\n本报讯 5月8日,王刚一行先后来到两个村,察看产业发展情况。",
     [("--05-08", "市委书记王刚到长葛市调研乡村振兴工作")]),
    # a masthead named 今日… is no date, and its lines are no lead
    ("今日临潼\n2023年5月9日 星期二\n\n# 区委常委会召开会议\n\n本报讯 8日上午，区委书记王五主持召开区委常委会会议。",
     [("2023-05-08", "区委常委会会议")]),
    # a notice's signature date is a line of its own, not the start of the next headline
    ("停电通知\n\n因线路检修，城关镇部分区域将暂停供电。\n\n国网某县供电公司\n7月10日\n\n城关镇防汛工作专题会议召开\n\n"
     "本报讯 7月11日，城关镇防汛工作专题会议召开，镇长刘六主持会议。", [("--07-11", "城关镇防汛工作专题会议")]),
]


MORE_ROLES = [
    ("11月5日,全市培训班开班仪式在市委党校举行。市委常委、组织部部长冉静出席开班仪式并作动员讲话。",
     {("冉静", "attended"), ("冉静", "spoke")}),
    ("3月10日,全市宣传思想文化工作会议召开。市委常委、宣传部部长温晓燕出席并作工作报告。",
     {("温晓燕", "attended"), ("温晓燕", "spoke")}),
    ("3月10日,县人大常委会召开会议。县人大常委会主任周明出席会议并听取工作报告。", {("周明", "attended")}),
    ("4月15日,州委理论学习中心组学习会召开。州政协主席马玉琴等州级领导参加学习。", {("马玉琴", "attended")}),
    ("6月7日,区政府召开常务会议。副区长吴家豪、钟灵、帕尔哈提·艾买提出席会议。",
     {("吴家豪", "attended"), ("钟灵", "attended"), ("帕尔哈提·艾买提", "attended")}),
]


WEB_AND_WIRE = [
    # the wire's order: the name, its date, then the place and the verb
    ("新华社济南5月6日电（记者 陈国梁）2023山东国际农业机械博览会6日在济南开幕。",
     [("--05-06", "2023山东国际农业机械博览会")]),
    ("本报讯 全省经济工作会议12月3日在郑州召开。", [("--12-03", "全省经济工作会议")]),
    ("本报讯 全省经济工作会议将于12月3日在郑州召开。", []),
    # the same order with a relative day or Chinese numerals, on a page with a masthead
    ("本溪日报　一九九七年六月二十日　星期五\n\n本报讯　市政府第二十三次常务会议昨天召开。市长路长河主持会议。",
     [("1997-06-19", "市政府第二十三次常务会议")]),
    ("本报讯 全区经贸洽谈会九月五日在百色开幕。", [("--09-05", "全区经贸洽谈会")]),
    ("5月8日,2023年春季人才招聘会在国际展览中心举行。", [("2023-05-08", "2023年春季人才招聘会")]),
    ("昨日上午，“法治进社区”普法宣传活动在丰乐社区启动。", []),       # no page date: no day
    # a government website's metadata lines are no lead, and its buttons no text
    ("雁塔区召开区政府第三十八次常务会议\n\n发布日期：2023-04-25　　信息来源：区政府办公室　　浏览量：\n\n"
     "【字体：大 中 小】【打印】【关闭】\n\n4月24日，区委副书记、区长皇甫建军主持召开区政府第三十八次常务会议。"
     "\n\n皇甫建军在总结讲话中强调，要全力以赴抓落实。\n\n（编辑：高文静  审核：徐波）\n\n分享到：",
     [("2023-04-24", "区政府第三十八次常务会议")]),
]


def test_web_page_lead_after_metadata(extractors):
    text = WEB_AND_WIRE[-1][0]
    _, roles = run(extractors, text)
    assert {(n, r) for _, n, r in roles} == {("皇甫建军", "presided"), ("皇甫建军", "spoke")}


def test_a_photo_caption_does_not_start_an_article(extractors):
    text = ("# 全市项目攻坚大会召开\n\n4月18日上午，全市项目攻坚大会召开。市长季红英主持会议。\n\n▲ 会议现场\n\n"
            "会上，市委常委、常务副市长 司马秋实 通报了一季度全市经济运行情况。\n\n（图片来源：绵阳发布）")
    events, roles = run(extractors, text)
    assert events == [("--04-18", "全市项目攻坚大会")]
    assert {(n, r) for _, n, r in roles} == {("季红英", "presided"), ("司马秋实", "spoke")}


LIST_SPEECHES = [
    ("5月15日，镇党委学习会召开。镇长吴清华，镇人大主席许丽珍，镇党委副书记蔡文杰等镇领导班子成员出席会议。",
     {("吴清华", "attended"), ("许丽珍", "attended"), ("蔡文杰", "attended")}),
    ("5月15日，镇党委学习会召开。大埔村党支部书记张国栋，岭畔村党支部书记林建成先后作交流发言。",
     {("张国栋", "spoke"), ("林建成", "spoke")}),
    ("4月24日，区政府召开常务会议。区住建局局长田永刚就《方案》起草情况作了汇报。", {("田永刚", "spoke")}),
    ("4月17日，全县安全生产会议召开。县应急管理局局长尹志刚作全县安全生产工作情况汇报。", {("尹志刚", "spoke")}),
    ("4月17日，县政府召开常务会议，听取了县应急管理局局长尹志刚的工作汇报。", set()),
]


SESSION_ROLES = [
    ("6月28日，县人大常委会第十二次会议召开。副主任司马骏、赵立新，党组成员韩永刚及委员共25人出席会议。"
     "副县长杜晓萌，县监委、县法院负责同志列席会议。",
     {("司马骏", "attended"), ("赵立新", "attended"), ("韩永刚", "attended"), ("杜晓萌", "attended"),
      ("杜晓萌", "nonvoting")}),
    ("7月14日，市政协常委会议召开。市政协主席蒋文斌主持会议并讲话，市委副书记杭卫东到会讲话。",
     {("蒋文斌", "presided"), ("蒋文斌", "spoke"), ("杭卫东", "attended"), ("杭卫东", "spoke")}),
    ("5月19日，现场观摩会召开。副镇长陆春兰，县农业农村局副局长杨俊峰，各村党支部书记参加观摩。",
     {("陆春兰", "attended"), ("杨俊峰", "attended")}),
    ("7月14日，市政协常委会议召开。常委丁美娟代表民建宜兴市委作大会发言。", {("丁美娟", "spoke")}),
    ("4月18日下午，全市推进会召开。会议由市长翁国平同志主持。\n\n翁国平同志要求，要倒排工期。",
     {("翁国平", "presided"), ("翁国平", "spoke")}),
    # an article reporting two meetings: a speech after the second is said at the second
    ("7月12日，市政协主席会议召开。市政协主席蒋文斌主持会议。\n\n7月14日，市政协常委会议召开。\n\n"
     "会上，副市长潘雪梅通报了经济运行情况。",
     {("蒋文斌", "presided"), ("潘雪梅", "spoke")}),
]


SPEECH_FORMS = [
    # reports made on someone's behalf, titled speeches, speeches on a theme, reports of work (汇报)
    ("6月27日，县人大常委会第十九次会议举行。会议听取和审议了副县长王海燕受县人民政府委托所作的关于决算的报告。",
     {("王海燕", "spoke")}),
    ("1月8日，市政协第三次会议举行第二次全体会议。民革市委会副主委苏梓涵代表民革市委会作《打通“最后一公里”》的发言。",
     {("苏梓涵", "spoke")}),
    ("6月3日，镇党委理论学习中心组召开学习会议。会上，镇党委副书记周海燕围绕《中国共产党章程》作了专题辅导发言。",
     {("周海燕", "spoke")}),
    ("8月11日晚，全县防汛调度会召开。县水利局局长李春林分别汇报了水库安全度汛情况。", {("李春林", "spoke")}),
    ("6月5日，全县工作会议召开。会议听取了县长李明的汇报。", set()),            # heard, not said
    # a name with its titles in brackets; 在讲话中 / 在致辞中 said at the event; 作《……》报告
    ("5月5日，市工商联执委会议召开。吕海峰（市委统战部副部长、市工商联党组书记）通报了工作情况。", {("吕海峰", "spoke")}),
    ("3月16日，乡春耕工作会议召开。乡长韦建明在讲话中对春耕工作进行了安排部署。", {("韦建明", "spoke")}),
    ("9月18日，乡半年工作会议召开。乡长钱卫东作《上半年工作总结》报告。", {("钱卫东", "spoke")}),
    ("1月6日，县政协会议举行第二次全体会议。县委副书记、县长孙立新到会听取发言并讲话。",
     {("孙立新", "attended"), ("孙立新", "spoke")}),
    # the one person of the sentence, then 并 and a clause of their own with the verb
    ("六月十八日，市长路长河深入部分困难企业，并在市第二毛纺厂主持召开国企解困现场办公会。", {("路长河", "presided")}),
    ("6月18日，市长路长河、副市长李四深入企业，并在厂里主持召开现场办公会。", set()),     # two people: whose?
    # a list speaking together; the unnamed after the named may be a long list of offices
    ("9月20日，全县脱贫攻坚推进会召开。副县长韩东、吕晓、段宏伟分别就产业扶贫、教育扶贫工作作了发言。",
     {("韩东", "spoke"), ("吕晓", "spoke"), ("段宏伟", "spoke")}),
    ("六月十八日，现场办公会召开。市长助理宋德海，副市长欧阳立群，以及市经委、财政局、劳动局、国有资产管理局、工商银行本溪分行等部门负责同志参加。",
     {("宋德海", "attended"), ("欧阳立群", "attended")}),
]


LIST_FORMS = [
    # people not named after the named ones; titles in brackets after a name; a list cut by a semicolon
    ("1月8日，市人大会议开幕。市中级人民法院院长罗清泉，市直有关单位主要负责人，部分在株全国、省人大代表列席会议。",
     {("罗清泉", "attended"), ("罗清泉", "nonvoting")}),
    ("5月5日，市工商联执委会议召开。会议由陶丽娜（市政协副主席、市工商联主席）主持。高振宇（市委常委、统战部部长）出席会议并讲话。",
     {("陶丽娜", "presided"), ("高振宇", "attended"), ("高振宇", "spoke")}),
    ("9月20日，县委常委会会议召开。县人大常委会主任李德明，副主任许红梅；县政协主席王守田出席会议。",
     {("李德明", "attended"), ("许红梅", "attended"), ("王守田", "attended")}),
]


def test_second_meeting_speech_goes_to_the_second_meeting(extractors):
    _, roles = run(extractors, SESSION_ROLES[-1][0])
    assert ("市政协常委会议", "潘雪梅", "spoke") in roles


def test_minutes_list_before_the_lead(extractors):
    text = ("全市重点项目攻坚推进会\n\n会议时间：2023年4月18日下午\n\n出席会议的有：邱志远（市委书记）、翁国平（市长）\n\n"
            "列席人员：黄一鸣，市发改委主任；陈伟强，市财政局局长；\n\n4月18日下午，全市重点项目攻坚推进会召开。")
    events, roles = run(extractors, text)
    assert events == [("2023-04-18", "全市重点项目攻坚推进会")]         # the 会议时间 line names no event
    assert {(n, r) for _, n, r in roles} == {("邱志远", "attended"), ("翁国平", "attended"), ("黄一鸣", "attended"),
                                             ("黄一鸣", "nonvoting"), ("陈伟强", "attended"), ("陈伟强", "nonvoting")}


def test_a_speech_after_a_meeting_named_in_passing_is_said_at_the_lead_event(extractors):
    text = ("5月8日，全市项目推进会召开。市长张伟出席。\n\n张伟指出，5月1日召开的全省项目会议作了部署。"
            "张伟强调，要抓好落实。")
    events, roles = run(extractors, text)
    assert ("全市项目推进会", "张伟", "spoke") in roles
    assert not [r for r in roles if r[0] != "全市项目推进会"]


OTHER_GENRES = [
    # activities reported with 开展 / 举行, a date range dates its first day
    ("本报讯 3月16日至17日，自治区督查组组长康明远带队在我市开展安全生产专项督查，副市长冯海波陪同。",
     [("--03-16", "安全生产专项督查")], {("康明远", "attended"), ("冯海波", "attended")}),
    ("3月12日上午，万州区党政领导干部义务植树活动在天城镇龙宝寨山地公园举行。",
     [("--03-12", "万州区党政领导干部义务植树活动")], set()),
    ("6月14日至15日，市政府党组理论学习中心组举行主题教育专题读书班。",
     [("--06-14", "市政府党组理论学习中心组主题教育专题读书班")], set()),
    ("十月八日下午，市三防指挥部召开防台风工作调度会。市委副书记、市长、市三防指挥部总指挥符大海主持会议并讲话。",
     [("--10-08", "市三防指挥部防台风工作调度会")], {("符大海", "presided"), ("符大海", "spoke")}),
    ("各单位要开展安全隐患排查。", [], set()),                                  # no date: no event
]


@pytest.mark.parametrize("text,expected,roles_expected", OTHER_GENRES, ids=[c[0][:16] for c in OTHER_GENRES])
def test_other_genres(extractors, text, expected, roles_expected):
    events, roles = run(extractors, text)
    assert events == expected
    assert {(n, r) for _, n, r in roles} == roles_expected


# the (text, expected) tables above, each run the same way
@pytest.mark.parametrize("text,expected", EVENT_CASES + OTHER_PAPERS + WEB_AND_WIRE,
                         ids=[c[0][:16] for c in EVENT_CASES + OTHER_PAPERS + WEB_AND_WIRE])
def test_events(extractors, text, expected):
    events, _ = run(extractors, text)
    assert events == expected


ALL_ROLES = ROLE_CASES + MORE_ROLES + LIST_SPEECHES + SESSION_ROLES + SPEECH_FORMS + LIST_FORMS


@pytest.mark.parametrize("text,expected", ALL_ROLES, ids=[c[0][:16] for c in ALL_ROLES])
def test_roles(extractors, text, expected):
    _, roles = run(extractors, text)
    assert {(n, r) for _, n, r in roles} == expected


def test_minutes_fields_broken_across_lines(extractors):
    """出席： and 列席： lists of minutes: a field cut mid-name by a line break is joined (赵\n敏), the
    next field is not joined to it, and everyone listed takes part."""
    text = ("6月27日上午，县人大常委会第十九次会议举行。会议由县人大常委会主任钱志华主持。\n"
            "出席:县人大常委会副主任孙红梅、周德明、赵\n敏,县人大常委会委员陆建等共24人。\n"
            "列席:副县长王海燕,县人民法院院长林涛;部分县人大代表。\n")
    _, roles = run(extractors, text)
    assert {(n, r) for _, n, r in roles} == {
        ("钱志华", "presided"), ("孙红梅", "attended"), ("周德明", "attended"), ("赵敏", "attended"),
        ("陆建", "attended"), ("王海燕", "attended"), ("王海燕", "nonvoting"), ("林涛", "attended"),
        ("林涛", "nonvoting")}


def test_a_name_introduced_in_one_article_is_a_person_in_the_next(extractors):
    """相关新闻 below an article names its people without their titles: they still take part."""
    text = ("# 浦东新区优化营商环境大会召开\n\n本报讯 2月19日上午，浦东新区优化营商环境大会召开。区委副书记、区长范知远主持会议。\n\n"
            "# 相关新闻\n\n昨天（2月18日）下午，范知远会见了新加坡丰源集团首席执行官陈立德一行。\n")
    events, roles = run(extractors, text)
    assert events == [("--02-19", "浦东新区优化营商环境大会"), ("--02-18", "会见")]
    assert ("会见", "范知远", "attended") in roles


def test_a_page_in_narrow_columns_gives_its_roles(extractors):
    from tests.test_text import NARROW
    events, roles = run(extractors, NARROW)
    assert ("--04-16", "县委常委会（扩大）会议") in events and ("2017-03-09", "县政府第十二次常务会议") in events
    assert {("县委常委会（扩大）会议", "魏长林", "presided"), ("县委常委会（扩大）会议", "郝立民", "attended"),
            ("县委常委会（扩大）会议", "任国栋", "nonvoting"), ("县政府第十二次常务会议", "申建波", "attended"),
            ("县政府第十二次常务会议", "耿秀梅", "attended")} <= roles


BROADCAST = """本期提要
◆ 县委常委会会议召开
◆ 全县防汛工作调度会召开

【主持人口播】
观众朋友们，晚上好！今天是6月14日，欢迎收看本期节目。

县委常委会会议召开

【导语】
今天上午，县委书记龚立平主持召开县委常委会会议，传达学习省委全会精神。

【解说】
会议研究了近期重点工作。

【字幕】县委书记 龚立平

【同期声】
我们要对标对表，抓好落实。

【解说】
县委副书记、县长宋志伟，县人大常委会主任葛文辉出席会议。副县长梁晓东列席会议。
"""


def test_a_broadcast_script_its_cues_and_rundown(extractors):
    """A TV news script: the rundown's items are not events, the cues (【解说】) do not cut the
    story into articles, and a caption (【字幕】) is part of the story."""
    events, roles = run(extractors, BROADCAST, DateValue(6, 14, 2023, "test"))
    assert events == [("2023-06-14", "县委常委会会议")]
    assert {("县委常委会会议", "龚立平", "presided"), ("县委常委会会议", "宋志伟", "attended"),
            ("县委常委会会议", "葛文辉", "attended"), ("县委常委会会议", "梁晓东", "attended"),
            ("县委常委会会议", "梁晓东", "nonvoting")} <= roles


ASIDE = """某区重大项目集中开工

【导语】
今天上午，某区二季度重大项目集中开工活动在长青沙举行。

【现场声】
（礼炮声、掌声）

【解说】
市委书记龚立平，市委副书记、市长冒晓春等市委常委出席开工活动。某区党工委书记沙志军致辞。
"""


def test_an_aside_in_brackets_does_not_cut_the_story(extractors):
    """（礼炮声、掌声） under a sound cue is an aside, not a headline: the narration after it
    still tells who took part; 等市委常委 closes the list before 出席 (冒 is a surname)."""
    events, roles = run(extractors, ASIDE, DateValue(6, 14, 2023, "test"))
    assert events == [("2023-06-14", "某区二季度重大项目集中开工活动")]
    label = events[0][1]
    assert {(label, "龚立平", "attended"), (label, "冒晓春", "attended"), (label, "沙志军", "spoke")} <= roles


RADIO = """某县新闻

本台消息　今天上午，我县召开党史学习教育动员大会。县委书记汪卫东出席会议并讲话。

（记者　郑　洁）

（间奏）

本台消息　昨天下午，县委书记汪卫东主持召开县委常委会会议，研究近期工作。

（记者　黄子豪）
"""


def test_radio_items_each_open_with_their_lead(extractors):
    """本台消息 opens each item of a radio script, so that a role stays with its own item."""
    events, roles = run(extractors, RADIO, DateValue(3, 26, 2021, "test"))
    assert sorted(events) == [("2021-03-25", "县委常委会会议"), ("2021-03-26", "党史学习教育动员大会")]
    assert ("县委常委会会议", "汪卫东", "presided") in roles
    assert ("党史学习教育动员大会", "汪卫东", "presided") not in roles


VISITS = [
    # a comma after 带队 or after where the visit went; its object said before the verb (对……进行检查);
    # 检查组 is a noun, not the visit
    ("7月6日，副市长曹立新带领检查组，对我市防汛工作进行检查。副市长张立国陪同检查。",
     ("--07-06", "检查我市防汛工作"), {"曹立新", "张立国"}),
    ("2月10日，市委常委、组织部部长阳明辉带队，到孙家湾镇、嘉树镇调研村级组织运转经费保障工作。",
     ("--02-10", "调研村级组织运转经费保障工作"), {"阳明辉"}),
    ("4月22日，镇党委书记宫晓军带队到各葡萄种植园区，调研葡萄产业发展工作。副镇长孙芳陪同调研。",
     ("--04-22", "调研葡萄产业发展工作"), {"宫晓军", "孙芳"}),
    ("12月3日，县委书记罗建新深入社溪镇、寺下镇，督导冬季森林防火工作。县委常委、县委办主任谢晓军陪同。",
     ("--12-03", "督导冬季森林防火工作"), {"罗建新", "谢晓军"}),
    ("6月8日，市人大常委会主任张宝林率调研组到北京市通州区人大常委会学习交流，副主任杜海燕参加。",   # a study visit
     ("--06-08", "到北京市通州区人大常委会学习交流"), {"张宝林", "杜海燕"}),
    ("3月7日，区长余海涛到航埠镇督导检查“三改一拆”工作。",       # a quote inside the object
     ("--03-07", "督导检查“三改一拆”工作"), {"余海涛"}),
    ("9日，副省长林振宇率省政府调研组来盐，调研沿海开发工作。",
     ("--03-09", "调研沿海开发工作"), {"林振宇"}),
    ("6月6日下午,副县长孟庆军带队,对黄安镇秸秆禁烧工作进行督导检查. 县环保局局长焦明亮陪同督导.",
     ("--06-06", "督导黄安镇秸秆禁烧工作"), {"孟庆军", "焦明亮"}),
]


@pytest.mark.parametrize("text,event,people", VISITS, ids=[v[1][1] for v in VISITS])
def test_visits_with_their_leader_apart_from_the_verb(extractors, text, event, people):
    events, roles = run(extractors, "3月10日\n\n" + text if text.startswith("9日") else text)
    assert event in events
    assert {n for lbl, n, r in roles if lbl == event[1] and r == "attended"} == people


def test_an_introduction_and_arrangements_at_the_meeting_are_speech(extractors):
    text = ("7月5日，某乡召开乡村旅游发展座谈会。乡党委书记那军主持会议，乡长涂建华介绍了全乡乡村旅游发展规划，"
            "乡应急办主任包俊峰就防汛物资储备作了安排。")
    _, roles = run(extractors, text)
    assert {(n, r) for lbl, n, r in roles if lbl.endswith("乡村旅游发展座谈会")} == \
        {("涂建华", "spoke"), ("包俊峰", "spoke"), ("那军", "presided")}


def test_village_meetings_lists_and_named_activities(extractors):
    text = ("4月22日，凉雾乡人大主席团开展“人大代表进站履职”活动，乡人大主席牟德全参加活动。\n\n"
            "4月21日，建南镇召开述职评议会，镇党委书记向东出席会议并对各村工作进行点评。\n\n"
            "4月19日，营上村召开党员大会。乡长覃春燕为党员讲授专题党课。镇党委书记冉光明逐一作了回应。\n\n"
            "3月10日，地委召开全委（扩大）会议。出席会议的地委、行署领导同志还有：地委副书记刘文斌，"
            "行署副专员李凤琴。\n\n"
            "社区将于10月下旬举办第三届“邻里节”活动，请于10月15日前到社区登记。")
    events, roles = run(extractors, text)
    assert sorted(d for d, _ in events) == ["--03-10", "--04-19", "--04-21", "--04-22"]   # 10月15日前: a deadline
    by_day = dict(events)
    assert by_day["--04-22"] == "凉雾乡人大主席团“人大代表进站履职”活动"
    assert {(n, r) for lbl, n, r in roles if lbl == by_day["--04-22"]} == {("牟德全", "attended")}
    assert ("述职评议会", "向东", "spoke") in {(lbl[-5:], n, r) for lbl, n, r in roles}
    assert {(n, r) for lbl, n, r in roles if lbl == by_day["--04-19"]} >= {("覃春燕", "spoke"), ("冉光明", "spoke")}
    assert {(n, r) for lbl, n, r in roles if lbl == by_day["--03-10"]} == {("刘文斌", "attended"), ("李凤琴", "attended")}


def test_a_paragraph_of_recent_news_gives_no_roles_to_the_event_before_it(extractors):
    text = ("4月22日，云山镇党委书记宫晓军到葡萄园区调研葡萄产业发展工作。\n\n"
            "近日，市政协副主席王桂英带队走访民营企业，听取意见建议。")
    events, roles = run(extractors, text)
    assert events == [("--04-22", "调研葡萄产业发展工作")]
    assert {n for _, n, _ in roles} == {"宫晓军"}


def test_presiding_over_the_second_event_of_an_article(extractors):
    """主持召开 opens the event it names, also when another event came before it in the article."""
    text = ("本报讯 7月15日，省长温志坚到我市调研经济运行情况。市委书记陈海涛陪同。\n\n"
            "16日上午，温志坚主持召开座谈会，听取工作汇报。市委副书记、市长黄志刚汇报了全市经济社会发展情况。")
    events, roles = run(extractors, text)
    assert ("--07-16", "座谈会") in events
    assert {(n, r) for lbl, n, r in roles if lbl == "座谈会"} == {("温志坚", "presided"), ("黄志刚", "spoke")}


def test_a_meeting_named_in_passing_takes_no_attendees(extractors):
    """传达学习2月18日召开的全省大会精神: that meeting is named, but those listed after it attended
    the standing committee's meeting the lead reports."""
    text = ("本报讯 3月4日下午，市委书记钱立群主持召开市委常委会会议，传达学习2月18日召开的全省数字化改革大会精神。"
            "市委副书记、市长章伟东，市委常委韩建中出席会议。")
    events, roles = run(extractors, text)
    assert {("--03-04", "市委常委会会议"), ("--02-18", "全省数字化改革大会")} <= set(events)
    assert {(lbl, n) for lbl, n, r in roles if r == "attended"} == {("市委常委会会议", "章伟东"), ("市委常委会会议", "韩建中")}


WRAPPED = """市委常委会召开会议

本报讯（某市日报全媒体记者 何思琪）1月16日，市委书记刘鸿飞主持召
开市委常委会会议，传达学习2024年1月12日召开的长沙市委十三届五次
全会精神，研究部署今年全市重点工作。
市委副书记、市长彭志远，市委副书记黎敏，市委常委汤建华、苏雅，市
委常委、组织部部长戴军出席会议。
"""


def test_a_lead_wrapped_mid_word_is_not_a_headline(extractors):
    """A page hard-wrapped at some 34 characters: the lead's first line, cut inside 召开, goes on
    in the next line (a line that starts 本报讯 is never a headline), so the names below it stay
    in its article."""
    events, roles = run(extractors, WRAPPED)
    assert ("--01-16", "市委常委会会议") in events
    assert {n for lbl, n, r in roles if lbl == "市委常委会会议" and r == "attended"} == \
        {"彭志远", "黎敏", "汤建华", "苏雅", "戴军"}


def test_people_after_a_speech_named_in_passing_attended_the_reported_meeting(extractors):
    text = ("本报讯 11月8日，市委、市政府召开全市民营企业座谈会，深入学习贯彻习近平总书记11月1日在民营企业座谈会上的"
            "重要讲话精神。市委书记龙启航主持会议并讲话。\n\n市委常委、统战部部长潘晓梅，副市长蔡平出席。")
    events, roles = run(extractors, text)
    by_day = dict(events)
    assert {(n, r) for lbl, n, r in roles if lbl == by_day["--11-08"]} == \
        {("龙启航", "presided"), ("龙启航", "spoke"), ("潘晓梅", "attended"), ("蔡平", "attended")}


UNDATED_PAGE = """某日报　　要闻　　3

通州三河交界地区联合执法会商会召开

　　本报讯（记者　王振宇）6月11日，通州区与三河市交界地区联合执法工作会商会在燕郊召开。通州区副区长欧阳健出席会议。燕郊高新区管委会副主任孙丽主持。

香河县党政代表团赴通州区考察对接

　　本报讯（通讯员　李红艳）10日，香河县委书记许振华率香河县党政代表团赴北京市通州区考察对接。通州区委常委、副区长上官晓东陪同。
"""


def test_a_day_alone_on_a_page_without_a_date_takes_the_month_said_above(extractors):
    """The page prints no date; the second article's 10日 is of the month the first one said.
    A visit whose object is a bare verb (考察对接) is named by its headline."""
    events, roles = run(extractors, UNDATED_PAGE)
    assert sorted(events) == [("--06-10", "香河县党政代表团赴通州区考察对接"),
                              ("--06-11", "通州区与三河市交界地区联合执法工作会商会")]
    assert {(n, r) for lbl, n, r in roles if lbl.endswith("考察对接")} == \
        {("许振华", "attended"), ("上官晓东", "attended")}


def test_a_rundown_of_plain_lines_after_a_head_with_a_colon(extractors):
    """今天节目的主要内容有： then the items a line each, unmarked, up to an empty line: furniture,
    not events (the items are reported below, each on its own day)."""
    text = ("某区新闻\n\n今天节目的主要内容有：\n区委常委会召开会议，研究部署冬春季农业生产等工作；\n"
            "区十八届人大常委会第二十三次会议闭幕。\n\n"
            "本台消息 12月16日，区委书记王明主持召开区委常委会会议，研究部署冬春季农业生产等工作。")
    events, _ = run(extractors, text, DateValue(12, 17, 2019, "test"))
    assert events == [("2019-12-16", "区委常委会会议")]


def test_each_gave_an_address_and_a_guest_said(extractors):
    text = ("9月6日，第八届博览会在长春开幕。商务部副部长柏立言，省委书记孔德坤、省长欧阳岳出席开幕式并分别致辞。"
            "\n\n9月5日晚，省委书记孔德坤会见了全国政协副主席萧景川一行。萧景川表示，吉林区位优势独特。")
    events, roles = run(extractors, text)
    spoke = {(lbl, n) for lbl, n, r in roles if r == "spoke"}
    opening = dict(events)["--09-06"]
    assert {(opening, "柏立言"), (opening, "孔德坤"), (opening, "欧阳岳")} <= spoke
    assert (dict(events)["--09-05"], "萧景川") in spoke


def test_a_congress_over_several_days_is_an_event_on_each_day_it_reports(extractors):
    """大会于9月27日上午开幕: the congress reported above, on its first day, with its own presider."""
    text = ("9月29日下午，中国共产党某县第十四次代表大会在县会堂胜利闭幕。闭幕大会由县委副书记李俊主持。\n\n"
            "大会于9月27日上午开幕。开幕大会由县委副书记、县长杨志明主持。")
    events, roles = run(extractors, text)
    assert sorted(events) == [("--09-27", "中国共产党某县第十四次代表大会"), ("--09-29", "中国共产党某县第十四次代表大会")]
    facts = extract_document(Document("t.txt", text), extractors, None)
    by_day = {(e.date.iso(), p.name, p.role) for a in facts.articles for p in a.participations
              for e in [a.events[p.event]]}
    assert by_day == {("--09-29", "李俊", "presided"), ("--09-27", "杨志明", "presided")}


def test_a_rank_after_a_name_does_not_break_the_list(extractors):
    text = "3月4日，区委召开党管武装工作会议。区人武部部长施国强上校，区委常委、组织部部长杨慧敏参加会议。"
    _, roles = run(extractors, text)
    assert {n for _, n, r in roles if r == "attended"} == {"施国强", "杨慧敏"}


MINUTES = """某社区第二季度居民议事会会议纪要

时　　间：2023年6月15日下午
地　　点：社区会议室
主 持 人：柏春华（社区党委书记）
参会人员：计明亮（社区党委副书记）、居民代表12人
列　　席：牛建平（派出所副所长）
记 录 人：小王

议题一：加装电梯
计明亮介绍了方案。
"""


def test_minutes_with_spaced_field_labels(extractors):
    """Minutes: the headline names the meeting, the time field dates it, and the fields (their
    labels spaced out to one width) give who presided, attended and sat in."""
    events, roles = run(extractors, MINUTES)
    assert len(events) == 1 and events[0][0] == "2023-06-15" and "居民议事会" in events[0][1]
    label = events[0][1]
    assert {(label, "柏春华", "presided"), (label, "计明亮", "attended"), (label, "牛建平", "attended"),
            (label, "牛建平", "nonvoting")} <= roles


def test_a_headline_with_a_comment_after_the_meeting_word(extractors):
    """院坝会开到家门口: the event is the 院坝会; people who 专门赶来参加 attended it."""
    text = ("院坝会开到家门口\n\n7月4日晚，某村的院坝里灯火通明，一场院坝会就开了起来。院坝会由村党支部书记、"
            "村委会主任管秀山主持。镇党委副书记、镇长邬文清和镇人大主席庞丽专门赶来参加院坝会。")
    events, roles = run(extractors, text, DateValue(7, 5, 2023, "test"))
    assert events == [("2023-07-04", "院坝会")]
    assert {("院坝会", "管秀山", "presided"), ("院坝会", "邬文清", "attended"), ("院坝会", "庞丽", "attended")} <= roles
    events, _ = run(extractors, "【工作动态】“炕头会”拉近干群距离\n\n9月14日晚，乡党委书记尚立新在村民家中召开炕头会。",
                    DateValue(9, 20, 2022, "test"))
    assert len(events) == 1 and events[0][0] == "2022-09-14" and "炕头会" in events[0][1] and "工作动态" not in events[0][1]
