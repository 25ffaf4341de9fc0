# Broken on purpose: imports a module the sandbox image does not have (line 3).
from freqtrade.strategy import IStrategy
import not_a_real_module


class ImportErrorStrategy(IStrategy):
    timeframe = "5m"
