"""Schema validation with file and line in every message."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from generator.config.yamlfile import YamlDocument
from generator.errors import ConfigError, ErrorList, GeneratorError


def _message(error: ValidationError) -> str:
    return str(_describe(error))


def _describe(error: ValidationError) -> object:
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown key")
    if error.validator == "required":
        return error.message
    if error.validator in ("anyOf", "oneOf"):
        described = error.schema.get("description") if isinstance(error.schema, dict) else None
        return f"{error.instance!r} is not valid" + (f": expected {described}" if described else "")
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "pattern" and schema.get("format") == "date":
        return f"{error.instance!r} is not an ISO date (YYYY-MM-DD)"
    if error.validator == "pattern" and "description" in schema:
        return f"{error.instance!r} is not valid: expected {error.schema['description']}"
    return error.message


def _path(error: ValidationError) -> tuple[str | int, ...]:
    """Where to point: for an unknown key, the key itself rather than its parent."""
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        extra = [key for key in error.instance if key not in known]
        if extra:
            return (*path, extra[0])
    return path


# A validator per schema, made once: check validates every incident and maintenance file
# against the same schema. The schemas are module constants, so id() names them (and the
# entry keeps its schema alive, so an id is never reused for another).
_VALIDATORS: dict[int, tuple[dict[str, Any], Draft202012Validator]] = {}


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    entry = _VALIDATORS.get(id(schema))
    if entry is None:
        entry = _VALIDATORS[id(schema)] = (schema, Draft202012Validator(schema))
    return entry[1]


def validate(doc: YamlDocument, schema: dict[str, Any], what: str) -> None:
    """Raise one ConfigError (or an ErrorList) if ``doc`` does not match ``schema``."""
    if not isinstance(doc.data, dict):
        raise ConfigError(f"the {what} must be a YAML mapping", file=doc.file, line=1)
    validator = _validator(schema)
    errors = sorted(
        validator.iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path]
    )
    problems = [doc.error(_path(error), _message(error)) for error in errors]
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ErrorList(list[GeneratorError](problems))
