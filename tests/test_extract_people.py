"""People and titles: (text, expected) tables over the real extractors, including negatives."""

from __future__ import annotations

import re

import pytest

from kg.ingest import Document
from kg.pipeline import extract_document


def officials(extractors, text: str) -> dict[str, set[str]]:
    facts = extract_document(Document("t.txt", text), extractors)
    out: dict[str, set[str]] = {}
    for a in facts.articles:
        for p in a.people:
            if p.kind == "official" and p.titles:
                out.setdefault(p.name, set()).update(t.text for t in p.titles)
    return out


def reporters(extractors, text: str) -> dict[str, set[str]]:
    facts = extract_document(Document("t.txt", text), extractors)
    return {p.name: {t.text for t in p.titles} for a in facts.articles for p in a.people if p.kind == "reporter"}


CASES = [
    # title chains, the omitted body prefix restored
    ("市委常委、统战部副部长、市人大常委会副主任王文杰出席会议。",
     {"王文杰": {"市委常委", "市委统战部副部长", "市人大常委会副主任"}}),
    ("县委常委、组织部部长李明主持会议。", {"李明": {"县委常委", "县委组织部部长"}}),
    ("禹州市委常委、市纪委书记、市监委主任曹晓光", {"曹晓光": {"禹州市委常委", "禹州市纪委书记", "禹州市监委主任"}}),
    ("市教育局党组书记、局长王建国出席并讲话。", {"王建国": {"市教育局党组书记", "市教育局局长"}}),
    ("县委副书记、县长赵志刚,县委常委、常务副县长孙丽出席会议。",
     {"赵志刚": {"县委副书记", "县长"}, "孙丽": {"县委常委", "常务副县长"}}),
    ("市委常委、副市长兼市公安局局长刘强出席。", {"刘强": {"市委常委", "副市长", "市公安局局长"}}),
    # one title over a list of names, a list closed by 等
    ("副市长张飞、赵鹏、杨朝晖出席会议。", {"张飞": {"副市长"}, "赵鹏": {"副市长"}, "杨朝晖": {"副市长"}}),
    ("市人大常委会副主任王文杰、韩国全、周为民,秘书长李光亚出席会议。",
     {"王文杰": {"市人大常委会副主任"}, "韩国全": {"市人大常委会副主任"}, "周为民": {"市人大常委会副主任"},
      "李光亚": {"市人大常委会秘书长"}}),
    ("县委常委王海涛、陈静等参加活动。", {"王海涛": {"县委常委"}, "陈静": {"县委常委"}}),
    # titles in apposition and after by-lines
    ("“今年的任务很重。”丁营乡党委书记马广超表示。", {"马广超": {"丁营乡党委书记"}}),
    ("——访市政协副主席、建安区委书记马浩", {"马浩": {"市政协副主席", "建安区委书记"}}),
    ("在襄城县城关镇北大街社区,社区党支部书记李晓燕既是班子的带头人。",
     {"李晓燕": {"襄城县城关镇北大街社区党支部书记"}}),
    ("8月13日,在襄城县城关镇挂职的科技副镇长刘和章说。", {"刘和章": {"襄城县城关镇科技副镇长"}}),
    ("许昌市关工委原主任唐聚圈自2004年起任职。", {"唐聚圈": {"许昌市关工委原主任"}}),
    ("许昌市邮政分公司党委书记、总经理李光奇说。", {"李光奇": {"许昌市邮政分公司党委书记", "许昌市邮政分公司总经理"}}),
    ("中共南阳市委书记朱是西到镇平县调研。", {"朱是西": {"中共南阳市委书记"}}),
    ("国务院副总理胡春华出席开幕式。", {"胡春华": {"国务院副总理"}}),
    ("村党支部书记王二柱带领群众修路。", {"王二柱": {"村党支部书记"}}),
    ("市发展和改革委员会主任钱进介绍一季度经济运行情况。", {"钱进": {"市发展和改革委员会主任"}}),
    ("省委常委、秘书长欧阳春华陪同调研。", {"欧阳春华": {"省委常委", "省委秘书长"}}),
    # names jieba does not know; OCR spaces inside names
    ("市委书记、市创文指挥部政委胡 五岳多次指出。", {"胡五岳": {"市委书记", "市创文指挥部政委"}}),
    ("郾陵县望田镇科技副镇长穆浩对8个工作区进行了走访。", {"穆浩": {"郾陵县望田镇科技副镇长"}}),
    ("建安区小召乡科技副乡长王汀把扶贫工作放在首位。", {"王汀": {"建安区小召乡科技副乡长"}}),
    # negatives: quoted national leader, a word after a title, a headline fragment, a company
    ("习近平总书记强调,要把加强基层党的建设作为一条红线。", {}),
    ("会议要求,各级书记要亲自抓,市长热线要及时回复。", {}),
    ("丁营社区文艺队长付荣恩一边排练一边告诉记者。", {}),
    ("绝大多数科技副乡、镇长都能够坚守工作岗位。", {}),
    ("全市政协委员强化责任担当。", {}),
    ("重庆市长江大桥管理处负责维护。", {}),
    ("佰强物业由韩萍萍、杨俊丽两位下岗人员创立。", {}),
]


