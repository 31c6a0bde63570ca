"""einvoice keeps no tables: a structured invoice is read into recognition.Extraction."""
