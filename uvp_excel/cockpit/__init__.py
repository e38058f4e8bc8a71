"""``uvp-excel serve``: the AOV's quarter in a local browser page, on the public API."""
