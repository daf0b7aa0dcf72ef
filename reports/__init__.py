"""Ways to show a Report: the terminal, JSON, the HTML report, the browser views and the review."""
