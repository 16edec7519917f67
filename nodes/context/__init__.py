"""Context-window trimming (filled in below)."""
