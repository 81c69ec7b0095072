"""One module per indicator; each defines ``INDICATOR``. The registry (``..registry``) lists them in order."""
