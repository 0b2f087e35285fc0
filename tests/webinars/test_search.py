"""Search across modules and transcripts, with or without diacritics, on either database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from academy.auth.models import User
from academy.courses.importer import import_path
from academy.extensions import db
from academy.webinars import search
from tests.webinars.conftest import add_webinar


def _page(client, query: str) -> str:
    return client.get("/search", query_string={"q": query}).get_data(as_text=True)


def test_without_diacritics_finds_the_moment_in_the_transcript(client, learner):
    html = _page(client, "duvera")
    assert 'href="/webinars/demo-kurz/webinar#t=15"' in html  # "Důvěra roste z malých…"
    assert "<mark>Důvěra</mark> roste z" in html
    assert "Přepis webináře" in html


def test_with_diacritics_and_several_words(client, learner):
    html = _page(client, "tichý zákazník")
    assert 'href="/webinars/demo-kurz/webinar#t=10"' in html
    assert _page(client, "TICHY zakaz").count('#t=10"') == 1  # prefixes, any case


def test_modules_are_found_by_their_text_and_title(client, learner):
    html = _page(client, "persony")
    assert 'href="/courses/demo-kurz/persony"' in html
    assert "Text <mark>druhé</mark> <mark>lekce</mark>" in _page(client, "druhe lekce")


def test_nothing_found_and_hostile_queries_are_harmless(client, learner):
    assert "Nic jsme nenašli" in _page(client, "xyzzy")
    for query in ['"', "*", "a OR b", "NEAR(", "duvera:* & !", "'; DROP TABLE x; --"]:
        assert client.get("/search", query_string={"q": query}).status_code == 200, query


def test_the_index_follows_the_courses(app, webinar, learner):
    media = Path(app.config["MEDIA_DIR"])
    with app.app_context():
        # the fixture's import indexed them (as `courses import` does)
        assert search.refresh_index(db.session, media) is False
        assert search.words_of("Důvěra, AI!") == ["duver", "ai"]
    (webinar / "02-persony.md").write_text(
        "---\ntitle: Persony\nkind: lesson\nminutes: 15\n---\n\nNově o loajalitě.\n", "utf-8"
    )
    with app.app_context():
        assert import_path(db.session, webinar.parent, media).ok
        db.session.commit()
        user = db.session.scalar(select(User))
        assert search.search(db.session, "loajalit", user) == []  # not refreshed yet
        assert search.refresh_index(db.session, media) is True
        assert [h.module.slug for h in search.search(db.session, "loajalit", user)] == ["persony"]


def test_czech_word_forms_are_found_without_diacritics(app, client, webinar, learner):
    """ "duvera" finds "důvěře", "zakaznika" finds "zákazníků": stems, not only prefixes."""
    (webinar / "02-persony.md").write_text(
        "---\ntitle: Persony\nkind: lesson\nminutes: 15\n---\n\n"
        "Persony stavíme na důvěře zákazníků a na jejich cestách.\n",
        "utf-8",
    )
    add_webinar(app, webinar)  # imports again and rebuilds the index, as `courses import` does
    html = _page(client, "duvera")
    assert "na <mark>důvěře</mark> zákazníků" in html
    assert 'href="/courses/demo-kurz/persony"' in html
    assert "<mark>zákazníků</mark>" in _page(client, "zakaznika")
    assert "<mark>cestách</mark>" in _page(client, "cesta duvera")


def test_searching_never_writes_the_index(app, client, webinar, learner):
    from sqlalchemy import func, select

    from academy.webinars.models import SearchEntry

    with app.app_context():
        db.session.execute(SearchEntry.__table__.delete())
        db.session.commit()
    assert "Nic jsme nenašli" in _page(client, "duvera")  # a GET searches what is there
    with app.app_context():
        assert db.session.scalar(select(func.count(SearchEntry.id))) == 0
