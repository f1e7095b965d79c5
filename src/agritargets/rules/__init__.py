"""The rules: the allocation, the audit of the printed tables, the forensic sweep, scenarios, tolerances, options."""
