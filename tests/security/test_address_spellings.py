"""One address, one account, one budget: other spellings of an e-mail (fullwidth or circled
letters, upper case, an IDNA domain) are the same address for sign-up, log-in and the
log-in rate limit; look-alikes from other scripts are refused with a Czech message."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from academy.auth.addresses import AddressError, budget_key, canonical_email
from academy.auth.models import User
from academy.extensions import db
from tests.conftest import PASSWORD, csrf_token
from tests.security.test_rate_limits import _address, _login

SPELLINGS = [
    "learner2@ｅxample.cz",  # fullwidth e
    "learner2@ⓔxample.cz",  # circled e
    "ｌearner2@example.cz",  # fullwidth l
    "LEARNER2@EXAMPLE.CZ",
    " learner2@example.cz ",
]
LOOK_ALIKES = [
    "lеarner1@example.cz",  # Cyrillic е
    "leаrner1@example.cz",  # Cyrillic а
    "learner1@еxample.cz",  # Cyrillic е in the domain
    "аеро@example.cz",  # Cyrillic letters that read as Latin "aepo"
    "learner1@exаmple.cz",
]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_other_spellings_are_the_same_address(spelling):
    assert canonical_email(spelling) == "learner2@example.cz"
    assert budget_key(spelling) == "learner2@example.cz"


@pytest.mark.parametrize("address", LOOK_ALIKES)
def test_look_alike_addresses_are_refused(address):
    with pytest.raises(AddressError) as caught:
        canonical_email(address)
    assert caught.value.look_alike


@pytest.mark.parametrize(
    "address, stored",
    [
        ("jiří.šťastný@example.cz", "jiří.šťastný@example.cz"),  # Czech letters are one script
        ("jana@BÜCHER.example", "jana@bücher.example"),  # IDNA UTS-46 maps the case
        ("ivan@почта.cz", "ivan@почта.cz"),  # a Cyrillic label that reads as no Latin word
    ],
)
def test_real_addresses_in_one_script_are_kept(address, stored):
    assert canonical_email(address) == stored


def _signup(client, email: str):
    token = csrf_token(client, "/signup")
    return client.post(
        "/signup",
        data={
            "email": email,
            "full_name": "Jana Nová",
            "consent": "y",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "csrf_token": token,
        },
    )


def test_signup_with_a_look_alike_gets_a_czech_message_and_no_account(app, client):
    assert _signup(client, "learner1@example.cz").status_code == 302
    for address in ["lеarner1@example.cz", "learner1@еxample.cz"]:
        response = _signup(client, address)
        assert response.status_code == 422
        assert "míchá písmena různých písem" in response.get_data(as_text=True)
    assert _signup(client, "ｌearner1@example.cz").status_code == 302  # same as the first
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 1


def test_login_limit_counts_every_spelling_of_the_address(limited_app, auth):
    auth.create(email="learner2@example.cz")
    client, ip = limited_app.test_client(), _address()
    for _ in range(3):  # LOGIN_RATE_LIMIT is 3/minute in limited_app
        assert _login(client, "learner2@example.cz", "wrong", ip).status_code == 422
    assert _login(client, "learner2@example.cz", "wrong", ip).status_code == 429
    for spelling in SPELLINGS:
        assert _login(client, spelling, PASSWORD, ip).status_code == 429, spelling