REPORTER_CASES = [
    ("本报讯(记者胡晨)8月12日,我市召开座谈会。", {"胡晨": {"记者"}}),
    ("本报讯(记者 胡晨 通讯员 沈俊辉 付创胜)8月13日,", {"胡晨": {"记者"}, "沈俊辉": {"通讯员"}, "付创胜": {"通讯员"}}),
    ("## 小院里的热心人\n\n本报记者 孙江锋 文/图\n\n正文第一段。", {"孙江锋": {"记者"}}),
    ("▲市区八一路东段,人行道上乱停乱放。 本报记者 乔利峰 摄", {"乔利峰": {"记者"}}),
    ("本报讯(通讯员 李原 鹿帅)10月10日,从市数字化城管中心传来消息。", {"李原": {"通讯员"}, "鹿帅": {"通讯员"}}),
    ("记者从许昌佰强物业服务公司获悉,该公司将开展培训。宋改清告诉记者,丁营乡即将举办比赛。", {}),
    ("本报讯(张文哲)老骥伏枥,志在千里。 孔刚刚 摄", {}),
    # after a colon or a slash
    ("本报讯（记者/李卓然　通讯员/黄嘉怡）12月30日，全市春运工作动员部署会召开。", {"李卓然": {"记者"}, "黄嘉怡": {"通讯员"}}),
    ("会议要求，要抓好落实。\n\n记者：罗曦", {"罗曦": {"记者"}}),
    ("本报讯(记者 丹珍措 通讯员 王建伟)4月16日,全州调度会召开。", {"丹珍措": {"记者"}, "王建伟": {"通讯员"}}),
    # a dotted name, a name of one part (索南), a Dai name (岩罕) in a byline
    ("本报讯（记者　阿依努尔·吐尔逊　通讯员　陈立波）3月13日，", {"阿依努尔·吐尔逊": {"记者"}, "陈立波": {"通讯员"}}),
    ("本报讯（记者　才仁永吉　索南）昨天上午，", {"才仁永吉": {"记者"}, "索南": {"记者"}}),
    ("本报勐海讯（通讯员　岩罕　周　敏）4月17日，", {"岩罕": {"通讯员"}, "周敏": {"通讯员"}}),
    # a correspondent's pen name for a propaganda office (枝江市人大宣传: 枝人宣); not a reporter's
    ("（记者　周敏慧　通讯员　枝人宣）", {"周敏慧": {"记者"}, "枝人宣": {"通讯员"}}),
    ("（记者　萨宣）", {}),
]


@pytest.mark.parametrize("text,expected", REPORTER_CASES, ids=[c[0][:14] for c in REPORTER_CASES])
def test_reporters(extractors, text, expected):
    assert reporters(extractors, text) == expected


def test_person_seen_again_without_title_is_the_same_person(extractors):
    text = "市委常委、组织部部长丁同民出席并讲话。\n\n围绕提升党建工作质量,丁同民强调,一要做强街道。"
    facts = extract_document(Document("t.txt", text), extractors)
    names = [(p.name, p.rule) for a in facts.articles for p in a.people]
    assert ("丁同民", "name-again") in names


