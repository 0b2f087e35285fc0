"""Strict WebVTT validation, by the W3C WebVTT spec's rules for a valid file. No Flask here.

The studio refuses caption uploads and `courses check` / `courses import` report caption
files that break them, each problem with its line. Players (and webvtt-py) are lenient:
they skip a bad cue, take `00:00:61.000` or `align:middle`, or swallow a cue into the one
before it; learners then miss captions without anyone noticing. The rules follow the
spec's syntax (§4 "Syntax": file body, cue timings, cue settings, cue text) and agree with
the W3C's own validator (webvtt.js), which tests/webinars/test_webvtt.py runs on the same
files. Messages are Czech msgids (N_), translated where they are shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.entities import html5
from typing import Any

from academy.courses.wording import N_

_HEADER = re.compile(r"WEBVTT(?:[ \t][^\n]*)?")
_TIMING = re.compile(r"(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+(.*))?")
_TIMESTAMP = re.compile(r"(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})")
_PERCENT = re.compile(r"\d+(?:\.\d+)?%")
_TAG_NAMES = {"c", "i", "b", "u", "ruby", "rt", "v", "lang"}
_NEEDS_ANNOTATION = {"v", "lang"}
_START_TAG = re.compile(r"([a-z]+)((?:\.[^\s.]+)*)(?:[ \t\f](.*))?", re.S)
_REFERENCE = re.compile(r"&[A-Za-z][A-Za-z0-9]*;")  # named only, as the W3C validator reads them
SETTINGS = {
    "vertical": "rl | lr",
    "line": "-1 | 2 | 50% | 50%,start | 50%,center | 50%,end",
    "position": "0%…100% | 50%,line-left | 50%,center | 50%,line-right",
    "size": "0%…100%",
    "align": "start | center | end | left | right",
    "region": "id",
}


@dataclass(frozen=True)
class CaptionProblem:
    """One rule broken at `line` (1-based); `template` is a Czech msgid, `args` fill it."""

    line: int
    template: str
    args: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def message(self) -> str:
        """Untranslated (Czech), filled in."""
        return self.template % {"line": self.line, **self.args}


def check_webvtt(data: bytes) -> list[CaptionProblem]:
    """Every way `data` breaks the WebVTT spec (or has no cue), in file order; [] if valid."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return [CaptionProblem(1, N_("soubor není v kódování UTF-8"))]
    lines = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    if not _HEADER.fullmatch(lines[0]):
        return [CaptionProblem(1, N_("první řádek musí začínat slovem WEBVTT"))]
    problems: list[CaptionProblem] = []
    if len(lines) > 1 and lines[1]:
        problems.append(
            CaptionProblem(2, N_("řádek %(line)s: za řádkem WEBVTT musí být prázdný řádek"))
        )
    state = _State(problems)
    for start, block in _blocks(lines):
        state.block(start, block)
    if not state.cues and not problems:
        problems.append(CaptionProblem(1, N_("soubor neobsahuje žádný titulek")))
    return problems


def _blocks(lines: list[str]):
    """(line number of its first line, its lines) for each run of non-empty lines after the
    header's; the header's own run (lines right under WEBVTT) is reported, then skipped."""
    number = 1
    while number < len(lines) and lines[number]:
        number += 1
    while number < len(lines):
        if not lines[number]:
            number += 1
            continue
        start = number
        while number < len(lines) and lines[number]:
            number += 1
        yield start + 1, lines[start:number]


