"""Belgian defaults for a new dossier on the built-in ledger (see /work/shared/BELGIUM.md).

Data only: the minimum chart of accounts (PCMN/MAR), VAT codes with their
VAT-return boxes, default journals and the default rubric scheme.
"""
