"""Grading a class of submissions on top of nbgrader: preflight, autograde, feedback, grades."""
