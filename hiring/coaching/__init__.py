"""Coaching beyond day 90: 1:1s, ride-alongs, motivators, support plans (see models)."""
