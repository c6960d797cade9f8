"""Domain records read from data/: incidents and maintenance windows, and the report model."""
