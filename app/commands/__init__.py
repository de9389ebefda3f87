"""One module per ``overlap`` subcommand (discovered by :mod:`app.cli`)."""
