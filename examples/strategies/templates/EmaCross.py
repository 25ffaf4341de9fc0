# EMA cross: buy when the fast EMA crosses above the slow one, sell when it crosses back below.
from pandas import DataFrame

import talib.abstract as ta
from technical import qtpylib

from freqtrade.strategy import IntParameter, IStrategy


class EmaCross(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "1h"
    can_short = False

    minimal_roi = {"0": 0.10, "720": 0.05, "1440": 0.02}
    stoploss = -0.07

    process_only_new_candles = True
    use_exit_signal = True
    startup_candle_count = 120  # a few times the slowest EMA period

    buy_fast = IntParameter(5, 25, default=12, space="buy")
    buy_slow = IntParameter(20, 60, default=26, space="buy")

    plot_config = {
        "main_plot": {
            "ema_fast": {"color": "#58a6ff"},
            "ema_slow": {"color": "orange"},
        },
        "subplots": {},
    }

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        # One column per period in the parameters' ranges, so hyperopt can try each of them
        # (outside hyperopt, .range is just the current value).
        for period in set(self.buy_fast.range) | set(self.buy_slow.range):
            dataframe[f"ema_{period}"] = ta.EMA(dataframe, timeperiod=period)
        # The chart's columns.
        dataframe["ema_fast"] = dataframe[f"ema_{self.buy_fast.value}"]
        dataframe["ema_slow"] = dataframe[f"ema_{self.buy_slow.value}"]
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        fast = dataframe[f"ema_{self.buy_fast.value}"]
        slow = dataframe[f"ema_{self.buy_slow.value}"]
        dataframe.loc[
            qtpylib.crossed_above(fast, slow) & (dataframe["volume"] > 0),
            ["enter_long", "enter_tag"],
        ] = (1, "ema_cross_up")
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        fast = dataframe[f"ema_{self.buy_fast.value}"]
        slow = dataframe[f"ema_{self.buy_slow.value}"]
        dataframe.loc[
            qtpylib.crossed_below(fast, slow) & (dataframe["volume"] > 0),
            ["exit_long", "exit_tag"],
        ] = (1, "ema_cross_down")
        return dataframe
