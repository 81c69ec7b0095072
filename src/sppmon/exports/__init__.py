"""Exports of the store: analytics tables (Parquet, CSV) and OCDS release packages."""
