"""Cleaning OCR'd pages: furniture, broken lines, spaces in names, repeats; offsets kept."""

from __future__ import annotations

from kg.articles import split_articles
from kg.dates import cn_to_int, masthead_date
from kg.text import clean_page


def check_offsets(page):
    for p in page.paras:
        for c, i in zip(p.text, p.pos):
            assert page.raw[i] == c


def test_furniture_dropped_and_offsets_kept(lexicon):
    raw = ("XUCHANG DAILY\n\n2020年11月 4日星期二农历庚子年十月初十\n\n许昌日报社出版 第9315期\n\n"
           "# 会议召开\n\n本报讯 (记者 李新) 11月23日,市委书记胡 五岳出席。(下转第七版)\n")
    page = clean_page(raw, lexicon)
    texts = [p.text for p in page.paras]
    assert texts == ["会议召开", "本报讯 (记者李新) 11月23日,市委书记胡五岳出席。"]
    check_offsets(page)


def test_broken_lines_joined_and_overlap_removed(lexicon):
    raw = ("会议强调,要持续开展“双\n\n报到、双报告”活动,着力构建区域化党建体系。\n\n"
           "10月29日,魏都区召开优化营商环境暨活动推进会\n\n营商环境暨活动推进会。区长出席。\n")
    page = clean_page(raw, lexicon)
    assert [p.text for p in page.paras] == ["会议强调,要持续开展“双报到、双报告”活动,着力构建区域化党建体系。",
                                           "10月29日,魏都区召开优化营商环境暨活动推进会。区长出席。"]
    check_offsets(page)


def test_repeated_paragraphs_kept_once(lexicon):
    line = "要机制上再融合,扎实开展“强信心、挖潜力、促增长”活动,提升政治站位。"
    page = clean_page("\n\n".join([line] * 4), lexicon)
    assert [p.text for p in page.paras] == [line]


def test_articles_split_on_headlines_and_leads(lexicon):
    raw = ("中心城区第三十五次城建重点项目周例会召开\n\n卢希望出席并讲话\n\n本报讯(记者 胡晨)10月12日下午,我市召开周例会。\n\n"
           "会议还研究了其他工作。\n\n颁奖典礼举行\n\n本报讯(记者 武芳)10月12日,我市举行颁奖典礼。\n\n"
           "本报讯(记者 张辉)近日,市民政局印发实施意见。\n")
    arts = split_articles(clean_page(raw, lexicon), lexicon)
    assert [a.headline for a in arts][:2] == ["中心城区第三十五次城建重点项目周例会召开", "颁奖典礼举行"]
    assert len(arts) == 3


def test_masthead_date_checks_the_weekday():
    assert masthead_date("2020年11月 4日星期二") .iso() == "2020-11-24"
    assert masthead_date("2021年3月16日 星期二").iso() == "2021-03-16"
    assert masthead_date("2021年3月16日 星期五") is None
    assert masthead_date("本溪日报　　一九九七年六月二十日　　星期五　　第一版").iso() == "1997-06-20"
    assert masthead_date("一九九七年六月二十日　星期六") is None
    assert masthead_date("思 茅 日 报　　2002年11月9日　星 期 六　　第１版").iso() == "2002-11-09"   # OCR spaced it


def test_a_first_line_naming_the_source_and_its_time_dates_the_page():
    from kg.dates import header_date

    assert header_date("南部发布　2020-08-12 21:47\n\n# 我县召开调度会").iso() == "2020-08-12"
    assert header_date("宾川县融媒体中心　　2021年9月30日\n").iso() == "2021-09-30"
    assert header_date("市委召开常委会会议 2021年9月30日 上午\n") is None
    # a WeChat post: its title, then author, account, time and where it was posted from
    post = "全力推进重大项目建设\n原创 某县融媒 某县发布 2022-09-28 12:06 发表于湖南\n\n点击上方蓝字关注我们\n"
    assert header_date(post).iso() == "2022-09-28"
    assert header_date("某市融媒 某市融媒 2019-08-10\n").iso() == "2019-08-10"
    assert header_date("正文\n正文\n南部发布　2020-08-12 21:47") is None        # the first two lines only
    assert header_date("我县召开推进会\n融水发布 2023年5月26日 21:15 广西\n").iso() == "2023-05-26"   # no 发表于
    assert header_date("某县新闻 | 2022年11月9日\n").iso() == "2022-11-09"     # a programme's title and day
    # a page's head line: the paper or programme, its day and the page number, time or read count
    assert header_date("宝鸡日报　2023年7月4日　第1版\n").iso() == "2023-07-04"
    assert header_date("某县新闻\n【某县新闻】2024年4月23日\n").iso() == "2024-04-23"
    assert header_date("某县融媒体中心　　2024-04-23 20:06　　阅读 8921\n").iso() == "2024-04-23"
    assert header_date("某县人大网　　2019-06-28　　【打印】 【关闭】\n").iso() == "2019-06-28"
    assert header_date("某县报\n2024年2月24日\n第1版　要闻\n").iso() == "2024-02-24"
    assert header_date("2023年6月30日全县警示教育大会召开\n") is None     # a day that runs into a headline
    assert header_date("一\n二\n三\n四\n宝鸡日报　2023年7月4日　第1版\n") is None   # the first four lines only
    # a station's name, then the time and the source
    assert header_date("某县新闻\n\n某县广播电视台　2022-11-09 20:31:07　来源：某县台\n").iso() == "2022-11-09"