def test_offsets_point_into_the_original_text(extractors):
    text = "XUCHANG DAILY\n\n# 会议召开\n\n本报讯 (记者 李新) 11月23日,市委书记、市创文指挥部政委胡 五岳出席。"
    facts = extract_document(Document("t.txt", text), extractors)
    for a in facts.articles:
        for p in a.people:
            assert re.sub(r"\s", "", text[p.start:p.end]) == p.name


def test_user_lexicon_extends_and_removes(tmp_path):
    from kg.lexicon import Lexicon
    from kg.pipeline import Extractors

    text = "8月1日,驻村首席代表欧阳娜娜和区长刘明出席会议。"
    base = officials(Extractors(Lexicon.load()), text)
    assert "欧阳娜娜" not in base and base["刘明"] == {"区长"}
    (tmp_path / "titles.txt").write_text("# mine\n首席代表\t正\n-区长\n", encoding="utf-8")
    mine = officials(Extractors(Lexicon.load([tmp_path])), text)
    assert mine.get("欧阳娜娜") == {"驻村首席代表"}
    assert "刘明" not in mine



def test_user_lexicon_flags_own_level_and_every_organ_titles(tmp_path):
    """A third column of titles.txt says which heads name their level themselves (own-level) and
    which posts every organ has (every-organ); a user's lexicon can add both."""
    from kg.lexicon import Lexicon
    from kg.pipeline import Extractors

    text = "市政协主席蒋文斌主持会议。办公室主任陆海峰出席会议。"
    assert officials(Extractors(Lexicon.load()), text)["陆海峰"] == {"办公室主任"}
    (tmp_path / "titles.txt").write_text("办公室主任\t正\tevery-organ\n", encoding="utf-8")
    assert officials(Extractors(Lexicon.load([tmp_path])), text)["陆海峰"] == {"市政协办公室主任"}

    chain = "市委常委、副市长王海出席会议。"
    assert officials(Extractors(Lexicon.load()), chain)["王海"] == {"市委常委", "副市长"}
    # without the flag a bare head takes the body of the title before it: what own-level prevents
    (tmp_path / "titles.txt").write_text("副市长\t副\n", encoding="utf-8")
    assert officials(Extractors(Lexicon.load([tmp_path])), chain)["王海"] == {"市委常委", "市委副市长"}

MORE = [
    ("据市统计局局长王海东介绍,前三季度全市GDP增长6.2%。", {"王海东": {"市统计局局长"}}),
    ("会议由县委常委、组织部部长马丽主持,县委常委、纪委书记、监委主任高峰通报了情况。",
     {"马丽": {"县委常委", "县委组织部部长"}, "高峰": {"县委常委", "县纪委书记", "县监委主任"}}),
    ("市经济技术开发区管委会主任周强出席。", {"周强": {"市经济技术开发区管委会主任"}}),
]


