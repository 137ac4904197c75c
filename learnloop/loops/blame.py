"""The blame-language check: flags phrasing that blames people instead of conditions, and never rewrites.

`check()` reads review text and returns flags, each with a reason and a reframing to consider; the
author decides. `measure()` runs the check over Markdown files for the base rate and the precision
figures in docs/blame-language.md (the `learnloop blamecheck` command prints them).
"""

from __future__ import annotations

import csv
import math
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

KINDS = ("narrative", "action")
LABELS = ("blame", "not-blame")


@dataclass(frozen=True)
class Flag:
    code: str
    start: int  # offsets in the original text: text[start:end] is the matched phrase
    end: int
    text: str
    reason: str
    suggestion: str
    fingerprint: str  # code + normalized phrase: an "intended" mark survives edits elsewhere in the text


@dataclass(frozen=True)
class Report:
    flags: tuple[Flag, ...]
    words: int  # words the check read (code, quotes and links are not read)
    intended: tuple[Flag, ...] = ()  # flags the author marked as intended; not counted in the rate

    @property
    def rate_per_1000_words(self) -> float:
        return len(self.flags) * 1000 / self.words if self.words else 0.0


def fingerprint(code: str, phrase: str) -> str:
    return f"{code}:{' '.join(phrase.lower().split()).strip(' .,;:!?')}"


# What the check does not read: its offsets are kept by blanking these regions with spaces.
_SKIPPED = re.compile(
    r"^[ \t]*(?P<fence>```|~~~).*?(?:^[ \t]*(?P=fence)[^\n]*$|\Z)"  # fenced code blocks
    r"|^[ \t]*>[^\n]*$"  # block quotes
    r"|(?P<ticks>`+)(?:[^`\n]|\n(?![ \t]*\n))+?(?P=ticks)"  # code spans (within a paragraph)
    r"|\"(?:[^\"\n]|\n(?![ \t]*\n)){0,600}\""  # double-quoted passages (within a paragraph)
    r"|\u201c[^\u201d]{0,600}\u201d"  # typographic quotes
    r"|\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"  # link destinations
    r"|<https?://[^>\s]*>|\bhttps?://[^\s)>\]]+"  # bare links
    r"|<!--.*?-->",  # HTML comments
    re.MULTILINE | re.DOTALL,
)
_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")
_CAPITALIZED = re.compile(r"\b[A-Z][a-z]+\b")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def readable_text(text: str) -> str:
    """The text with everything the check skips blanked out, same length and offsets."""
    return _SKIPPED.sub(_blank, text)


def _lower(text: str) -> str:
    """Lower case with the offsets kept (a few characters grow when lowered; those stay as they
    are). Patterns are written in lower case: matching without IGNORECASE is several times faster."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Who counts as a person when we look for the subject of "failed to", "should have", ...
_PRONOUNS = _words("he she they we i you someone somebody anyone anybody everyone everybody nobody")
_ROLE = (
    r"engineers?|developers?|devs?|programmers?|operators?|admins?|administrators?|sysadmins?"
    r"|technicians?|on-?call(?:ers?)?|sres?|employees?|staff|personnel|contractors?|interns?|dbas?"
    r"|authors?|reviewers?|responders?|deployers?|maintainers?|managers?|humans?|persons?|people"
    r"|individuals?|crew|workers?|analysts?|members?|colleagues?|co-?workers?|teams?"
)
_ROLE_WORD = re.compile(_ROLE)
# Words between a subject and its verb that say nothing about who acted.
_FILLER = _words(
    "also then still again never not had has have was were is are been be did does do who "
    "previously simply just even once subsequently initially later apparently"
)
_NOT_ADVERBS = _words("supply family assembly reply italy ally rally bully")
_COORDINATION = _words("and but yet or")
_LEAD_IN = _words(
    "at on in during after before while when following shortly around by later earlier however "
    "unfortunately meanwhile then next first finally ultimately eventually instead since as"
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_BOUNDARY = re.compile(r"[.!?;:](?=\s)|\n|\u2014| - ")
_ASIDE_AT_END = re.compile(r",[^,]{1,80},\s*$")
_PLURAL_PHRASE = re.compile(r"\b(?:the|these|those|all|its|their|our|some|many|both)\s+(?:[\w-]+\s+){0,2}?([\w-]+s)\b")


def _clause_before(text: str, position: int) -> str:
    window = text[max(0, position - 400) : position]
    last = 0
    for boundary in _BOUNDARY.finditer(window):
        last = boundary.end()
    return window[last:]


def _tokens(fragment: str) -> list[str]:
    return [token.lower().removesuffix("'s").removesuffix("\u2019s") for token in _TOKEN.findall(fragment)]


def _is_person(word: str, names: frozenset[str]) -> bool:
    return word in _PRONOUNS or word in names or _ROLE_WORD.fullmatch(word) is not None


def _head_is_person(clause: str, names: frozenset[str]) -> bool:
    """Whether the clause's opening noun phrase (after a lead-in such as "At 10:00,") is a person."""
    segments = clause.split(",")
    heads = [segments[0]]
    first = _tokens(segments[0])[:1]
    if first and first[0] in _LEAD_IN and len(segments) > 1:
        heads.append(segments[1])
    return any(_is_person(word, names) for head in heads for word in _tokens(head)[:4])


