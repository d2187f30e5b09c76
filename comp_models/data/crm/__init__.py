"""CRM import: row-level exports (opportunities, leads; CSV, XLSX or Parquet) into a monthly history.

Owns the column roles of Salesforce, HubSpot and generic exports and the mapping file that overrides
them (`mapping`), stage values to funnel steps (`stages`), date formats and time zones (`dates`),
the DuckDB roll-up to months (`files`, `rollup`), attribution of marketing-sourced pipeline
(`attribution`), coverage of the export window (`coverage`), inputs the CRM cannot give and each
goal's status (`inputs`), the targets helper (`targets`), and the import itself with its report
(`importer`, `assemble`, `report`). Imports `data` (the history and targets readers), `engine`,
`plans`, `metrics`, `errors`, and DuckDB; nothing in the library imports it but the CLI.
"""

from comp_models.data.crm.assemble import CrmImport
from comp_models.data.crm.files import MAX_FILE_BYTES
from comp_models.data.crm.importer import import_crm
from comp_models.data.crm.mapping import MAPPING_FILE_DOC, SCHEMA_VERSION
from comp_models.data.crm.report import history_csv, render, report_json, targets_csv, write_outputs
from comp_models.data.crm.targets import TargetPlan, parse_growth, parse_top_down, plan_targets, seasonality

__all__ = [
           "MAPPING_FILE_DOC",
           "MAX_FILE_BYTES",
           "SCHEMA_VERSION",
           "CrmImport",
           "TargetPlan",
           "history_csv",
           "import_crm",
           "parse_growth",
           "parse_top_down",
           "plan_targets",
           "render",
           "report_json",
           "seasonality",
           "targets_csv",
           "write_outputs",
]