APPOINTED = [
    # appointments by a congress standing committee: one per item, removals give no post
    ("会议经表决,决定任命:\n陈光为县发展和改革委员会主任;\n马俊为县住房和城乡建设局局长。\n决定免去:\n周强的县教育局局长职务。"
     "任命刘洋为县人民法院审判员。",
     {"陈光": {"县发展和改革委员会主任"}, "马俊": {"县住房和城乡建设局局长"}, "刘洋": {"县人民法院审判员"}}),
    # elections, one name or a list, or a name heading a count
    ("李建明当选县政协主席，朱海燕、钱晓峰当选县政协副主席，王一帆等31人当选县政协常务委员。",
     {"李建明": {"县政协主席"}, "朱海燕": {"县政协副主席"}, "钱晓峰": {"县政协副主席"}, "王一帆": {"县政协常务委员"}}),
    ("他认为这项工作为县财政局局长所关注。", {}),
    # a numbered list of speakers, name first; a democratic party's 主委
    ("大会发言名单\n1．沈国强（县工商联主席）：以碳汇激活新动能\n2．吴佳怡（民盟安吉县基层委员会主委）：推动白茶产业",
     {"沈国强": {"县工商联主席"}, "吴佳怡": {"民盟安吉县基层委员会主委"}}),
    # the posts of a prefecture's commissioner's office (行署) and of older papers
    ("地委委员、行署副专员罗文柏，行署秘书长贺中林出席。市长助理宋德海参加。",
     {"罗文柏": {"地委委员", "行署副专员"}, "贺中林": {"行署秘书长"}, "宋德海": {"市长助理"}}),
    ("镇党委委员、武装部长田军，乡党委组织委员杨柳参加学习。", {"田军": {"镇党委委员", "镇武装部长"}, "杨柳": {"乡党委组织委员"}}),
    # 组织部长, 宣传部长: the department before 长 alone, as older papers print it
    ("地委委员、组织部长巩立德，市委常委、宣传部长柴永年出席。",
     {"巩立德": {"地委委员", "地委组织部长"}, "柴永年": {"市委常委", "市委宣传部长"}}),
    # Yi family names of two characters (曲比, 吉克) before a two-character given name
    ("县委副书记、县长曲比阿果，乡党委书记吉克石布参加。", {"曲比阿果": {"县委副书记", "县长"}, "吉克石布": {"乡党委书记"}}),
    # surnames of the Hui and of some counties (锁, 拜, 寿) that the common lists lack
    ("乡党委组织委员锁文华，副乡长拜学军，镇人大主席寿丽芬参加。",
     {"锁文华": {"乡党委组织委员"}, "拜学军": {"副乡长"}, "寿丽芬": {"镇人大主席"}}),
    # a bureau whose name holds 和 (文化体育广播电视和旅游局): 和 does not cut the title's body
    ("县文化体育广播电视和旅游局局长马天佑，市文化和旅游局副局长黎明出席。",
     {"马天佑": {"县文化体育广播电视和旅游局局长"}, "黎明": {"市文化和旅游局副局长"}}),
    # a dotted name ends before the verb of its quotation
    ("“今年游客翻了一番。”县旅游局局长艾合买提·吐尔洪说，景区将延长开放时间。", {"艾合买提·吐尔洪": {"县旅游局局长"}}),
    # a roundup's item marked △ and dated in Chinese numerals is text, not a photo's caption
    ("各地简讯\n\n△二月二十一日，县委召开全县民兵工作会议。县委书记贝子良同志出席并讲话。", {"贝子良": {"县委书记"}}),
]


@pytest.mark.parametrize("text,expected", APPOINTED)
def test_appointed_elected_and_older_posts(extractors, text, expected):
    assert officials(extractors, text) == expected

