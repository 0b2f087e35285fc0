"""Finding one's certificate again: the completion page, Moje certifikáty, and links from
My learning and the course page."""

from __future__ import annotations

from tests.certificates.test_certificates import COURSE, _complete, _confirm


def test_completion_page_offers_the_certificate_sharing_and_what_next(auth, client, quiz_optional):
    response = _complete(auth)
    assert response.headers["Location"] == f"{COURSE}/certificate"  # the moment it completes
    page = client.get(f"{COURSE}/certificate").get_data(as_text=True)
    assert "<h1>Kurz dokončen</h1>" in page
    code = _confirm(auth, client)
    page = client.get(f"{COURSE}/certificate").get_data(as_text=True)
    assert f"/certificates/{code}/certificate.pdf" in page
    assert "linkedin.com/profile/add" in page and f'href="/certificates/{code}"' in page
    assert "Co dál" in page


def test_my_certificates_and_links_to_them(auth, client, quiz_optional):
    empty = client.get("/my/certificates")
    assert empty.status_code == 302  # signed out: to the sign-in page
    _complete(auth)
    html = client.get(COURSE).get_data(as_text=True)
    assert "Získat certifikát" in html  # issued, the name not yet confirmed
    code = _confirm(auth, client)
    html = client.get(COURSE).get_data(as_text=True)
    assert "Získat certifikát" not in html and "Zobrazit certifikát" in html
    mine = client.get("/my/certificates").get_data(as_text=True)
    assert "Ukázkový kurz – Šťastné cesty" in mine and code in mine and "Platný" in mine
    learning = client.get("/my").get_data(as_text=True)
    assert 'href="/my/certificates"' in learning and f'href="{COURSE}/certificate"' in learning


def test_my_certificates_shows_only_ones_own(auth, client, quiz_optional):
    _complete(auth)
    code = _confirm(auth, client)
    auth.logout()
    auth.create(email="jina@example.cz", name="Jiná Studentka")
    auth.login(email="jina@example.cz")
    html = client.get("/my/certificates").get_data(as_text=True)
    assert code not in html and "Zatím nemáte žádný certifikát" in html


def test_the_instructors_signature_image_is_taken_from_the_configured_folder(
    app, auth, client, quiz_optional, tmp_path
):
    import io

    import pikepdf
    from PIL import Image

    Image.new("RGB", (300, 80), (15, 76, 92)).save(tmp_path / "jiri@example.cz.png")
    app.config["CERTIFICATE_SIGNATURES_DIR"] = str(tmp_path)
    _complete(auth, email="learner@example.cz", name="Marie Nová")
    code = _confirm(auth, client, "Marie Nová")
    data = client.get(f"/certificates/{code}/certificate.pdf").data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        sizes = [(int(i.Width), int(i.Height)) for i in pdf.pages[0].get_images().values()]
    assert (300, 80) in sizes
