"""GIFT export (Moodle): every question kind, weights, feedback and escaping."""

from __future__ import annotations

from academy.courses.gift import category_path, escape, question_to_gift, quiz_to_gift
from academy.courses.quiz_source import parse_quiz


def gift(body: str) -> str:
    quiz = parse_quiz(body)
    assert quiz.problems == []
    return "\n\n".join(question_to_gift(q) for q in quiz.questions)


def test_single_choice_with_option_and_general_feedback():
    body = "### Kdo je tichý zákazník?\n\n(x) Odejde bez stížnosti\n  > Ano.\n( ) Stěžuje si\n\n> Proto je nebezpečný.\n"  # noqa: E501
    assert gift(body) == (
        "::Kdo je tichý zákazník?::[markdown]Kdo je tichý zákazník?{\n"
        "\t=Odejde bez stížnosti#Ano.\n"
        "\t~Stěžuje si\n"
        "\t####Proto je nebezpečný.\n"
        "}"
    )


def test_multiple_choice_weights_sum_to_100_and_wrong_options_are_negative():
    body = "### Které?\n\n- [x] A\n- [x] B\n- [x] C\n- [ ] D\n  > Ne.\n"
    assert gift(body) == (
        "::Které?::[markdown]Které?{\n"
        "\t~%33.33333%A\n"
        "\t~%33.33333%B\n"
        "\t~%33.33333%C\n"
        "\t~%-33.33333%D#Ne.\n"
        "}"
    )
    assert "~%100%A\n\t~%-100%B" in gift("### X?\n\n- [x] A\n- [ ] B\n")


def test_short_answer_with_alternatives_and_forms_without_diacritics():
    body = "### Jak se jmenuje model?\n\n= See-Think-Do-Care\nor= Péče\n\n> Kaushik.\n"
    assert gift(body) == (
        "::Jak se jmenuje model?::[markdown]Jak se jmenuje model?{\n"
        "\t=See-Think-Do-Care\n"
        "\t=Péče\n"
        "\t=Pece\n"
        "\t####Kaushik.\n"
        "}"
    )


def test_numeric_with_tolerance():
    assert gift("### Kolik?\n\n= 20 +- 2\n") == "::Kolik?::[markdown]Kolik?{#20:2}"
    assert gift("### Polovina z 85?\n\n= 42,5 +- 0,01\n\n> Počítejte.\n") == (
        "::Polovina z 85?::[markdown]Polovina z 85?{#42.5:0.01\n\t####Počítejte.\n}"
    )
    assert gift("### Teplota?\n\n= -3\n").endswith("{#-3:0}")


def test_special_characters_and_line_breaks_are_escaped():
    assert escape("a~b=c#d{e}f:g\\h\ni") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"
    body = "### Poměr 1:2 {x}?\nDruhý řádek = text.\n\n(x) A#1\n( ) B~2\n"
    assert gift(body) == (
        "::Poměr 1\\:2 \\{x\\}?::[markdown]Poměr 1\\:2 \\{x\\}?\\nDruhý řádek \\= text.{\n"
        "\t=A\\#1\n"
        "\t~B\\~2\n"
        "}"
    )


def test_category_path_escapes_slashes():
    assert category_path("Data / CX", "Kvíz") == "$course$/top/Data // CX/Kvíz"


def test_a_course_file_has_one_category_per_quiz_and_skips_empty_quizzes():
    first = parse_quiz("### A?\n\n= a\n").questions
    second = parse_quiz("### B?\n\n= 1\n").questions
    text = quiz_to_gift("Kurz", [("Kvíz 1", first), ("Prázdný", []), ("Kvíz 2", second)])
    assert text == (
        "// Kurz: quiz questions exported from CX akademie\n\n"
        "$CATEGORY: $course$/top/Kurz/Kvíz 1\n\n"
        "::A?::[markdown]A?{\n\t=a\n}\n\n"
        "$CATEGORY: $course$/top/Kurz/Kvíz 2\n\n"
        "::B?::[markdown]B?{#1:0}\n"
    )