def _they_are_people(clause: str, names: frozenset[str]) -> bool:
    """ "They" stands for the last plural noun phrase of the sentence when there is one ("the nodes
    could not rejoin because they failed to"); without one it is taken to mean people."""
    phrases = _PLURAL_PHRASE.findall(clause)
    return not phrases or _is_person(phrases[-1], names)


def subject_is_person(text: str, position: int, names: frozenset[str] = frozenset()) -> bool:
    """Whether the verb at `position` of lower-cased `text` has a person as its subject: a pronoun,
    a role word, a team or one of `names`. "The service failed to start" has none; "the on-call
    engineer failed to" and "alice acknowledged the page but failed to" have one."""
    clause = _ASIDE_AT_END.sub("", _clause_before(text, position))  # "the change, reviewed by bob, failed"
    tokens = _tokens(clause)
    index = len(tokens) - 1
    while index >= 0 and (
        tokens[index] in _FILLER or (tokens[index].endswith("ly") and tokens[index] not in _NOT_ADVERBS)
    ):
        index -= 1
    if index < 0:
        return False
    if tokens[index] in _COORDINATION:
        return _head_is_person(clause, names)
    if tokens[index] == "they":
        return _they_are_people(clause, names)
    return _is_person(tokens[index], names)


# Extra tests a match must pass. They read the lower-cased text the patterns ran on.
Accept = Callable[[str, re.Match[str], frozenset[str]], bool]


def _person_subject(text: str, match: re.Match[str], names: frozenset[str]) -> bool:
    return subject_is_person(text, match.start(), names)


def _people_in_clause(text: str, match: re.Match[str], names: frozenset[str]) -> bool:
    """For compliance: "the IT team had not understood X, did not follow the procedures" counts,
    "the client did not follow the redirect rules" does not."""
    return subject_is_person(text, match.start(), names) or _head_is_person(_clause_before(text, match.start()), names)


_PREVENTIVE = re.compile(
    r"\b(?:reduc\w*|prevent\w*|minimi[sz]\w*|eliminat\w*|avoid\w*|mitigat\w*|risk|chance|likelihood"
    r"|potential|possibility|prone|susceptible|guard|protect\w*|resilient|tolerant|less|fewer|against)\b"
)


def _not_preventive(text: str, match: re.Match[str], names: frozenset[str]) -> bool:
    """ "Human error" as a cause is flagged; "to reduce the risk of human error" is design talk."""
    before = " ".join(_tokens(text[max(0, match.start() - 60) : match.start()])[-5:])
    return _PREVENTIVE.search(before) is None


_SEVERAL = re.compile(
    r"[^.;\n]*?\b(?:combin\w*|(?:confluence|series|chain|interplay|interaction|mix)\s+of"
    r"|(?:multiple|several|two|three|four|five)\s+(?:[\w-]+\s+){0,3}?(?:factors|causes|issues|problems|conditions"
    r"|misconfigurations|bugs|failures|faults|changes|errors|mistakes))\b"
)
_DISCOVERY = re.compile(
    r"\s*(?:identified|found|discovered|determined|confirmed|located)\s+"
    r"(?:during|after|when|while|by|on|at|before|later|quickly|only|within|through)\b"
)
_DENIED = re.compile(r"\b(?:no|not\s+a|not\s+one|never\s+a)\s+$")


