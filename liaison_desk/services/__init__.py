"""Services: every action of the client and the CLI, each a function of ``(session, ctx, …)``
that checks permissions, raises domain errors in the person's words and returns plain values.

Packages for the larger families: ``actions`` (working an inquiry), ``queues`` (the work
queues), ``clocks`` (response-time milestones), ``callbacks`` (supervisor callbacks), ``qc``
(quality-control audits); read models the client shows: ``desk``, ``admin_rows``,
``intake_lists``, ``qc_board``, ``deadline_preview``; start-up: ``startup``.
"""
