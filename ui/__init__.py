"""The PySide6 desktop client: thin widgets and models over liaison_desk's services.

``gui`` starts it; ``main_window`` and ``main/`` are the window; ``actions``, ``intake``,
``admin``, ``reports`` and ``excel`` are its dialog families; ``ops`` runs everything they ask
of the core; ``widgets`` is the kit they are built from; ``qt`` is the one Qt import.
"""
