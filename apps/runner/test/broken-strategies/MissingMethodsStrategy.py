# Broken on purpose: inherits IStrategy but does not implement its abstract methods.
from freqtrade.strategy import IStrategy


class MissingMethodsStrategy(IStrategy):
    timeframe = "5m"
    minimal_roi = {"0": 0.01}
    stoploss = -0.05
