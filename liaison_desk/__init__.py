"""Liaison Desk core: business calendar, clocks, domain rules, storage and services.

Nothing in this package imports Qt, so the command line and the tests reach exactly the
behaviour the desktop client uses.
"""

__version__ = "0.1.0"
