"""Dates and ranges in questions, to month precision: "the april 2025 release", "since 2025", "last year", "from
2024 to 2025", "end of 2024", "as of march" (the latest March), "q1 2025", "six months ago". Relative dates are read
against `today` (the newest data's date in the bench, the clock in use).

A `DateSpan` prints as the evaluation set writes dates: "2025-04" (one month), ">=2025-01" (from then on),
"<=2024-12" (up to then), "2024-01..2025-12" (a range).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from gapbot.categories import respell

Month = tuple[int, int]  # (year, month)

_MONTHS = {m: i for i, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), start=1) for m in names}
_MON = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(20[12]\d)"  # 2010-2029; not part of a model key such as gpt-4o-2024-08-06 (see _POINT)
# A part of a year: its start or end (a month), a third ("early", "mid", "late"), a half, a quarter or a season.
_PART = (r"(start|beginning|early|mid|middle|late|end|(?:the )?(?:first|second|1st|2nd|back|latter) half|h[12]|q[1-4]|"
         r"spring|summer|fall|autumn|winter)( of(?: the year)?)?")
_WHEN = rf"(?:{_PART}[ -])?(?:{_MON} )?(?:of )?{_YEAR}(?:-(0[1-9]|1[0-2]))?"


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: Month | None  # None: open on that side
    end: Month | None

    def __str__(self) -> str:
        if self.start == self.end and self.start is not None:
            return _iso(self.start)
        if self.end is None:
            return f">={_iso(self.start)}"
        if self.start is None:
            return f"<={_iso(self.end)}"
        return f"{_iso(self.start)}..{_iso(self.end)}"

    @property
    def single(self) -> bool:
        return self.start is not None and self.start == self.end

    def first_day(self) -> date | None:
        return date(*self.start, 1) if self.start else None

    def last_day(self) -> date | None:
        if self.end is None:
            return None
        return date(*shift(self.end, 1), 1) - timedelta(days=1)

    def contains(self, day: date) -> bool:
        first, last = self.first_day(), self.last_day()
        return (first is None or day >= first) and (last is None or day <= last)


def _iso(m: Month) -> str:
    return f"{m[0]:04d}-{m[1]:02d}"


def shift(m: Month, months: int) -> Month:
    """The month `months` after `m` (before it, where negative)."""
    n = m[0] * 12 + m[1] - 1 + months
    return n // 12, n % 12 + 1


def _when(m: re.Match, offset: int = 0) -> DateSpan:
    """A matched _WHEN (groups from `offset`): a month, or a whole year, or part of one."""
    part, mon, year, num = m.group(offset + 1), m.group(offset + 3), m.group(offset + 4), m.group(offset + 5)
    y = int(year)
    if mon:
        month = (y, _MONTHS[mon.rstrip(".")])
        return DateSpan(month, month)
    if num:
        return DateSpan((y, int(num)), (y, int(num)))
    if part:
        return _part_of(part, y)
    return DateSpan((y, 1), (y, 12))


# "early 2025" is its first quarter, "late 2024" its last, "mid 2024" its June (as people label them)
_THIRDS = {"early": (1, 3), "mid": (6, 6), "middle": (6, 6), "late": (10, 12)}
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}  # three months each, from this month


def _months_of(quarter_or_half: str) -> tuple[int, int]:
    """The first and last month of "q1"…"q4" or "h1", "h2"."""
    n, length = int(quarter_or_half[1]), 3 if quarter_or_half[0] == "q" else 6
    return 1 + (n - 1) * length, n * length


def _part_of(part: str, y: int) -> DateSpan:
    """The months of part of year `y`: "end of" its December, "early" its first four months, "the second half" its
    last six, "q3" July to September, "summer" June to August ("winter 2025": December 2024 to February 2025)."""
    k = part.removeprefix("the ").split()[0]
    if k in ("start", "beginning", "end"):
        month = (y, 1) if k != "end" else (y, 12)
        return DateSpan(month, month)
    if k in _THIRDS:
        return DateSpan((y, _THIRDS[k][0]), (y, _THIRDS[k][1]))
    if k in _SEASONS:
        first = (y - 1, 12) if k == "winter" else (y, _SEASONS[k])
        return DateSpan(first, shift(first, 2))
    if k[0] in "qh" and k[1:].isdigit():
        first, last = _months_of(k)
        return DateSpan((y, first), (y, last))
    half = 1 if k in ("first", "1st") else 2  # "second", "2nd", "back", "latter" half
    return DateSpan((y, 1 + (half - 1) * 6), (y, half * 6))


_POINT = re.compile(rf"(?<![\w.-]){_WHEN}(?![\w-])")
_RANGE = re.compile(rf"\b(?:from|between)? ?(?<![\w.-]){_WHEN} ?(?:to|and|until|till|through|vs\.?|versus|"
                    rf"compared (?:to|with)|than(?: (?:in|during|at|on))?(?: the)?|-|–|/) ?{_WHEN}(?![\w-])")
# "in 2024 vs now", "bigger in 2024 than it is now": from then to today
_VS = r"(?:vs\.?|versus|compared (?:to|with)|than)"
_THEN_VS_NOW = re.compile(rf"\b{_VS}( (it|they|the gap) (is|are))? (now|today|currently|these days|at present)\b|"
                          # "bigger in 2024 then now" ("then" for "than"), where the sentence ends there
                          r"\bthen( (it|they|the gap) (is|are))? (now|today)\b(?=\s*(?:$|[?.!,]|or\b|on\b))|"
                          # the past told, then now asked of: "the gap was huge in 2023, what is it now?"
                          r"\b(what|how \w+|where)(?: is| are|'s) (it|they|the gap|that) (at )?"
                          r"(now|today|these days)\b|"
                          # "now vs 2024", "smaller now than in 2024", "now compared to last year": the same, said
                          # the other way round
                          rf"\b(now|today|currently|these days)\b[^.?!]{{0,30}}?\b{_VS}\b|"
                          # "closer back in summer 2024, or is it closer now": the two set side by side
                          r"\bor (is|are) (it|they|the gap|we) (\w+ )?(now|today|these days)\b")
# A date in a story told before the question ("in early 2024 everyone said…", "when gpt-4 came out in 2023"), not
# the date asked about
_STORY = re.compile(r"\b(everyone|everybody|people|they|most people|the consensus) (said|thought|was saying|"
                    r"were saying|assumed|expected|believed|predicted|figured)\b|\bi remember\b|"
                    r"\bback when\b|\bcame out\b|"
                    # what the asker did ("we were on 4o-mini all of 2025"), what the asker holds and asks to be
                    # checked ("my take is it stopped shrinking in 2025."): the question that follows asks the date
                    r"\b(we|i) (were|was|have been|'ve been|had been) (on|using|running|stuck (on|with)|paying for)\b|"
                    r"\bback in\b|\b(my|our|a|some) \w+ (says|said|claims|claimed|thinks|insists|reckons)\b|"
                    r"\b(someone|somebody|he|she) (says|said|told|claims|claimed)\b|"
                    r"\b(we|i|(our|my) [\w'-]+( [\w-]+)?( (at|in) (an? |the )?[\w-]+( [\w-]+)?)?)"
                    r"('ve| have| had)? "
                    r"(only |just |first |then |also |since )?(used|switched|moved|"
                    r"migrated|deployed|ran|did|evaluated|benchmarked|piloted|trialed|trialled|started|began|tried|tested|bought|"
                    r"built|joined|told|said|wrote|argued|spent|missed|paid|installed|upgraded|adopted|"
                    r"rolled out|signed|"
                    r"claimed|predicted|saw|read|heard)\b|\bquot(e|es|ed|ing)\b|"
                    r"\bmy (take|guess|theory|hunch|impression|sense|feeling|read) (is|was)\b|"
                    r"\bi (think|feel like|reckon|suspect|believe)\b")
# "since the april 2025 release": the bound is the release named, not that release alone
_SINCE = re.compile(rf"\b(since|after|from|starting( in)?) (?:like |about |around |roughly )?(?:the )?"
                    rf"(?<![\w.-]){_WHEN}(?![\w-])( on(wards?)?)?")
# "since r1 dropped in january", "since winter storm elliott (dec 2022)": from an event's date, said a few words later
_SINCE_EVENT = re.compile(rf"\bsince (?:[a-z0-9.'-]+ ){{1,4}}?(?:(?:in|on|back in) (?:the )?|\(|, ?|[-–—] ?)"
                          rf"(?<![\w.-]){_WHEN}(?![\w-])")
# "in 2023 llama 2 was a joke… how has the gap changed since then": from the date said before
# "smallest around jan 2025 and has grown since", "2024 and onwards", "from then on": the same
_SINCE_THEN = re.compile(r"\b(ever )?since (then|that|that time|that point)\b|\b(ever )?since(?= ?(?:$|[.?!,;:)]|"
                         r"(and|but|or)\b))|\b(from|since) (then|there|that point|that time) on(wards?)?\b|"
                         r"\b(and )?onwards?\b|\band beyond\b")
# A date that does not bound the data asked about: a model's version named by its date ("the og gpt-4, the march
# 2023 one"), when a claim was first made ("they've been saying that since 2023"), a check on the answer ("when did
# they first match it, and was that before 2025?")
_BACKGROUND = re.compile(
    rf"(?:\bthe )?(?<![\w.-]){_WHEN}(?![\w-]) (?:one|version|checkpoint|variant|edition|build|iteration)\b|"
    # a year in a name: a contest's paper ("aime 2025"), a yearly report ("the ai index 2025")
    r"\b(?:aime|hmmt|usamo|amc|imo|ai index|index|report|survey|state of ai)(?: report)? 20[12]\d\b|"
    rf"\b(?:saying|said|claiming|claimed|predicting|predicted|promising|promised)(?: (?:that|this|it|so))? "
    rf"(?:since|in|back in) (?:the )?(?<![\w.-]){_WHEN}(?![\w-])|"
    rf"(?:^|[,.;:?!] ?|\b(?:and|or|but) )(?:was|is|did|does) (?:that|this|it) (?:already |still |even |only |happen )?"
    rf"(?:before|after|by|in|during|around|prior to) (?:the )?(?<![\w.-]){_WHEN}(?![\w-])|"
    # when what was said before was said, told as a sentence of its own ("that was early 2025 though.")
    rf"(?:^|[.!?] )(?:that|this|it) was (?:back |already )?(?:in |around |from )?(?:the )?(?<![\w.-]){_WHEN}(?![\w-])"
    rf"[^.?!]*(?:[.!]|$)")
_BEFORE = re.compile(rf"\b(before|until|up to|prior to) (?:the )?(?<![\w.-]){_WHEN}(?![\w-])")
_RELATIVE = (
    (re.compile(r"\b(this time|around now|same time) last year\b"),
     lambda t: DateSpan(shift((t.year, t.month), -12), shift((t.year, t.month), -12))),
    (re.compile(r"\b(over |in |during )?the (past|last) quarter\b|\b(past|last) (3|three) months\b"),
     lambda t: DateSpan(shift((t.year, t.month), -3), None)),
    # "the gap last quarter": the calendar quarter before this one ("over the last quarter" is the rolling three
    # months, above)
    (re.compile(r"\b(?<!the )(?<!past )(last|previous|prior) quarter('s)?\b"),
     lambda t: DateSpan(shift((t.year, (t.month - 1) // 3 * 3 + 1), -3), shift((t.year, (t.month - 1) // 3 * 3 + 1),
                                                                                -1))),
    (re.compile(r"\bytd\b|\byear[- ]to[- ]date\b|\bso far this year\b"), lambda t: DateSpan((t.year, 1), None)),
    (re.compile(r"\b(since|from) (the start of )?(last|previous) year\b"), lambda t: DateSpan((t.year - 1, 1), None)),
    (re.compile(r"\b(over|in|during|for|across) the (past|last) (12 months|year)\b|\b(past|last) 12 months\b|"
                r"\bpast year\b|\bin a year\b"), lambda t: DateSpan(shift((t.year, t.month), -12), None)),
    (re.compile(r"\b(over|in|during|for) the (past|last) (six|6) months\b"),
     lambda t: DateSpan(shift((t.year, t.month), -6), None)),
    (re.compile(r"\blast year('s)?\b|\ba year ago\b"), lambda t: DateSpan((t.year - 1, 1), (t.year - 1, 12))),
    (re.compile(r"\b(since|from) (the start of )?this year\b|\bthis year\b"), lambda t: DateSpan((t.year, 1), None)),
    (re.compile(r"\blast month\b"), lambda t: DateSpan(shift((t.year, t.month), -1), shift((t.year, t.month), -1))),
)


# A month named without a year, after a word that makes it a date ("as of march", "since june", "the april
# release"): the latest such month up to today. "may" only after a word that leaves no other reading.
_CUE = r"(?:as of|since|from|until|till|through|before|after|by|during|back in|in|to|and|of)"
_PART_OF = r"(?:start|beginning|early|mid|middle|late|end)(?: of)?"
_MAY = "|".join(f"(?<={w} )may" for w in ("as of", "since", "in", "until", "before", "after", "the"))
_NOT_MAY = "|".join(m for m in sorted(_MONTHS, key=len, reverse=True) if m != "may")
_BARE_MONTH = re.compile(
    rf"\b(?:(?:{_CUE} )?{_PART_OF} |{_CUE} |the (?=\w+ (?:release|snapshot|board|update|leaderboard|table|data)\b))"
    rf"({_NOT_MAY}|{_MAY})"
    rf"\b\.?(?! ?(?:of )?20[12]\d)(?! ?\d)")
# "between january and june 2025", "h1 vs h2 2025", "jan-feb 2025": the year of the second is the first's too (the
# year before when the months wrap round it: "dec-feb 2025" starts in December 2024)
_ONE = (r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) +
        r"|q[1-4]|h[12]|(?:the )?(?:first|second|1st|2nd) half)")
_SHARED_YEAR = re.compile(rf"\b({_ONE})((?: (?:and|to|until|till|through|vs\.?|-|–) | ?[-–/] ?)({_ONE})(?: of)? )"
                          r"(20[12]\d)\b")
# A quarter or half without a year ("in q3", "since h1"): the latest one begun by the day asked
_BARE_QUARTER = re.compile(r"\b(in|during|since|by|for|of|from|before|after|until|and|to) (q[1-4]|h[12])\b"
                           r"(?! ?(?:of )?(?:20[12]\d|['’]\d))")
# "2025 q2", "2025-h2", "q3 '25", "h2'25": rewritten as "q2 2025" before reading
_YEAR_FIRST = re.compile(r"\b(20[12]\d)[ -]?(q[1-4]|h[12])\b")
_SHORT_YEAR = re.compile(r"(?<![\w.])(q[1-4]|h[12]|spring|summer|fall|autumn|winter|early|mid|late|" + _MON[1:-4] +
                         r")( of)? ?['’]([12]\d)\b")
# Part of a year named relative to today ("end of last year", "the first half of this year"): that year written out.
# "since last june", "this past march": a month named relative to today, written with its year
_LAST_MONTH_NAMED = re.compile(rf"(?<!the )\b(last|this past|past) ({_NOT_MAY}|may)\b\.?(?! ?(?:of )?20[12]\d)")
_RELATIVE_YEAR = re.compile(rf"\b{_PART} (last|this|next) year\b|"
                            r"\b(last|this past|past|this|over the|during the|since the|since|in the|after the) "
                            r"(spring|summer|fall|autumn|winter)\b(?! (?:of )?20[12]\d| storms?\b)")  # (a storm's name)
# "closer than a year ago", "compared to six months ago", "better than last year": from then on
_THAN_AGO = re.compile(rf"\b(?:{_VS}(?: (?:it|they|the gap) (?:was|were|used to be))?|since) "
                       rf"(a|one|two|three|four|five|six|\d{{1,2}}) (months?|years?) ago\b")
_THAN_LAST_YEAR = re.compile(r"\b(?:than|compared? (?:to|with)|vs\.?|versus) last year\b")
_DAY = re.compile(r"\b(20[12]\d)[-/](0[1-9]|1[0-2])(?:[-/][0-3]\d)?\b")
_SLASHED = re.compile(r"\b(0?[1-9]|1[0-2])/(20[12]\d)\b")
_ABBREVIATED = ((re.compile(r"\byrs?\b"), lambda m: "years" if m.group(0) == "yrs" else "year"),
                (re.compile(r"\b(mos|mnths|mths)\b"), lambda m: "months"),
                (re.compile(r"\b(mnth|mth)\b"), lambda m: "month"))
_AGO = re.compile(r"\b(?P<n>a|one|two|three|four|five|six|(?:a )?couple(?: of)?|(?:a )?few|several|\d{1,2}) "
                  r"(?P<unit>months?|years?) (?P<way>ago|back)\b")
# "open models are only a few months back": how far behind, not when
_DISTANCE = re.compile(r"\b(are|is|only|just|still|(?<!what )(?<!how )about|roughly|maybe|like|be)( a)? $")
_PAST = re.compile(r"\b(?:past|last) (two|three|four|five|six|nine|\d{1,2}) (months|years)\b")
_COUNT = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "nine": 9, "couple": 2, "few": 3,
          "several": 4}


# A holiday as a time ("since christmas", "around new year 2025", "around easter last year", "how far behind were
# they last christmas"): its month. Only after a word that makes it a time asked about, or with its year: "at
# christmas my uncle said..." tells a story, "by christmas" a forecast.
_HOLIDAY = re.compile(r"\b(?P<cue>(?:ever |in the (?:weeks|days|months) )?since (?:the )?|around (?:the )?|"
                      r"before (?:the )?|after (?:the )?|until (?:the )?|from (?:the )?|on )?"
                      r"(?P<last>last |this past )?"
                      r"(?P<name>christmas|xmas|easter|new year'?s?(?: day| eve)?)"
                      r"(?: (?P<year>20[12]\d)| (?P<which>last|this) year)?\b")
_MONTH_NAMES = {1: "january", 4: "april", 12: "december"}


def _shared_year(m: re.Match) -> str:
    """"jan-feb 2025" as "jan 2025-feb 2025"; "nov to jan 2025" as "nov 2024 to jan 2025"."""
    first, second, year = m.group(1), m.group(3), int(m.group(4))
    wraps = first in _MONTHS and second in _MONTHS and _MONTHS[first] > _MONTHS[second]
    return f"{first} {year - wraps}{m.group(2)}{year}"


def _with_years(low: str, today: date) -> str:
    """`low` with its years written out: after each month named without one (the latest such month up to
    `today`), in "q3 '25" and "2025 q3" (as "q3 2025"), in "end of last year" and "last summer" (the latest summer
    over by `today`)."""
    def add(m: re.Match) -> str:
        month = _MONTHS[m.group(1)]
        # after "since", this month would be no span at all: the one a year before ("since r1 dropped in january")
        latest = month < today.month or month == today.month and "since" not in low[:m.start()]
        return f"{m.group(0).rstrip('.')} {today.year if latest else today.year - 1}"

    def quarter(m: re.Match) -> str:  # "in q3": the latest third quarter begun by today
        first = _months_of(m.group(2))[0]
        return f"{m.group(0)} {today.year if first <= today.month else today.year - 1}"

    def last_named(m: re.Match) -> str:  # "last june": the latest June before this month
        month = _MONTHS[m.group(2)]
        return f"{m.group(2)} {today.year if month < today.month else today.year - 1}"

    def relative(m: re.Match) -> str:
        if m.group(1):  # "end of last year"
            return f"{m.group(1)}{m.group(2) or ''} {today.year + {'last': -1, 'this': 0, 'next': 1}[m.group(3)]}"
        season, which = m.group(5), m.group(4)
        year = today.year + (season == "winter" and today.month == 12)  # this year's (a winter: the one it ends)
        if which in ("since", "since the"):
            start = (year - 1, 12) if season == "winter" else (year, _SEASONS[season])
            year -= start > (today.year, today.month)  # since the latest one begun ("since summer", in August)
        elif which != "this" and (year, (_SEASONS[season] + 1) % 12 + 1) >= (today.year, today.month):
            year -= 1  # not over yet: the one before
        keep = which if which == "since" or which.endswith(" the") and which not in ("over the", "during the") else ""
        return f"{keep} {season} {year}".lstrip()  # "since the summer": since that summer

    def holiday(m: re.Match) -> str:  # "since christmas": since the latest December; "easter 2025": April 2025
        name = m.group("name")
        if not (m.group("cue") or m.group("last") or m.group("year") or m.group("which")):
            return m.group(0)
        month = 12 if name in ("christmas", "xmas") or name.endswith("eve") else 4 if name == "easter" else 1
        if m.group("year"):
            year = int(m.group("year"))
        elif m.group("which"):
            year = today.year - (m.group("which") == "last")
        elif m.group("last"):  # "last christmas": the latest one before this month
            year = today.year if month < today.month else today.year - 1
        else:  # the latest one begun by today ("since the new year", in January: this one)
            year = today.year if month <= today.month else today.year - 1
        return f"{m.group('cue') or ''}{_MONTH_NAMES[month]} {year}"

    low = _HOLIDAY.sub(holiday, low)
    low = _YEAR_FIRST.sub(lambda m: f"{m.group(2)} {m.group(1)}", low)
    low = _SHORT_YEAR.sub(lambda m: f"{m.group(1)}{m.group(2) or ''} 20{m.group(3)}", low)
    low = _RELATIVE_YEAR.sub(relative, low)
    low = _LAST_MONTH_NAMED.sub(last_named, low)
    low = _refined(low)
    low = _SHARED_YEAR.sub(_shared_year, low)
    low = _BARE_QUARTER.sub(quarter, low)
    return _BARE_MONTH.sub(add, low)


# A vague period restated more precisely a few words on ("mid-2024 i.e. july", "late 2023, say december", "in 2025
# according to epoch, like q2"): the restatement is the date asked about, when it lies within the period.
_REFINER = (r"(?:i\.? ?e\.?|e\.? ?g\.?|say|like|so|specifically|more specifically|precisely|more precisely|namely|"
            r"that is|to be (?:precise|exact)|exactly|more like|or rather|rather|i mean|in particular|particularly|"
            r"around|roughly|about)")
_REFINED = re.compile(rf"(?<![\w.-]){_WHEN}(?![\w-])(?P<gap>(?:(?!20[12]\d)[^.?!]){{0,40}}?)[,;:(–-]? ?\b{_REFINER}"
                      rf"[,:]? (?:in |around |about )?(?:the )?(?P<what>(?:{_PART}[ -])?(?:{_MON} )?(?:of )?{_YEAR}|"
                      # a bare "may" only where it can be no verb ("say may?", "like may, ...")
                      rf"(?:{_NOT_MAY}|may(?= ?(?:$|[,.?!);])))\.?|q[1-4]|h[12])(?![\w-])")
# "in 2026 so far", "2025 to date", "so far in 2026": from then until today
_UNTIL_NOW = r"(?:so far|to date|thus far|until now|till now|up to now|up until now|until today)"
_SO_FAR = re.compile(rf"(?<![\w.-])(?P<a>{_WHEN})(?![\w-]),? {_UNTIL_NOW}\b|\b{_UNTIL_NOW},? (?:in|during|for) "
                     rf"(?<![\w.-])(?P<b>{_WHEN})(?![\w-])")


def _refined(low: str) -> str:
    """`low` with a vague period restated more precisely read as the restatement: "mid-2024 i.e. july" as
    "july 2024", "late 2023, say december" as "december 2023" (the year the month falls in that period)."""
    def precise(m: re.Match) -> str:
        vague, what = _when(m), m.group("what").rstrip(".")
        if what in _MONTHS:  # a month without a year: the one within the period
            years = [y for y in range(vague.start[0], vague.end[0] + 1)
                     if vague.start <= (y, _MONTHS[what]) <= vague.end]
            text = f"{what} {years[0] if years else vague.start[0]}"  # "mid-2024, like july": that year
        elif re.fullmatch(r"[qh]\d", what):  # "q2": the one of the period's first year
            text = f"{what} {vague.start[0]}"
        else:
            text = what
        point = _POINT.fullmatch(text)
        if point is None:
            return m.group(0)
        span = _when(point)
        if not ((vague.start[0], 1) <= span.start and span.end <= (vague.end[0], 12)):
            return m.group(0)  # another year, not a restatement ("in 2024, like march 2025"); "mid" is no
            # exact month, so any month of the year restates it
        return f"{text}{m.group('gap')}"

    return _REFINED.sub(precise, low)


def _count(word: str) -> int:
    word = word.removeprefix("a ").removesuffix(" of") if word != "a" else word  # "a couple of", "a few"
    return _COUNT.get(word) or int(word)


# A question about what is still to come ("will they pull ahead in 2026", "are they going to catch up this year")
_FUTURE = re.compile(r"\b(will|won'?t|going to|gonna|expect|expected|predict|predicted|predictions?|forecasts?|"
                     r"forecasting)\b")
# Words of dates a typo away ("last sumer", "last yaer", "since febuary"): respelt before the date is read
_DATE_WORDS = frozenset({*(n for n in _MONTHS if len(n) >= 5), "summer", "winter", "spring", "autumn", "year",
                         "years", "month", "months", "quarter", "since", "last", "past", "early", "middle"})


# A follow-up that moves the date asked before ("and the year before?", "a quarter earlier?", "the month after?")
_MOVED = re.compile(r"\b(?:the|a|one) (year|quarter|month) (before|earlier|prior|after|later)\b|"
                    r"\bthe (previous|prior|preceding|next|following) (year|quarter|month)\b")
_LENGTH = {"year": 12, "quarter": 3, "month": 1}


def moved(text: str, span: DateSpan | None) -> DateSpan | None:
    """`span` (the date a previous question asked about) moved as a follow-up `text` asks ("and the year before?":
    2024 after 2025), or None when it moves nothing."""
    m = _MOVED.search(text.lower())
    if m is None or span is None:
        return None
    unit, way = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    length, back = _LENGTH[unit], way in ("before", "earlier", "prior", "previous", "preceding")
    if span.start is None or span.end is None or _months(span) == length:  # the same stretch, moved by one
        months = -length if back else length
        return DateSpan(span.start and shift(span.start, months), span.end and shift(span.end, months))
    # a year after a quarter asked about: the year before it began, or after it ended
    return DateSpan(shift(span.start, -length), shift(span.start, -1)) if back else \
        DateSpan(shift(span.end, 1), shift(span.end, length))


def _months(span: DateSpan) -> int:
    return (span.end[0] - span.start[0]) * 12 + span.end[1] - span.start[1] + 1


def _spans(sentence: str) -> bool:
    """Whether `sentence` runs a change from a date it names ("it was smallest in jan 2025 and has grown since"):
    the claim a question asks to check, not a story."""
    return bool((m := _POINT.search(sentence)) and _SINCE_THEN.search(sentence, m.end()))


def asking_sentences(text: str | list[str]) -> list[str]:
    """The sentences of `text` (or those given) that ask: each ending in "?", and the last."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip()) if isinstance(text, str) else text
    return [x for i, x in enumerate(sentences) if i == len(sentences) - 1 or x.rstrip().endswith("?")]


