"""Column roles: each export shape detected without a mapping file; the mapping printed; two fits refused."""

from __future__ import annotations

import argparse

import pandas as pd
import pytest

from comp_models.cli import crm as crm_cli
from comp_models.data.crm import import_crm
from comp_models.errors import InputError
from tests.data.crm.conftest import write

EXPECTED = {
    "salesforce": {"id": "Id", "created": "CreatedDate", "closed": "CloseDate", "stage": "StageName",
                   "amount": "Amount", "is_won": "IsWon", "is_closed": "IsClosed", "source": "LeadSource"},
    "hubspot": {"id": "Deal ID", "created": "Create Date", "closed": "Close Date", "stage": "Deal Stage",
                "amount": "Amount", "source": "Original Source"},
    "generic": {"id": "opportunity_id", "created": "engage_date", "closed": "close_date", "stage": "deal_stage",
                "amount": "close_value", "lead_id": "lead_id"},
}
LEADS = {"salesforce": {"id": "Id", "created": "CreatedDate", "stage": "Status", "source": "LeadSource",
                        "opportunity_id": "ConvertedOpportunityId"},
         "hubspot": {"id": "Record ID", "created": "Create Date", "stage": "Lifecycle Stage",
                     "source": "Original Source", "opportunity_id": "Associated Deal IDs"},
         "generic": {"id": "lead_id", "created": "first_contact_date", "source": "origin"}}


def _cli(argv):
    p = argparse.ArgumentParser()
    crm_cli.add_parser(p.add_subparsers(dest="command"))
    args = p.parse_args(["import-crm", *argv])
    return args.func(args)


@pytest.mark.parametrize("shape", list(EXPECTED))
def test_each_shape_is_detected(exports, shape):
    r = import_crm(exports[shape]["opportunities"], exports[shape]["leads"])
    opp, lead = r.report["mapping"]["opportunities"], r.report["mapping"]["leads"]
    assert opp["shape"] == shape and lead["shape"] == shape
    assert {k: v["column"] for k, v in opp["columns"].items()} == EXPECTED[shape]
    assert {k: v["column"] for k, v in lead["columns"].items()} == LEADS[shape]
    assert all(v["how"] == "detected" for v in opp["columns"].values())


def test_the_chosen_mapping_is_printed(exports, tmp_path, capsys):
    assert _cli(["--opportunities", str(exports["hubspot"]["opportunities"]), "--leads",
                 str(exports["hubspot"]["leads"]), "--out", str(tmp_path / "history.csv")]) == 0
    out = capsys.readouterr().out
    assert "hubspot opportunities export" in out
    assert "amount          <- 'Amount' (detected)" in out
    assert "opportunity_id  <- 'Associated Deal IDs' (detected)" in out
    assert (tmp_path / "history.csv").exists() and (tmp_path / "history_import_report.json").exists()


def test_two_columns_fitting_one_role_are_refused_with_how_to_choose(exports, tmp_path):
    df = pd.read_csv(exports["salesforce"]["opportunities"], dtype=str)
    df["close_value"] = df["Amount"]
    path = tmp_path / "Opportunity.csv"
    df.to_csv(path, index=False)
    with pytest.raises(InputError) as e:
        import_crm(path)
    issue = e.value.issues[0]
    assert "'Amount', 'close_value'" in issue.where and "role 'amount'" in issue.problem
    assert "[opportunities.columns] amount = 'Amount'" in issue.fix and "--mapping" in issue.fix
    mapping = write(tmp_path / "m.toml", 'schema_version = 1\n[opportunities.columns]\namount = "close_value"\n')
    r = import_crm(path, mapping=mapping)
    assert r.report["mapping"]["opportunities"]["columns"]["amount"] == {"column": "close_value",
                                                                         "how": "mapping file"}


def test_a_required_role_with_no_column_names_the_role(tmp_path):
    path = write(tmp_path / "o.csv", "key,when,stage\n1,2024-01-05,Won\n")
    with pytest.raises(InputError) as e:
        import_crm(path)
    text = str(e.value)
    assert "role 'id'" in text and "role 'created'" in text and "[opportunities.columns] id" in text


def test_mapping_file_schema_version_and_unknown_keys(tmp_path, exports):
    bad = write(tmp_path / "m.toml", 'schema_version = 2\ncolour = "red"\n')
    with pytest.raises(InputError) as e:
        import_crm(exports["salesforce"]["opportunities"], mapping=bad)
    text = str(e.value)
    assert "schema_version: is 2, not 1" in text and "colour: is not a mapping-file key" in text


def test_mapping_file_names_a_missing_column(tmp_path, exports):
    m = write(tmp_path / "m.toml", 'schema_version = 1\n[opportunities.columns]\namount = "Value"\n')
    with pytest.raises(InputError, match="names 'Value', which is not a column"):
        import_crm(exports["salesforce"]["opportunities"], mapping=m)


def test_the_documented_mapping_file_parses_and_help_prints_it(tmp_path, capsys):
    from comp_models.data.crm import MAPPING_FILE_DOC
    from comp_models.data.crm.mapping import load_mapping

    m = load_mapping(write(tmp_path / "m.toml", MAPPING_FILE_DOC))
    assert m.timezone == "America/New_York" and m.files["opportunities"]["date_formats"] == {"created": "%d-%m-%y"}
    assert m.assumptions["gross_profit"] == {"pct": 75, "of": "revenue"}
    with pytest.raises(SystemExit):
        _cli(["--help"])
    assert "schema_version = 1" in capsys.readouterr().out
