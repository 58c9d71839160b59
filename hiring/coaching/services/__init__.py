"""Coaching services: each flushes, never commits (the request pipeline does)."""
