"""The JSON Schema generated from the model."""

from __future__ import annotations

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from tests import strategies as S
from tests.test_model import minimal_dict


def _validator() -> jsonschema.protocols.Validator:
    schema = gd.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


VALIDATOR = _validator()


@given(S.reports())
def test_every_to_dict_validates(report: gd.Report) -> None:
    VALIDATOR.validate(gd.to_dict(report))


def test_example_and_input_forms_validate(example: gd.Report) -> None:
    VALIDATOR.validate(gd.to_dict(example))
    VALIDATOR.validate(minimal_dict())  # rows as lists, totals left out


def test_titles_are_official_labels() -> None:
    schema = gd.json_schema()
    new = schema["properties"]["applications"]["properties"]["new"]
    assert new["title"] == "一、本年新收政府信息公开申请数量"
    obj = new["anyOf"][0]
    assert obj["properties"]["commercial"]["title"].endswith("商业企业")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_rejects_unknown_keys_and_negatives() -> None:
    data = minimal_dict()
    data["agnecy"] = "x"
    assert not VALIDATOR.is_valid(data)
    data = minimal_dict()
    data["applications"]["new"] = [-1, 0, 0, 0, 0, 0]
    assert not VALIDATOR.is_valid(data)


FEE_ALPHABET = "0123456789..０１９．e-+_ \u3000١x,"


def _fee_schema_accepts(text: str) -> bool:
    return VALIDATOR.is_valid({**minimal_dict(), "active_disclosure": {**_active(), "fees": text}})


def _active() -> dict[str, object]:
    return minimal_dict()["active_disclosure"]  # type: ignore[no-any-return]


def _from_dict_accepts(text: str) -> bool:
    try:
        gd.from_dict({**minimal_dict(), "active_disclosure": {**_active(), "fees": text}})
    except gd.InputError:
        return False
    return True


@given(st.text(st.sampled_from(FEE_ALPHABET), max_size=12) | st.from_regex(r"[0-9]{1,17}(\.[0-9]{1,17})?"))
def test_fee_text_schema_agrees_with_the_model(text: str) -> None:
    """The schema's pattern for a fee written as text accepts exactly what from_dict accepts."""
    assert _fee_schema_accepts(text) == _from_dict_accepts(text), text


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("24252.311082", True),
        ("0.1000000", True),
        ("１２．５０", True),
        (" 12.50 ", True),
        ("0.0000001", False),
        ("1e2", False),
        ("1_0", False),
        ("-0", False),
        ("+1", False),
        ("١٢", False),
        ("1" * 16, False),
    ],
)
def test_fee_text_schema(text: str, accepted: bool) -> None:
    assert (_fee_schema_accepts(text), _from_dict_accepts(text)) == (accepted, accepted)
    assert (
        "6 位小数" in gd.json_schema()["properties"]["active_disclosure"]["properties"]["fees"]["description"]
    )
