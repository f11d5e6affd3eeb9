"""Handlers of the command line's subcommands, one module each."""
