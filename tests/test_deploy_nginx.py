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
def nginx(tmp_path):
    """nginx serving the deployed site on two loopback ports; yields (http port, https port)."""
    if NGINX is None:
        unavailable("nginx is missing: apt-get install nginx")
    cert, key = _certificate(tmp_path)
    plain, tls = _free_port(), _free_port()
    media = (ROOT / "deploy" / "nginx-media.conf").read_text(encoding="utf-8")
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


def _get(port: int, path: str, tls: bool):
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the throw-away certificate above
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": HOST})
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
