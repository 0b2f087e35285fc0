"""What operators see: request ids in every log line, JSON logs, Prometheus metrics, and a
per-request time budget for the database (docs/reliability.md)."""