OTHER_PLACES = [
    # a name of parts before 作……述职; a rank after a name; 提起 before a title is not its body
    ("镇党委书记那顺乌力吉作党管武装工作述职。镇人大主席孟克吉雅，旗人武部部长特木尔中校出席。"
     "提起常务副旗长阿拉腾花，干部都说好。",
     {"那顺乌力吉": {"镇党委书记"}, "孟克吉雅": {"镇人大主席"}, "特木尔": {"旗人武部部长"},
      "阿拉腾花": {"常务副旗长"}}),
    # the 委员 posts after a party committee's member are of that committee; an adviser is an official
    ("镇党委委员、政法委员寿旭东通报了情况。街道党工委委员、组织委员黄建，行署顾问党怀仁出席。",
     {"寿旭东": {"镇党委委员", "镇党委政法委员"}, "黄建": {"街道党工委委员", "街道党工委组织委员"},
      "党怀仁": {"行署顾问"}}),
    # 受 after a name begins 受……委托
    ("副市长姜丽受市政府委托作了报告。", {"姜丽": {"副市长"}}),
    # Mongolian names of two parts (哈斯 + 巴根, 敖登 + 格日乐), one ending before 等出席
    ("市委副书记、市长哈斯巴根，市委副书记朝鲁门等出席会议。市人大常委会主任敖登格日乐列席会议。",
     {"哈斯巴根": {"市委副书记", "市长"}, "朝鲁门": {"市委副书记"}, "敖登格日乐": {"市人大常委会主任"}}),
    # surnames rare elsewhere (冒 of 如皋, 綦 of 山东); 冒雨 after a title is no name
    ("副市长冒晓春，秘书长綦文波出席。市委书记冒雨检查防汛工作。",
     {"冒晓春": {"副市长"}, "綦文波": {"秘书长"}}),
    # autonomous prefectures, leagues and banners have their own heads
    ("州委副书记、州长王建国主持会议,副州长韩志强出席。", {"王建国": {"州委副书记", "州长"}, "韩志强": {"副州长"}}),
    ("旗委副书记、旗长李春出席,副旗长刘振东通报了春播进展情况。", {"李春": {"旗委副书记", "旗长"}, "刘振东": {"副旗长"}}),
    ("盟委副书记、盟长陈立新出席会议。", {"陈立新": {"盟委副书记", "盟长"}}),
    # common surnames of the south
    ("县委副书记赖明远,副县长洪涛、傅强出席会议。", {"赖明远": {"县委副书记"}, "洪涛": {"副县长"}, "傅强": {"副县长"}}),
    # a transliterated name with a middle dot, alone and last in a list
    ("自治区副主席努尔兰·阿不都满金出席会议。", {"努尔兰·阿不都满金": {"自治区副主席"}}),
    ("副区长吴家豪、帕尔哈提·艾买提出席会议。", {"吴家豪": {"副区长"}, "帕尔哈提·艾买提": {"副区长"}}),
    ("市委常委、秘书长康书亮会见了华瀚集团副总裁詹姆斯·李一行。", {"康书亮": {"市委常委", "市委秘书长"}}),   # no 李一行
    # OCR's full-width full stop for the middle dot, read as a dot only where the dotted name reads
    ("州党委常委、宣传部部长阿依达娜．吐尔逊别克宣读了表彰决定。",
     {"阿依达娜．吐尔逊别克": {"州党委常委", "州党委宣传部部长"}}),
    ("本报讯 3月11日，副县长王伟．会议指出，要加强春耕。", {"王伟": {"副县长"}}),
    # a body named by reference (局党组书记, 该局…) is the one named before it; a bare 局 with none is dropped
    ("4月2日，市市场监管局召开党组理论学习中心组集中学习会。局党组书记、局长葛宏伟主持会议并讲话。",
     {"葛宏伟": {"市市场监管局党组书记", "市市场监管局局长"}}),
    ("6月26日，市公安局召开誓师大会。该局刑侦支队支队长熊卫平介绍了情况。", {"熊卫平": {"市公安局刑侦支队支队长"}}),
    ("局党组书记、局长葛宏伟主持会议。", {"葛宏伟": {"局党组书记", "局长"}}),
    # 同志 after each name of a list after a title; rarer surnames (木, 拓)
    ("列席会议的有：副省长薛丽萍同志、罗志诚同志，省政协副主席木春和同志。市委常委、秘书长拓建民通报了情况。",
     {"薛丽萍": {"副省长"}, "罗志诚": {"副省长"}, "木春和": {"省政协副主席"}, "拓建民": {"市委常委", "市委秘书长"}}),
    # a Tibetan name of one part where a name surely ends after it; a Dai name (岩 as a surname)
    ("县委副书记、县长多吉，县政协主席拉巴出席会议。副州长岩罕留主持。",
     {"多吉": {"县委副书记", "县长"}, "拉巴": {"县政协主席"}, "岩罕留": {"副州长"}}),
    # a Uyghur name printed without its dot, from the parts in name_parts.txt
    ("疏附县委副书记、县长麦麦提敏吐尔逊，县委常委王伟出席会议。",
     {"麦麦提敏吐尔逊": {"疏附县委副书记", "县长"}, "王伟": {"县委常委"}}),
    # OCR slips inside titles (ocr_confusables.txt): found, and kept as printed
    ("行暑副专员陈桂芬主持会议。副巿长殷志强讲话。郭屯镇党娄书记葛振东汇报了情况。",
     {"陈桂芬": {"行暑副专员"}, "殷志强": {"副巿长"}, "葛振东": {"郭屯镇党娄书记"}}),
    # a name the surname list does not know, heading a list of names it does
    ("副州长才让卓玛、韩志强,州政府秘书长杨光辉出席。",
     {"才让卓玛": {"副州长"}, "韩志强": {"副州长"}, "杨光辉": {"州政府秘书长"}}),
    ("要求县长亲自部署、推动落实。", {}),
    # Tibetan and Mongolian names with no Han surname, made of the parts in name_parts.txt
    ("州委副书记、州长多杰才旦主持会议,州委书记扎西次仁出席并讲话。",
     {"多杰才旦": {"州委副书记", "州长"}, "扎西次仁": {"州委书记"}}),
    ("旗委书记宝音图出席,副盟长巴特尔、乌兰其其格,盟委秘书长额尔敦巴特尔参加。",
     {"宝音图": {"旗委书记"}, "巴特尔": {"副盟长"}, "乌兰其其格": {"副盟长"}, "额尔敦巴特尔": {"盟委秘书长"}}),
    ("局长措施得力,各项工作推进有力。", {}),
    # 月 and 日 inside a given name; a day of the week is not one
    ("市政府秘书长、办公室主任郭日新,市信访局局长高俊峰陪同。",
     {"郭日新": {"市政府秘书长", "市政府办公室主任"}, "高俊峰": {"市信访局局长"}}),
    ("优秀党务工作者代表、梓山镇潭头村党支部书记钟月英作交流发言。", {"钟月英": {"梓山镇潭头村党支部书记"}}),
    ("市长周日上午出席。", {}),
    ("县委书记马忠厚主持会议，并代表县委常委班子作对照检查。", {"马忠厚": {"县委书记"}}),       # 班子 is no name
    # 和 ends a name where a name surely ends after it, not where it joins two people; no verb 为 before a comma
    ("市长王永和致辞。党委书记孔祥和陪同。县长王五和副县长赵六出席。", {"王永和": {"市长"}, "孔祥和": {"党委书记"},
                                                     "王五": {"县长"}, "赵六": {"副县长"}}),
    ("市委常委、常务副市长蒙可为，副市长甄立出席。", {"蒙可为": {"市委常委", "常务副市长"}, "甄立": {"副市长"}}),
    ("驻村第一书记许继说：“路修通了。”", {"许继": {"驻村第一书记"}}),
    # a table of names and posts
    ("附：常务委员会委员名单\n\n姓  名    职  务\n王  斌    县委常委、常务副县长\n字海燕    县委常委、宣传部部长\n",
     {"王斌": {"县委常委", "常务副县长"}, "字海燕": {"县委常委", "县委宣传部部长"}}),
    # surnames of the south-west: 刀 (Dai), 字 and 杞 (Bai), 滚 (Dong)
    ("地委书记刀国华出席。县政协主席字建平，镇纪委书记杞林，村党支部书记滚文斌参加。",
     {"刀国华": {"地委书记"}, "字建平": {"县政协主席"}, "杞林": {"镇纪委书记"}, "滚文斌": {"村党支部书记"}}),
    # a Hui surname; 应邀 before the role verb
    ("市政协副主席马红,秘书长纳文斌出席。市政协副主席白玉洁应邀列席。",
     {"马红": {"市政协副主席"}, "纳文斌": {"市政协秘书长"}, "白玉洁": {"市政协副主席"}}),
    # OCR: a half-width full stop ends the lead's first sentence, and a column break cut the title
    ("本报讯 11月4日,全市重点项目调度会召开.市长司徒文轩出席;市委常委、常务副\n市长马骏主持会议.",
     {"司徒文轩": {"市长"}, "马骏": {"市委常委", "常务副市长"}}),
]


