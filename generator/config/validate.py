"""Schema validation with file and line in every message."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from generator.config.yamlfile import YamlDocument
from generator.errors import ConfigError, ErrorList


def _message(error: ValidationError) -> str:
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown key")
    if error.validator == "required":
        return error.message
    if error.validator in ("anyOf", "oneOf"):
        described = error.schema.get("description") if isinstance(error.schema, dict) else None
        return f"{error.instance!r} is not valid" + (f": expected {described}" if described else "")
    if (
        error.validator == "pattern"
        and isinstance(error.schema, dict)
        and "description" in error.schema
    ):
        return f"{error.instance!r} is not valid: expected {error.schema['description']}"
    return error.message


def validate(doc: YamlDocument, schema: dict[str, Any], what: str) -> None:
    """Raise one ConfigError (or an ErrorList) if ``doc`` does not match ``schema``."""
    if not isinstance(doc.data, dict):
        raise ConfigError(f"the {what} must be a YAML mapping", file=doc.file, line=1)
    validator = Draft202012Validator(schema)
    errors = sorted(
        validator.iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path]
    )
    problems = [doc.error(tuple(error.absolute_path), _message(error)) for error in errors]
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ErrorList(problems)
