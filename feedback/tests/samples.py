"""Sample objects for the permission harness: feedback routes take no object of their own
(a counterparty statement is reached through its dossier, the id checked against it)."""

SAMPLES: dict = {}
