"""Reading returned workbooks safely: archive guards, raw values, normalisation, the model."""
