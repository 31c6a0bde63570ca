"""Full-text search of the archive (F5): one small service over two backends.

`service` is what callers use; `backends` picks the database's implementation:
`sqlite.Fts5Backend` (FTS5 table `archive_fts`) or `postgres.PostgresBackend` (a tsvector
column built with the french, dutch, german and english configurations, ranked with
ts_rank). Both receive the same normalised words (`normalise`), so they find the same
documents; PostgreSQL also finds inflected forms through its stemmers.
"""