def find_date(text: str, today: date | None = None) -> DateSpan | None:
    """The date or range a question asks about, or None. A date still to come ("by end of 2026", "by 2027": a
    forecast) is no date the data can be from: None."""
    today = today or date.today()
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    asking = asking_sentences(sentences)
    if not any(_SINCE_THEN.search(x.lower()) for x in asking):
        # a sentence that tells a story, asks nothing and is followed by the question: its date is not asked about
        # (unless the question asks what changed "since then")
        text = " ".join(x for x in sentences if x in asking or not _STORY.search(x.lower()) or _spans(x.lower()))
    # the sentences that ask come first: "writing a post about 2025. how did maverick do when it launched in april
    # 2025?" asks about April
    span = (_find_date(" ".join(asking), today) if len(asking) < len(sentences) else None) or _find_date(text, today)
    now = (today.year, today.month)
    if span is not None and span.start is not None and span.start > now:
        return None
    unfinished = span is not None and (span.end > now if span.end else span.start[0] == today.year)
    if unfinished and _FUTURE.search(text.lower()):
        return None  # "will open models pull ahead in 2026?", "this year?": a forecast over a period not yet over
    return span


def _find_date(text: str, today: date) -> DateSpan | None:
    text = respell(text.lower(), _DATE_WORDS)
    low = _DAY.sub(lambda m: f"{m.group(1)}-{m.group(2)}", text.lower())  # "2025-11-25", "2025/04", "04/2025"
    low = _SLASHED.sub(lambda m: f"{m.group(2)}-{int(m.group(1)):02d}", low)
    for pattern, full in _ABBREVIATED:  # "a yr ago", "6 mos"
        low = pattern.sub(full, low)
    low = _with_years(low, today)
    low = _SO_FAR.sub(lambda m: f"since {m.group('a') or m.group('b')}", low)
    low = _BACKGROUND.sub(" ", low)
    now = (today.year, today.month)
    if m := _THAN_AGO.search(low):
        months = _count(m.group(1)) * (12 if m.group(2).startswith("year") else 1)
        return DateSpan(shift(now, -months), None)
    if _THAN_LAST_YEAR.search(low):
        return DateSpan((today.year - 1, 1), None)
    if m := _PAST.search(low):  # "over the last 3 months", "the past two years": from then on
        months = _count(m.group(1)) * (12 if m.group(2).startswith("year") else 1)
        return DateSpan(shift(now, -months), None)
    if (m := _AGO.search(low)) and not (m.group("way") == "back" and _DISTANCE.search(low[:m.start()])):
        # "six months ago", "2 years ago", "a couple months back": that month
        months = _count(m.group("n")) * (12 if m.group("unit").startswith("year") else 1)
        then = shift(now, -months)  # "a year ago vs now": from then on
        return DateSpan(then, None) if _THEN_VS_NOW.search(low) else DateSpan(then, then)
    if m := _RANGE.search(low):
        a, b = _when(m), _when(m, 5)
        return DateSpan(a.start, b.end)
    if m := _SINCE.search(low):
        span = _when(m, 2)
        start = shift(span.end, 1) if m.group(1) == "after" else span.start
        return DateSpan(start, None)
    if m := _SINCE_EVENT.search(low):
        return DateSpan(_when(m).start, None)
    if m := _BEFORE.search(low):
        span = _when(m, 1)
        return DateSpan(None, shift(span.start, -1))
    for m in _POINT.finditer(low):
        # "so far this year, is the gap wider than it was across 2025": the time this one is compared with, from then
        if _COMPARED_WITH.search(low[:m.start()]):
            return DateSpan(_when(m).start, None)
    for pattern, make in _RELATIVE:
        if m := pattern.search(low):
            span = make(today)
            return DateSpan(span.start, None) if _THEN_VS_NOW.search(low) or _SINCE_THEN.search(low, m.end()) \
                else span
    if m := _POINT.search(low):
        span = _when(m)
        compared = _COMPARED_WITH.search(low[:m.start()])
        return DateSpan(span.start, None) if _SINCE_THEN.search(low, m.end()) or _THEN_VS_NOW.search(low) or \
            compared else span
    return None


# A time set against now: "closer than they were in 2024", "compared with early 2024, where does it stand": from then
# ("smaller then it was in 2024": "then" for "than" after a comparative)
_COMPARED_WITH = re.compile(r"(?:\b(?:than|compared (?:to|with)|vs\.?|versus)|(?<=er )then)(?: (?:it|they|the gap|we|"
                            r"open models?) (?:was|were|did|used to be))?(?: (?:in|during|at|around|back in|across|"
                            r"over|throughout))?(?: the)? ?$")
