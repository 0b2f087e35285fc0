"""The Open Badges 3.0 credential, checked with tools nobody here wrote: pyld (JSON-LD
expansion with the contexts vendored by the openbadgeslib wheel, no network) and
jwcrypto (the signature, from the published JWK set)."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import datetime
from urllib.parse import urlsplit

import pikepdf
import pytest
from jwcrypto import jwk, jwt
from openbadgeslib.ob3.contexts import document_loader
from pyld import jsonld

from tests.certificates.test_certificates import _complete, _confirm

CLAIMS = ("iss", "jti", "nbf", "sub", "exp")
ISSUER_DEPENDENT = "https://www.w3.org/ns/credentials/issuer-dependent#"


def _token(client, code, alg=None) -> str:
    query = f"?alg={alg}" if alg else ""
    response = client.get(f"/certificates/{code}/credential.jwt{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _payload(token: str) -> dict:
    return json.loads(jwt.JWT(jwt=token).token.objects["payload"])


def _safe_expand(document: dict) -> list:
    """Expand as JSON-LD safe mode does: a term no listed context defines is an error,
    whether it would be dropped or caught by the VC 2.0 issuer-dependent @vocab."""

    def dropped(term):
        raise AssertionError(f"{term!r} is not defined by any listed @context")

    expanded = jsonld.expand(
        document, {"documentLoader": document_loader()}, on_property_dropped=dropped
    )

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                assert key.startswith("@") or urlsplit(key).scheme, f"relative term {key!r}"
                assert not key.startswith(ISSUER_DEPENDENT), f"undefined term {key!r}"
                if key == "@type":
                    for kind in value if isinstance(value, list) else [value]:
                        assert urlsplit(kind).scheme, f"relative type {kind!r}"
                        assert not kind.startswith(ISSUER_DEPENDENT), f"undefined type {kind!r}"
                walk(value)

    walk(expanded)
    return expanded


def test_credential_expands_under_json_ld_safe_mode(auth, client, quiz_optional):
    _complete(auth)
    code = _confirm(auth, client)
    credential = _payload(_token(client, code))
    # the JWT's registered claims are JOSE, not JSON-LD: the credential is the rest
    document = {k: v for k, v in credential.items() if k not in CLAIMS}
    expanded = _safe_expand(document)
    status = expanded[0]["https://www.w3.org/2018/credentials#credentialStatus"][0]
    assert status["@type"] == [
        "https://purl.imsglobal.org/spec/vcrl/v1p0/context.json#1EdTechRevocationList"
    ]
    _safe_expand(client.get("/certificates/issuer").get_json())


def test_unknown_terms_fail_the_safe_mode_check():
    """The check above can fail: a term no context defines is refused."""
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "keys": {"keys": []},
    }
    with pytest.raises(AssertionError, match="keys"):
        _safe_expand(document)


@pytest.mark.parametrize("alg", ["RS256", "EdDSA"])
def test_jwt_verifies_with_jwcrypto_from_the_published_keys(app, auth, client, quiz_optional, alg):
    _complete(auth)
    code = _confirm(auth, client)
    token = _token(client, code, alg)
    header = json.loads(jwt.JWT(jwt=token).token.objects["protected"])
    assert set(header) == {"alg", "kid", "typ"}  # OB 3.0 §8.2.3: no other headers
    assert header["alg"] == alg and header["typ"] == "JWT"
    # kid is a URI that answers with the key
    assert header["kid"].startswith("http://127.0.0.1:5000/certificates/issuer/keys/")
    key_json = app.test_client().get(urlsplit(header["kid"]).path).get_json()
    assert key_json["kid"] == header["kid"] and key_json["alg"] == alg
    keys = jwk.JWKSet.from_json(app.test_client().get("/.well-known/jwks.json").data)
    verified = jwt.JWT(jwt=token, key=keys, algs=[alg], expected_type="JWS")
    claims = json.loads(verified.claims)
    assert claims["iss"] == claims["issuer"]["id"] == "http://127.0.0.1:5000/certificates/issuer"
    assert claims["jti"] == claims["id"] == f"http://127.0.0.1:5000/certificates/{code}"
    assert claims["sub"] == claims["credentialSubject"]["id"]
    assert claims["sub"].startswith("urn:uuid:")
    valid_from = datetime.fromisoformat(claims["validFrom"].replace("Z", "+00:00"))
    assert claims["nbf"] == int(valid_from.timestamp())
    assert "exp" not in claims and "validUntil" not in claims  # certificates do not expire
    # a credential changed after signing does not verify
    head, body, signature = token.split(".")
    forged = ".".join([head, body[:-4] + ("AAAA" if body[-4:] != "AAAA" else "BBBB"), signature])
    with pytest.raises(Exception):  # noqa: B017 (jwcrypto raises several kinds)
        jwt.JWT(jwt=forged, key=keys, algs=[alg])


def test_subject_is_identified_by_a_salted_hash_of_the_email(auth, client, quiz_optional):
    _complete(auth)
    code = _confirm(auth, client)
    token = _token(client, code)
    subject = _payload(token)["credentialSubject"]
    identity = subject["identifier"][0]
    assert identity["type"] == "IdentityObject" and identity["hashed"] is True
    assert identity["identityType"] == "emailAddress"
    digest = hashlib.sha256(("jiri@example.cz" + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${digest}"
    assert "jiri@example.cz" not in json.dumps(_payload(token))


def test_status_follows_the_revocation_list_shape(app, auth, client, quiz_optional):
    _complete(auth)
    code = _confirm(auth, client)
    status = _payload(_token(client, code))["credentialStatus"]
    assert status["type"] == "1EdTechRevocationList"
    document = app.test_client().get(urlsplit(status["id"]).path).get_json()
    assert document["id"] == status["id"]
    assert document["issuer"] == "http://127.0.0.1:5000/certificates/issuer"
    assert document["revokedCredentials"] == []


def test_pdf_carries_the_signed_credential(app, auth, client, quiz_optional):
    _complete(auth)
    code = _confirm(auth, client)
    data = client.get(f"/certificates/{code}/certificate.pdf").data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        attached = pdf.attachments["open-badges-credential.jwt"]
        assert attached.obj["/AFRelationship"] == "/Supplement"
        assert [str(spec.UF) for spec in pdf.Root.AF] == ["open-badges-credential.jwt"]
        token = attached.get_file().read_bytes().decode()
    keys = jwk.JWKSet.from_json(app.test_client().get("/.well-known/jwks.json").data)
    claims = json.loads(jwt.JWT(jwt=token, key=keys, algs=["RS256"]).claims)
    assert claims["jti"] == f"http://127.0.0.1:5000/certificates/{code}"
    assert claims["credentialSubject"]["name"] == "Jiří Šťastný"


def _schema_errors(schema_file: str, document: dict) -> list[str]:
    from pathlib import Path

    from jsonschema import Draft201909Validator, FormatChecker

    schema = json.loads((Path(__file__).parent / "vendor" / schema_file).read_text())
    validator = Draft201909Validator(schema, format_checker=FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def test_credential_and_issuer_validate_against_the_1edtech_json_schemas(
    app, auth, client, quiz_optional
):
    _complete(auth)
    code = _confirm(auth, client)
    credential = _payload(_token(client, code))
    assert _schema_errors("ob_v3p0_achievementcredential_schema.json", credential) == []
    profile = app.test_client().get("/certificates/issuer").get_json()
    assert _schema_errors("ob_v3p0_profile_schema.json", profile) == []
    # the schema check can fail: without credentialSubject the credential is refused
    broken = {k: v for k, v in credential.items() if k != "credentialSubject"}
    assert _schema_errors("ob_v3p0_achievementcredential_schema.json", broken)
