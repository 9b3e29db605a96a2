"""Connectors: one official source each, behind the ``Connector`` protocol (``base.py``)."""

from official.connectors.arcgis import ArcGISConnector
from official.connectors.base import Connector, FetchRequest, FetchResult
from official.connectors.csv_file import CsvConnector
from official.connectors.fbi_cde import Agency, FbiCdeConnector
from official.connectors.socrata import SocrataConnector

__all__ = ["Agency", "ArcGISConnector", "Connector", "CsvConnector", "FbiCdeConnector",
           "FetchRequest", "FetchResult", "SocrataConnector"]