def test_reporters_names_typeset_with_a_space():
    from kg.lexicon import Lexicon
    from kg.pipeline import Extractors

    text = "本报讯(记者 徐 磊 通讯员 张　帆 李慧敏)11月5日,全市培训班开班。"
    ex = Extractors(Lexicon.load())
    facts = extract_document(Document("t.txt", text), ex)
    found = {(p.name, text[p.start:p.end]) for a in facts.articles for p in a.people if p.kind == "reporter"}
    assert found == {("徐磊", "徐 磊"), ("张帆", "张　帆"), ("李慧敏", "李慧敏")}
    # OCR spaced a three-character name; a wide gap pads a two-character one, and the next follows
    for text, names in (("本报讯(记者李 佳 达)1月11日,", {"李佳达"}), ("本报讯(记者 徐　磊 王 强)5日,", {"徐磊", "王强"})):
        facts = extract_document(Document("t.txt", text), ex)
        assert {p.name for a in facts.articles for p in a.people if p.kind == "reporter"} == names


def test_a_table_of_cadres_before_appointment(extractors):
    """任前公示 as a table, its cells parted by tabs: the name and the present posts of each row;
    the posts to come (拟任……) and a last column of them without 拟 are not titles yet."""
    text = ("干部任前公示\n\n"
            "序号\t姓名\t性别\t民族\t出生年月\t学历\t政治面貌\t现任职务\t拟任职务\n"
            "1\t覃志刚\t男\t壮族\t1976.08\t大学\t中共党员\t某市发展和改革委员会党组成员、副主任\t拟任市属国有企业正职\n"
            "2\t钟晓燕\t女\t汉族\t1985.07\t研究生\t中共党员\t共青团某市委员会副书记（主持工作）\t拟任共青团某市委员会书记\n"
            "何俊杰\t男\t1979.07\t大学\t县委办公室副主任\t乡镇党委书记\n")
    assert officials(extractors, text) == {
        "覃志刚": {"某市发展和改革委员会党组成员", "某市发展和改革委员会副主任"},
        "钟晓燕": {"共青团某市委员会副书记"}, "何俊杰": {"县委办公室副主任"}}


