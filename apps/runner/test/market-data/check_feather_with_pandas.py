#!/usr/bin/env python3
"""Manual check: do pandas/pyarrow (and, if installed, freqtrade) read the store's feather files?

Run it against a market-data store written by MarketDataStore (see apps/runner/src/market-data/README.md):

    python3 -m venv /tmp/mdvenv && /tmp/mdvenv/bin/pip install pandas pyarrow
    /tmp/mdvenv/bin/python apps/runner/test/market-data/check_feather_with_pandas.py <store-root>

For every entry of <store-root>/manifest.json it
  1. reads the file the way freqtrade's FeatherDataHandler falls back to (pandas.read_feather),
     and the way it reads first (pyarrow.dataset with a filter on "date" against a tz-aware
     datetime), and checks: columns date, open, high, low, close, volume; date is
     datetime64[*, UTC]; value columns cast to float; candle count and first/last candle as in
     the manifest; dates strictly increasing and on the timeframe grid; no NaN;
     high >= max(open, close), low <= min(open, close);
  2. if freqtrade is importable (e.g. a venv with `pip install freqtrade==2026.9`), loads the
     pair through FeatherDataHandler.ohlcv_load with and without a timerange and checks the
     candle count.
Exit status 0 when everything passes.
"""
import json
import sys
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds

TF_MS = {"1m": 60_000, "5m": 300_000, "15m": 900_000, "30m": 1_800_000, "1h": 3_600_000,
         "2h": 7_200_000, "4h": 14_400_000, "1d": 86_400_000}


def check_entry(root: Path, entry: dict) -> list[str]:
    problems = []
    path = root / entry["file"]
    label = f'{entry["pair"]} {entry["timeframe"]} ({entry["file"]})'

    df = pd.read_feather(path)
    if list(df.columns) != ["date", "open", "high", "low", "close", "volume"]:
        problems.append(f"{label}: columns {list(df.columns)}")
        return problems
    if not isinstance(df["date"].dtype, pd.DatetimeTZDtype) or str(df["date"].dt.tz) != "UTC":
        problems.append(f"{label}: date dtype {df['date'].dtype}, expected datetime64[*, UTC]")
    # What freqtrade does after reading.
    df = df.astype({c: "float" for c in ["open", "high", "low", "close", "volume"]})
    df["date"] = df["date"].dt.as_unit("ms")
    if len(df) != entry["candles"]:
        problems.append(f"{label}: {len(df)} rows, manifest says {entry['candles']}")
    if df.isna().any().any():
        problems.append(f"{label}: NaN values")
    first = pd.Timestamp(entry["firstCandle"])
    last = pd.Timestamp(entry["lastCandle"])
    if df["date"].iloc[0] != first or df["date"].iloc[-1] != last:
        problems.append(f"{label}: range {df['date'].iloc[0]}..{df['date'].iloc[-1]}, manifest {first}..{last}")
    ms = df["date"].astype("int64")
    if not ms.is_monotonic_increasing or ms.duplicated().any():
        problems.append(f"{label}: dates not strictly increasing")
    if (ms % TF_MS[entry["timeframe"]] != 0).any():
        problems.append(f"{label}: dates off the {entry['timeframe']} grid")
    if (df["high"] < df[["open", "close"]].max(axis=1)).any() or (df["low"] > df[["open", "close"]].min(axis=1)).any():
        problems.append(f"{label}: OHLC inconsistent")
    if (df[["open", "high", "low", "close"]] <= 0).any().any() or (df["volume"] < 0).any():
        problems.append(f"{label}: non-positive price or negative volume")

    # freqtrade's first path: pyarrow dataset + filter against a tz-aware datetime.
    mid = first + (last - first) / 2
    start = mid.to_pydatetime()
    table = ds.dataset(path, format="feather").to_table(
        filter=(ds.field("date") >= start) & (ds.field("date") <= start + timedelta(days=7)))
    if table.num_rows == 0:
        problems.append(f"{label}: pyarrow dataset filter returned no rows")
    return problems


def check_with_freqtrade(root: Path, entries: list[dict]) -> list[str]:
    try:
        from freqtrade.configuration import TimeRange
        from freqtrade.data.history.datahandlers.featherdatahandler import FeatherDataHandler
        from freqtrade.enums import CandleType
    except ImportError:
        print("freqtrade not importable: skipped the FeatherDataHandler check")
        return []
    import freqtrade
    print(f"freqtrade {freqtrade.__version__}: loading through FeatherDataHandler")
    handler = FeatherDataHandler(root / "binance")
    problems = []
    for entry in entries:
        label = f'{entry["pair"]} {entry["timeframe"]}'
        df = handler.ohlcv_load(entry["pair"], entry["timeframe"], CandleType.SPOT, fill_missing=False)
        if len(df) != entry["candles"]:
            problems.append(f"freqtrade {label}: {len(df)} candles, manifest says {entry['candles']}")
        first = pd.Timestamp(entry["firstCandle"])
        start = (first + pd.Timedelta(days=2)).normalize()
        tr = TimeRange.parse_timerange(f"{start:%Y%m%d}-{start + pd.Timedelta(days=5):%Y%m%d}")
        df = handler.ohlcv_load(entry["pair"], entry["timeframe"], CandleType.SPOT, timerange=tr, fill_missing=False)
        if df.empty:
            problems.append(f"freqtrade {label}: nothing loaded for timerange {tr}")
        elif str(df["date"].dtype) != "datetime64[ms, UTC]":
            problems.append(f"freqtrade {label}: date dtype {df['date'].dtype}")
    return problems


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".data/market-data")
    manifest = json.loads((root / "manifest.json").read_text())
    entries = manifest["entries"]
    print(f"pandas {pd.__version__}, checking {len(entries)} files in {root}")
    problems = []
    for entry in entries:
        problems += check_entry(root, entry)
    problems += check_with_freqtrade(root, entries)
    for p in problems:
        print("FAIL", p)
    print("OK: all files read as freqtrade expects" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
