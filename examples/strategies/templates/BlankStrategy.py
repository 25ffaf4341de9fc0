# Blank strategy: loads and backtests, but never enters a trade. Add indicators, then conditions.
# flake8: noqa: F401
from pandas import DataFrame

import talib.abstract as ta
from technical import qtpylib

from freqtrade.strategy import DecimalParameter, IntParameter, IStrategy


class BlankStrategy(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "5m"
    can_short = False

    # Exit at +4 % profit, or at -10 % loss.
    minimal_roi = {"0": 0.04}
    stoploss = -0.10

    process_only_new_candles = True
    use_exit_signal = True
    # Raise to the longest indicator period you add.
    startup_candle_count = 30

    # Columns to chart: overlays on the candles, and panels below them.
    plot_config = {
        "main_plot": {},
        "subplots": {},
    }

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        # e.g. dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        # Set "enter_long" to 1 where a trade should open.
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        # Set "exit_long" to 1 where open trades should close.
        return dataframe
