"""Seeded generator of synthetic CRM exports, in the shapes companies really export them.

Three shapes, each a leads file and an opportunities file (no third-party data: every row is made
here from a seeded numpy generator):

* ``salesforce``: ``Lead.csv`` (Id, CreatedDate, Status, LeadSource, IsConverted, ConvertedDate,
  ConvertedOpportunityId) and ``Opportunity.csv`` (Id, CreatedDate, CloseDate, StageName, Amount,
  IsWon, IsClosed, LeadSource, Type). Created dates are ISO timestamps in UTC with ``Z``.
* ``hubspot``: ``contacts.csv`` (Record ID, Create Date, Lifecycle Stage, Original Source,
  Associated Deal IDs) and ``deals.csv`` (Deal ID, Deal Name, Create Date, Close Date, Deal Stage,
  Amount, Pipeline, Original Source).
* ``generic``: ``leads.csv`` (lead_id, first_contact_date, origin) and ``opportunities.csv``
  (opportunity_id, lead_id, sales_agent, deal_stage, engage_date, close_date, close_value), with
  US dates (M/D/YYYY).

Plus ``write_large_opportunities``: a Salesforce-shaped Opportunity export of any size with 14
columns (5,000,000 rows is about 1.1 GB), written in chunks for the benchmark.

Run from the repository root (writes into a folder you name, never into the repository)::

    python scenarios/data/crm/generate_crm_exports.py OUT_DIR [--shape salesforce] [--months 24]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20240611
SHAPES = ("salesforce", "hubspot", "generic")

# furthest funnel step a lead reaches (inquiry, mql, sal, sql) and its shares
STEP_SHARES = (0.55, 0.20, 0.10, 0.15)
SF_LEAD_STATUS = {0: "Open - Not Contacted", 1: "Working - Contacted", 2: "Closed - Not Converted",
                  3: "Closed - Converted"}
HS_LIFECYCLE = {0: "Subscriber", 1: "Marketing Qualified Lead", 2: "Sales Qualified Lead", 3: "Customer"}
MARKETING_SOURCES = ("Web", "Advertisement", "Webinar", "Trade Show")
OTHER_SOURCES = ("Partner Referral", "Employee Referral", "Outbound")
HS_SOURCES = ("Organic Search", "Paid Search", "Email Marketing", "Social Media", "Offline Sources", "Referrals")
GENERIC_SOURCES = ("organic_search", "paid_search", "email", "social", "referral", "direct_traffic")
SF_OPEN = ("Prospecting", "Qualification", "Needs Analysis", "Proposal/Price Quote", "Negotiation/Review")
HS_OPEN = ("Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Contract Sent")
GENERIC_OPEN = ("Prospecting", "Engaging")


@dataclass(frozen=True)
class Company:
    """The synthetic company behind every shape: leads per month, conversion, deal size, cycle."""

    start: str = "2023-01-01"
    months: int = 24
    leads_per_month: int = 300
    win_rate: float = 0.3
    deal_size: float = 24_000.0
    cycle_days: float = 60.0


def _funnel(company: Company, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(leads, opportunities) as plain frames with pandas timestamps (UTC) and numeric fields."""
    start = pd.Timestamp(company.start, tz="UTC")
    end = start + pd.DateOffset(months=company.months)
    span = (end - start).total_seconds()
    n = company.leads_per_month * company.months
    created = start + pd.to_timedelta(np.sort(rng.uniform(0, span, n)), unit="s")
    step = rng.choice(4, size=n, p=STEP_SHARES)
    leads = pd.DataFrame({"created": created, "step": step, "source": rng.integers(0, 4, n)})
    conv = np.flatnonzero(step == 3)
    m = len(conv)
    opp_created = created[conv] + pd.to_timedelta(rng.uniform(1, 10 * 86400, m), unit="s")
    cycle = np.maximum(1, rng.gamma(4.0, company.cycle_days / 4.0, m)).round()
    close = (opp_created.tz_convert(None).normalize() + pd.to_timedelta(cycle, unit="D"))
    won = rng.random(m) < company.win_rate
    closed = close < end.tz_convert(None)  # the export is taken at `end`: later deals are still open
    amount = np.round(rng.lognormal(np.log(company.deal_size), 0.5, m), 2)
    opps = pd.DataFrame({"lead": conv, "created": opp_created, "close": close, "won": won & closed,
                         "lost": ~won & closed, "amount": amount, "open_stage": rng.integers(0, 99, m)})
    leads["opp"] = -1
    leads.loc[conv, "opp"] = np.arange(m)
    return leads, opps


def _sf_id(prefix: str, i: np.ndarray) -> list[str]:
    return [f"{prefix}{x:015d}" for x in i]


