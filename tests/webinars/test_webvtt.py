"""Captions are checked as strictly as the WebVTT spec requires (academy/webinars/webvtt.py),
and the W3C's own validator (webvtt.js, npm webvtt-parser) agrees on every file here: the
spec's kinds of valid file pass both, each broken file fails both at the same line, and
for valid files its cue times equal those the academy's transcript parser reads."""

from __future__ import annotations

import json
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.webinars.transcript import parse_vtt
from academy.webinars.webvtt import check_webvtt
from tests.validators import HERE, WEBVTT_PARSER, require

# Valid files in the shapes of the spec's examples: voices, classes, ruby, regions, styles,
# comments, karaoke timestamps, settings, BOM and CRLF, hours past 99.
VALID = {
    "voices": "WEBVTT\n\n00:11.000 --> 00:13.000\n<v Roger Bingham>We are in New York City\n\n"
    "00:13.000 --> 00:16.000\n<v Roger Bingham>We're actually at the Lucern Hotel, just down the street\n",
    "settings-and-markup": "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000 align:start position:10%,line-left\n"
    "<c.yellow.bg_blue>Ahoj</c> &amp; <i>světe</i> &lt;3 &nbsp;&lrm;&eacute;\n\n"
    "2\n00:00:02.500 --> 00:00:05.000 line:0 size:50% vertical:rl\n"
    "<ruby>漢<rt>kan</rt>字<rt>ji</rt></ruby>\n",
    "styles-and-comments": "WEBVTT\n\nSTYLE\n::cue(.loud) { color: yellow }\n\n"
    "NOTE komentář\nna dva řádky\n\n00:00:00.000 --> 00:00:20.000 align:left\n"
    "<v Fred>Hi, my name is Fred\n\n00:00:02.500 --> 00:00:22.500 align:left\n"
    "<v.loud Bill>Hi, I'm Bill\n",
    "karaoke": "WEBVTT\n\n00:16.500 --> 00:18.500\nWhen the moon <00:17.500>hits your eye\n\n"
    "00:18.500 --> 00:20.500\nLike a <00:19.000>big-a <00:19.500>pizza <00:20.000>pie\n",
    "bom-crlf-header": "\ufeffWEBVTT Titulky k webináři\r\n\r\n00:00.000 --> 00:01.000 line:-1,end\r\n"
    "<lang cs>Jiří Šťastný</lang>\r\n\r\n00:00.000 --> 00:02.000 line:50%,center align:right\r\n"
    "Stejný začátek je dovolen\r\n",
    "hours": "WEBVTT\n\n99:59:59.000 --> 100:00:01.000\nDlouhý záznam\n",
}
# webvtt.js predates REGION blocks (it reads one as a cue): the spec's region example is
# checked by the academy's validator alone.
REGIONS = (
    "WEBVTT\n\nREGION\nid:fred\nwidth:40%\nlines:3\nregionanchor:0%,100%\n"
    "viewportanchor:10%,90%\nscroll:up\n\n00:00:00.000 --> 00:00:20.000 region:fred align:left\n"
    "<v Fred>Hi, my name is Fred\n\n00:00:02.500 --> 00:00:22.500 region:fred align:left\n"
    "<v Bill>Hi, I'm Bill\n"
)
# Broken files: the first problem's line and message (Czech, as the studio shows it).
BROKEN = {
    "arrow-in-text": (
        "WEBVTT\n\n00:00.000 --> 00:01.000\nA pak --> další\n",
        4,
        "řádek 4: text titulku nesmí obsahovat „-->“; je-li to další titulek, oddělte ho prázdným řádkem",
    ),
    "out-of-order": (
        "WEBVTT\n\n00:02.000 --> 00:03.000\nDruhý\n\n00:00.000 --> 00:01.000\nPrvní\n",
        6,
        "řádek 6: titulek začíná (00:00.000) dřív než titulek před ním (00:02.000); titulky musí jít po sobě podle času začátku",
    ),
    "sixty-one-seconds": (
        "WEBVTT\n\n00:00:61.000 --> 00:01:02.000\nA\n",
        3,
        "řádek 3: v čase „00:00:61.000“ jsou minuty nebo sekundy větší než 59",
    ),
    "align-middle": (
        "WEBVTT\n\n00:00.000 --> 00:01.000 align:middle\nA\n",
        3,
        "řádek 3: „align:middle“ není platné nastavení; align může být: start | center | end | left | right",
    ),
    "one-digit-minutes": (
        "WEBVTT\n\n1:00.000 --> 01:02.000\nA\n",
        3,
        "řádek 3: čas „1:00.000“ nemá tvar 00:00.000 nebo 00:00:00.000",
    ),
    "no-space-around-arrow": (
        "WEBVTT\n\n00:00.000-->00:01.000\nA\n",
        3,
        "řádek 3: neplatné časování titulku",
    ),
    "ends-as-it-starts": (
        "WEBVTT\n\n00:01.000 --> 00:01.000\nA\n",
        3,
        "řádek 3: titulek musí skončit později, než začne",
    ),
    "no-blank-after-header": (
        "WEBVTT\nKind: captions\n\n00:00.000 --> 00:01.000\nA\n",
        2,
        "řádek 2: za řádkem WEBVTT musí být prázdný řádek",
    ),
    "unknown-setting": (
        "WEBVTT\n\n00:00.000 --> 00:01.000 barva:zluta\nA\n",
        3,
        "řádek 3: neznámé nastavení titulku „barva:zluta“; povolená jsou vertical, line, position, size, align a region",
    ),
    "setting-twice": (
        "WEBVTT\n\n00:00.000 --> 00:01.000 align:start align:end\nA\n",
        3,
        "řádek 3: nastavení align je u titulku uvedeno dvakrát",
    ),
    "size-over-100": (
        "WEBVTT\n\n00:00.000 --> 00:01.000 size:101%\nA\n",
        3,
        "řádek 3: „size:101%“ není platné nastavení; size může být: 0%…100%",
    ),
    "vertical-x": (
        "WEBVTT\n\n00:00.000 --> 00:01.000 vertical:x\nA\n",
        3,
        "řádek 3: „vertical:x“ není platné nastavení; vertical může být: rl | lr",
    ),
    "style-after-cue": (
        "WEBVTT\n\n00:00.000 --> 00:01.000\nA\n\nSTYLE\n::cue { color: red }\n",
        6,
        "řádek 6: blok STYLE musí být před prvním titulkem",
    ),
    "arrow-in-note": (
        "WEBVTT\n\nNOTE\nz 00:01 --> 00:02\n\n00:00.000 --> 00:01.000\nA\n",
        4,
        "řádek 4: poznámka (NOTE) nesmí obsahovat „-->“",
    ),
    "bare-ampersand": (
        "WEBVTT\n\n00:00.000 --> 00:01.000\nJiří & Eva\n",
        4,
        "řádek 4: znak & zapište jako &amp;",
    ),
    "unknown-tag": (
        "WEBVTT\n\n00:00.000 --> 00:01.000\n<font>A</font>\n",
        4,
        "řádek 4: značka <font> v titulcích není dovolena",
    ),
    "voice-without-name": (
        "WEBVTT\n\n00:00.000 --> 00:01.000\n<v>A</v>\n",
        4,
        "řádek 4: značka <v> potřebuje popisek, např. <v Jana> nebo <lang en>",
    ),
    "timestamp-outside-cue": (
        "WEBVTT\n\n00:00.000 --> 00:01.000\nA <00:05.000>B\n",
        4,
        "řádek 4: čas <00:05.000> v textu musí ležet mezi začátkem a koncem titulku",
    ),
    "region-not-defined": (
        "WEBVTT\n\n00:00.000 --> 00:01.000 region:nikde\nA\n",
        3,
        "řádek 3: „region:nikde“ není platné nastavení; region může být: id",
    ),
}