def _one_cause(text: str, match: re.Match[str], names: frozenset[str]) -> bool:
    """ "The root cause was X" names one cause; not so "the root cause was a combination of three
    factors", "there is no single root cause" or "the root cause was identified during ..."."""
    return (
        _SEVERAL.match(text, match.end()) is None
        and _DISCOVERY.match(text, match.end()) is None
        and _DENIED.search(text, max(0, match.start() - 20), match.start()) is None
    )


@dataclass(frozen=True)
class _Rule:
    code: str
    pattern: re.Pattern[str]
    kinds: tuple[str, ...] = KINDS
    accept: Accept | None = None
    # For verbs only a person does ("forgot", "neglected"), a capitalized word of the text counts as
    # a name even when it is not on the member list: "Bob forgot to renew the certificate".
    capitalized_are_names: bool = False


# Pattern pieces. Patterns are lower case: check() lowers the text once, which is several times
# faster than IGNORECASE.
_DET = r"(?:the|an?|our|their|one|another|one\s+of\s+(?:the|our)|[\w-]+'s)"
_ADVERB = r"(?:\w+ly\s+)"
# Verbs that say the action did damage; remediation verbs (removed, killed, shut down) are left out
# because "the on-call engineer removed the bad host" is a description, not blame.
_HARM = (
    r"(?:caused|broke|took\s+down|brought\s+down|deleted|wiped|crashed|knocked\s+(?:out|over)|destroyed"
    r"|corrupted)"
)
_ACTED = (
    r"(?:deployed|pushed|merged|ran|shipped|made|introduced|applied|committed|executed|wrote|issued"
    r"|rolled\s+out|released|changed|edited|typed|entered|started|triggered|submitted|approved)"
)
_ROLE_SUBJECT = (
    rf"(?:{_DET}\s+(?:[\w-]+\s+){{0,2}}?(?:{_ROLE})\b(?!\s+(?:errors?|mistakes?)\b)"
    r"|he|she|someone|somebody)\b"
)
_BY_MISTAKE = r"(?:mistakenly|accidentally|inadvertently|erroneously|wrongly)"
_ASIDE = r"(?:,[^,.;\n]{1,80},\s*)?"  # "an engineer, while debugging x, inadvertently removed ..."
_ONE = r"(?:(?:single|sole|only|underlying|primary|main|ultimate|actual|real)\s+)"
_PAST_PARTICIPLE = (
    r"(?:been|done|known|seen|caught|taken|run|gone|given|written|read|noticed|checked|tested|reviewed"
    r"|verified|escalated|asked|stopped|spotted|realized|realised|rolled|called|paged|followed|waited"
    r"|used|looked|made|put|kept|left|set|thought|told|had|got|gotten|\w+ed)"
)
_HUMAN_CHECK = (
    r"(?:caught|noticed|checked|tested|reviewed|verified|spotted|detected|escalated|flagged|validated"
    r"|double-checked|prevented|avoided|questioned|rejected|read|followed)"
)


def _person_cause(who: str) -> re.Pattern[str]:
    """ "<who> broke X", "<who> deployed the change that took down X", "<who> mistakenly ran X",
    "caused by <who>"."""
    return re.compile(
        rf"\b{who}(?:"
        rf"(?:'s\s+(?:[\w-]+\s+){{0,2}}?)?\s*{_ASIDE}(?:{_ADVERB}?{_HARM}|{_BY_MISTAKE}\s+\w+)\b"
        rf"|\s+{_ADVERB}?{_ACTED}\b[^.;!?\n]{{0,120}}?\b(?:that|which)\s+{_ADVERB}?{_HARM}\b)"
        rf"|\b(?:caused|triggered|introduced|started)\s+by\s+{who}"
    )


