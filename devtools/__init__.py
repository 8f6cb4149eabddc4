"""Tools for developing cchc-extract (not shipped in the package): the sample-corpus generator."""
