"""The progress summary: the model, its computation and one renderer per output format."""