_RULES: tuple[_Rule, ...] = (
    _Rule(
        "team-as-culprit",
        re.compile(
            rf"\b(?:the|our|their|an?|another)\s+(?:[\w-]+\s+){{1,3}}?team(?:'s\s+(?:[\w-]+\s+){{0,2}}?)?\s*"
            rf"{_ADVERB}?(?:{_HARM}|(?:was|were|is)\s+responsible\s+for\s+the\s+"
            rf"(?:outage|incident|failure|breakage|disruption|problem|issue))\b"
            rf"|\b(?:caused|triggered|introduced)\s+by\s+(?:the|an?|another)\s+(?:[\w-]+\s+){{1,3}}?team\b"
            rf"(?!\s+members?)"
        ),
    ),
    _Rule("person-as-cause", _person_cause(_ROLE_SUBJECT)),
    _Rule(
        "human-error",
        re.compile(
            r"\b(?:human|operator|pilot|personnel|engineer|manual)\s+(?:errors?|mistakes?)\b"
            r"|\buser\s+(?:error|mistake)\b(?!\s+(?:rates?|messages?|responses?|codes?|counts?|pages?)\b)"
            r"|\bfat[- ]finger(?:ed|ing|s)?\b"
        ),
        accept=_not_preventive,
    ),
    _Rule(
        "character",
        re.compile(
            r"\b(?:careless(?:ly|ness)?|slopp(?:y|ily|iness)|laziness|incompeten(?:t|tly|ce)|reckless(?:ly|ness)?"
            r"|negligen(?:t|tly|ce)|stupid(?:ly|ity)?|idiot(?:s|ic)?|foolish(?:ly|ness)?|irresponsibl[ey]"
            r"|inattentive|inattention"
            r"|lazy(?![- ]?(?:load|eval|init|delet|compil|fetch|propagat|sync|replicat|allocat|bind|import))"
            r"|(?:dumb|silly|rookie)\s+(?:mistakes?|errors?))\b"
        ),
    ),
    _Rule(
        "fault",
        re.compile(
            r"\bwhose\s+fault\b|\b(?:is|was|are|were|be|been)\s+to\s+blame\b|\bat\s+fault\b"
            r"|\b(?:blame|fault)\s+(?:lies|lay|rests|rested|falls|fell)\s+(?:with|on)\b"
            r"|\b(?:his|her|their|our|my|your|\w+'s)\s+fault\b"
            r"(?![- ]?(?:toleran|domain|injection|isolation|line|zone|detect|handl))"
            r"|\bblamed?\s+(?:it\s+)?on\b"
            r"|\bblame\s+(?:him|her|them|the\s+(?:[\w-]+\s+)?(?:engineers?|operators?|team))\b"
        ),
    ),
    _Rule(
        "punitive",
        re.compile(
            r"\bre-?train(?:s|ed|ing)?\b(?!\s+(?:the\s+|our\s+|a\s+|an\s+|its\s+)?(?:[\w-]+\s+)?models?\b)"
            r"|\breprimand\w*|\bdisciplin(?:ed|ary)\b"
            r"|\bdiscipline\s+(?:the|him|her|them|those|anyone|any|staff|engineers?|employees?|operators?)\b"
            r"|\bwr(?:ite|ote|iting)\s+(?:him|her|them|(?:the|that)\s+(?:engineer|operator|developer))\s+up\b"
            r"|\b(?:was|were|been|be|get|got)\s+written\s+up\b"
            r"|\bheld\s+accountable\b|\bhold\s+(?:\w+\s+){1,3}?accountable\b"
            rf"|\b(?:fire|fired|suspend|suspended|demote|demoted|dismiss|dismissed)\s+{_ROLE_SUBJECT}"
            rf"|\b{_ROLE_SUBJECT}\s+(?:was|were|has\s+been|have\s+been|will\s+be|be)\s+"
            r"(?:fired|let\s+go|dismissed|suspended|demoted|disciplined|reprimanded)\b"
            r"|\brevok\w+\s+(?:his|her|their)\s+(?:access|privileges|permissions|rights)\b"
            r"|\bname\s+and\s+shame\b|\bperformance\s+improvement\s+plan\b"
        ),
    ),
    _Rule(
        "vigilance-fix",
        re.compile(
            r"\bbe\s+(?:more\s+|extra\s+|very\s+|especially\s+)?(?:careful|vigilant|diligent|attentive|mindful)\b"
            r"|\b(?:more|extra|greater|closer)\s+(?:care|caution|vigilance|diligence)\b"
            r"|\bpay(?:s|ing)?\s+(?:more\s+|closer\s+|better\s+|extra\s+|greater\s+)?attention\b"
            r"|\bdouble[- ]check\w*\b[^.;!?\n]{0,60}?\bnext\s+time\b"
            r"|\b(?:always|remember\s+to|make\s+sure\s+to|be\s+sure\s+to)\s+(?:double[- ])?check\b"
            r"|\bremind(?:ed|ing)?\s+(?:the\s+|all\s+|our\s+)?(?:engineers?|staff|team|operators?|employees?"
            r"|everyone|people|developers?)\b|\b(?:were|was|been|be|get|got)\s+reminded\s+to\b"
            r"|\btry\s+harder\b|\bstay\s+(?:alert|focused|vigilant)\b"
        ),
    ),
    _Rule(
        "compliance",
        re.compile(
            r"\b(?:did\s+not|didn't|failed\s+to|neglected\s+to|refused\s+to|not)\s+(?:\w+\s+){0,2}?"
            r"(?:follow(?:ing)?|adhere\s+to|comply\s+with|obey)\s+(?:the\s+|our\s+|a\s+|an\s+|its\s+)?"
            r"(?:[\w-]+\s+){0,2}?(?:procedures?|process(?:es)?|runbooks?|playbooks?|polic(?:y|ies)|protocols?"
            r"|checklists?|instructions?|guidelines?|rules?|steps|documentation|docs)\b"
            r"|\bviolat(?:ed|ing|ion\s+of)\s+(?:the\s+|our\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}?"
            r"(?:procedures?|process|polic(?:y|ies)|rules?|protocols?|guidelines?|standards?)\b"
            r"|\b(?:ignored|disregarded|circumvented)\s+(?:the\s+|our\s+|a\s+|an\s+|all\s+)?(?:[\w-]+\s+){0,2}?"
            r"(?:runbooks?|playbooks?|procedures?|process|polic(?:y|ies)|protocols?|checklists?|instructions?"
            r"|guidelines?|warnings?|alerts?|rules?)\b"
            r"|\b(?:against|contrary\s+to)\s+(?:the\s+|our\s+|company\s+)?(?:polic(?:y|ies)|procedures?|protocol)\b"
        ),
        accept=_people_in_clause,
    ),
    _Rule(
        "minimizer",
        re.compile(
            r"\bobviously\b|\bit\s+(?:was|is|should\s+have\s+been|seemed)\s+(?:\w+\s+)?obvious\b"
            r"|\b(?:should|could|would)(?:n't|\s+not)?\s+(?:just|simply)\s+have\b"
            r"|\ball\s+(?:he|she|they|we|you|someone|the\s+\w+)\s+(?:had|needed|has|have|need)\s+to\s+do\s+(?:was|is)\b"
            r"|\b(?:a\s+)?simple\s+(?:mistake|oversight)\b"
        ),
    ),
    _Rule(
        "hindsight",
        # An idiom that judges the person whoever its subject is: "Bob should have known better".
        re.compile(r"\b(?:should|ought\s+to)(?:n't|\s+not)?\s+(?:have\s+)?know(?:n)?\s+better\b"),
    ),
    _Rule(
        "hindsight",
        re.compile(
            rf"\b(?:should|ought\s+to)(?:n't|\s+not)?\s+have\s+been\s+{_HUMAN_CHECK}\b"
            r"|\b(?:could|might)(?:\s+(?:easily|simply|have\s+easily))?\s+have\s+(?:been\s+)?"
            r"(?:prevented|avoided|caught|stopped|detected|noticed|spotted)\b"
            r"|\bif\s+only\s+(?:[\w'-]+\s+){1,3}?(?:had|were|did|knew|'d)\b"
            r"|\bwould\s+(?:have\s+been\s+(?:avoided|prevented|caught)|not\s+have\s+happened)\s+(?:had|if)\b"
        ),
    ),
    _Rule(
        "hindsight",
        re.compile(rf"\b(?:should|ought\s+to)(?:n't|\s+not)?\s+have\s+{_PAST_PARTICIPLE}\b"),
        kinds=("narrative",),  # action items look forward: "the deploy should have a canary"
        accept=_person_subject,
    ),
    _Rule(
        "failed-to",
        re.compile(r"\b(?:failed|fails|failing|failure|omitted)\s+to\b"),
        accept=_person_subject,
    ),
    _Rule(
        "failed-to",
        re.compile(
            r"\b(?:neglected|neglecting|forgot|forgotten|forgetting)\s+to\b"
            r"|\bforgot\b|\bdid(?:n't|\s+not)\s+bother(?:\s+to)?\b"
        ),
        accept=_person_subject,
        capitalized_are_names=True,
    ),
    _Rule("failed-to", re.compile(rf"\bfailure\s+of\s+{_ROLE_SUBJECT}\s+to\b")),
    _Rule(
        "single-root-cause",
        re.compile(
            rf"\b(?:the|single|sole|only)\s+{_ONE}?root(?:-|\s+)cause(?:\s+of\s+(?:the|this|that)\s+(?:[\w-]+\s+){{0,2}}?"
            r"(?:incident|outage|issue|problem|failure|disruption|event|degradation))?\s*(?:was|is|were|being|:)"
            rf"|\b(?:was|is)\s+the\s+{_ONE}?root(?:-|\s+)cause\b"
            r"|\b(?:single|sole|only|one)\s+root(?:-|\s+)cause\b"
        ),
        accept=_one_cause,
    ),
)

