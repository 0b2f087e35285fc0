"""The IČO check digit (mod 11), without an app."""

import pytest

from academy.companies.ico import normalise_ico


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("27082440", "27082440"),
        ("270 82 440", "27082440"),
        ("6947", "00006947"),
        ("25596641", "25596641"),
    ],
)
def test_a_valid_ico_is_kept_as_eight_digits(written, stored):
    assert normalise_ico(written) == stored


@pytest.mark.parametrize("written", ["27082441", "123456789", "2708244a", "", "２７０８２４４０"])
def test_a_wrong_check_digit_or_not_digits_is_refused(written):
    assert normalise_ico(written) is None
