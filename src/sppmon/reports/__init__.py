"""Reports (one module per report, registered in ``registry``) and the chart specs they share with the web app."""
