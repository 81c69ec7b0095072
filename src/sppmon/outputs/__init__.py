"""Output formats shared by the CLI, the reports and the web app."""
