"""cchc-extract: command-line interface and package metadata."""