_REASONS: Mapping[str, tuple[str, str]] = {
    "human-error": (
        "Calling it human error ends the inquiry at a person; the useful question is what made the "
        "mistake easy to make and hard to notice.",
        "Describe what the person saw and why the action made sense then, and which safeguard was "
        "missing (for example: the command accepted every host without asking for confirmation).",
    ),
    "hindsight": (
        "Hindsight: once the outcome is known the right move looks clear, but it was not clear to the "
        "people involved at the time.",
        "What did the people involved know and expect at that moment, and what would have made the "
        "risk visible to them?",
    ),
    "failed-to": (
        "Describes an omission as a personal failing; it says what did not happen, not why it made sense at the time.",
        "Say what happened instead and what made the step easy to miss (for example: the checklist "
        "did not include it, nothing prompted it).",
    ),
    "character": (
        "Judges a person's character instead of describing a condition; it invites defensiveness and "
        "hides the system's part.",
        "Describe the action and its circumstances: time pressure, tooling, missing information.",
    ),
    "person-as-cause": (
        "Makes a person the cause; people act inside a system that let the action have this effect.",
        "Make the change or mechanism the subject (for example: a deploy of change X removed ...) and "
        "ask what let it through.",
    ),
    "team-as-culprit": (
        "Names a team as the culprit; blame moves from a person to a group and the conditions stay unexplained.",
        "Describe the change and the interaction between systems or teams that produced the effect.",
    ),
    "fault": (
        "Assigning fault turns the review into a search for a culprit, and people then share less of what they know.",
        "Which conditions contributed, and who can help change them?",
    ),
    "vigilance-fix": (
        "Asking people to be more careful leaves the conditions as they were; attention is limited and "
        "will slip again.",
        "Propose a change to tools, defaults, checks or process that makes the slip harder to make or easier to catch.",
    ),
    "punitive": (
        "Punishment teaches people to hide mistakes and near misses, so the next review learns less.",
        "What would make the right action easier (tooling, documentation, pairing, a safer default)?",
    ),
    "compliance": (
        "Frames the incident as people not complying; a procedure that is skipped usually has a reason "
        "(unclear, outdated, slow or out of reach).",
        "Why was the procedure not used at that moment, and what would make following it the easy path?",
    ),
    "minimizer": (
        "Implies the right move was obvious or easy: a mild form of hindsight that quietly blames whoever missed it.",
        "Drop the word, or explain what made it hard to see at the time.",
    ),
    "single-root-cause": (
        "Speaks of one root cause; incidents usually come from several contributing factors acting "
        "together, and naming one hides the rest.",
        "Try 'contributing factors included ...' and list the conditions that combined.",
    ),
}
CODES = tuple(_REASONS)
PERSON_DIRECTED = tuple(code for code in CODES if code != "single-root-cause")


