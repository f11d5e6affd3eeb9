"""Excel: importing the legacy MCO Inquiry Log and exporting the log for managers (SPEC §6).

* :func:`~.reader.open_workbook` — open a workbook safely and recognise its log sheets.
* :func:`~.importer.plan_import` (the dry run) and :func:`~.importer.write_plan`.
* :func:`~.rejects.write_rejects` — the rejected rows, with their reasons, to fix and re-import.
* :func:`~.exporter.export_workbook` — the legacy layout plus Reference, Next Due,
  Milestones and Contacts.
"""
