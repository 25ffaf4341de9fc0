# TradeLab sample strategy: RSI + EMA/TEMA + Bollinger bands, long only, spot.
# Written for Freqtrade's strategy interface v3; runs unchanged in the official Freqtrade image.
# flake8: noqa: F401
from datetime import datetime

import numpy as np
import pandas as pd
from pandas import DataFrame

import talib.abstract as ta
from technical import qtpylib

from freqtrade.strategy import DecimalParameter, IntParameter, IStrategy


class SampleStrategy(IStrategy):
    """Buys when RSI crosses up out of oversold below the Bollinger middle band, sells when RSI
    crosses up into overbought above it. Parameters can be overridden per run (hyperoptable)."""

    INTERFACE_VERSION = 3
    can_short: bool = False
    timeframe = "5m"

    minimal_roi = {"60": 0.01, "30": 0.02, "0": 0.04}
    stoploss = -0.10
    trailing_stop = False

    process_only_new_candles = True
    use_exit_signal = True
    exit_profit_only = False
    ignore_roi_if_entry_signal = False
    startup_candle_count: int = 200

    # Hyperoptable parameters (space from the name prefix: buy_ -> "buy", sell_ -> "sell").
    buy_rsi = IntParameter(low=10, high=40, default=30, space="buy", optimize=True, load=True)
    sell_rsi = IntParameter(low=60, high=90, default=70, space="sell", optimize=True, load=True)
    buy_ema_gap = DecimalParameter(0.90, 1.10, decimals=3, default=1.02, space="buy")

    order_types = {
        "entry": "limit",
        "exit": "limit",
        "stoploss": "market",
        "stoploss_on_exchange": False,
    }
    order_time_in_force = {"entry": "GTC", "exit": "GTC"}

    plot_config = {
        "main_plot": {
            "tema": {},
            "ema50": {"color": "orange"},
            "bb_middleband": {"color": "red"},
            "bb_upperband": {"color": "grey"},
            "bb_lowerband": {"color": "grey"},
        },
        "subplots": {
            "MACD": {"macd": {"color": "blue"}, "macdsignal": {"color": "orange"}},
            "RSI": {"rsi": {"color": "red"}},
        },
    }

    def informative_pairs(self):
        return []

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
        macd = ta.MACD(dataframe)
        dataframe["macd"] = macd["macd"]
        dataframe["macdsignal"] = macd["macdsignal"]
        dataframe["macdhist"] = macd["macdhist"]

        bollinger = qtpylib.bollinger_bands(qtpylib.typical_price(dataframe), window=20, stds=2)
        dataframe["bb_lowerband"] = bollinger["lower"]
        dataframe["bb_middleband"] = bollinger["mid"]
        dataframe["bb_upperband"] = bollinger["upper"]

        dataframe["ema50"] = ta.EMA(dataframe, timeperiod=50)
        dataframe["tema"] = ta.TEMA(dataframe, timeperiod=9)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[
            (
                qtpylib.crossed_above(dataframe["rsi"], self.buy_rsi.value)
                & (dataframe["tema"] <= dataframe["bb_middleband"])
                & (dataframe["close"] <= dataframe["ema50"] * self.buy_ema_gap.value)
                & (dataframe["volume"] > 0)
            ),
            ["enter_long", "enter_tag"],
        ] = (1, "rsi_cross")
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[
            (
                qtpylib.crossed_above(dataframe["rsi"], self.sell_rsi.value)
                & (dataframe["tema"] > dataframe["bb_middleband"])
                & (dataframe["volume"] > 0)
            ),
            ["exit_long", "exit_tag"],
        ] = (1, "rsi_overbought")
        return dataframe
