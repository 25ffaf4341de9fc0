"""Checks tradelab_sandbox.indicators inside the sandbox image (run by
sandbox-indicators.integration.test.ts): plot_config forms, column encoding, the size cap and the
never-fail rule. Prints one JSON object per case on stdout."""

import json
import logging
import math
import os
import sys
import tempfile

import numpy as np
import pandas as pd

from tradelab_sandbox import indicators as ind

logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s - %(message)s")
records = []


class Keep(logging.Handler):
    def emit(self, record):
        records.append(f"{record.levelname} {record.getMessage()}")


ind.logger.addHandler(Keep())


def frame(n=5, start="2024-01-01"):
    dates = pd.date_range(start, periods=n, freq="5min", tz="UTC").as_unit("ms")
    return pd.DataFrame({
        "date": dates,
        "close": np.linspace(100.0, 104.0, n),
        "ema": [np.nan, 1.123456789123, 2.5, np.inf, -np.inf][:n] + [3.0] * max(0, n - 5),
        "flag": [True, False, True, False, True][:n] + [False] * max(0, n - 5),
        "tag": ["1.5", "x", None, "2", "3"][:n] + ["4"] * max(0, n - 5),
        "big": [123456789.123, 1.0, 2.0, 3.0, 4.0][:n] + [5.0] * max(0, n - 5),
    })


class Attr:
    plot_config = {
        "main_plot": {"ema": {"color": "red", "width": 2, "bad": object()}, "nope": {"color": None}},
        "subplots": {"Sub": {"flag": {"type": "bar"}, "tag": {}, "big": {"fill_to": "close"}}, "Bad": 3},
    }


class Prop:
    @property
    def plot_config(self):
        return {"main_plot": {"close": {}}}


class Method:
    def plot_config(self):
        return {"subplots": {"S": {"ema": {}}}}


class Broken:
    @property
    def plot_config(self):
        raise RuntimeError("boom")


class NotADict:
    plot_config = ["ema"]


class Nothing:
    pass


def run(name, strategy, frames, **kw):
    records.clear()
    path = os.path.join(tempfile.mkdtemp(), "indicators.json")
    if kw:
        data = b"".join(ind.encode(ind.read_plot_config(strategy), frames, **kw))
        with open(path, "wb") as fh:
            fh.write(data)
    else:
        ind.capture(strategy, frames, path)
    with open(path) as fh:
        text = fh.read()
    print(json.dumps({"case": name, "artifact": json.loads(text), "log": list(records)}))


run("attribute", Attr(), {"BTC/USDT": frame(), "ETH/USDT": frame().drop(columns=["big"])})
run("property", Prop(), {"BTC/USDT": frame()})
run("method", Method(), {"BTC/USDT": frame()})
run("broken", Broken(), {"BTC/USDT": frame()})
run("not-a-dict", NotADict(), {"BTC/USDT": frame()})
run("no-plot-config", Nothing(), {"BTC/USDT": frame()})
one_pair = len(b"".join(ind.encode(ind.read_plot_config(Prop()), {"A/USDT": frame(1000)})))
run("size-cap", Prop(), {"A/USDT": frame(1000), "B/USDT": frame(1000)}, max_bytes=one_pair + 10)
records.clear()
ind.capture(Prop(), {"BTC/USDT": frame()}, "/proc/indicators.json")
print(json.dumps({"case": "unwritable", "log": list(records)}))