def test_a_day_in_chinese_numerals_at_a_lead():
    from kg.dates import find_dates

    assert [f.day for t in ("本报讯　十三日，县委召开会议", "二十一日，会议召开", "三十一日,会议") for f in find_dates(t)] == \
        [13, 21, 31]
    assert find_dates("共有十三人参加") == []


def test_chinese_numerals():
    assert [cn_to_int(x) for x in ("五十二", "十五", "二〇二三", "10", "三十五", "一百零八")] == [52, 15, 2023, 10, 35, 108]


def test_sentences_end_at_a_half_width_full_stop_after_chinese():
    """OCR prints 。 as '.': it ends a sentence after a Chinese character, not inside a number
    or an ellipsis."""
    from kg.text import sentences

    text = "镇党委书记王洪涛主持会议,镇长刘丽参加学习.会上,周海燕作了发言;投资4.5亿元。完成..好"
    got = [s.text for s in sentences(text)]
    assert got == ["镇党委书记王洪涛主持会议,镇长刘丽参加学习.", "会上,周海燕作了发言;", "投资4.5亿元。", "完成..好"]
    assert all(text[s.start:s.end] == s.text for s in sentences(text))


def test_a_paragraph_ending_with_its_credit_is_not_joined_to_the_next_headline(lexicon):
    page = clean_page("两院报告均获高票通过。（记者 熊若曦）\n\n全市公安机关部署专项行动\n\n近日，部署会召开。\n", lexicon)
    assert [p.text for p in page.paras] == ["两院报告均获高票通过。（记者熊若曦）", "全市公安机关部署专项行动", "近日，部署会召开。"]


def test_website_furniture_with_a_site_name_or_a_date_before_it(lexicon):
    from kg.dates import header_date

    raw = "洛南县人民政府　首页 > 新闻中心 > 镇办动态\n2024年07月12日　　信息来源：巡检镇　县委组织部\n\n巡检镇召开调度会\n\n本版编辑：周晴　　校对：吴凡\n"
    assert [p.text for p in clean_page(raw, lexicon).paras] == ["巡检镇召开调度会"]
    assert header_date(raw).iso() == "2024-07-12"


def test_a_table_keeps_its_column_gaps_and_a_name_drops_its_padding(lexicon):
    page = clean_page("姓  名    职  务\n王  斌    县委常委、常务副县长\n记者 徐　磊　通讯员 李 佳 达\n", lexicon)
    assert [p.text for p in page.paras] == ["姓名 职务", "王斌 县委常委、常务副县长", "记者徐磊通讯员李佳达"]


# an invented county page set in narrow columns, as OCR gives it: a line per printed line
NARROW = ("县委常委会召开（扩大）会议\n传达学习全市经济工作会议精神\n"
          "本报讯 记者 孟　庆 通讯员 \n谷雨航 4月16日,县委书记魏长\n林主持召开县委常委会（扩大）\n"
          "会议,研究部署我县二季度重\n点工作。\n县委副书记、县长宋建勋,县委\n副书记孔令春,县委常委、常务\n"
          "副县-\n长郝立民出席会议。县人大常\n委会主任任国栋列席会议。\n\n"
          "县政府召开第十二次常务会议\n本报讯（通讯员吴敏）2017年\n3月9日,县长宋建勋主持召开\n"
          "县政府第十二次常务会议,副县\n长耿秀梅、申建波出席会议。\n")


def test_narrow_columns_are_joined_line_by_line(lexicon):
    """Every printed line of a narrow column is a line of the file; a full line goes on in the
    next even where it could stand as a headline (县委副书记、县长宋建勋,县委), a hyphen at the cut
    is dropped (副县-/长), a short line ends its paragraph, and a headline standing alone after
    an empty line stays a headline."""
    page = clean_page(NARROW, lexicon)
    assert [p.text for p in page.paras] == [
        "县委常委会召开（扩大）会议", "传达学习全市经济工作会议精神",
        "本报讯记者孟庆通讯员谷雨航 4月16日,县委书记魏长林主持召开县委常委会（扩大）会议,研究部署我县二季度重点工作。",
        "县委副书记、县长宋建勋,县委副书记孔令春,县委常委、常务副县长郝立民出席会议。县人大常委会主任任国栋列席会议。",
        "县政府召开第十二次常务会议",
        "本报讯（通讯员吴敏）2017年3月9日,县长宋建勋主持召开县政府第十二次常务会议,副县长耿秀梅、申建波出席会议。"]
    check_offsets(page)