# Where webvtt.js counts lines differently: in cue text it names the line after the one
# with the problem, and for a misplaced block the line after the block; we name the line.
W3C_LINE_SHIFT = {
    "bare-ampersand": 1,
    "unknown-tag": 1,
    "voice-without-name": 1,
    "timestamp-outside-cue": 1,
    "style-after-cue": 2,
}


def _w3c(files: dict[str, str]) -> dict[str, dict]:
    """webvtt.js's errors and cues for each file, in one node run."""
    require(WEBVTT_PARSER, programs=("node",))
    result = subprocess.run(
        ["node", str(HERE / "webvtt-check.js")],
        input=json.dumps(files),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", list(VALID))
def test_valid_files_of_the_spec_have_no_problem(name):
    assert [p.message for p in check_webvtt(VALID[name].encode())] == []


def test_regions_defined_before_the_cues_are_valid():
    assert check_webvtt(REGIONS.encode()) == []
    late = REGIONS.replace("REGION\nid:fred", "REGION\nid:bert")
    assert [p.message for p in check_webvtt(late.encode())] == [
        "řádek 11: „region:fred“ není platné nastavení; region může být: id",
        "řádek 14: „region:fred“ není platné nastavení; region může být: id",
    ]


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_files_are_refused_at_their_line(name):
    text, line, message = BROKEN[name]
    first = check_webvtt(text.encode())[0]
    assert (first.line, first.message) == (line, message)


def test_the_w3c_validator_agrees_on_every_file():
    files = {**VALID, **{name: text for name, (text, _, _) in BROKEN.items()}}
    verdicts = _w3c(files)
    for name, text in VALID.items():
        assert verdicts[name]["errors"] == [], name
        ours = [(cue.start, cue.end) for cue in parse_vtt(text)]
        assert sorted(map(tuple, verdicts[name]["cues"])) == sorted(ours), name  # it sorts cues
    for name, (_, line, _) in BROKEN.items():
        lines = {error["line"] for error in verdicts[name]["errors"]}
        expected = line + W3C_LINE_SHIFT.get(name, 0)
        assert expected in lines, f"{name}: webvtt.js found {verdicts[name]['errors']}"


def test_the_demo_webinar_captions_are_valid_for_both():
    from pathlib import Path

    files = {
        path.name: path.read_text(encoding="utf-8")
        for folder in ("courses", "tests/fixtures")
        for path in sorted((Path(__file__).parents[2] / folder).rglob("*.vtt"))
    }
    assert len(files) >= 2
    assert {
        name: [p.message for p in check_webvtt(text.encode())] for name, text in files.items()
    } == {name: [] for name in files}
    assert {name: v["errors"] for name, v in _w3c(files).items()} == {name: [] for name in files}


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("WEBVT \t\n\r-><:.,%&;0123456789abcvlinegtp/"), max_size=120)
)
def test_any_text_gets_a_verdict_never_an_exception(text):
    problems = check_webvtt(("WEBVTT\n\n" + text).encode())
    assert all(problem.line >= 1 and problem.message for problem in problems)
