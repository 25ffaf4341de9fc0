#!/usr/bin/env python3
"""Writes the small pandas-made feather fixtures in test/fixtures/market-data/ (committed).

    /tmp/mdvenv/bin/python apps/runner/test/market-data/make_pandas_fixtures.py [rows.csv]

Source: 48 synthetic 5m candles from the project's own generator (generateCandles, BTC/USDT,
seed 20230101, 2024-01-01 00:00 to 03:55 UTC, no gaps). Without an argument the script runs
`npx tsx apps/runner/test/market-data/make-fixture-csv.ts` (from the repository root) and reads
the CSV it prints; with one it reads that file instead (same layout). feather.test.ts holds the
same 48 lines as literals. (Earlier versions used third-party sample CSVs — SOLUSDT.csv, then
EURUSD.csv from the backtesting wheel — which were under AGPL and are no longer used.)
The committed files were written with pandas 3.1.1 / pyarrow 26.0.1.

  pandas-lz4-ms.feather         what freqtrade writes: date datetime64[ms, UTC], LZ4 level 9
  pandas-uncompressed-ns.feather pandas 2's default unit: datetime64[ns, UTC], uncompressed
  pandas-int64-ms.feather       legacy layout: date as int64 epoch milliseconds, uncompressed
  pandas-zstd.feather           ZSTD body compression (our reader refuses it with a clear message)
"""
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[3]
FIXTURES = HERE.parent / "fixtures" / "market-data"
MAKE_CSV = HERE / "make-fixture-csv.ts"
COLUMNS = ["open", "high", "low", "close", "volume"]

if len(sys.argv) > 1:
    source = Path(sys.argv[1]).name
    text = Path(sys.argv[1]).read_text()
else:
    source = MAKE_CSV.name
    text = subprocess.run(["npx", "tsx", str(MAKE_CSV)], cwd=REPO, check=True, capture_output=True, text=True).stdout

# "date,open,high,low,close,volume" header, then "2024-01-01 00:00:00,16540,16562.05,...".
# feather.test.ts compares the values with literals parsed by JavaScript's Number(), which (like
# Python's float()) rounds correctly; pandas' own parser is checked against float() on every cell.
src = pd.read_csv(io.StringIO(text), dtype={c: "float64" for c in COLUMNS})
rows = [line.split(",") for line in text.strip().splitlines()[1:]]
assert len(src) == len(rows) == 48, (len(src), len(rows))
for i, row in enumerate(rows):
    assert [float(v) for v in row[1:]] == [src[c].iloc[i] for c in COLUMNS], (i, row)

df = pd.DataFrame({"date": pd.to_datetime(src["date"], utc=True), **{c: src[c].to_numpy() for c in COLUMNS}})
assert df["date"].iloc[0] == pd.Timestamp("2024-01-01 00:00", tz="UTC"), df.head()
assert (df["date"].diff().iloc[1:] == pd.Timedelta(minutes=5)).all(), df["date"]

ms = df.assign(date=df["date"].dt.as_unit("ms"))
ms.to_feather(FIXTURES / "pandas-lz4-ms.feather", compression="lz4", compression_level=9)

df.assign(date=df["date"].dt.as_unit("ns")).to_feather(
    FIXTURES / "pandas-uncompressed-ns.feather", compression="uncompressed")

ms.assign(date=ms["date"].astype("int64")).to_feather(
    FIXTURES / "pandas-int64-ms.feather", compression="uncompressed")

ms.to_feather(FIXTURES / "pandas-zstd.feather", compression="zstd")

print(f"pandas {pd.__version__}: wrote 4 fixtures from {source} to {FIXTURES}")
