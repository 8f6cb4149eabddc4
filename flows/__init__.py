"""Prefect flows and tasks: orchestration only; the work is done by functions in extractors/."""
