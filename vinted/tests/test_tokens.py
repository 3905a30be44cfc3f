import pytest

from vinted import tokens
from vinted.tests.helpers import fake_jwt


def test_claims_read_expiry_and_user_id_without_verification():
    data = tokens.claims(fake_jwt({"exp": 1772367300, "sub": "77"}))
    assert tokens.expires_at(data).timestamp() == 1772367300
    assert tokens.user_id(data) == 77
    assert tokens.user_id({"account_id": 5, "sub": "6"}) == 5


@pytest.mark.parametrize("value", ["", "abc", "a.b", "a.!!!.c", "a." + "e30" * 4000 + ".c", "a.WzFd.c"])
def test_claims_of_non_jwt_raise_not_a_token(value):
    with pytest.raises(tokens.NotAToken):
        tokens.claims(value)