@lru_cache(maxsize=64)
def _people_rule(names: tuple[str, ...]) -> _Rule | None:
    if not names:
        return None
    who = "(?:" + "|".join(re.escape(name.lower()) for name in sorted(names, key=len, reverse=True)) + r")\b"
    return _Rule("person-as-cause", _person_cause(who))


def _name_tokens(people: Iterable[str]) -> tuple[tuple[str, ...], frozenset[str]]:
    """Full names and their parts ("Alice Archer", "Alice", "Archer") for patterns, and the parts
    in lower case for recognizing a subject."""
    names: set[str] = set()
    for person in people:
        full = " ".join(person.split())
        if not full:
            continue
        names.add(full)
        names.update(part for part in full.split() if len(part) > 1)
    return tuple(sorted(names)), frozenset(name.lower() for name in names if " " not in name)


def check(text: str, *, people: Iterable[str] = (), ignore: Iterable[str] = (), kind: str = "narrative") -> Report:
    """Flag blaming phrasing in `text`; the text itself is never changed.

    `people` are names (team members) to recognize as subjects; `ignore` holds fingerprints the
    author marked as intended, which come back in `Report.intended` instead of `Report.flags`;
    `kind` is "narrative" (incident reviews, retro cards) or "action" (action items)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    readable = _lower(readable_text(text))
    full_names, name_words = _name_tokens(people)
    rules = list(_RULES)
    people_rule = _people_rule(full_names)
    if people_rule is not None:
        rules.insert(1, people_rule)
    # Capitalized words, not all capitals ("Bob", not "DNS" or "I"): possible names for verbs only people do.
    capitalized = name_words | {word.lower() for word in _CAPITALIZED.findall(readable_text(text))}
    taken: list[tuple[int, int]] = []
    found: list[Flag] = []
    for rule in rules:  # earlier rules are more specific and win where matches overlap
        if kind not in rule.kinds:
            continue
        names = capitalized if rule.capitalized_are_names else name_words
        for match in rule.pattern.finditer(readable):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            if rule.accept is not None and not rule.accept(readable, match, names):
                continue
            taken.append((start, end))
            phrase = text[start:end]
            reason, suggestion = _REASONS[rule.code]
            found.append(Flag(rule.code, start, end, phrase, reason, suggestion, fingerprint(rule.code, phrase)))
    found.sort(key=lambda flag: (flag.start, flag.end))
    ignored = set(ignore)
    return Report(
        flags=tuple(flag for flag in found if flag.fingerprint not in ignored),
        words=len(_WORD.findall(readable)),
        intended=tuple(flag for flag in found if flag.fingerprint in ignored),
    )


# Measurement over Markdown files (the corpus in ../shared/data/postmortems, or a team's own).

_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


class UnreadableFile(ValueError):
    pass


def markdown_body(raw: str) -> str:
    """The prose of a Markdown file: YAML front matter, when present, is dropped."""
    if not raw.startswith("---"):
        return raw
    first_line_end = raw.find("\n")
    if first_line_end == -1 or raw[:first_line_end].strip() != "---":
        return raw
    end = _FRONT_MATTER_END.search(raw, first_line_end + 1)
    if end is None:
        raise UnreadableFile("front matter is never closed")
    return raw[end.end() :].lstrip("\n")


def sentence_around(text: str, start: int, end: int, limit: int = 200) -> str:
    """The sentence holding text[start:end], on one line and cut to `limit` characters around it."""
    left = max((text.rfind(mark, 0, start) for mark in (". ", "! ", "? ", "\n")), default=-1)
    left = 0 if left == -1 else left + 1
    rights = [position for mark in (". ", "! ", "? ", "\n") if (position := text.find(mark, end)) != -1]
    right = min(rights) + 1 if rights else len(text)
    sentence = " ".join(text[left:right].split())
    if len(sentence) <= limit:
        return sentence
    phrase = " ".join(text[start:end].split())
    centre = sentence.find(phrase) + len(phrase) // 2
    begin = max(0, min(centre - limit // 2, len(sentence) - limit))
    return sentence[begin : begin + limit].strip()


@dataclass(frozen=True)
class FileResult:
    name: str
    body: str
    report: Report


def markdown_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.md")) if path.is_dir() else [path])
    return files


def check_files(paths: Iterable[Path]) -> tuple[list[FileResult], list[tuple[str, str]]]:
    """Check each Markdown file (folders are searched for *.md); unreadable files come back as
    (file name, reason) instead of stopping the run."""
    results: list[FileResult] = []
    unreadable: list[tuple[str, str]] = []
    for path in markdown_files(paths):
        try:
            body = markdown_body(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, UnreadableFile) as error:
            unreadable.append((path.name, str(error)))
            continue
        results.append(FileResult(path.name, body, check(body)))
    return results, unreadable


def read_labels(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=2):
        if row.get("label") not in LABELS:
            raise ValueError(f"{path.name} line {number}: label must be one of {', '.join(LABELS)}")
    return rows


def _label_key(file: str, code: str, phrase: str) -> tuple[str, str, str]:
    return file, code, " ".join(phrase.lower().split())


def wilson_lower_bound(successes: int, trials: int, z: float = 1.96) -> float:
    """Lower end of the Wilson score interval (95% by default): with few labels, 6 of 6 correct
    only shows the precision is probably above 61%."""
    if trials == 0:
        return 0.0
    share = successes / trials
    centre = share + z * z / (2 * trials)
    spread = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    return (centre - spread) / (1 + z * z / trials)


def _share(blame: int, labelled: int) -> dict[str, Any]:
    return {
        "labelled": labelled,
        "blame": blame,
        "precision": blame / labelled if labelled else 0.0,
        "lower_95": wilson_lower_bound(blame, labelled),
    }


def precision(results: Iterable[FileResult], labels: Iterable[Mapping[str, str]]) -> dict[str, Any]:
    """Precision of the current flags against hand labels, per code and overall. A label applies to
    the flags with its file, code and phrase (repeats in a file count once). Flags without a label
    and labels no current flag matches (stale: a pattern change removed the flag) are counted."""
    by_key = {_label_key(row["file"], row["code"], row["matched text"]): row["label"] for row in labels}
    seen: set[tuple[str, str, str]] = set()
    labelled: Counter[str] = Counter()
    blame: Counter[str] = Counter()
    unlabelled: Counter[str] = Counter()
    for result in results:
        for flag in result.report.flags:
            key = _label_key(result.name, flag.code, flag.text)
            if key in seen:
                continue
            seen.add(key)
            if key in by_key:
                labelled[flag.code] += 1
                blame[flag.code] += by_key[key] == "blame"
            else:
                unlabelled[flag.code] += 1
    per_code = {code: _share(blame[code], labelled[code]) for code in CODES if labelled[code]}
    total = sum(labelled.values())
    return {
        "labelled": total,
        "blame": sum(blame.values()),
        "precision": sum(blame.values()) / total if total else 0.0,
        "lower_95": wilson_lower_bound(sum(blame.values()), total),
        # single-root-cause is about framing rather than people, and dominates public write-ups
        "person_directed": _share(
            sum(n for code, n in blame.items() if code in PERSON_DIRECTED),
            sum(n for code, n in labelled.items() if code in PERSON_DIRECTED),
        ),
        "per_code": per_code,
        "unlabelled_flags": sum(unlabelled.values()),
        "stale_labels": sum(1 for key in by_key if key not in seen),
    }


def sample(results: Iterable[FileResult], *, size: int = 120, seed: int = 2012) -> list[tuple[str, Flag, str]]:
    """A deterministic sample of flags for hand labelling, stratified by code: codes take turns, so
    rare codes are covered fully and common ones fill the rest. Returns (file, flag, sentence)."""
    pools: dict[str, list[tuple[str, Flag, str]]] = {}
    seen: set[tuple[str, str, str]] = set()
    for result in sorted(results, key=lambda result: result.name):
        for flag in result.report.flags:
            key = _label_key(result.name, flag.code, flag.text)
            if key not in seen:  # one label covers repeats of a phrase in a file
                seen.add(key)
                pools.setdefault(flag.code, []).append(
                    (result.name, flag, sentence_around(result.body, flag.start, flag.end))
                )
    generator = random.Random(seed)
    for code in sorted(pools):
        generator.shuffle(pools[code])
    picked: list[tuple[str, Flag, str]] = []
    while len(picked) < size and any(pools.values()):
        for code in sorted(pools):
            if pools[code] and len(picked) < size:
                picked.append(pools[code].pop())
    return picked


def measure(paths: Iterable[Path], *, labels: Path | None = None) -> dict[str, Any]:
    """The base rate over Markdown files (and, with a labels CSV, the precision against it)."""
    results, unreadable = check_files(paths)
    words = sum(result.report.words for result in results)
    per_code = Counter(flag.code for result in results for flag in result.report.flags)
    flags = sum(per_code.values())
    flagged = sum(1 for result in results if result.report.flags)
    figures: dict[str, Any] = {
        "files": len(results),
        "unreadable": [{"file": name, "reason": reason} for name, reason in unreadable],
        "words": words,
        "flags": flags,
        "rate_per_1000_words": flags * 1000 / words if words else 0.0,
        "files_with_flags": flagged,
        "share_of_files_with_flags": flagged / len(results) if results else 0.0,
        "per_code": {code: per_code[code] for code in CODES if per_code[code]},
    }
    if labels is not None:
        figures["precision"] = precision(results, read_labels(labels))
    return figures
