"""official package."""
