"""Reading the programme: the source data model, its loader, the planning parser and anomalies."""
