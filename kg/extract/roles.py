"""Who took part in an event, and in which role, as the text states it.

``主持`` presided (alone: not also attended); ``出席``/``参加`` attended; ``列席`` attended and
non-voting; ``并讲话`` spoke; a speech verb (``强调``, ``指出`` …) said at the reported event
by a person of the article makes them a speaker. A role verb applies to the people named
between the previous role verb of the sentence and itself (``A出席会议并讲话,B主持会议``).
"""

from __future__ import annotations

import bisect
import re

from ..lexicon import Lexicon
from ..model import EventMention, Participation, PersonMention
from ..text import FULL_STOPS, Sentence, sentences
from .names import SPEECH_NOUNS

# between the last of a verb's people and the verb: 等, 等州级领导, 等镇领导班子成员, 等有关部门负责同志, 等市委常委,
# then an adverb
GAP_OK = re.compile(r"^(?:[（(][^）)]{1,30}[)）])?"                       # 吴晓燕（不驻会）; 甲（市委常委、统战部部长）
                    r"(?:等|同志|等同志|等人|等[^，,。；;、“”]{0,10}?(?:领导|同志|成员|负责人|代表|常委|委员)|一行"
                    r"|(?:及|和|以及)[^，,。；;、“”]{1,12}?"                      # 秘书长丁及常委共48人
                    # then people not named: 副县长戊，县法院…负责同志; 副局长己，各村党支部书记，部分人大代表
                    r"|(?:[，,](?:[^，,。；;“”]{1,48}?(?:负责同志|负责人|代表|委员)"
                    r"|(?:各|有关|相关|全体|部分|市直|县直|区直)[^，,。；;“”]{1,30}?)){1,3})?"
                    r"(?:共?\d+人)?"
                    r"(?:也|还|亦|分别|先后|依次|相继|共同|一同|一起|应邀|专程|专门|特地|特意|亲自|全程)?"
                    r"(?:赶来|赶到|前来|来到现场|到场|到会)?"                     # 专门赶来参加院坝会
                    r"(?:在[^，,。；;“”]{0,8}?(?:主会场|分会场|会场))?"            # 在分会场参加会议, 在本区分会场
                    r"(?:为[^，,。；;“”]{1,15}?)?$")
PASSING = re.compile(r"(?:召开|举行|举办)的|在[^，,。；;！？\n]{2,90}?上的")     # ……召开的全省大会; 在座谈会上的讲话
AND_THEN = re.compile(r"[，,]并(?:在[^，,。；;“”]{1,24}?)?$")
SPEECH_GAP = (r"\s*(?:[（(][^）)]{1,30}[)）])?(?:同志)?(?:一再|再次|还|也|又|最后|首先|同时|特别|就此|对此|先后|分别|随后|逐一)?(?:在[^，,。；;“”]{0,8}?(?:上|中|时))?"
              r"(?:受[^，,。；;“”]{1,20}?委托)?(?:代表[^，,。；;“”]{1,20}?)?"
              r"(?:(?:就|围绕|结合|为)[^，,。；;“”]{1,30}?)?")       # 为党员讲授专题党课
# (出席)并讲话, 会议并作重要讲话, 开班仪式并作动员讲话, 并作工作报告, 并作交流发言: in the verb's clause,
# with 作 or 发表 any short kind of speech; without, only these words (并听取工作报告 is no speech)
SPOKE_AFTER = re.compile(r"[\u4e00-\u9fff“”]{0,12}?并(?:分别|先后|依次|相继)?(?:(?:作|做|发表)了?[\u4e00-\u9fff]{0,6}?|"
                         r"(?:重要|总结|动员|主旨|专题)?)(?:讲话|致辞|发言|报告)"
                         # 出席会议并对各村工作进行点评
                         r"|[\u4e00-\u9fff“”]{0,12}?并(?:对[^，,。；;]{1,30}?)?(?:进行|作|做)了?(?:点评|讲评)")


# 出席会议的还有A、B, 参加学习研讨的有：A（…）、B（…）; in minutes, 列席人员：A，市发改委主任；B，… or
# 出席：A、B (the people after it, to the end of the line)
INVERTED = re.compile(r"(出席|参加|列席)(?:会议|活动|仪式|大会|座谈会|[\u4e00-\u9fff]{1,6}?)?"
                      # 参加学习研讨的有：; 出席会议的地委、行署领导同志还有：
                      r"(?:的(?:[\u4e00-\u9fff、]{0,10}?(?:领导|同志|人员|负责人))?(?:同志)?(?:还)?有"
                      r"|(?:人员|领导)?[:：])"
                      r"|^\s*(主持|参会|与会)(?:人|人员)?\s*[:：]", re.M)     # minutes' fields: 主持人：A; 参会人员：A、B