class _State:
    def __init__(self, problems: list[CaptionProblem]) -> None:
        self.problems = problems
        self.cues = 0
        self.previous_start: float | None = None
        self.previous_text = ""
        self.regions: set[str] = set()

    def add(self, line: int, template: str, **args: Any) -> None:
        self.problems.append(CaptionProblem(line, template, args))

    def block(self, start: int, block: list[str]) -> None:
        first = block[0]
        if re.match(r"NOTE(?:[ \t]|$)", first) and "-->" not in first:
            for offset, line in enumerate(block[1:], start=start + 1):
                if "-->" in line:
                    self.add(offset, N_("řádek %(line)s: poznámka (NOTE) nesmí obsahovat „-->“"))
            return
        keyword = re.fullmatch(r"(STYLE|REGION)[ \t]*", first)
        if keyword and not any("-->" in line for line in block):
            kind = keyword[1]
            if self.cues:
                self.add(
                    start,
                    N_("řádek %(line)s: blok %(kind)s musí být před prvním titulkem"),
                    kind=kind,
                )
            if kind == "REGION":
                self.regions.update(re.findall(r"(?:^|[ \t])id:(\S+)", "\n".join(block[1:])))
            return
        timing_at = 0 if "-->" in first else 1
        if timing_at >= len(block) or "-->" not in block[timing_at]:
            self.add(start, N_("řádek %(line)s: chybí časování titulku (00:00.000 --> 00:01.000)"))
            return
        self.cue(start + timing_at, block[timing_at], block[timing_at + 1 :])

    def cue(self, number: int, timing: str, payload: list[str]) -> None:
        self.cues += 1
        match = _TIMING.fullmatch(timing)
        if not match:
            self.add(number, N_("řádek %(line)s: neplatné časování titulku"))
            return
        begin = self.timestamp(number, match[1])
        end = self.timestamp(number, match[2])
        if begin is not None and end is not None and end < begin:
            self.add(number, N_("řádek %(line)s: titulek končí dřív, než začne"))
        elif begin is not None and end == begin:
            self.add(number, N_("řádek %(line)s: titulek musí skončit později, než začne"))
        if begin is not None and self.previous_start is not None and begin < self.previous_start:
            self.add(
                number,
                N_(
                    "řádek %(line)s: titulek začíná (%(start)s) dřív než titulek před ním (%(previous)s); titulky musí jít po sobě podle času začátku"
                ),
                start=match[1],
                previous=self.previous_text,
            )
        elif begin is not None:
            self.previous_start, self.previous_text = begin, match[1]
        self.settings(number, match[3] or "")
        for offset, line in enumerate(payload, start=number + 1):
            if "-->" in line:
                self.add(
                    offset,
                    N_(
                        "řádek %(line)s: text titulku nesmí obsahovat „-->“; je-li to další titulek, oddělte ho prázdným řádkem"
                    ),
                )
            else:
                self.text(offset, line, begin, end)

    def timestamp(self, number: int, value: str) -> float | None:
        match = _TIMESTAMP.fullmatch(value)
        if not match:
            self.add(
                number,
                N_("řádek %(line)s: čas „%(time)s“ nemá tvar 00:00.000 nebo 00:00:00.000"),
                time=value,
            )
            return None
        hours, minutes, seconds, millis = match.groups()
        if int(minutes) > 59 or int(seconds) > 59:
            self.add(
                number,
                N_("řádek %(line)s: v čase „%(time)s“ jsou minuty nebo sekundy větší než 59"),
                time=value,
            )
            return None
        return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000

    def settings(self, number: int, settings: str) -> None:
        seen: set[str] = set()
        for setting in settings.split():
            name, colon, value = setting.partition(":")
            if name not in SETTINGS or not colon:
                self.add(
                    number,
                    N_(
                        "řádek %(line)s: neznámé nastavení titulku „%(setting)s“; povolená jsou vertical, line, position, size, align a region"
                    ),
                    setting=setting,
                )
            elif name in seen:
                self.add(
                    number,
                    N_("řádek %(line)s: nastavení %(name)s je u titulku uvedeno dvakrát"),
                    name=name,
                )
            elif not self.setting_valid(name, value):
                self.add(
                    number,
                    N_(
                        "řádek %(line)s: „%(setting)s“ není platné nastavení; %(name)s může být: %(allowed)s"
                    ),
                    setting=setting,
                    name=name,
                    allowed=SETTINGS[name],
                )
            seen.add(name)

    def setting_valid(self, name: str, value: str) -> bool:
        if name == "vertical":
            return value in ("rl", "lr")
        if name == "align":
            return value in ("start", "center", "end", "left", "right")
        if name == "region":
            return value in self.regions
        where, comma, alignment = value.partition(",")
        if name == "size" or not comma:
            alignment = None
        if name == "line":
            fits = bool(re.fullmatch(r"-?\d+", where)) or _percentage(where)
            return fits and alignment in (None, "start", "center", "end")
        if name == "position":
            return _percentage(where) and alignment in (None, "line-left", "center", "line-right")
        return _percentage(value)  # size

    def text(self, number: int, line: str, begin: float | None, end: float | None) -> None:
        for piece in re.finditer(r"<[^>]*>?|&[^&<]*", line):
            token = piece.group()
            if token.startswith("&"):
                reference = _REFERENCE.match(line, piece.start())
                if not reference or reference.group()[1:] not in html5:
                    self.add(number, N_("řádek %(line)s: znak & zapište jako &amp;"))
                    return
                continue
            if not token.endswith(">"):
                self.add(
                    number, N_("řádek %(line)s: značka „%(tag)s“ není uzavřená znakem >"), tag=token
                )
                return
            inner = token[1:-1]
            if inner[:1].isdigit():
                stamp = self.timestamp(number, inner)
                if (
                    stamp is not None
                    and begin is not None
                    and end is not None
                    and not begin < stamp < end
                ):
                    self.add(
                        number,
                        N_(
                            "řádek %(line)s: čas <%(time)s> v textu musí ležet mezi začátkem a koncem titulku"
                        ),
                        time=inner,
                    )
                continue
            closing = inner.startswith("/")
            tag = _START_TAG.fullmatch(inner[1:] if closing else inner)
            name = tag[1] if tag else inner
            if not tag or name not in _TAG_NAMES or (closing and (tag[2] or tag[3])):
                self.add(
                    number,
                    N_("řádek %(line)s: značka <%(tag)s> v titulcích není dovolena"),
                    tag=name,
                )
                return
            if not closing and name in _NEEDS_ANNOTATION and not (tag[3] or "").strip():
                self.add(
                    number,
                    N_(
                        "řádek %(line)s: značka <%(tag)s> potřebuje popisek, např. <v Jana> nebo <lang en>"
                    ),
                    tag=name,
                )
                return


def _percentage(value: str) -> bool:
    return bool(_PERCENT.fullmatch(value)) and float(value[:-1]) <= 100
