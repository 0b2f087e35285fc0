"""Security headers, trusted hosts, private pages not cached, oversized bodies."""

from __future__ import annotations

from academy import create_app


def test_csp_and_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # not in development/tests


def test_templates_have_no_inline_scripts_or_styles(client, imported):
    html = client.get("/courses/demo-kurz").get_data(as_text=True)
    assert "<script>" not in html and " style=" not in html and "<style" not in html


def test_production_sends_hsts_and_trusts_only_its_own_host(database_url):
    app = create_app(
        {
            "ENV": "production",
            "SECRET_KEY": "a-long-production-secret",
            "DATABASE_URL": database_url,
            "BASE_URL": "https://akademie.example.cz",
        }
    )
    client = app.test_client()
    good = client.get("/healthz", base_url="https://akademie.example.cz")
    assert good.status_code == 200
    assert "max-age=31536000" in good.headers["Strict-Transport-Security"]
    poisoned = client.get("/healthz", base_url="https://evil.example")
    assert poisoned.status_code == 400


def test_private_pages_are_not_cached(auth, client):
    auth.create()
    auth.login()
    assert client.get("/my").headers["Cache-Control"] == "no-store"


def test_oversized_body_gets_413_not_500(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/login", data={"email": "x" * 5000})
    assert response.status_code == 413
    assert "Soubor je příliš velký" in response.get_data(as_text=True)
