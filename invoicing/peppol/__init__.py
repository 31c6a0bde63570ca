"""Access points to the Peppol network, each behind the `AccessPoint` Protocol (base.py)."""
