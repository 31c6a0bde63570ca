from ledger.connectors.base import (  # noqa: F401
    AccountingConnector,
    ConnectorError,
    connector_for,
    connector_of,
)
