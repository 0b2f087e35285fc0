"""CSV exports: UTF-8 with BOM, comma or semicolon, formulas neutralised, streamed."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import update

from academy.admin.exports import csv_lines, neutralise
from academy.auth.models import User
from academy.extensions import db


def test_cells_that_excel_would_run_as_formulas_are_neutralised():
    for value in ("=SUM(A1)", "+420 777", "-2+3", "@cmd", "\tx", "\rx"):
        assert neutralise(value) == "'" + value
    assert neutralise("Šárka") == "Šárka"
    assert neutralise("a=b") == "a=b"
    assert neutralise(None) == "" and neutralise(True) == "1" and neutralise(7) == "7"
    assert neutralise(87.5) == "87.5" and neutralise(87.5, decimal_comma=True) == "87,5"
    assert neutralise(datetime(2025, 1, 31, 23, 30, tzinfo=UTC)) == "2025-02-01 00:30"  # Prague


def test_csv_starts_with_a_bom_and_takes_a_semicolon():
    rows = [("Jiří Šťastný", "=1+1", 12.5)]
    comma = "".join(csv_lines(["Jméno", "Vzorec", "Skóre"], rows))
    semicolon = "".join(csv_lines(["Jméno", "Vzorec", "Skóre"], rows, semicolon=True))
    assert comma.startswith("\ufeffJméno,Vzorec,Skóre\r\n")
    assert comma.endswith("Jiří Šťastný,'=1+1,12.5\r\n")
    assert semicolon.endswith("Jiří Šťastný;'=1+1;12,5\r\n")


def test_a_large_export_streams_in_batches_without_reading_every_row_first():
    row = ("Šárka Nováková", "sarka@example.cz", "Kurz", datetime(2025, 1, 1, tzinfo=UTC), 3, 87.5)
    read = 0

    def rows():
        nonlocal read
        for _ in range(100_000):
            read += 1
            yield row

    chunks = csv_lines(["a"] * 6, rows())
    next(chunks)  # the BOM and header
    first_batch = next(chunks)
    assert read < 100_000  # the first rows went out before the last were fetched
    assert first_batch.count("\r\n") == read
    rest = [chunk.count("\r\n") for chunk in chunks]
    assert max(rest) == first_batch.count("\r\n")  # the rest in batches of the same size
    assert first_batch.count("\r\n") + sum(rest) == 100_000  # and every row is written


def _csv(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    delimiter = ";" if response.request.args.get("sep") == "semicolon" else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_progress_export_of_the_course(app, admin, journey):
    with app.app_context():
        db.session.execute(
            update(User)
            .where(User.id == journey.users["A"])
            .values(full_name='=HYPERLINK("http://x")')
        )
        db.session.commit()
    response = admin.client.get("/admin/exports/progress.csv?course=demo-kurz&sep=semicolon")
    assert response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = _csv(response)
    assert header[:3] == ["Jméno", "E-mail", "Kurz"]
    assert len(rows) == 7
    names = {r[0] for r in rows}
    assert '\'=HYPERLINK("http://x")' in names and "Účastník B" in names
    by_name = {r[0]: r for r in rows}
    assert by_name["Účastník E"][4:7] == ["1", "3", "33"]  # done, of, percent
    assert by_name["Účastník B"][9] == "4"  # days to complete


def test_silent_export_follows_the_filter(admin, journey):
    response = admin.client.get(
        "/admin/exports/progress.csv?course=demo-kurz&status=silent&days=14"
    )
    _header, *rows = _csv(response)
    assert sorted(r[0] for r in rows) == ["Účastník F", "Účastník G"]


def test_quiz_results_export(admin, journey):
    _header, *rows = _csv(admin.client.get("/admin/exports/quiz-results.csv?sep=semicolon"))
    assert len(rows) == 5
    scores = sorted(r[6] for r in rows)
    assert scores == ["37,5", "50", "50", "62,5", "87,5"]
