"""Benchmark strategy: trades often (thousands of trades a year on 5m) and charts an EMA and an RSI,
so the results page has a big chart to draw. Not a trading idea."""
from pandas import DataFrame
import talib.abstract as ta

from freqtrade.strategy import IStrategy


class ChurnStrategy(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "5m"
    minimal_roi = {"0": 0.01}
    stoploss = -0.02
    startup_candle_count = 30

    plot_config = {
        "main_plot": {"ema10": {"color": "orange"}},
        "subplots": {"RSI": {"rsi": {"color": "purple"}}},
    }

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["ema10"] = ta.EMA(dataframe, timeperiod=10)
        dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[(dataframe["close"] > dataframe["ema10"]) & (dataframe["rsi"] < 60) & (dataframe["volume"] > 0), "enter_long"] = 1
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["close"] < dataframe["ema10"], "exit_long"] = 1
        return dataframe
