"""Certificate issue under parallel requests over real HTTP: exactly one (SQLite, PG)."""

from __future__ import annotations

import re

from sqlalchemy import func, select, update

from academy.certificates.models import Certificate, CertificateEvent, CertificateEventKind
from academy.courses.models import Module, ModuleKind
from academy.extensions import db
from academy.learning.models import ModuleProgress
from tests.browser import Browser, in_parallel

PARALLEL = 8
COURSE = "/courses/demo-kurz"


def _learner_before_the_last_lesson(app, auth, live_server) -> Browser:
    with app.app_context():  # the two lessons complete the course
        db.session.execute(
            update(Module).where(Module.kind == ModuleKind.QUIZ).values(required=False)
        )
        db.session.commit()
    auth.create()
    browser = Browser(live_server)
    browser.log_in("jiri@example.cz")
    assert browser.post(f"{COURSE}/enrol")[0] == 302
    assert browser.post(f"{COURSE}/uvod/done")[0] == 302
    return browser


def _events(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(CertificateEvent.kind)))


def _assert_calm(results, caplog, answers=(302,)) -> None:
    assert all(status in answers for status, _ in results), results
    assert "database is locked" not in caplog.text
    assert "unhandled error" not in caplog.text


def test_parallel_completions_issue_one_certificate(app, auth, imported, live_server, caplog):
    browser = _learner_before_the_last_lesson(app, auth, live_server)
    results = in_parallel(PARALLEL, lambda _: browser.post(f"{COURSE}/persony/done"))
    _assert_calm(results, caplog)
    with app.app_context():
        assert db.session.scalar(select(func.count(Certificate.id))) == 1
        assert db.session.scalar(select(func.count(ModuleProgress.id))) == 2
    assert _events(app) == [CertificateEventKind.ISSUED]


def test_parallel_name_confirmations_make_one_pdf(app, auth, imported, live_server, caplog):
    browser = _learner_before_the_last_lesson(app, auth, live_server)
    assert browser.post(f"{COURSE}/persony/done")[0] == 302
    names = [f"Jiří Šťastný {i}" for i in range(PARALLEL)]
    results = in_parallel(
        PARALLEL, lambda i: browser.post(f"{COURSE}/certificate", {"full_name": names[i]})
    )
    _assert_calm(results, caplog, (200, 302))  # later ones see the certificate page
    assert _events(app) == [CertificateEventKind.ISSUED, CertificateEventKind.NAME_CONFIRMED]
    with app.app_context():
        certificate = db.session.scalar(select(Certificate))
        assert certificate.full_name in names and certificate.pdf
    html = browser.request(f"{COURSE}/certificate")[1]
    code = re.search(r"/certificates/([A-Z0-9-]{24})/certificate.pdf", html).group(1)
    assert code == certificate.code
