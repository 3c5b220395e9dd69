//! Input formats (placeholder until the ingest work lands).
