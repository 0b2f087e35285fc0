"""`courses check`: one course folder built per test, one mistake per error class.

Every test asserts the whole `file:line: severity: message` text the instructor sees, read
in English (tests/courses/wording.py); the Czech originals are checked at the end.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.courses.checker import check_path
from tests.courses.wording import in_english

COURSE_MD = """---
title: Kurz
language: cs
certificate:
  required_modules: [uvod, kviz]
  pass_mark: 70
---

Přehled kurzu.
"""
LESSON = """---
title: Úvod
kind: lesson
minutes: 10
---

Text s obrázkem ![Mapa](media/mapa.svg) a [odkazem](media/mapa.svg).
"""
QUIZ = """---
title: Kvíz
kind: quiz
minutes: 5
pass_mark: 70
show_answers: after_pass
---

### Platí to?

(x) Ano
( ) Ne

### Kolik?

= 20 +- 2
"""
WEBINAR = """---
title: Záznam
kind: webinar
minutes: 30
video: media/zaznam.webm
captions:
  - src: media/zaznam.cs.vtt
    lang: cs
    label: Čeština
chapters:
  - {start: "00:00", title: Úvod}
---

O čem webinář je.
"""
GOOD = {
    "course.md": COURSE_MD,
    "01-uvod.md": LESSON,
    "02-kviz.md": QUIZ,
    "03-zaznam.md": WEBINAR,
    "media/mapa.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
    "media/zaznam.webm": "",
    "media/zaznam.cs.vtt": "WEBVTT\n\n00:00.000 --> 00:01.500\nÚvod\n",
}


def write_course(root: Path, changes: dict[str, str | None], slug: str = "kurz") -> Path:
    """The good course with some files replaced (or removed, with None); returns its parent."""
    folder = root / slug
    for name, text in {**GOOD, **changes}.items():
        if text is not None:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    return root


def problems_in(tmp_path: Path, changes: dict[str, str | None], slug: str = "kurz") -> list[str]:
    _, problems = check_path(write_course(tmp_path, changes, slug))
    return [in_english(p) for p in problems]


def test_the_good_course_has_no_problems_at_all(tmp_path):
    assert problems_in(tmp_path, {}) == []


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "title: [neuzavřeno\nkind: lesson",
            "3: error: malformed YAML front matter: expected ',' or ']', but got ':' (while parsing a flow sequence that starts on line 2)",
        ),
        (
            "title: Webinář: CX\nkind: lesson",
            "2: error: malformed YAML front matter: mapping values are not allowed here; put a value that contains ': ' in quotes, e.g. title: \"Webinář: CX\"",
        ),
        (
            "title: Úvod\nkind: lesson\n\tminutes: 5",
            "4: error: malformed YAML front matter: found character '\\t' that cannot start any token; indent with spaces, not tabs",
        ),
    ],
)
def test_malformed_yaml_names_the_line_and_how_to_fix_it(tmp_path, front, expected):
    assert problems_in(tmp_path, {"01-uvod.md": f"---\n{front}\n---\n\nText.\n"}) == [
        f"kurz/01-uvod.md:{expected}"
    ]


def test_front_matter_must_open_and_close(tmp_path):
    assert problems_in(tmp_path, {"01-uvod.md": "# Úvod\n\nText.\n"}) == [
        "kurz/01-uvod.md:1: error: file must start with '---' and YAML front matter"
    ]
    assert problems_in(tmp_path, {"01-uvod.md": "---\ntitle: Úvod\n\nText.\n"}) == [
        "kurz/01-uvod.md:1: error: front matter is not closed by a '---' line"
    ]


def test_missing_titles(tmp_path):
    lesson = LESSON.replace("title: Úvod\n", "")
    course = COURSE_MD.replace("title: Kurz", "title: ''")
    assert problems_in(tmp_path, {"01-uvod.md": lesson, "course.md": course}) == [
        "kurz/course.md:2: error: course title is missing; add 'title: ...'",
        "kurz/01-uvod.md:1: error: module title is missing; add 'title: ...'",
    ]


def test_unknown_kind(tmp_path):
    lesson = LESSON.replace("kind: lesson", "kind: podcast\npassmark: 5")
    assert problems_in(tmp_path, {"01-uvod.md": lesson}) == [
        "kurz/01-uvod.md:3: error: unknown kind 'podcast'; use one of lesson, webinar, quiz, assignment, journey_map",
        "kurz/01-uvod.md:4: warning: unknown key 'passmark' in a module; did you mean 'pass_mark'?",
    ]


def test_duplicate_module_slug_and_number(tmp_path):
    assert problems_in(tmp_path / "a", {"04-uvod.md": LESSON}) == [
        "kurz/04-uvod.md:1: error: duplicate module slug 'uvod' (also kurz/01-uvod.md)"
    ]
    assert problems_in(tmp_path / "b", {"01-dalsi.md": LESSON}) == [
        "kurz/01-uvod.md:1: error: duplicate module number 01 (also kurz/01-dalsi.md)"
    ]


def test_invalid_module_slug_file_name_and_course_folder(tmp_path):
    assert problems_in(tmp_path, {"04-Bonus_navic.md": LESSON, "uvod.md": LESSON}) == [
        "kurz/04-Bonus_navic.md:1: error: module slug 'Bonus_navic' is not a valid slug "
        "(lowercase letters, digits and hyphens)",
        "kurz/uvod.md:1: error: module file names must look like 'NN-module-slug.md'",
    ]
    assert problems_in(tmp_path / "other", {}, slug="Muj_Kurz") == [
        "Muj_Kurz: error: course folder name 'Muj_Kurz' is not a valid slug "
        "(lowercase letters, digits and hyphens)"
    ]


def test_broken_relative_link_and_image(tmp_path):
    lesson = LESSON + "\nViz [příručka](media/prirucka.pdf).\n\n![Graf](media/graf.png)\n"
    assert problems_in(tmp_path, {"01-uvod.md": lesson}) == [
        "kurz/01-uvod.md:9: error: broken link: 'media/prirucka.pdf' does not exist in the course folder",
        "kurz/01-uvod.md:11: error: broken link: 'media/graf.png' does not exist in the course folder",
    ]


def test_links_in_code_are_not_checked_and_reference_links_are(tmp_path):
    lesson = LESSON + "\n`![x](media/neni.svg)`\n\n```\n[a](b.md)\n```\n\n[ref]: media/neni.pdf\n"
    assert problems_in(tmp_path, {"01-uvod.md": lesson}) == [
        "kurz/01-uvod.md:15: error: broken link: 'media/neni.pdf' does not exist in the course folder"
    ]


def test_links_must_stay_in_media(tmp_path):
    lesson = LESSON + "\n[další](02-kviz.md) [ven](../jiny/course.md) [x](course.md)\n"
    assert problems_in(tmp_path, {"01-uvod.md": lesson}) == [
        "kurz/01-uvod.md:9: error: link to '02-kviz.md' does not work on the site; "
        "link the module's page instead: /courses/kurz/kviz",
        "kurz/01-uvod.md:9: error: '../jiny/course.md' points outside the course folder",
        "kurz/01-uvod.md:9: error: 'course.md' is not in media/; only files in media/ are "
        "published, so move it there and link 'media/...'",
    ]


def test_missing_webinar_video_and_captions(tmp_path):
    changes = {"media/zaznam.webm": None, "media/zaznam.cs.vtt": None}
    assert problems_in(tmp_path, changes) == [
        "kurz/03-zaznam.md:5: error: broken link: 'media/zaznam.webm' does not exist in the course folder",
        "kurz/03-zaznam.md:7: error: broken link: 'media/zaznam.cs.vtt' does not exist in the course folder",
    ]


def test_webinar_media_rules(tmp_path):
    webinar = (
        WEBINAR.replace("media/zaznam.webm", "http://example.cz/v.webm")
        .replace("src: media/zaznam.cs.vtt", "src: media/zaznam.srt")
        .replace('{start: "00:00", title: Úvod}', '{start: "1:2:3:4", title: Úvod}')
    )
    assert problems_in(tmp_path, {"03-zaznam.md": webinar}) == [
        "kurz/03-zaznam.md:5: error: 'http://example.cz/v.webm' must use https://",
        "kurz/03-zaznam.md:7: error: caption file 'media/zaznam.srt' must be a WebVTT .vtt file",
        "kurz/03-zaznam.md:11: error: chapter {'start': '1:2:3:4', 'title': 'Úvod'} needs "
        "'start: MM:SS' (or HH:MM:SS) and 'title:'",
    ]
    no_video = WEBINAR.replace("video: media/zaznam.webm\n", "")
    assert problems_in(tmp_path, {"03-zaznam.md": no_video}) == [
        "kurz/03-zaznam.md:1: error: webinar has no video; add 'video: media/file.mp4' or an "
        "https:// URL"
    ]


def _quiz(body: str, front: str = "") -> dict[str, str]:
    return {"02-kviz.md": f"---\ntitle: Kvíz\nkind: quiz\nminutes: 5\n{front}---\n\n{body}"}


def test_question_with_no_correct_answer(tmp_path):
    assert problems_in(tmp_path, _quiz("### Platí to?\n\n( ) Ano\n( ) Ne\n")) == [
        "kurz/02-kviz.md:7: error: question has no correct answer; mark one with (x) or [x]"
    ]


def test_single_choice_with_two_correct(tmp_path):
    assert problems_in(tmp_path, _quiz("### Platí to?\n\n(x) Ano\n(x) Ne\n")) == [
        "kurz/02-kviz.md:7: error: single-choice question has more than one correct option; "
        "use '- [x]' options for several correct answers"
    ]


def test_numeric_answer_that_is_not_a_number(tmp_path):
    assert problems_in(tmp_path, _quiz("### Kolik?\n\n= dvacet +- 2\n")) == [
        "kurz/02-kviz.md:9: error: numeric answer 'dvacet +- 2' is not a number with an "
        "optional tolerance, e.g. '= 20 +- 2'"
    ]


def test_other_question_mistakes(tmp_path):
    body = (
        "### A?\n\n- [x] Jedna\n- [ ] Jedna\n\n"  # 7: a duplicate option
        "### B?\n\n= 1 +- 0\n= 2 +- 0\n\n"  # 12: two numbers
        "### C?\n\n(x) Ano\n\n"  # 17: one option only
        "### A?\n\n- [x] Jedna\n- [ ] Dvě\n"  # 21: the same question again
    )
    assert problems_in(tmp_path, _quiz(body)) == [
        "kurz/02-kviz.md:10: error: option 'Jedna' appears twice in this question; keep one",
        "kurz/02-kviz.md:15: error: a numeric question takes one '= number +- tolerance' line",
        "kurz/02-kviz.md:17: error: a choice question needs at least two options",
        "kurz/02-kviz.md:21: warning: the same question is already on line 7",
    ]


def test_unknown_quiz_setting_values(tmp_path):
    front = "pass_mark: 120\nshuffle: ano\nshow_answers: vzdy\nmax_attempts: -1\n"
    assert problems_in(tmp_path, _quiz("### A?\n\n= a\n", front)) == [
        "kurz/02-kviz.md:5: error: pass_mark must be a whole number from 0 to 100",
        "kurz/02-kviz.md:6: error: shuffle must be true or false",
        "kurz/02-kviz.md:7: error: show_answers must be after_pass, after_each_attempt, after_last_attempt or never",
        "kurz/02-kviz.md:8: error: max_attempts must be a whole number, 0 for unlimited",
    ]


def test_answers_never_shown_when_attempts_are_unlimited_is_a_warning(tmp_path):
    front = "show_answers: after_last_attempt\n"
    assert problems_in(tmp_path, _quiz("### A?\n\n= a\n", front)) == [
        "kurz/02-kviz.md:5: warning: show_answers: after_last_attempt never shows the answers "
        "when attempts are unlimited; set max_attempts or another value"
    ]


def test_bad_certificate_rules(tmp_path):
    course = COURSE_MD.replace("[uvod, kviz]", "[uvod, zaver]").replace(
        "pass_mark: 70", "pass_mark: 150\n  passmark: 70"
    )
    assert problems_in(tmp_path, {"course.md": course}) == [
        "kurz/course.md:5: error: required module 'zaver' does not exist in this course; use a "
        "module slug (the file name without 'NN-' and '.md')",
        "kurz/course.md:6: error: certificate pass_mark must be a whole number from 0 to 100",
        "kurz/course.md:7: warning: unknown certificate rule 'passmark'; did you mean 'pass_mark'?",
    ]
    course = COURSE_MD.replace("required_modules: [uvod, kviz]", "required_modules: some")
    assert problems_in(tmp_path, {"course.md": course}) == [
        "kurz/course.md:5: error: required_modules must be 'all' or a list of module slugs"
    ]


def test_course_metadata_values(tmp_path):
    course = COURSE_MD.replace(
        "language: cs", "language: de\nlevel: expert\nestimated_hours: -1\ninstructors: [{}]"
    )
    assert problems_in(tmp_path, {"course.md": course}) == [
        "kurz/course.md:3: error: language must be one of cs, en",
        "kurz/course.md:4: error: level must be one of beginner, intermediate, advanced",
        "kurz/course.md:5: error: estimated_hours must be a positive number",
        "kurz/course.md:6: error: each instructor needs a name: '- name: Jana Nováková'",
    ]


def test_unknown_keys_are_warnings_with_a_hint(tmp_path):
    lesson = LESSON.replace("minutes: 10", "minuts: 10\nvideo: media/zaznam.webm\nautor: Jana")
    course = COURSE_MD.replace("language: cs", "langauge: cs")
    assert problems_in(tmp_path, {"01-uvod.md": lesson, "course.md": course}) == [
        "kurz/course.md:3: warning: unknown key 'langauge' in course.md; did you mean 'language'?",
        "kurz/01-uvod.md:1: warning: module has no estimated time; add 'minutes: N'",
        "kurz/01-uvod.md:4: warning: unknown key 'minuts' in a lesson module; did you mean 'minutes'?",
        "kurz/01-uvod.md:5: warning: 'video' is only used by webinar modules; it is ignored in a lesson module",
        "kurz/01-uvod.md:6: warning: unknown key 'autor' in a lesson module; it is ignored",
    ]


def test_duplicate_front_matter_key_is_an_error(tmp_path):
    lesson = LESSON.replace("minutes: 10", "minutes: 10\ntitle: Úvod znovu")
    assert problems_in(tmp_path, {"01-uvod.md": lesson}) == [
        "kurz/01-uvod.md:5: error: key 'title' appears twice in the front matter "
        "(first on line 2); keep one"
    ]


def test_lesson_without_text_is_an_error_and_webinar_without_text_a_warning(tmp_path):
    lesson = LESSON.split("---\n\n")[0] + "---\n"
    webinar = WEBINAR.split("---\n\n")[0] + "---\n"
    assert problems_in(tmp_path, {"01-uvod.md": lesson, "03-zaznam.md": webinar}) == [
        "kurz/01-uvod.md:1: error: lesson has no text; write the lesson below the front matter",
        "kurz/03-zaznam.md:1: warning: webinar has no text; say what it covers below the front "
        "matter",
    ]


def test_missing_path_and_folder_without_courses(tmp_path):
    assert [in_english(p) for p in check_path(tmp_path / "neni")[1]] == [
        f"{tmp_path / 'neni'}: error: no such file or folder; give a course folder "
        "(one with course.md) or a folder of courses"
    ]
    assert [in_english(p) for p in check_path(tmp_path)[1]] == [
        f"{tmp_path}: error: no course found: a course is a folder with course.md, "
        "e.g. courses/my-course/course.md"
    ]


def test_a_file_inside_a_course_checks_that_course(tmp_path):
    write_course(tmp_path, {})
    courses, problems = check_path(tmp_path / "kurz" / "01-uvod.md")
    assert [c.slug for c in courses] == ["kurz"] and problems == []


def test_cli_warnings_print_but_exit_zero(runner, tmp_path):
    write_course(tmp_path, {"01-uvod.md": LESSON.replace("minutes: 10\n", "")})
    result = runner.invoke(args=["courses", "check", str(tmp_path)])
    assert result.exit_code == 0
    assert "kurz/01-uvod.md:1: warning: modul nemá odhadovaný čas; doplňte 'minutes: N'" in (
        result.output
    )
    assert "0 errors, 1 warning." in result.output


def test_cli_errors_exit_one(runner, tmp_path):
    write_course(tmp_path, {"01-uvod.md": LESSON.replace("kind: lesson", "kind: lekce")})
    result = runner.invoke(args=["courses", "check", str(tmp_path / "kurz")])
    assert result.exit_code == 1
    assert "kurz/01-uvod.md:3: error: neznámý druh modulu (kind) 'lekce'" in result.output
    assert "1 error, 0 warnings." in result.output


def test_cli_prints_messages_in_czech_unless_english_is_asked_for(runner, tmp_path):
    write_course(tmp_path, {"01-uvod.md": LESSON.replace("media/mapa.svg)", "media/chybi.svg)")})
    czech = runner.invoke(args=["courses", "check", str(tmp_path)])
    english = runner.invoke(args=["courses", "check", "--lang", "en", str(tmp_path)])
    line = "kurz/01-uvod.md:7: error: "
    assert line + "nefunkční odkaz: soubor 'media/chybi.svg' ve složce kurzu není" in czech.output
    assert line + "broken link: 'media/chybi.svg' does not exist in the course folder" in (
        english.output
    )
    assert czech.exit_code == english.exit_code == 1


def test_cli_prints_messages_in_the_apps_configured_language(app, runner, tmp_path):
    write_course(tmp_path, {"01-uvod.md": LESSON.replace("minutes: 10\n", "")})
    app.config["BABEL_DEFAULT_LOCALE"] = "en"  # as ACADEMY_BABEL_DEFAULT_LOCALE=en sets it
    result = runner.invoke(args=["courses", "check", str(tmp_path)])
    assert "kurz/01-uvod.md:1: warning: module has no estimated time; add 'minutes: N'" in (
        result.output
    )


def test_cli_missing_path_gives_a_clear_message_and_exit_one(runner, tmp_path):
    result = runner.invoke(args=["courses", "check", str(tmp_path / "kurzy")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'kurzy'}: error: soubor ani složka neexistuje" in result.output


def test_caption_files_are_checked_as_webvtt_at_their_own_lines(tmp_path):
    broken = "WEBVTT\n\n00:00:05.000 --> 00:00:61.000\nA\n\n00:00:01.000 --> 00:00:02.000 align:middle\nB\n"
    assert problems_in(tmp_path, {"media/zaznam.cs.vtt": broken}) == [
        "kurz/media/zaznam.cs.vtt:3: error: line 3: the time “00:00:61.000” has minutes or seconds over 59",
        "kurz/media/zaznam.cs.vtt:6: error: line 6: the cue starts (00:00:01.000) before the cue above it (00:00:05.000); cues must be in order of their start times",
        "kurz/media/zaznam.cs.vtt:6: error: line 6: “align:middle” is not a valid setting; align can be: start | center | end | left | right",
    ]


def test_an_image_right_below_a_tip_quote_is_pointed_out(tmp_path):
    lesson = LESSON + "\n> Tip: začněte personou.\n![Mapa](media/mapa.svg)\n"
    assert problems_in(tmp_path, {"01-uvod.md": lesson}) == [
        "kurz/01-uvod.md:10: warning: the image right below a quote (a line starting with >) "
        "becomes part of it; separate them with an empty line"
    ]
    apart = LESSON + "\n> Tip: začněte personou.\n\n![Mapa](media/mapa.svg)\n"
    assert problems_in(tmp_path / "apart", {"01-uvod.md": apart}) == []


def test_reminder_schedule_must_be_days(tmp_path):
    for good in ("reminders: [3, 10]", "reminders: []", "reminders: false"):
        course = COURSE_MD.replace("language: cs", f"language: cs\n{good}")
        assert problems_in(tmp_path, {"course.md": course}) == [], good
    for bad in ("reminders: [3, 3]", "reminders: [0]", "reminders: tři", "reminders: [2.5]"):
        course = COURSE_MD.replace("language: cs", f"language: cs\n{bad}")
        assert problems_in(tmp_path, {"course.md": course}) == [
            "kurz/course.md:4: error: reminders must be a list of different numbers of days "
            "from 1 to 90, e.g. [3, 10]"
        ], bad
