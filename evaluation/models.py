"""Evaluation models: instruments, assessments, metrics, report jobs."""
