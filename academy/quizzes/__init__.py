"""Quizzes: taking them (attempts, autosave, grading) and reviewing results."""