FIELD_ROLE = {"主持": "主持", "参会": "参加", "与会": "参加"}


class RoleExtractor:
    name = "roles"
    version = "1"

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self.speech = re.compile(SPEECH_GAP + "(?:" + "|".join(map(re.escape, self.lex.speech_verbs))
                                 + r"|(?:所)?作了?(?:的)?(?:[^，,。；;]{0,60}?的|《[^》]{1,60}》)?[\u4e00-\u9fff]{0,14}?"
                                 rf"(?:{SPEECH_NOUNS})"
                                 r"|在[^，,。；;“”]{0,12}?(?:讲话|致辞|发言)(?:中|时))")
        vague = self.lex.vague_times
        self.vague_para = re.compile(rf"^[ \t\u3000]*(?:[▲●■◆△]\s*)?(?:{vague})", re.M)
        acts = (*self.lex.roles, *self.lex.speech_verbs, *self.lex.visit_verbs, *self.lex.follow_words)
        self.verbish = re.compile("|".join(re.escape(w) for w in sorted(set(acts), key=len, reverse=True)
                                           if len(w) > 1 and w not in ("同志", "等人", "一行")))

    def _list_gap(self, gap: str) -> bool:
        """Whether two people are items of one list: 、 between them, with 同志 and the second's
        posts (禄世昌同志、省委常委、省纪委书记和建新), no verb, no clause break."""
        return gap == "、" or ("、" in gap and len(gap) <= 24 and not any(c in gap for c in "，,。；;：:")
                                and not self.verbish.search(gap))

    def _clauses(self, text: str) -> list[Sentence]:
        """The sentences, a list cut by a semicolon joined to what follows it on the line (县人大常委会
        主任甲，副主任乙；县政协主席丙出席会议): a part with no role verb of its own."""
        out: list[Sentence] = []
        for sent in sentences(text):
            if out and out[-1].text.endswith(("；", ";")) and "\n" not in text[out[-1].end:sent.start] \
                    and not self.lex.role_re.search(out[-1].text):
                out[-1] = Sentence(text[out[-1].start:sent.end], out[-1].start, sent.end)
            else:
                out.append(sent)
        return out

    def extract(self, text: str, pos: list[int], people: list[PersonMention], events: list[EventMention],
                lead_end: int) -> list[Participation]:
        if not events:
            return []
        def clean_index(raw: int) -> int:
            return bisect.bisect_left(pos, raw)
        ev_at = sorted((clean_index(e.start), i) for i, e in enumerate(events))
        lead_event = ev_at[0][1] if ev_at[0][0] < lead_end + 1 else None
        persons = sorted(((clean_index(p.start), clean_index(p.end - 1) + 1, p) for p in people
                          if p.kind == "official"), key=lambda t: t[0])
        out: list[Participation] = []
        seen: set[tuple[int, str, str]] = set()

        def add(event: int, p: PersonMention, role: str, a: int, b: int, sentence: str, rule: str) -> None:
            if (event, p.name, role) in seen:
                return
            seen.add((event, p.name, role))
            out.append(Participation(event=event, name=p.name, role=role, start=pos[a], end=pos[b - 1] + 1,
                                     sentence=sentence, rule=rule))

        ev_starts = [s for s, _ in ev_at]
        at_of = {i: s for s, i in ev_at}

        def reported(event: int | None) -> bool:
            """Whether an event is reported here rather than named in passing: people took part
            in it, or it opens its paragraph's first sentence with no one named before it
            (7月14日，市政协常委会议召开。; not 张伟指出，5月1日召开的全省会议……)."""
            if event is None:
                return False
            if any(x.event == event for x in out):
                return True
            at = at_of[event]
            line = text.rfind("\n", 0, at) + 1
            return not any(c in FULL_STOPS for c in text[line:at]) and not any(line <= a < at for a, _, _ in persons)

        # paragraphs that open with a vague time (近日，……带队走访): their own undated news, not
        # more of the event before them
        vague_starts = [m.start() for m in self.vague_para.finditer(text)]

        # events named in passing (传达学习2月18日召开的全省大会精神, 学习总书记11月1日在座谈会上的
        #讲话): the people after them took part in the event reported before them
        passing = {i for s, i in ev_at if PASSING.match(text, s)}

        def event_for(at: int) -> int | None:
            k = bisect.bisect_right(ev_starts, at)          # the last event starting at or before at
            while k > 1 and ev_at[k - 1][1] in passing:
                k -= 1
            if k:
                j = bisect.bisect_right(vague_starts, at) - 1
                if j >= 0 and vague_starts[j] > ev_starts[k - 1]:
                    return None
                return ev_at[k - 1][1]
            return lead_event if at <= ev_at[0][0] else None

        for i, ev in enumerate(events):                  # the actors of a visit: 王刚到长葛市调研
            for a_raw, b_raw in ev.actors:
                for a, b, p in persons:
                    if a_raw <= p.start and p.end <= b_raw:
                        add(i, p, "attended", a, b, ev.sentence, "visit-actor")
        person_starts = [t[0] for t in persons]
        for sent in self._clauses(text):
            inside = persons[bisect.bisect_left(person_starts, sent.start):bisect.bisect_left(person_starts, sent.end)]
            if not inside:
                continue
            seg_start = sent.start
            for v in self.lex.role_re.finditer(text, sent.start, sent.end):
                subjects = [t for t in inside if seg_start <= t[0] and t[1] <= v.start()]
                seg_start = v.end()
                if not subjects:
                    continue
                # only the people joined to the verb by titles and separators, not those with verbs
                # of their own (马明超宣布开工,市长张伟致辞,市人大常委会主任赵国栋出席)
                k = len(subjects) - 1
                while k > 0 and not self.verbish.search(text, subjects[k - 1][1], subjects[k][0]):
                    k -= 1
                subjects = subjects[k:]
                gap = text[subjects[-1][1]:v.start()]
                if not GAP_OK.match(gap) and not (
                        # 市长甲深入……企业，并在……主持召开……: the one person of the sentence so far, the
                        # verb after 并 in a clause of their own, no role verb between
                        AND_THEN.search(gap) and not self.lex.role_re.search(gap)
                        and sum(1 for t in inside if t[1] <= v.start()) == 1):
                    continue
                event = event_for(v.start())
                nxt = bisect.bisect_right(ev_starts, v.start())
                if nxt < len(ev_starts) and ev_starts[nxt] <= v.end() + 1:
                    event = ev_at[nxt][1]               # 16日上午，甲主持召开座谈会: the event it opens
                if event is None:
                    continue
                roles = self.lex.roles[v.group()]
                end = v.end()
                more = SPOKE_AFTER.match(text, v.end())
                if more and "spoke" not in roles:
                    roles = (*roles, "spoke")
                    end = more.end()
                for a, b, p in subjects:
                    for role in roles:
                        add(event, p, role, a, end, sent.text.strip(), "role-verb")
            for v in INVERTED.finditer(text, sent.start, sent.end):    # 出席会议的还有A、B
                event = event_for(v.start())
                if event is None:
                    continue
                line_end = text.find("\n", v.end())
                line_end = len(text) if line_end < 0 else line_end
                after = persons[bisect.bisect_left(person_starts, v.end()):bisect.bisect_left(person_starts, line_end)]
                word = v.group(1) or FIELD_ROLE[v.group(2)]
                for a, b, p in after:
                    if a >= v.end():
                        for role in self.lex.roles[word]:
                            add(event, p, role, a, b, sent.text.strip(), "role-inverted")
            # a speech verb after a person's name: said at the event reported last before it (the
            # second meeting of an article that reports two), not at one named in passing
            # (5月1日召开的全省会议): then at the lead's
            for k, (a, b, p) in enumerate(inside):
                if a < ev_at[0][0]:
                    continue
                event = event_for(a)
                if event != lead_event and not reported(event):
                    event = lead_event
                if event is None:
                    continue
                m = self.speech.match(text, b)
                if m:
                    add(event, p, "spoke", a, m.end(), sent.text.strip(), "speech-verb")
                    j = k                           # 副县长甲、乙、丙分别作了发言: the whole list spoke
                    while j > 0 and self._list_gap(text[inside[j - 1][1]:inside[j][0]]) and inside[j - 1][0] >= ev_at[0][0]:
                        j -= 1
                        add(event, inside[j][2], "spoke", inside[j][0], m.end(), sent.text.strip(), "speech-verb")
        return out
