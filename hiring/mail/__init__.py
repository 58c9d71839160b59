"""Outgoing e-mail through an outbox table."""
