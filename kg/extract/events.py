"""Events: dated meetings, ceremonies, inspections, with kind, ordinal, session, organiser, place.

An event is created only for a dated occurrence reported in the text: a date, then the event's
name closed by a word of the meeting-kind lexicon, with a verb that says it took place
(``我市召开……座谈会``, ``……推进会召开``, ``……签约仪式在杭州举行``, ``在……推进会上``). A plan
(``将于……召开``) or an event named without a date (``按照市八次党代会……``) is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .. import dates as D
from ..lexicon import Lexicon
from ..model import DateValue, EventMention
from ..text import sentences

CLAUSE_STOP = "，,。；;！？!?\n"
RECEPTION = ("会见", "会谈", "接见")
GENERIC_LABELS = {"会议", "大会", "活动", "仪式"}
# the kind (meeting_kinds.txt) of an activity under a name in quotation marks: an event only when an
# official is named in its paragraph
NAMED_ACTIVITY = "named-activity"
HELD = re.compile(r"召开|举行|举办")
MANNER = "成功|隆重|顺利|正式|胜利|圆满"       # 胜利闭幕, 隆重开幕
HELD_END = re.compile(rf"(?:{MANNER})?(?:召开|举行|举办|开幕|闭幕)$")
MINUTES_END = re.compile(r"纪要$")
# minutes' time field under their headline: 时间：2022年9月15日（星期四）下午2:30
TIME_FIELD = re.compile(r"^\s*(?:会议|活动)?(?:时\s*间|日\s*期)\s*[:：]")
# before a headline's event: a column's tag or a place and a colon (【工作动态】, 党建园地｜, 忠路镇：)
HEADLINE_TAG = re.compile(r"^(?:[【\[][^】\]]{1,8}[】\]]|[\u4e00-\u9fff]{2,8}[：:｜|])\s*")
LEADING_PARTICLE = re.compile(r"^(?:在|于|由|为|是|了|的)")
ORGANISER_VERB = re.compile(r"^.*?(?:主持|组织|牵头)$")
LED_TO = re.compile(r"带队|率队|率领|一行|(?:^|[^\u4e00-\u9fff]|队)在")
LEAD_MARK = re.compile(r"^.{0,16}?(?:本报讯|网讯|台讯|日电|日讯)")     # 本报讯, 新华社济南5月6日电 before a name
CLAUSE_BREAK = re.compile(r"[，,。；;]")
CUT_OFF = re.compile(r"(?:截至|截止|截止到|自|从|至|到|以来)$")
# a deadline: 请于10月15日前登记 (not 日前 alone, which is "recently")
DEADLINE = re.compile(r"(?:之|以)?前")
YEAR = re.compile(r"((?:19|20)\d{2})年(?!\d{1,2}月)")
ORDINAL = re.compile(r"第([\d一二三四五六七八九十百零〇]+)次")
ORDINAL_IN_TERM = re.compile(r"届([\d一二三四五六七八九十百零〇]+)次")
SESSION = re.compile(r"([\d一二三四五六七八九十百]+)届")


@dataclass
class _Hit:
    s: int
    e: int
    label: str
    kind: str
    organizer: str = ""
    place: str = ""
    rule: str = ""
    actors: tuple[tuple[int, int], ...] = ()

# a day as the wire writes it (6日, 五日, 昨天), before the wire's order is looked for
WIRE_HINT = re.compile(rf"[\d{D.CN_NUMERALS}{''.join(sorted({w[0] for w in D.RELATIVE_DAYS}))}][日天]")
TIMES = re.compile(rf"\s*(?:\d+|[{D.CN_NUMERALS}两]+)\s*(?:次|场|轮)")
# an organiser, then where it met: 丹凤县委、县政府在受灾最重的竹林关镇(召开)
ORGANISER_AT = re.compile(r"(.{2,}?)(?:在|于)(.{2,})$")
VISIT_LEAD = re.compile(rf"[）)]?(?:{'|'.join(D.PARTS_OF_DAY)})?[，, ]*")
# what a visit looks into: the words after its verb, to the clause's end (调研光谷重大项目建设时强调)
VISIT_OBJECT = re.compile(r"了?([^，,。；;、！？!?\n（(“\"][^，,。；;、！？!?\n（(]{1,29}?)(?:时|期间)?"
                          r"(?=[，,。；;、！？!?\n（(]|\.(?!\d)|$)")      # 督导检查“三改一拆”工作: a quote inside
# between a visit's leader and its verb: 等, 一行, 带队, then where it went (到天府新区)
_LEADER_GAP = r"(?:等)?(?:同志)?(?:一行)?(?:率队|带队|率|先后|专程|一行)?"
_GOES_TO = r"(?:到|赴|在|深入|来到|前往|莅临)"
VISIT_PLACE = re.compile(rf"{_LEADER_GAP}({_GOES_TO}[^，,。；;！？\n]{{1,24}})$")
_G = r"[^，,。；;！？\n]"
# 带队到云山镇调研; a comma before or after where it went: 带队，到孙家湾镇调研; 带领部分政协委员，到某镇视察;
# 带队到镇内各园区，调研……; 深入某镇、某镇，督导……; 率省政府调研组来盐，调研…… (not after 一行 or 先后:
# 王刚一行先后来到两个村，察看…… is a stop of the visit the headline names)
VISIT_GAP = re.compile(rf"^{_LEADER_GAP}{_GOES_TO}?{_G}{{0,24}}?$"
                       rf"|^(?:等)?(?:同志)?(?:带队|率队|(?:带领|率领|率){_G}{{1,12}}?)?"
                       rf"(?:{_GOES_TO}?{_G}{{0,24}}?|[，,]?(?:{_GOES_TO}|来){_G}{{1,24}}?[，,]?)"
                       rf"(?:[，,]?对{_G}{{2,30}}?进行)?$")
# what a visit looked into, said before its verb: 对我市防汛工作进行检查
VISIT_OBJECT_BEFORE = re.compile(rf"对({_G}{{2,30}}?)进行$")
# a visit verb in a noun: 检查组, 调研组, 考察团, 督导组组长
VISIT_NOUN = re.compile(r"(?:组|团|队|小组)")


class EventExtractor:
    name = "events"
    version = "1"

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        kinds = self.lex.meeting_kind_re.pattern
        by_length = sorted(self.lex.event_verbs.items(), key=lambda kv: -len(kv[0]))
        before = "|".join(v for v, w in by_length if w in ("before", "both"))
        after = "|".join(v for v, w in by_length if w in ("after", "both"))
        not_stop = r"[^，,。；;！？!?\n]"
        self.verb_before = re.compile(
            rf"(?P<org>{not_stop}{{0,24}}?)(?P<verb>{before})了?(?P<name>{not_stop}{{0,90}}(?:{kinds}))")
        self.verb_after = re.compile(
            rf"(?P<name>{not_stop}{{2,90}}?(?:{kinds}))(?:在(?P<place>{not_stop}{{2,16}}?))?"
            rf"(?:{MANNER})?(?P<verb>{after})")
        # the wire's order: NAME, its date, then 在PLACE and the verb
        pods = "|".join(D.PARTS_OF_DAY)
        num = rf"(?:\d{{1,2}}|[{D.CN_NUMERALS}]{{1,3}})"
        self.wire_tail = re.compile(
            rf"(?<![\d月{D.CN_NUMERALS}])(?P<when>(?:(?:(?P<m>{num})月)?(?P<d>{num})日|(?P<rel>{D.RELATIVE_WORDS}))"
            rf"(?P<pod>{pods})?)"
            rf"(?:在(?P<place>{not_stop}{{2,16}}?))?(?:{MANNER})?(?:{after})")
        self.name_ending = re.compile(rf"(?P<name>[^，,。；;！？!?\n）)\s]{{0,60}}?(?:{kinds}))于?$")
        self.at_event = re.compile(rf"在(?P<name>{not_stop}{{2,90}}?(?:{kinds}))上")
        self.future = tuple(self.lex.future_markers)
        self.future_ends = (*self.future, "将于", "定于", "拟于", "计划于")
        self.home = frozenset(self.lex.words("home_words.txt"))
        vague = self.lex.vague_times
        self.vague_time = re.compile(rf"^(?:本报讯\s*[（(][^)）]{{0,40}}[)）]\s*)?(?:{vague})[,，]?")
        self.visit = re.compile("|".join(map(re.escape, self.lex.visit_verbs)) or r"(?!)")

    def _kind(self, label: str) -> str:
        best = ""
        for m in self.lex.meeting_kind_re.finditer(label):
            best = m.group()
        return self.lex.meeting_kinds.get(best, "meeting")

    def _is_future(self, text: str, at: int) -> bool:
        window = text[max(0, at - 4):at]
        return window.endswith(self.future_ends)

    def _clean_label(self, name: str) -> str:
        name = name.strip()
        if name.count("“") < name.count("”") and name.endswith("”"):
            name = name[:-1]
        name = LEADING_PARTICLE.sub("", name)
        return name.strip()

    def _find(self, text: str, lo: int, hi: int) -> _Hit | None:
        """The first event phrase in text[lo:hi]."""
        if not self.lex.meeting_kind_re.search(text, lo, hi):
            return None                       # each phrase ends in a meeting-kind word
        hits: list[_Hit] = []
        for m in self.verb_before.finditer(text, lo, hi):
            if self._is_future(text, m.start("verb")):
                continue
            org = m.group("org")
            if any(f in org[-3:] for f in self.future) or TIMES.match(text, m.end()):
                continue                      # a plan, or a count (全市开展集中开工活动3次)
            name = self._clean_label(m.group("name"))
            org_clean = ORGANISER_VERB.sub("", org).strip()       # ", 我市召开": OCR spaced the comma
            place = ""
            at = ORGANISER_AT.match(org_clean)                   # 县委、县政府在竹林关镇召开: a place after
            if at and self._looks_like_body(at.group(1)):
                org_clean, place = at.group(1), at.group(2)
            organizer = "" if org_clean in self.home or not org_clean else org_clean
            label = (organizer + name) if organizer and not name.startswith(organizer) and \
                self._looks_like_body(organizer) else name
            hits.append(_Hit(m.start("verb"), m.end(), label, self._kind(name),
                             organizer=organizer if self._looks_like_body(organizer) else "", place=place,
                             rule="verb-before"))
            break
        for m in self.verb_after.finditer(text, lo, hi):
            if self._is_future(text, m.start("verb")) or self._is_future(text, m.start("name")):
                continue
            name = self._clean_label(m.group("name"))
            if HELD.search(name):
                continue
            hits.append(_Hit(m.start(), m.end(), name, self._kind(name), place=m.group("place") or "",
                             rule="verb-after"))
            break
        for m in self.at_event.finditer(text, lo, hi):
            name = self._clean_label(m.group("name"))
            hits.append(_Hit(m.start(), m.end(), name, self._kind(name), rule="at-event"))
            break
        if not hits:
            return None
        inner = next((h for h in hits if h.rule == "verb-before"), None)
        if inner and any(h.rule == "verb-after" and h.s < inner.s < h.e for h in hits):
            return inner               # 县政协十一届一次会议举行第二次全体会议: one verb, the session held the plenary
        return min(hits, key=lambda h: (h.s, -len(h.label)))

    def _wire(self, sent, text: str, pos: list[int], pub: DateValue | None, out: list[EventMention]) -> None:
        """Events named just before their date and reported just after it (the wire's order):
        2023山东国际农业机械博览会6日在济南开幕, 全省经济工作会议5月3日在郑州召开. Anchored on the
        date and the verb after it (rare), then the name looked for just before."""
        st = sent.text
        if not WIRE_HINT.search(st):             # most sentences: no day written as the wire writes it
            return
        for m in self.wire_tail.finditer(st):
            before = self.name_ending.search(st, max(0, m.start() - 60), m.start())
            if not before:
                continue
            name = self._clean_label(LEAD_MARK.sub("", before.group("name")))
            if name in GENERIC_LABELS:               # 大会于9月27日开幕: the congress reported above, on its first day
                name = next((o.label for o in reversed(out) if o.label.endswith(name) and o.label != name), name)
            if HELD.search(name) or name in GENERIC_LABELS or self._is_future(st, m.start()):
                continue
            if m.group("rel"):                       # 市政府常务会议昨天召开
                fd = D.FoundDate(m.start(), m.end("when"), None, 0, None, m.group("pod") or "",
                                 relative=D.RELATIVE_DAYS[m.group("rel")])
            else:
                month = D.cn_to_int(m.group("m")) if m.group("m") else None
                day = D.cn_to_int(m.group("d"))
                if day is None or not 1 <= day <= 31 or (month is not None and not 1 <= month <= 12):
                    continue
                fd = D.FoundDate(m.start(), m.end("when"), month, day, None, m.group("pod") or "")
            hit = _Hit(sent.start + before.start("name"), sent.start + m.end(), name, self._kind(name),
                       place=m.group("place") or "", rule="name-date-verb")
            self._add(out, hit, fd, sent, text, pos, pub)

    def _looks_like_body(self, org: str) -> bool:
        # a body, not a person leading a team to a place (组长康明远带队在我市)
        return (bool(org) and org.endswith(self.lex.body_suffixes) and len(org) <= 20
                and not LED_TO.search(org))

    def _visit(self, text: str, lo: int, hi: int, headlines: list[str],
               people: list[tuple[int, int]]) -> _Hit | None:
        """A dated visit, tour or reception: 市委书记王刚到长葛市调研 (people before the verb)."""
        start = lo
        lead = VISIT_LEAD.match(text, lo, hi)            # 昨天（2月18日）下午，范知远会见了……
        start = lead.end() if lead else lo
        for m in self.visit.finditer(text, start, hi):
            before = [(a, b) for a, b in people if start <= a and b <= m.start()]
            if not before or not VISIT_GAP.match(text[before[-1][1]:m.start()]) or VISIT_NOUN.match(text, m.end()):
                continue
            if CLAUSE_BREAK.search(text, start, before[0][0]) or self._is_future(text, m.start()):
                continue
            # the visit by what it looked into (调研基层派出所建设工作), else where it went (到天府新区调研),
            # not by who made it; a reception by its verb (会见)
            obj = None if m.group() in RECEPTION else VISIT_OBJECT.match(text, m.end(), hi)
            if obj and (self.visit.fullmatch(obj.group(1)) or
                        (len(obj.group(1)) <= 2 and any(m.group() in h for h in headlines))):
                obj = None                           # 进行督导检查: a second verb, no object; 考察对接: the headline's
            place = VISIT_PLACE.search(text, before[-1][1], m.start())
            label = m.group() + obj.group(1) if obj else \
                (place.group(1) if place and m.group() not in RECEPTION else "") + m.group()
            for h in headlines if not obj else ():       # the headline names it when its object is not said
                if m.group() in h:
                    label = HELD_END.sub("", h.strip())
                    break
            else:                                    # else its object said before it: 对防汛工作进行检查
                before_obj = None if obj or m.group() in RECEPTION else \
                    VISIT_OBJECT_BEFORE.search(text, before[-1][1], m.start())
                if before_obj:
                    label = m.group() + before_obj.group(1)
            actors = list(before)
            if m.group() in RECEPTION:               # 会见了……董事长李四一行: the guests took part too
                actors += [(a, b) for a, b in people if m.end() <= a and b <= hi]
            return _Hit(start, m.end(), label, self._kind(m.group()), rule="visit", actors=tuple(actors))
        return None

    def extract(self, text: str, pos: list[int], headlines: list[str], lead_end: int,
                pub: DateValue | None, people: list[tuple[int, int]] | None = None,
                lead_start: int = 0, month_before: DateValue | None = None) -> list[EventMention]:
        """Events of one article. The lead paragraph is ``text[lead_start:lead_end]`` (the headline
        lines come before it); ``people`` are the spans (in ``text``) of the officials found in it."""
        out: list[EventMention] = []
        pub = pub or self._dateline(text[lead_start:lead_end])
        # the month said last, for a day alone (29日) on a page with no date of its own: from the
        # articles above this one (month_before) until this one says a month
        month_said: D.FoundDate | DateValue | None = month_before
        said_last: DateValue | None = None          # the date of the last event, for 同日 and 次日
        for sent in sentences(text):
            found = D.find_dates(sent.text)
            vague = self.vague_time.match(sent.text.strip())
            if not found and vague:                   # 日前,县委召开……会议: an event, but no date to give it
                lo = sent.start + (len(sent.text) - len(sent.text.lstrip())) + vague.end()
                hit = self._find(text, lo, sent.end)
                if hit is not None:
                    out.append(EventMention(label=hit.label, kind=hit.kind, start=pos[hit.s],
                                            end=pos[min(hit.e, len(pos)) - 1] + 1, date=None,
                                            organizer=hit.organizer, place=hit.place,
                                            sentence=sent.text.strip(), rule="undated"))
                continue
            fallback: _Hit | None = None
            n_before = len(out)
            for k, fd in enumerate(found):
                if fd.month is not None:
                    month_said = fd
                elif fd.relative is None and pub is None and month_said is not None:
                    # 9月29日下午……闭幕。29日下午，……全会召开: a day alone takes the month the
                    # article said last, when the page gives none
                    fd = replace(fd, month=month_said.month, year=month_said.year)
                if fd.after_last is not None:        # 同日, 次日: from the date said last
                    if said_last is None:
                        continue
                    v = D.after(said_last, fd.after_last)
                    fd = replace(fd, month=v.month, day=v.day, year=v.year, after_last=None)
                if self._is_future(text, sent.start + fd.start):
                    continue                          # 将于3月5日举办: a plan, not a report
                if CUT_OFF.search(text[max(0, sent.start + fd.start - 3):sent.start + fd.start]) or \
                        DEADLINE.match(text, sent.start + fd.end):
                    continue                          # 截至3月5日, 10月15日前: a cut-off, not the day of an event
                said_last = D.resolve(fd, pub) or said_last
                lo = sent.start + fd.end
                hi = sent.start + (found[k + 1].start if k + 1 < len(found) else len(sent.text))
                hit = self._find(text, lo, hi)
                if hit is None and people:
                    hit = self._visit(text, lo, hi, headlines, people)
                if hit is None and k == 0 and sent.start < lead_end:
                    # the headline names the event only when the lead's own words do not: decided
                    # after the sentence's other dates (本报5月11日讯……5月11日,……召开常务会议). A
                    # dated line above the lead (a masthead's date, 今日鼓楼) names none, unless it
                    # is itself the headline naming the event (1月5日常委会会议)
                    named_by = headlines if sent.start >= lead_start or TIME_FIELD.match(sent.text) else \
                        [sent.text] if self.lex.meeting_kind_re.search(sent.text, fd.end) else []
                    fallback = self._from_headline(named_by, sent.start + fd.start, sent.start + fd.end)
                    continue
                if hit is None or hit.label in GENERIC_LABELS:
                    continue
                if hit.kind == NAMED_ACTIVITY and not self._officials_near(text, sent, people):
                    continue                          # 志愿者开展“义务理发”活动: no official's event
                self._add(out, hit, fd, sent, text, pos, pub)
            if len(out) == n_before and ("日" in sent.text or found and any(f.relative is not None for f in found)):
                self._wire(sent, text, pos, pub, out)
            if fallback is not None and len(out) == n_before and fallback.label not in GENERIC_LABELS:
                self._add(out, fallback, found[0], sent, text, pos, pub)
        return out

    @staticmethod
    def _officials_near(text: str, sent, people: list[tuple[int, int]] | None) -> bool:
        """Whether an official is named in the sentence's paragraph."""
        lo = text.rfind("\n", 0, sent.start) + 1
        hi = text.find("\n", sent.end)
        hi = len(text) if hi < 0 else hi
        return any(lo <= a and b <= hi for a, b in people or ())

    def _add(self, out: list[EventMention], hit: _Hit, fd, sent, text: str, pos: list[int],
             pub: DateValue | None) -> None:
        """The event of ``hit``, dated by ``fd``, unless it has no date or repeats one in ``out``."""
        year_hint = None
        y = YEAR.search(hit.label)
        if y:
            year_hint = int(y.group(1))
        date = D.resolve(fd, pub, year_hint)
        if date is None:
            return
        ordinal = ORDINAL.search(hit.label) or ORDINAL_IN_TERM.search(hit.label)
        session = SESSION.search(hit.label)
        start = pos[min(hit.s, len(pos) - 1)] if hit.s < len(pos) else pos[-1]
        end = pos[min(hit.e, len(pos)) - 1] + 1
        ev = EventMention(label=hit.label, kind=hit.kind, start=start, end=end, date=date,
                          part_of_day=fd.part_of_day,
                          ordinal=D.cn_to_int(ordinal.group(1)) if ordinal else None,
                          session=D.cn_to_int(session.group(1)) if session else None,
                          organizer=hit.organizer, place=hit.place, sentence=sent.text.strip(),
                          rule=hit.rule,
                          actors=tuple((pos[a], pos[b - 1] + 1) for a, b in hit.actors))
        if not any(_same(ev, o) for o in out):
            out.append(ev)

    @staticmethod
    def _dateline(lead: str) -> DateValue | None:
        """The date of a dispatch line (新华社太原3月5日电, 本报5月11日讯): when the page gives no
        date, the lead's 5日上午 and 昨天 are counted from it."""
        for fd in D.find_dates(lead):
            if fd.month and fd.day and fd.relative is None and lead[fd.end:fd.end + 1] in ("电", "讯"):
                return DateValue(fd.month, fd.day, fd.year, "dateline")
        return None

    def _from_headline(self, headlines: list[str], date_start: int, date_end: int) -> _Hit | None:
        """A dated lead whose event is named only by the headline (inspections, tours); the
        mention is the date that dates it."""
        for h in headlines:
            h = MINUTES_END.sub("", h.strip())           # 居民议事会会议纪要: the minutes of the meeting
            if len(h) <= 120 and self.lex.meeting_kind_re.search(h) and not self._is_future(h, len(h)):
                label = self._headline_label(h.strip())
                return _Hit(date_start, date_end, label, self._kind(label), rule="headline")
        return None

    def _headline_label(self, h: str) -> str:
        """The event a headline names: what 召开/举行 holds (——金竹村召开村民代表大会见闻), else the
        headline without a column tag or a place before a colon (【工作动态】, 忠路镇：), cut after
        its last meeting word when a comment follows (院坝会开到家门口 → 院坝会). A visit keeps its
        whole phrase (到胜太社区调研老旧小区改造工作)."""
        hit = self._find(h, 0, len(h))
        if hit is not None and hit.rule == "verb-before":
            return hit.label
        label = HELD_END.sub("", h)
        label = HEADLINE_TAG.sub("", label) or label
        last = None
        for m in self.lex.meeting_kind_re.finditer(label):
            last = m
        if last is not None and last.end() < len(label) and not self.visit.search(last.group()):
            end = last.end() + (label[last.end()] in "”\"")
            if end < len(label):
                label = label[:end]
        return label


def _same(a: EventMention, b: EventMention) -> bool:
    if a.date != b.date and (a.date is None or b.date is None or a.date.iso() != b.date.iso()):
        return False                  # the same day, whether the year came from the text or the page
    short, long_ = sorted((a.label, b.label), key=len)
    return short in long_
