"""Course Markdown renders richly and nothing hostile survives sanitizing."""

from __future__ import annotations

import pytest

from academy.courses.rendering import render_markdown


def test_rich_markdown_features_render():
    html = render_markdown(
        "## Cíle a KPI\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n"
        'Text[^1]\n\n[^1]: Zdroj\n\n!!! tip "Tip"\n    Obsah\n\n```\nkód\n```\n\n'
        "![Mapa](media/mapa.svg)\n",
        media_base="/media/kurz/",
    )
    assert '<h2 id="cile-a-kpi">' in html
    assert 'class="headerlink"' in html
    assert "<table>" in html and 'align="right"' in html
    assert 'class="footnote"' in html
    assert 'class="admonition tip"' in html
    assert "<pre><code>kód" in html
    assert 'src="/media/kurz/mapa.svg"' in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<iframe src="https://evil.example"></iframe>',
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](  javascript:alert(1))",
        "[a](java&#x09;script:alert(1))",
        "[a](&#106;avascript:alert(1))",
        '<a href="jav&#x0A;ascript:alert(1)">a</a>',
        "[a](data:text/html;base64,PHNjcmlwdD4=)",
        "![a](data:image/svg+xml;base64,PHN2Zz4=)",
        '<div style="background:url(javascript:alert(1))">x</div>',
        "<form action=/x><input name=a></form>",
        "<style>body{display:none}</style>",
        'Odstavec\n{: onclick="alert(1)" }',
        '## Nadpis {: onmouseover="alert(1)" style="color:red" }',
        "<svg><script>alert(1)</script></svg>",
        '<object data="x.swf"></object><embed src="x">',
        "<a href='vbscript:msgbox(1)'>a</a>",
    ],
)
def test_hostile_markdown_is_neutralised(hostile):
    html = render_markdown(hostile).lower()
    for bad in (
        "<script",
        "onerror",
        "onclick",
        "onmouseover",
        "<iframe",
        "javascript:",
        "vbscript:",
        "data:",
        "style=",
        "<style",
        "<form",
        "<input",
        "<object",
        "<embed",
        "alert(1)",
    ):
        assert bad not in html, f"{bad!r} survived in {html!r}"


def test_safe_links_are_kept():
    html = render_markdown("[web](https://example.cz) [mail](mailto:a@b.cz) [kotva](#cil)")
    assert 'href="https://example.cz"' in html
    assert 'href="mailto:a@b.cz"' in html
    assert 'href="#cil"' in html


def test_a_wide_table_scrolls_in_a_wrapper_reachable_by_keyboard():
    from academy.courses.rendering import render_markdown

    html = render_markdown("| KPI | Cíl |\n|---|---|\n| Konverze | 5 % |\n")
    assert html.startswith('<div class="table-scroll" tabindex="0"><table>')
