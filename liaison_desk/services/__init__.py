"""Services: every action of the client and the CLI, each taking a session."""
