"""Open Badges 3.0 credentials, signed by the academy as VC-JWT (OB 3.0 §8.2).

Two keys sign: RS256 (RSA, what OB 3.0 names as the minimum and its conformance suite
uses) by default, and EdDSA (Ed25519) on request. They are created on first use and kept
in the instance folder; their public halves are published as a JWK set, and each JWT's
`kid` is the address of its key (`/certificates/issuer/keys/<id>`). Why the header says
`typ: JWT` and not `vc+jwt`: docs/open-badges.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm, RSAAlgorithm

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# defines 1EdTechRevocationList (credentialStatus type), which the OB context does not
OB_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CONTEXTS = [VC_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT]
KEY_FILE = "certificate-signing-key.pem"
RSA_KEY_FILE = "certificate-signing-key-rsa.pem"
# every file that holds a signing key (backups must carry all of them)
KEY_FILES = (KEY_FILE, RSA_KEY_FILE)
ALGORITHMS = ("RS256", "EdDSA")


class CredentialError(Exception):
    """A credential that does not verify; the message says why."""


@dataclass(frozen=True)
class SigningKey:
    private: Any  # Ed25519PrivateKey (EdDSA) or RSAPrivateKey (RS256)
    kid: str  # short id; the JWT header carries it as a URI (key_uri)
    alg: str = "EdDSA"

    @property
    def public(self) -> Any:
        return self.private.public_key()

    def jwk(self, base_url: str | None = None) -> dict[str, Any]:
        codec = RSAAlgorithm if self.alg == "RS256" else OKPAlgorithm
        data = json.loads(codec.to_jwk(self.public))
        kid = key_uri(base_url, self.kid) if base_url else self.kid
        return {**data, "kid": kid, "alg": self.alg, "use": "sig"}


def key_uri(base_url: str, kid: str) -> str:
    """The address that answers with this key as a JWK (the JWT header's `kid`)."""
    return f"{base_url}/certificates/issuer/keys/{kid}"


def _write_once(path: Path, generate: Callable[[], Any]) -> None:
    """Create the key file (0600, its folder 0700) unless it exists; parallel first calls
    agree on one key: the first to create the file wins, the others read it."""
    if path.exists():
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    pem = generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process won the race; use its key
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def load_or_create_key(instance_path: str) -> SigningKey:
    """The academy's key; created atomically on first use (parallel first calls agree)."""
    path = Path(instance_path) / KEY_FILE
    _write_once(path, Ed25519PrivateKey.generate)
    private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise CredentialError(f"{path} is not an Ed25519 private key")
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return SigningKey(private, kid=raw.hex()[:16])


def load_or_create_rsa_key(instance_path: str) -> SigningKey:
    """The RS256 key, kept next to the Ed25519 one and created the same way."""
    path = Path(instance_path) / RSA_KEY_FILE
    _write_once(path, lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048))
    private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(private, rsa.RSAPrivateKey):
        raise CredentialError(f"{path} is not an RSA private key")
    der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return SigningKey(private, kid="rsa-" + hashlib.sha256(der).hexdigest()[:16], alg="RS256")


def load_keys(instance_path: str) -> dict[str, SigningKey]:
    """Both signing keys by algorithm: {"RS256": ..., "EdDSA": ...}."""
    return {
        "RS256": load_or_create_rsa_key(instance_path),
        "EdDSA": load_or_create_key(instance_path),
    }


def identity(email: str, salt: str) -> dict[str, Any]:
    """The learner as an OB 3.0 IdentityObject: a salted SHA-256 of the e-mail address."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def build_credential(
    *,
    certificate_url: str,
    issuer_url: str,
    achievement_url: str,
    holder_name: str,
    holder_email: str,
    course_title: str,
    course_summary: str,
    criteria: str,
    valid_from: str,
    status_url: str,
) -> dict[str, Any]:
    """An OpenBadgeCredential (VC 2.0 data model, OB 3.0 context).

    The subject is named by a salted hash of the e-mail (`identifier`) and an opaque
    `id` derived from the certificate, so credentials of one learner are not linkable.
    Certificates do not expire: no validUntil.
    """
    salt = hashlib.sha256(f"identity-salt:{certificate_url}".encode()).hexdigest()[:16]
    subject_id = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, certificate_url + "#subject"))
    return {
        "@context": list(CONTEXTS),
        "id": certificate_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer_url,
            "type": ["Profile"],
            "name": "CX akademie",
        },
        "validFrom": valid_from,
        "name": course_title,
        "credentialSubject": {
            "id": subject_id,
            "type": ["AchievementSubject"],
            "name": holder_name,
            "identifier": [identity(holder_email, salt)],
            "achievement": {
                "id": achievement_url,
                "type": ["Achievement"],
                "name": course_title,
                "description": course_summary or course_title,
                "criteria": {"narrative": criteria},
            },
        },
        "credentialStatus": {"id": status_url, "type": "1EdTechRevocationList"},
    }


def registered_claims(credential: dict[str, Any]) -> dict[str, Any]:
    """The JWT claims OB 3.0 §8.2 maps from the credential (exp only where it expires)."""
    claims = {
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": _epoch(credential["validFrom"]),
        "sub": credential["credentialSubject"]["id"],
    }
    if credential.get("validUntil"):
        claims["exp"] = _epoch(credential["validUntil"])
    return claims


def _epoch(timestamp: str) -> int:
    return int(datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp())


def sign(credential: dict[str, Any], key: SigningKey, base_url: str) -> str:
    """The credential as a compact JWS: header alg, kid (a URI resolving to the JWK) and
    typ JWT (OB 3.0 §8.2.3); payload the credential plus the registered claims."""
    return jwt.encode(
        {**credential, **registered_claims(credential)},
        key.private,
        algorithm=key.alg,
        headers={"kid": key_uri(base_url, key.kid), "typ": "JWT"},
    )


def verify(token: str, keys: dict[str, SigningKey] | SigningKey) -> dict[str, Any]:
    """The credential inside `token` if one of the academy's keys signed it; else
    CredentialError. Older credentials whose `kid` is the bare id still verify."""
    by_id = {k.kid: k for k in (keys.values() if isinstance(keys, dict) else [keys])}
    try:
        header = jwt.get_unverified_header(token.strip())
        kid = str(header.get("kid", "")).rsplit("/", 1)[-1]
        key = by_id.get(kid)
        if key is None:
            raise CredentialError("the credential was signed with another key")
        credential = jwt.decode(
            token.strip(),
            key.public,
            algorithms=[key.alg],
            options={"verify_sub": False, "verify_jti": False},
        )
    except jwt.InvalidTokenError as exc:
        raise CredentialError(f"the signature does not verify ({exc})") from None
    if "OpenBadgeCredential" not in credential.get("type", []):
        raise CredentialError("this is not an OpenBadgeCredential")
    return credential
