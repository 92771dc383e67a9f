"""Jobs: one module per job, each returning a JobReport."""
