"""Open Badges 3.0 credentials, signed by the academy as VC-JWT (EdDSA / Ed25519).

The signing key is created on first use and kept in the instance folder; its
public half is published as a JWK set so anyone can check a credential.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from jwt.algorithms import OKPAlgorithm

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
KEY_FILE = "certificate-signing-key.pem"


class CredentialError(Exception):
    """A credential that does not verify; the message says why."""


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey
    kid: str

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    def jwk(self) -> dict[str, Any]:
        data = json.loads(OKPAlgorithm.to_jwk(self.public))
        return {**data, "kid": self.kid, "alg": "EdDSA", "use": "sig"}


def load_or_create_key(instance_path: str) -> SigningKey:
    """The academy's key; created atomically on first use (parallel first calls agree)."""
    path = Path(instance_path) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process won the race; use its key
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
    private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise CredentialError(f"{path} is not an Ed25519 private key")
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return SigningKey(private, kid=raw.hex()[:16])


def build_credential(
    *,
    certificate_url: str,
    issuer_url: str,
    achievement_url: str,
    holder_name: str,
    course_title: str,
    course_summary: str,
    criteria: str,
    valid_from: str,
    status_url: str,
) -> dict[str, Any]:
    """An OpenBadgeCredential following the VC 2.0 data model and the OB 3.0 context."""
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
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
            "type": ["AchievementSubject"],
            "name": holder_name,
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


def sign(credential: dict[str, Any], key: SigningKey) -> str:
    """The credential as a compact JWS (VC-JWT): header typ vc+jwt, alg EdDSA."""
    return jwt.encode(
        credential,
        key.private,
        algorithm="EdDSA",
        headers={"kid": key.kid, "typ": "vc+jwt", "cty": "vc"},
    )


def verify(token: str, key: SigningKey) -> dict[str, Any]:
    """The credential inside `token` if its signature is the academy's; else CredentialError."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("kid") != key.kid:
            raise CredentialError("the credential was signed with another key")
        credential = jwt.decode(token.strip(), key.public, algorithms=["EdDSA"])
    except jwt.InvalidTokenError as exc:
        raise CredentialError(f"the signature does not verify ({exc})") from None
    if "OpenBadgeCredential" not in credential.get("type", []):
        raise CredentialError("this is not an OpenBadgeCredential")
    return credential
