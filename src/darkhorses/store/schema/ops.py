"""Tables: ops."""
