"""Independent scorecards against behaviourally anchored scales."""
