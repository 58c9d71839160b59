"""Interviewer training: a short course, practice on reference answers, and qualification
per competency (in training → practised → shadowed → qualified) before rating people."""
