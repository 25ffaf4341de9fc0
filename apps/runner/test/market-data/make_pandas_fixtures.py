#!/usr/bin/env python3
"""Writes the small pandas-made feather fixtures in test/fixtures/market-data/ (committed).

    /tmp/mdvenv/bin/python apps/runner/test/market-data/make_pandas_fixtures.py

Source: the first 48 rows (2 days of 1h candles) of test/fixtures/market-data/SOLUSDT.csv.
  pandas-lz4-ms.feather         what freqtrade writes: date datetime64[ms, UTC], LZ4 level 9
  pandas-uncompressed-ns.feather pandas 2's default unit: datetime64[ns, UTC], uncompressed
  pandas-int64-ms.feather       legacy layout: date as int64 epoch milliseconds, uncompressed
  pandas-zstd.feather           ZSTD body compression (our reader refuses it with a clear message)
"""
from pathlib import Path

import pandas as pd

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "market-data"

src = pd.read_csv(FIXTURES / "SOLUSDT.csv").head(48)
df = pd.DataFrame({
    "date": pd.to_datetime(src["timestamp"], utc=True),
    "open": src["Open"].astype("float64"),
    "high": src["High"].astype("float64"),
    "low": src["Low"].astype("float64"),
    "close": src["Close"].astype("float64"),
    "volume": src["Volume"].astype("float64"),
})

ms = df.assign(date=df["date"].dt.as_unit("ms"))
ms.to_feather(FIXTURES / "pandas-lz4-ms.feather", compression="lz4", compression_level=9)

df.assign(date=df["date"].dt.as_unit("ns")).to_feather(
    FIXTURES / "pandas-uncompressed-ns.feather", compression="uncompressed")

ms.assign(date=ms["date"].astype("int64")).to_feather(
    FIXTURES / "pandas-int64-ms.feather", compression="uncompressed")

ms.to_feather(FIXTURES / "pandas-zstd.feather", compression="zstd")

print(f"pandas {pd.__version__}: wrote 4 fixtures to {FIXTURES}")
