"""The PySide6 desktop client: thin widgets and models over liaison_desk's services."""
