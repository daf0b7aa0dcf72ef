"""Ways to show a Report: the terminal, JSON, and (later) HTML and the live web view."""
