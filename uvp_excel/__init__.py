"""uvp-excel: the Uitvoeringsprogramma Integrale Veiligheid as a working Excel instrument."""

__version__ = "0.1.0"
