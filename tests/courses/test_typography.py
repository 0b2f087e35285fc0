"""Czech "vlna": non-breaking spaces where a Czech line must not break, in text only."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from academy.courses.rendering import render_markdown
from academy.typography import NBSP, tie, vlna


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jde k cíli", "jde k~cíli"),
        ("V kterém kroku a s kým", "V~kterém kroku a~s~kým"),
        ("o tom i u nás z domova", "o~tom i~u~nás z~domova"),
        ("(v praxi) „a co dál“", "(v~praxi) „a~co dál“"),
        ("klesla o 25 %", "klesla o~25~%"),
        ("stojí 1 200 Kč", "stojí 1~200~Kč"),
        ("tržby 1 296 000 Kč měsíčně", "tržby 1~296~000~Kč měsíčně"),
        ("do 5 minut, po 30 minutách", "do 5~minut, po 30 minutách"),
        ("text – pomlčka", "text~– pomlčka"),
        ("škála 0–10, 1–5", "škála 0–\u206010, 1–\u20605"),
        ("a\nv řádku", "a~v~řádku"),
    ],
)
def test_tie_puts_non_breaking_spaces_where_czech_asks_for_them(text, expected):
    assert tie(text).replace(NBSP, "~") == expected


@pytest.mark.parametrize(
    "text",
    [
        "https://example.cz/a v",  # the "a" belongs to the URL, the last v ends the text
        "Petra a",  # nothing follows the last word
        "rok 2024 150",  # four digits are not a spaced thousand
        "0,5 a 3,25",  # decimals stay as they are; only the "a " is tied
    ],
)
def test_tie_leaves_urls_ends_and_plain_numbers_alone(text):
    tied = tie(text)
    assert tied.replace(NBSP, " ") == text
    assert "https://example.cz/a" in tied if text.startswith("https") else True
    assert not tied.endswith(NBSP)


def test_a_one_letter_word_before_inline_markup_is_tied_to_it():
    html = render_markdown("Jde v **Praze** i _v Brně_.")
    assert html == "<p>Jde v&nbsp;<strong>Praze</strong> i&nbsp;<em>v&nbsp;Brně</em>.</p>"


def test_rendering_ties_text_but_not_code_urls_or_attributes():
    html = render_markdown(
        "Cena v Kč: `a v b`, odkaz [k webu](https://a.cz/k%20v?a=1 v) a "
        "<https://a.cz/x> a ![obrázek s popisem](media/a.svg)\n\n```\nk dispozici a 5 %\n```\n"
    )
    assert "<code>a v b</code>" in html
    assert 'href="https://a.cz/k%20v?a=1%20v"' in html or 'href="https://a.cz/k%20v?a=1 v"' in html
    assert ">https://a.cz/x</a>" in html
    assert 'alt="obrázek s popisem"' in html
    assert "<pre><code>k dispozici a 5 %\n</code></pre>" in html
    assert "Cena v&nbsp;Kč" in html and "odkaz <a" in html and ">k&nbsp;webu</a>" in html


def test_heading_ids_keep_plain_hyphens():
    html = render_markdown("## K cíli a KPI")
    assert '<h2 id="k-cili-a-kpi">K&nbsp;cíli a&nbsp;KPI' in html


def test_english_courses_are_not_tied():
    assert render_markdown("Go to a shop, pay 5 %", language="en") == (
        "<p>Go to a shop, pay 5 %</p>"
    )


def test_the_template_filter_ties_text_between_tags_and_keeps_markup():
    tied = vlna(Markup('Jděte <a href="/a v b" title="k webu">k webu</a> a zpět'))
    assert isinstance(tied, Markup)
    assert str(tied) == 'Jděte <a href="/a v b" title="k webu">k\u00a0webu</a> a\u00a0zpět'
    assert vlna("s námi") == "s\u00a0námi"
    assert vlna("s námi", "en") == "s námi"
    assert vlna(None) is None


def test_the_catalog_lead_reaches_the_page_tied(client):
    page = client.get("/", headers={"Accept-Language": "cs"})
    assert page.status_code == 200
    assert "zákaznické cesty, naslouchat zákazníkům a\u00a0rozhodovat" in page.get_data(
        as_text=True
    )
