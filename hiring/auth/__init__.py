"""Accounts, sign-in and passwords."""
