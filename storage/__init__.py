"""Where the tables live: atomic Parquet writes and per-document caches (store), partitioned table
folders (partitions) and publishing to a remote URL (remote). Records and Arrow schemas stay in
schemas/; extractors never import this package (they do no I/O)."""
