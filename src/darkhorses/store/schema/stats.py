"""Tables: stats."""
