"""Writes to the books. Every function takes the actor, runs in a transaction and audits.

Split by topic: `setup` (activation, chart, journals, VAT codes, counterparties),
`periods`, `posting` (entries and reversals), `matching` (open items), `sync` (D4/D5),
`rubrics` (D7).
"""
