"""The layers of the HTTP client, one concern each; collectors/http.py stacks them, in one place.

Each is an httpx transport wrapping the next (or, for budget.py, errors.py and reachable.py, the rules and
words they share), so each can be tested on its own over a fake inner transport.
"""
