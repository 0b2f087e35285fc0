"""deploy/nginx-academy.conf, run by a real nginx (Debian's) on loopback ports with a
throw-away certificate: plain HTTP redirects to HTTPS, and static files carry one
Cache-Control and the security headers the app sends on its own answers.

nginx is installed by .ci/run (and `make bench`); without it the test skips on a developer's
machine and fails under CI=true.
"""

from __future__ import annotations

import datetime
import http.client
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.validators import unavailable

ROOT = Path(__file__).resolve().parents[1]
HOST = "akademie.example.cz"
MEDIA_SECRET = "a-test-secret-of-the-deployed-nginx-0123456789"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
MAIN = """pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
{site}
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _certificate(run: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (run / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (run / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return run / "cert.pem", run / "key.pem"


@pytest.fixture
def nginx_media():
    """The media folder nginx serves: outside pytest's 0700 folders, since nginx started
    by root reads files as its unprivileged worker user."""
    folder = Path(tempfile.mkdtemp(prefix="academy-nginx-media-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def nginx(tmp_path, nginx_media):
    """nginx serving the deployed site on two loopback ports; yields (http port, https port)."""
    if NGINX is None:
        unavailable("nginx is missing: apt-get install nginx")
    cert, key = _certificate(tmp_path)
    plain, tls = _free_port(), _free_port()
    media = (ROOT / "deploy" / "nginx-media.conf").read_text(encoding="utf-8")
    (tmp_path / "secret.conf").write_text(f'set $academy_media_secret "{MEDIA_SECRET}";\n')
    for old, new in {
        "/etc/academy/nginx-media-secret.conf": str(tmp_path / "secret.conf"),
        "/srv/academy/instance/media/": f"{nginx_media}/",
    }.items():
        assert old in media, f"deploy/nginx-media.conf no longer contains {old!r}"
        media = media.replace(old, new)
    (tmp_path / "nginx-media.conf").write_text(media, encoding="utf-8")
    site = (ROOT / "deploy" / "nginx-academy.conf").read_text(encoding="utf-8")
    for old, new in {
        "listen 80;": f"listen 127.0.0.1:{plain};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{tls} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        f"/etc/letsencrypt/live/{HOST}/fullchain.pem": str(cert),
        f"/etc/letsencrypt/live/{HOST}/privkey.pem": str(key),
        "/srv/academy/deploy/nginx-media.conf": str(tmp_path / "nginx-media.conf"),
        "/srv/academy/academy/static/": f"{ROOT}/academy/static/",
    }.items():
        assert old in site, f"deploy/nginx-academy.conf no longer contains {old!r}"
        site = site.replace(old, new)
    conf = tmp_path / "nginx.conf"
    conf.write_text(MAIN.format(run=tmp_path, site=site), encoding="utf-8")
    command = [NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", tls), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield plain, tls
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(port: int, path: str, tls: bool, headers: dict | None = None):
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the throw-away certificate above
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": HOST, **(headers or {})})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_plain_http_is_redirected_to_https(nginx):
    plain, _ = nginx
    response = _get(plain, "/courses/demo?x=1", tls=False)
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/courses/demo?x=1"


def test_static_files_send_one_cache_control_and_the_security_headers(nginx):
    _, tls = nginx
    fingerprinted = _get(tls, "/static/css/academy.css?v=0123456789ab", tls=True)
    assert fingerprinted.status == 200
    headers = fingerprinted.headers
    assert headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert headers.get_all("Strict-Transport-Security") == ["max-age=31536000; includeSubDomains"]
    assert headers.get_all("Permissions-Policy") == ["camera=(), microphone=(), geolocation=()"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    plain = _get(tls, "/static/css/academy.css", tls=True)
    assert plain.headers.get_all("Cache-Control") == ["public, max-age=3600"]


def test_nginx_headers_match_the_apps(app, client):
    """The values nginx repeats for static files are the ones the app sends (production)."""
    site = (ROOT / "deploy" / "nginx-academy.conf").read_text(encoding="utf-8")
    response = client.get("/login")
    for header in ("Permissions-Policy", "X-Frame-Options", "Referrer-Policy"):
        assert f'{header} "{response.headers[header]}"' in site or (
            f"{header} {response.headers[header]} always" in site
        ), header


def test_nginx_checks_signed_recording_links_itself(nginx, nginx_media):
    """/recordings/ links are checked by nginx's secure_link with the app's own rule: no
    app runs here at all. A good link plays a range; expired, tampered, unsigned and
    another session's links are refused."""
    from academy.media import signing

    _, tls = nginx
    (nginx_media / "kurz").mkdir(mode=0o755)
    (nginx_media / "kurz" / "zaznam.webm").write_bytes(bytes(range(256)) * 8192)
    (nginx_media / "kurz" / "zaznam.webm").chmod(0o644)
    mine, other = "binding-of-my-session", "binding-of-another-learner"
    link = signing.sign("/recordings/kurz/zaznam.webm", mine, MEDIA_SECRET, 60)
    cookie = {"Cookie": f"{signing.BINDING_COOKIE}={mine}", "Range": "bytes=0-1023"}

    played = _get(tls, link, tls=True, headers=cookie)
    assert (played.status, played.getheader("Content-Range")) == (206, "bytes 0-1023/2097152")
    assert played.getheader("Cache-Control") == "private, max-age=900"

    foreign = {**cookie, "Cookie": f"{signing.BINDING_COOKIE}={other}"}
    assert _get(tls, link, tls=True, headers=foreign).status == 403
    assert _get(tls, link.replace("zaznam", "jiny"), tls=True, headers=cookie).status == 403
    assert _get(tls, link[:-2] + "AA", tls=True, headers=cookie).status == 403
    assert _get(tls, "/recordings/kurz/zaznam.webm", tls=True, headers=cookie).status == 403
    expired = signing.sign("/recordings/kurz/zaznam.webm", mine, MEDIA_SECRET, -5)
    assert _get(tls, expired, tls=True, headers=cookie).status == 410


def test_the_app_checks_a_link_as_nginx_does():
    """The same link, cookie and clock get the same answer from academy.media.signing."""
    from academy.media import signing

    path = "/recordings/kurz/zaznam.webm"
    link = signing.sign(path, "mine", MEDIA_SECRET, 60, now=1000)
    expires, given = link.split("?e=")[1].split("&s=")
    assert signing.check(path, expires, given, "mine", MEDIA_SECRET, now=1000) == 200
    assert signing.check(path, expires, given, "other", MEDIA_SECRET, now=1000) == 403
    assert signing.check(path, expires, given, "mine", MEDIA_SECRET, now=1061) == 410
    assert signing.check(path, None, None, "mine", MEDIA_SECRET, now=1000) == 403