SESSIONS_AND_MINUTES = [
    # a bare title takes the body of the post before it in the paragraph when it is the same organ's
    ("县人大常委会主任刘振国主持会议。副主任司马骏、赵立新，党组成员韩永刚出席会议。",
     {"刘振国": {"县人大常委会主任"}, "司马骏": {"县人大常委会副主任"}, "赵立新": {"县人大常委会副主任"},
      "韩永刚": {"县人大常委会党组成员"}}),
    ("市政协主席蒋文斌主持会议。副主席周慧，秘书长陆海峰出席会议。",
     {"蒋文斌": {"市政协主席"}, "周慧": {"市政协副主席"}, "陆海峰": {"市政协秘书长"}}),
    # ... but not across paragraphs, nor to a post of its own (副市长) or another organ's
    ("市政协主席蒋文斌主持会议。\n\n副主席周慧出席会议。", {"蒋文斌": {"市政协主席"}, "周慧": {"副主席"}}),
    ("市政协主席蒋文斌主持会议。副市长潘雪梅出席。", {"蒋文斌": {"市政协主席"}, "潘雪梅": {"副市长"}}),
    # name first: in brackets, after a gap or a comma, as minutes print them
    ("出席会议的有：邱志远（市委书记）、蔡明辉（市委常委、常务副市长）",
     {"邱志远": {"市委书记"}, "蔡明辉": {"市委常委", "常务副市长"}}),
    ("主持人：翁国平　　市委副书记、市长\n列席人员：黄一鸣，市发改委主任；陈伟强，市财政局局长；",
     {"翁国平": {"市委副书记", "市长"}, "黄一鸣": {"市发改委主任"}, "陈伟强": {"市财政局局长"}}),
    ("张三，男，汉族，1970年生。王芳（化名）说，市长热线很好用。", {}),
    # a name withheld is no name
    ("县交通运输局原党组书记、局长叶某某严重违纪违法。", {}),
]


# the (text, expected) tables above, each run the same way
ALL_OFFICIALS = CASES + MORE + OTHER_PLACES + SESSIONS_AND_MINUTES


@pytest.mark.parametrize("text,expected", ALL_OFFICIALS, ids=[c[0][:14] for c in ALL_OFFICIALS])
def test_officials(extractors, text, expected):
    assert officials(extractors, text) == expected
