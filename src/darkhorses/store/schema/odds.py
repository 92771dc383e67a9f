"""Tables: odds."""
