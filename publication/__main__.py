"""Allow ``python -m publication``."""

from publication import cli

raise SystemExit(cli.main())
