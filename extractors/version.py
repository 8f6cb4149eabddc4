"""Version of the extraction code: cached results made by another version are recomputed."""

EXTRACTOR_VERSION = "0.1.0"