def write_salesforce(out: Path, leads: pd.DataFrame, opps: pd.DataFrame) -> dict[str, Path]:
    lead_ids, opp_ids = _sf_id("00Q", np.arange(len(leads))), _sf_id("006", np.arange(len(opps)))
    lead_src = np.where(leads["source"] < 3, np.array(MARKETING_SOURCES)[leads["source"]], OTHER_SOURCES[0])
    converted = leads["opp"] >= 0
    opp_of_lead = np.array(["" for _ in range(len(leads))], dtype=object)
    opp_of_lead[converted.to_numpy()] = [opp_ids[i] for i in leads.loc[converted, "opp"]]
    conv_date = np.array([""] * len(leads), dtype=object)
    conv_date[converted.to_numpy()] = opps["created"].dt.strftime("%Y-%m-%d").to_numpy()[leads.loc[converted, "opp"]]
    lead_frame = pd.DataFrame({
        "Id": lead_ids, "CreatedDate": leads["created"].dt.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "Status": leads["step"].map(SF_LEAD_STATUS), "LeadSource": lead_src,
        "IsConverted": np.where(converted, "true", "false"), "ConvertedDate": conv_date,
        "ConvertedOpportunityId": opp_of_lead})
    stage = np.where(opps["won"], "Closed Won", np.where(opps["lost"], "Closed Lost",
                                                           np.array(SF_OPEN)[opps["open_stage"] % len(SF_OPEN)]))
    opp_frame = pd.DataFrame({
        "Id": opp_ids, "CreatedDate": opps["created"].dt.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "CloseDate": opps["close"].dt.strftime("%Y-%m-%d"), "StageName": stage, "Amount": opps["amount"],
        "IsWon": np.where(opps["won"], "true", "false"),
        "IsClosed": np.where(opps["won"] | opps["lost"], "true", "false"),
        "LeadSource": lead_src[opps["lead"]], "Type": "New Customer"})
    paths = {"leads": out / "Lead.csv", "opportunities": out / "Opportunity.csv"}
    lead_frame.to_csv(paths["leads"], index=False)
    opp_frame.to_csv(paths["opportunities"], index=False)
    return paths


def write_hubspot(out: Path, leads: pd.DataFrame, opps: pd.DataFrame) -> dict[str, Path]:
    deal_ids = (9_000_000 + np.arange(len(opps))).astype(str)
    deal_of = np.array([""] * len(leads), dtype=object)
    conv = (leads["opp"] >= 0).to_numpy()
    deal_of[conv] = deal_ids[leads.loc[conv, "opp"]]
    src = np.array(HS_SOURCES)[(leads["source"] * 2 + leads.index % 2) % len(HS_SOURCES)]
    contacts = pd.DataFrame({
        "Record ID": (100_000 + np.arange(len(leads))).astype(str),
        "Create Date": leads["created"].dt.strftime("%Y-%m-%d %H:%M"),
        "Lifecycle Stage": leads["step"].map(HS_LIFECYCLE), "Original Source": src, "Associated Deal IDs": deal_of})
    stage = np.where(opps["won"], "Closed Won", np.where(opps["lost"], "Closed Lost",
                                                           np.array(HS_OPEN)[opps["open_stage"] % len(HS_OPEN)]))
    deals = pd.DataFrame({
        "Deal ID": deal_ids, "Deal Name": [f"Deal {i}" for i in range(len(opps))],
        "Create Date": opps["created"].dt.strftime("%Y-%m-%d %H:%M"),
        "Close Date": np.where(opps["won"] | opps["lost"], opps["close"].dt.strftime("%Y-%m-%d %H:%M"), ""),
        "Deal Stage": stage, "Amount": opps["amount"], "Pipeline": "Sales Pipeline",
        "Original Source": src[opps["lead"]]})
    paths = {"leads": out / "contacts.csv", "opportunities": out / "deals.csv"}
    contacts.to_csv(paths["leads"], index=False)
    deals.to_csv(paths["opportunities"], index=False)
    return paths


def _us_date(ts: pd.Series) -> pd.Series:
    return ts.dt.month.astype(str) + "/" + ts.dt.day.astype(str) + "/" + ts.dt.year.astype(str)


