"""Chart indicators: the columns a strategy's ``plot_config`` names, as it computed them.

Runs inside the Freqtrade process (see ``freqtrade_main``): ``install()`` wraps
``Backtesting.backtest``, which receives the analysed dataframes (indicators from
``advise_all_indicators``) and, while converting them to lists, replaces each pair's entry of that
dict with the dataframe after ``populate_entry_trend``/``populate_exit_trend``, trimmed to the
backtest timerange (startup candles removed). After the original returns, those frames are read;
nothing of the strategy runs again and no other process is started.

Artifact (``indicatorsArtifactSchema`` in packages/contracts/src/chart-data.ts):
``{"plotConfig": {"main_plot": {...}, "subplots": {...}}, "pairs": {pair: {"t": [ms, ...],
"columns": {name: [value | null, ...]}}}}``. NaN/inf become null; each column is rounded to 8
significant digits of its largest magnitude (pandas' C JSON encoder, ~10 ms per 100k values).

Capture never fails a backtest: any problem is a warning in the log and the empty artifact.
An exception raised by the backtest itself (the strategy's) passes through untouched.
"""

import json
import logging
import math
import os

from tradelab_sandbox import INDICATORS_ENV as OUTPUT_ENV  # noqa: F401 - read by freqtrade_main

logger = logging.getLogger("tradelab_sandbox.indicators")

SIGNIFICANT_DIGITS = 8
MAX_DECIMALS = 12
# The artifact shares the sandbox's /output (128 MiB by default) with Freqtrade's result files;
# a year of 5m candles with 8 columns is ~9 MiB.
MAX_BYTES = 48 << 20
EMPTY_PLOT_CONFIG = {"main_plot": {}, "subplots": {}}
STRING_STYLE_KEYS = ("color", "type", "fill_to")


def empty_artifact() -> bytes:
    return json.dumps({"plotConfig": EMPTY_PLOT_CONFIG, "pairs": {}}).encode()


# ------------------------------------------------------------------------------------------
# plot_config
# ------------------------------------------------------------------------------------------


def _style(raw) -> dict:
    """A column's style: string color/type/fill_to, other JSON-able keys kept as they are."""
    if not isinstance(raw, dict):
        return {}
    out = {}
    for key, value in raw.items():
        key = str(key)
        if key in STRING_STYLE_KEYS:
            if isinstance(value, str):
                out[key] = value
            continue
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError):
            continue
        out[key] = value
    return out


def read_plot_config(strategy) -> dict:
    """The strategy's plot_config (a class attribute, a property or a method) as
    {"main_plot": {column: style}, "subplots": {name: {column: style}}}."""
    raw = getattr(strategy, "plot_config", None)
    if callable(raw):
        raw = raw()
    if not raw:
        return {"main_plot": {}, "subplots": {}}
    if not isinstance(raw, dict):
        raise ValueError(f"plot_config is a {type(raw).__name__}, not a dict")
    main_raw = raw.get("main_plot") or {}
    subplots_raw = raw.get("subplots") or {}
    if not isinstance(main_raw, dict) or not isinstance(subplots_raw, dict):
        raise ValueError("plot_config: main_plot and subplots must be dicts")
    main_plot = {str(col): _style(style) for col, style in main_raw.items()}
    subplots = {}
    for name, columns in subplots_raw.items():
        if not isinstance(columns, dict):
            logger.warning(f"plot_config: subplot {name!r} is not a dict of columns; skipped")
            continue
        subplots[str(name)] = {str(col): _style(style) for col, style in columns.items()}
    return {"main_plot": main_plot, "subplots": subplots}


def plot_columns(plot_config: dict) -> list:
    """Columns to capture, in plot order: main_plot keys, subplot keys, fill_to targets."""
    cols: dict = {}
    groups = [plot_config["main_plot"], *plot_config["subplots"].values()]
    for group in groups:
        for col in group:
            cols[col] = None
    for group in groups:
        for style in group.values():
            if "fill_to" in style:
                cols[style["fill_to"]] = None
    return list(cols)


# ------------------------------------------------------------------------------------------
# Encoding
# ------------------------------------------------------------------------------------------


def _decimals(values) -> int:
    """Decimal places that keep SIGNIFICANT_DIGITS of the column's largest magnitude."""
    import numpy as np

    finite = np.abs(values[np.isfinite(values)])
    top = float(finite.max()) if finite.size else 0.0
    if top == 0.0:
        return SIGNIFICANT_DIGITS
    return max(0, min(MAX_DECIMALS, SIGNIFICANT_DIGITS - 1 - math.floor(math.log10(top))))


