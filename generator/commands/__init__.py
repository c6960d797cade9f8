"""One module per CLI command: each takes an options object and does the work."""
