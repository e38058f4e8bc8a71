"""Writing workbooks: the activity tabs, the overview, the budget tabs and the hidden metadata."""
