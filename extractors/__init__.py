"""Pure functions from files, pages and text to typed records (no I/O beyond reading the input)."""
