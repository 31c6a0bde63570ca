"""File formats of the file connector (docs/ledger.md "Import and export formats").

`reader` turns a CSV, XLSX or JSON file into sections of rows that remember where they
came from; `importer` applies them all or nothing; `exporter`, `ubl` and `winbooks`
write the books or validated bookings back out.
"""
