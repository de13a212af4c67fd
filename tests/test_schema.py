"""The JSON Schema generated from the model."""

from __future__ import annotations

import jsonschema
from hypothesis import given

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
