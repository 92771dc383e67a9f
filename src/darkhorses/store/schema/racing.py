"""Tables: racing."""
