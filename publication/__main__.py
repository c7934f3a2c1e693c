"""Allow ``python -m publication``."""

from publication import cli

cli.run()
