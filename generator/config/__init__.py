"""The SLA file and the services file: loading, schema validation, typed configuration."""