def test_short_lines_of_a_page_of_whole_paragraphs_are_not_columns(lexicon):
    """Headlines and a short list on a page whose paragraphs are whole lines stay apart."""
    raw = ("全市城乡清洁工程\n动员大会召开\n\n本报讯（记者裴晓东）6月11日，全市城乡清洁工程动员大会在市委礼堂召开。"
           "市委书记聂鸿儒出席会议并讲话，市长常建中主持会议。\n\n市政协副主席侯俊生出席会议。会上，市建设局局长王建宏通报了情况。\n\n"
           "相关新闻\n城区召开创卫推进会\n")
    assert [p.text for p in clean_page(raw, lexicon).paras] == [
        "全市城乡清洁工程", "动员大会召开",
        "本报讯（记者裴晓东）6月11日，全市城乡清洁工程动员大会在市委礼堂召开。市委书记聂鸿儒出席会议并讲话，市长常建中主持会议。",
        "市政协副主席侯俊生出席会议。会上，市建设局局长王建宏通报了情况。", "相关新闻", "城区召开创卫推进会"]


def test_names_listed_with_spaces_keep_a_space_between_them(lexicon):
    """Three names or more in a row with spaces for 、 keep one space each; OCR's padding inside
    a name (a part of one character) and a title before the list do not."""
    page = clean_page("省领导 钱友谅　蔺晓东　俞兰芝 在主席台就座。\n市委书记胡 五岳出席。\n", lexicon)
    assert [p.text for p in page.paras] == ["省领导钱友谅 蔺晓东 俞兰芝在主席台就座。", "市委书记胡五岳出席。"]


def test_a_masthead_in_narrow_columns_stays_apart(lexicon):
    """A date line (in Chinese numerals too) neither continues the line above nor is continued,
    and a block after an empty line is not joined to the one before."""
    raw = ("麻城新闻\n中共麻城市委宣传部主办\n二〇一四年九月二十五日　星期四\n第３8期（总第４５６期）\n\n"
           "市人大常委会视察\n城区道路建设工作\n本报讯（记者 邹志勇）9月23\n日,市人大常委会主任郑光明带\n"
           "领部分市人大常委会组成人员,\n视察全市城区道路建设工作。\n市人大常委会副主任易红梅、\n"
           "戴国庆,秘书长蔡建新参加视察。\n副市长彭伟陪同。\n")
    texts = [p.text for p in clean_page(raw, lexicon).paras]
    assert texts[:5] == ["麻城新闻", "中共麻城市委宣传部主办", "二〇一四年九月二十五日星期四", "第３8期（总第４５６期）",
                         "市人大常委会视察"]
    assert "本报讯（记者邹志勇）9月23日,市人大常委会主任郑光明带领部分市人大常委会组成人员,视察全市城区道路建设工作。" in texts


def test_paragraphs_that_start_with_an_indent_take_their_lines_without_one(lexicon):
    """PDF text hard-wrapped at 20-40 characters: a line with no indent goes on with the
    paragraph before; a jump line (（下转A2版）) is furniture; a block after an empty line stands."""
    raw = ("　　本报讯（记者 吕晓帆）3月4日下午，市委书记钱立群主持召开市委常委\n"
           "会会议，传达学习全省数字化改革大会精神，研究部署我市\n“十四五”开局起步各项工作。\n"
           "　　市委副书记、市长章伟东，市委常委、秘书长陶子恒出席会议。\n"
           "市人大常委会主任沈国良，市政协主席胡鉴平列席会议。\n"
           "　　会议指出，数字化改革是一场涉及全方位、全领域的系统性变革。全市上下要\n"
           "扎实推进重点领域改革，\n\n（下转A2版）\n\n市政府召开第六十八次常务会议\n\n"
           "　　本报讯（记者 俞思远）3月4日上午，市长章伟东主持召开市政府第六十\n八次常务会议。\n")
    page = clean_page(raw, lexicon)
    assert [p.text for p in page.paras] == [
        "本报讯（记者吕晓帆）3月4日下午，市委书记钱立群主持召开市委常委会会议，传达学习全省数字化改革大会精神，"
        "研究部署我市“十四五”开局起步各项工作。",
        "市委副书记、市长章伟东，市委常委、秘书长陶子恒出席会议。市人大常委会主任沈国良，市政协主席胡鉴平列席会议。",
        "会议指出，数字化改革是一场涉及全方位、全领域的系统性变革。全市上下要扎实推进重点领域改革，",
        "市政府召开第六十八次常务会议",
        "本报讯（记者俞思远）3月4日上午，市长章伟东主持召开市政府第六十八次常务会议。"]
    check_offsets(page)


def test_a_weather_box_is_furniture(lexicon):
    raw = "┌───────────┐\n│今日天气:思茅多云１５～２６℃│\n└───────────┘\n会议召开。\n"
    assert [p.text for p in clean_page(raw, lexicon).paras] == ["会议召开。"]
