"""`python -m comp_models import-crm --opportunities OPPS [--leads LEADS] [--spend SPEND] [--targets TARGETS]
[--mapping MAPPING.toml] [--timezone TZ] [--fiscal-year-start N] --out history.csv [--report import_report.json]
[--scenario FILE]`.

Imports CRM exports (CSV, XLSX or Parquet) into an ordinary monthly history (and targets.csv from the
targets helper, unless a targets file is given), and writes the import report. Prints the mapping
chosen, the stage table, coverage, the rows used and dropped, what was assumed and, for a scenario,
each goal's status. Register it in cli/main.py with `crm.add_parser(sub)`.
"""

from __future__ import annotations

import argparse

from comp_models.data.crm import (
    MAPPING_FILE_DOC,
    MAX_FILE_BYTES,
    import_crm,
    parse_growth,
    parse_top_down,
    render,
    write_outputs,
)


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "import-crm", help="import CRM exports (opportunities, leads) into a monthly history and targets",
        description="Roll CRM exports up to a monthly history that validate and run accept. Columns are mapped "
                    "for Salesforce, HubSpot and generic snake_case exports; a mapping file overrides any of it.",
        epilog="A mapping file looks like this:\n\n" + MAPPING_FILE_DOC, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--opportunities", required=True, help="opportunity / deal export (CSV, XLSX or Parquet)")
    p.add_argument("--leads", help="lead / contact export (gives the funnel counts and the attribution join)")
    p.add_argument("--spend", help="small monthly file: month + history columns the CRM cannot give "
                                   "(marketing_spend, sales_expense, revenue, forecast_bookings, ...)")
    p.add_argument("--targets", help="an annual targets file (year, metric, annual_target) to use instead of the helper")
    p.add_argument("--mapping", help="mapping file (TOML, schema_version = 1): columns, stages, date formats, ...")
    p.add_argument("--timezone", help="the company's time zone (default: the mapping file's, else UTC)")
    p.add_argument("--fiscal-year-start", type=int, default=1, choices=range(1, 13), metavar="N",
                   help="the month plan years start in (1 = January, the default; 7 = July): the history starts at "
                        "the first such month the exports cover fully, and the targets helper proposes plan-year "
                        "targets; a --scenario must have the same fiscal_year_start")
    p.add_argument("--out", required=True, help="the monthly history to write (CSV)")
    p.add_argument("--report", help="the import report (JSON; default: <out>_import_report.json)")
    p.add_argument("--targets-out", help="where the helper's targets go (default: targets.csv beside --out)")
    p.add_argument("--scenario", help="a scenario: say which goals the data gives, and refuse if one is missing")
    p.add_argument("--assume", action="append", default=[], metavar="COLUMN=VALUE",
                   help="a stated input, e.g. marketing_spend=80000 (per month) or gross_profit=75%%:revenue; "
                        "carried as 'assumed' in the report (repeatable)")
    p.add_argument("--growth", action="append", default=[], metavar="PCT|METRIC=PCT",
                   help="targets helper: prior-year actual x (1 + PCT%%), for every metric or one (repeatable)")
    p.add_argument("--annual-target", action="append", default=[], metavar="METRIC:YEAR=VALUE",
                   help="targets helper: a top-down annual company number (repeatable)")
    p.add_argument("--hindsight-targets", action="store_true",
                   help="targets helper: a year with no prior year gets its own actuals (meaningless for pay; warned)")
    p.add_argument("--trim", action="store_true", help="drop partial first/last months and an export-window drought")
    p.add_argument("--max-mb", type=float, default=MAX_FILE_BYTES / 1e6, help="largest export accepted, in MB")
    p.set_defaults(func=cmd_import_crm)
    return p


def cmd_import_crm(args) -> int:
    result = import_crm(args.opportunities, args.leads, monthly_file=args.spend, targets_file=args.targets,
                        mapping=args.mapping, timezone=args.timezone, assumptions=args.assume,
                        scenario=args.scenario, trim=args.trim, growth_pct=parse_growth(args.growth),
                        top_down=parse_top_down(args.annual_target), hindsight=args.hindsight_targets,
                        max_bytes=int(args.max_mb * 1e6), fiscal_year_start=args.fiscal_year_start)
    written = write_outputs(result, args.out, targets_out=args.targets_out, report_out=args.report)
    print(render(result))
    print()
    for what, path in written.items():
        print(f"wrote {what}: {path}")
    scenario = f" --scenario {args.scenario}" if args.scenario else " --scenario SCENARIO"
    targets = f" --targets {written['targets']}" if "targets" in written else (
        f" --targets {args.targets}" if args.targets else "")
    print(f"next: python -m comp_models validate {args.out}{scenario}{targets}")
    return 0
