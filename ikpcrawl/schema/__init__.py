"""The JSON Schemas shipped with ikpcrawl (``*.schema.json`` beside this file) and one validator
for all of them: exported articles and the enrichment data files alike."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources import files
from typing import Any


def load_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in this package (``article`` -> ``article.schema.json``)."""
    schema: dict[str, Any] = json.loads(
        (files("ikpcrawl.schema") / f"{name}.schema.json").read_text("utf-8")
    )
    return schema


def article_schema() -> dict[str, Any]:
    """The Article JSON Schema: what every exported line satisfies."""
    return load_schema("article")


class SchemaValidator:
    """fastjsonschema compiles the schema to Python (about 30x faster than jsonschema, which
    costs milliseconds per article); its draft-07 has ``definitions`` where ours has ``$defs``."""

    def __init__(self, schema: dict[str, Any]):
        import fastjsonschema

        text = (
            json.dumps(schema)
            .replace('"$defs"', '"definitions"')
            .replace("#/$defs/", "#/definitions/")
        )
        draft7 = json.loads(text)
        draft7["$schema"] = "http://json-schema.org/draft-07/schema#"
        self._validate = fastjsonschema.compile(draft7)

    def iter_errors(self, instance: Any) -> Iterator[SchemaError]:
        import fastjsonschema

        try:
            self._validate(instance)
        except fastjsonschema.JsonSchemaValueException as error:
            path = list((error.path or [])[1:])
            yield SchemaError(path, error.message, error.rule or "")


class SchemaError:
    """Where (``path``) and why an instance does not validate."""

    def __init__(self, path: list[Any], message: str, validator: str):
        self.path = path
        self.message = message
        self.validator = validator


def validator(schema: dict[str, Any]) -> SchemaValidator:
    """A compiled validator for ``schema`` (``iter_errors`` like jsonschema's)."""
    return SchemaValidator(schema)


def article_validator() -> SchemaValidator:
    """A validator for the shipped Article schema."""
    return validator(article_schema())
