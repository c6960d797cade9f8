"""statusgen: static status pages and SLA reports from one SLA file."""

__version__ = "0.1.0"
