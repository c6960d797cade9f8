"""The one pipeline from the store to every output.

The store is loaded once per build (:mod:`generator.reporting.site`), each SLA period's
report is computed once (:mod:`generator.reporting.period`), and every output (the site's
pages, the PDFs, the JSON API, feeds, badges, ``statusgen report``) is rendered from the
resulting typed model, so no two outputs can disagree.
"""

from generator.reporting.period import SCHEMA_VERSION, build_report, data_relative

__all__ = ["SCHEMA_VERSION", "build_report", "data_relative"]
