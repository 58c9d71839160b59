"""The analytics domain: statistics over hiring data, read-only over every other area."""
