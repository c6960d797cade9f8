"""The statusgen command line. The only package that imports click.

Each command parses its options, builds one options object and calls one function in
:mod:`generator.commands`. Errors a user can cause arrive as GeneratorError and are printed
as one line per problem, with a non-zero exit and no traceback (:mod:`generator.cli.base`).
"""

from generator.cli import records, site  # noqa: F401  (registers the commands on main)
from generator.cli.base import common_options, main

# --data and -v on every command, and each command's examples after its options
common_options(main)

__all__ = ["main"]
