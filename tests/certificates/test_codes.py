"""Codes people can read and type: no look-alikes in new codes, forgiving look-up, and
codes issued before keep working."""

from __future__ import annotations

import re

from sqlalchemy import select, update

from academy.certificates import codes
from academy.certificates.models import Certificate
from academy.extensions import db
from tests.certificates.test_certificates import _complete, _confirm


def test_new_codes_have_no_look_alike_characters():
    for _ in range(200):
        code = codes.new_code()
        assert re.fullmatch(r"([^-]{4}-){4}[^-]{4}", code)
        assert not set(code) & set("01IlOo")


def test_typed_codes_are_normalised():
    code = "K7QF-3MZD-W9XA-2PRT-HC6N"
    for typed in (
        "k7qf3mzdw9xa2prthc6n",
        " K7QF 3MZD W9XA 2PRT HC6N ",
        "K7QF–3MZD—W9XA-2PRT-HC6N",
        "Ｋ７ＱＦ-3MZD-W9XA-2PRT-HC6N",
        "K7QF-3MZD-W9ХА-2PRT-НC6N",
    ):
        assert codes.normalise(typed) == code, typed
    assert codes.normalise("K7QF-3MZD-W9XA-2PRT-HC6") is None  # one character short
    assert codes.normalise("K7QF-3MZD-W9XA-2PRT-HC60") is None  # 0 is never printed


def test_a_mistyped_code_finds_the_certificate_and_a_wrong_one_asks_again(
    app, auth, client, quiz_optional
):
    _complete(auth)
    code = _confirm(auth, client)
    anonymous = app.test_client()
    sloppy = code.lower().replace("-", " ")
    response = anonymous.get("/certificates", query_string={"code": sloppy})
    assert response.status_code == 302 and response.headers["Location"] == f"/certificates/{code}"
    # the address itself forgives too, and settles on the printed form
    moved = anonymous.get(f"/certificates/{code.lower()}")
    assert moved.status_code == 301 and moved.headers["Location"] == f"/certificates/{code}"
    wrong = anonymous.get("/certificates", query_string={"code": "AAAA-BBBB-CCCC-DDDD-EEEE"})
    html = wrong.get_data(as_text=True)
    assert wrong.status_code == 404
    assert "Certifikát s kódem AAAA-BBBB-CCCC-DDDD-EEEE jsme nenašli" in html
    assert 'name="code"' in html and 'value="AAAA-BBBB-CCCC-DDDD-EEEE"' in html  # try again
    empty = anonymous.get("/certificates?code=")
    assert empty.status_code == 404 and "Opište kód z certifikátu." in empty.get_data(as_text=True)
    page = anonymous.get(f"/certificates/{code}").get_data(as_text=True)
    assert 'action="/certificates"' in page  # the verification page offers the field too


def test_codes_issued_before_keep_working(app, auth, client, quiz_optional):
    _complete(auth)
    code = _confirm(auth, client)
    old = "Ab3_xY9-kLmNoPqRsTuVw1"  # 22 URL-safe characters, as issued before
    with app.app_context():
        db.session.execute(update(Certificate).where(Certificate.code == code).values(code=old))
        db.session.commit()
    anonymous = app.test_client()
    page = anonymous.get(f"/certificates/{old}")
    assert page.status_code == 200 and "Platný" in page.get_data(as_text=True)
    assert anonymous.get("/certificates", query_string={"code": old}).status_code == 302
    assert anonymous.get(f"/certificates/{old.lower()}").status_code == 404  # case-sensitive
    with app.app_context():
        assert db.session.scalar(select(Certificate.code)) == old