def write_generic(out: Path, leads: pd.DataFrame, opps: pd.DataFrame) -> dict[str, Path]:
    lead_ids = [f"mql{i:07d}" for i in range(len(leads))]
    mql = leads[leads["step"] >= 1]  # a generic marketing export lists MQLs only (every row is an MQL)
    lead_frame = pd.DataFrame({"lead_id": [lead_ids[i] for i in mql.index],
                               "first_contact_date": mql["created"].dt.strftime("%Y-%m-%d"),
                               "origin": np.array(GENERIC_SOURCES)[(mql["source"] + mql.index % 3) % 6]})
    created = opps["created"].dt.tz_convert(None)
    stage = np.where(opps["won"], "Won", np.where(opps["lost"], "Lost",
                                                   np.array(GENERIC_OPEN)[opps["open_stage"] % 2]))
    opp_frame = pd.DataFrame({
        "opportunity_id": [f"OPP{i:06d}" for i in range(len(opps))], "lead_id": [lead_ids[i] for i in opps["lead"]],
        "sales_agent": np.array(["Ana", "Ben", "Chen", "Dara"])[np.arange(len(opps)) % 4], "deal_stage": stage,
        "engage_date": _us_date(created), "close_date": np.where(opps["won"] | opps["lost"], _us_date(opps["close"]), ""),
        "close_value": np.where(opps["won"], opps["amount"].round(0).astype(int).astype(str),
                                np.where(opps["lost"], "0", ""))})
    paths = {"leads": out / "leads.csv", "opportunities": out / "opportunities.csv"}
    lead_frame.to_csv(paths["leads"], index=False)
    opp_frame.to_csv(paths["opportunities"], index=False)
    return paths


WRITERS = {"salesforce": write_salesforce, "hubspot": write_hubspot, "generic": write_generic}


def write_exports(out: str | Path, shape: str = "salesforce", company: Company | None = None,
                  seed: int = SEED) -> dict[str, Path]:
    """Write one shape's leads and opportunities exports into `out`; returns their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    leads, opps = _funnel(company or Company(), np.random.default_rng(seed))
    return WRITERS[shape](out, leads, opps)


LARGE_COLUMNS = ["Id", "AccountId", "Name", "CreatedDate", "CloseDate", "StageName", "Amount", "Probability",
                 "IsWon", "IsClosed", "LeadSource", "Type", "OwnerId", "ForecastCategoryName"]


def _large_chunk(rng: np.random.Generator, first: int, n: int, start: pd.Timestamp, days: int) -> pd.DataFrame:
    i = np.arange(first, first + n)
    created = start + pd.to_timedelta(rng.integers(0, days * 86400, n), unit="s")
    close = created.normalize().tz_convert(None) + pd.to_timedelta(rng.integers(5, 180, n), unit="D")
    outcome = rng.choice(3, size=n, p=(0.25, 0.55, 0.20))  # won, lost, open
    export_day = (start + pd.Timedelta(days=days)).tz_convert(None)
    outcome = np.where(close > export_day, 2, outcome)  # not closed yet when the export was taken
    stages = np.array(["Closed Won", "Closed Lost", "Negotiation/Review"])
    prob = np.array([100, 0, 60])
    forecast = np.array(["Closed", "Omitted", "Pipeline"])
    return pd.DataFrame({
        "Id": np.char.add("006", np.char.zfill(i.astype(str), 15)),
        "AccountId": np.char.add("001", np.char.zfill((i // 3).astype(str), 15)),
        "Name": np.char.add("Synthetic Account Expansion Opportunity ", i.astype(str)),
        "CreatedDate": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "CloseDate": close.strftime("%Y-%m-%d"),
        "StageName": stages[outcome], "Amount": np.round(rng.lognormal(np.log(24_000), 0.6, n), 2),
        "Probability": prob[outcome], "IsWon": np.where(outcome == 0, "true", "false"),
        "IsClosed": np.where(outcome < 2, "true", "false"),
        "LeadSource": np.array(MARKETING_SOURCES + OTHER_SOURCES)[rng.integers(0, 7, n)],
        "Type": np.where(rng.random(n) < 0.7, "New Customer", "Existing Customer - Upgrade"),
        "OwnerId": np.char.add("005", np.char.zfill(rng.integers(0, 400, n).astype(str), 15)),
        "ForecastCategoryName": forecast[outcome]})


def write_large_opportunities(path: str | Path, rows: int = 5_000_000, *, seed: int = SEED,
                              chunk: int = 500_000, start: str = "2021-01-01", days: int = 5 * 365) -> Path:
    """A Salesforce-shaped Opportunity export with the 14 LARGE_COLUMNS, written chunk by chunk."""
    path = Path(path)
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp(start, tz="UTC")
    with path.open("w", encoding="utf-8", newline="") as fh:
        for k, first in enumerate(range(0, rows, chunk)):
            _large_chunk(rng, first, min(chunk, rows - first), t0, days).to_csv(fh, index=False, header=k == 0)
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", help="folder to write into (created if missing)")
    p.add_argument("--shape", choices=SHAPES, default="salesforce")
    p.add_argument("--months", type=int, default=24)
    p.add_argument("--seed", type=int, default=SEED)
    args = p.parse_args(argv)
    for role, path in write_exports(args.out, args.shape, Company(months=args.months), args.seed).items():
        print(f"{role}: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
