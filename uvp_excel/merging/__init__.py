"""Merging returned workbooks into one stand: collecting files, the three-way merge, the report."""
