"""cchc-extract: Vietnamese CCHC reports to audited Parquet tables (CLI, sample corpus, dataset access)."""

import os

# Before anything imports pyarrow (which fixes its allocator on import): Arrow's system allocator hands
# freed memory back where mimalloc keeps it — measured on a 1,000-document write: 409 vs 518 MB peak.
# Worker processes inherit the setting; a user's own choice wins.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