def _column_json(series) -> str:
    import numpy as np
    import pandas as pd

    if isinstance(series, pd.DataFrame):  # duplicate column names: the first one
        series = series.iloc[:, 0]
    if series.dtype == bool:
        series = series.astype("float64")
    elif not pd.api.types.is_numeric_dtype(series):
        series = pd.to_numeric(series, errors="coerce")
    values = series.to_numpy(dtype="float64", na_value=np.nan)
    values = np.where(np.isfinite(values), values, np.nan)  # a new array: to_numpy may be a view
    return pd.Series(values, copy=False).to_json(orient="values", double_precision=_decimals(values))


def _times_json(df) -> str:
    import pandas as pd

    ms = pd.to_datetime(df["date"], utc=True).dt.as_unit("ms").astype("int64")
    return "[" + ",".join(map(str, ms.tolist())) + "]"


def encode(plot_config: dict, frames: dict, max_bytes: int = MAX_BYTES):
    """The artifact for {pair: analysed, trimmed dataframe}, as byte chunks (one pair at a time
    in memory). Missing columns are skipped and reported once; pairs that would take the file
    past max_bytes are left out and reported."""
    wanted = plot_columns(plot_config)
    missing: dict = {}
    too_big = []
    head = f'{{"plotConfig":{json.dumps(plot_config, allow_nan=False)},"pairs":{{'.encode()
    size = len(head) + 2
    yield head
    first = True
    for pair, df in frames.items():
        if not wanted or df is None or getattr(df, "empty", True) or "date" not in df.columns:
            continue
        present = set(df.columns)
        cols = []
        for col in wanted:
            if col in present:
                cols.append(json.dumps(col) + ":" + _column_json(df[col]))
            else:
                missing.setdefault(col, []).append(pair)
        if not cols:
            continue
        chunk = (
            ("" if first else ",") + json.dumps(pair) + ':{"t":' + _times_json(df)
            + ',"columns":{' + ",".join(cols) + "}}"
        ).encode()
        if size + len(chunk) > max_bytes:
            too_big.append(pair)
            continue
        size += len(chunk)
        first = False
        yield chunk
    yield b"}}"
    for col, pairs in missing.items():  # short lines: Freqtrade's log handler wraps at 160
        where = "" if len(pairs) == len(frames) else f" for {_names(pairs)}"
        logger.warning(f"plot_config: no column {col!r}{where}; skipped on the chart")
    if too_big:
        logger.warning(
            f"chart indicators left out for {_names(too_big)}: over {max_bytes / 2**20:.3g} MiB"
        )


def _names(pairs: list) -> str:
    return ", ".join(pairs[:3]) + (f" and {len(pairs) - 3} more" if len(pairs) > 3 else "")


def write_atomic(path: str, chunks) -> int:
    """Writes the chunks to path.tmp and renames it to path; returns the size."""
    tmp = path + ".tmp"
    size = 0
    try:
        with open(tmp, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
                size += len(chunk)
        os.replace(tmp, path)
        return size
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def capture(strategy, frames: dict, path: str) -> None:
    """Writes the artifact; on any problem a warning and the empty artifact. Never raises."""
    import time

    t0 = time.monotonic()
    try:
        size = write_atomic(path, encode(read_plot_config(strategy), frames))
        logger.info(f"chart indicators written: {size} bytes in {time.monotonic() - t0:.2f}s")
    except Exception as e:  # noqa: BLE001 - capture must never fail the backtest
        logger.warning(f"chart indicators not captured: {type(e).__name__}: {e}")
        try:
            write_atomic(path, [empty_artifact()])
        except Exception as e2:  # noqa: BLE001
            logger.warning(f"chart indicators: cannot write {path}: {e2}")


# ------------------------------------------------------------------------------------------
# Hook
# ------------------------------------------------------------------------------------------


def install(path: str) -> None:
    """Wraps Backtesting.backtest so that each backtest's analysed frames are captured."""
    from freqtrade.optimize.backtesting import Backtesting

    original = Backtesting.backtest

    def backtest(self, *args, **kwargs):
        result = original(self, *args, **kwargs)  # the strategy's own errors propagate as-is
        processed = kwargs.get("processed", args[0] if args else None)
        capture(
            getattr(self, "strategy", None),
            processed if isinstance(processed, dict) else {},
            path,
        )
        return result

    backtest.__wrapped__ = original
    backtest.__doc__ = original.__doc__
    Backtesting.backtest = backtest
