/**
 * What the editor knows about writing a Freqtrade strategy: the `IStrategy` callbacks and
 * attributes (signatures of Freqtrade 2026.9, `freqtrade/strategy/interface.py`), members of
 * `self.dp`, the dataframe's columns, qtpylib's helpers (`from technical import qtpylib`, which
 * Freqtrade's `freqtrade.vendor.qtpylib.indicators` re-exports), and snippets.
 *
 * Snippet bodies use Monaco's snippet syntax (`${1:default}`, `$0`); `\t` is one indentation
 * level (Monaco turns it into the editor's indentation).
 */

export interface StrategyMethod {
  name: string;
  /** the parameters after `self`, as Freqtrade declares them */
  params: string;
  returns: string;
  doc: string;
  /** body of the `def` snippet */
  body: string;
  /** "callback": Freqtrade calls it, the strategy defines it; "helper": the strategy calls it (`self.lock_pair(...)`) */
  role: "required" | "callback" | "helper";
  /** for helpers: the call snippet after `self.` */
  call?: string;
}

export const STRATEGY_METHODS: readonly StrategyMethod[] = [
  {
    name: "populate_indicators", role: "required",
    params: "dataframe: DataFrame, metadata: dict", returns: "DataFrame",
    doc: "Adds the indicator columns the entry and exit conditions use. Called once per pair with all candles of the backtest; `metadata[\"pair\"]` names the pair. Must return the dataframe.",
    body: "\tdataframe[\"${1:rsi}\"] = ta.${2:RSI}(dataframe, timeperiod=${3:14})\n\treturn dataframe",
  },
  {
    name: "populate_entry_trend", role: "required",
    params: "dataframe: DataFrame, metadata: dict", returns: "DataFrame",
    doc: "Sets `enter_long` (and `enter_short` when `can_short`) to 1 on the candles where a trade should open; `enter_tag` names the reason. Must return the dataframe.",
    body: "\tdataframe.loc[\n\t\t(\n\t\t\t${1:(dataframe[\"rsi\"] < 30)}\n\t\t\t& (dataframe[\"volume\"] > 0)\n\t\t),\n\t\t[\"enter_long\", \"enter_tag\"],\n\t] = (1, \"${2:entry}\")\n\treturn dataframe",
  },
  {
    name: "populate_exit_trend", role: "required",
    params: "dataframe: DataFrame, metadata: dict", returns: "DataFrame",
    doc: "Sets `exit_long` (and `exit_short`) to 1 on the candles where open trades should close; `exit_tag` names the reason. Ignored when `use_exit_signal = False`. Must return the dataframe.",
    body: "\tdataframe.loc[\n\t\t(\n\t\t\t${1:(dataframe[\"rsi\"] > 70)}\n\t\t\t& (dataframe[\"volume\"] > 0)\n\t\t),\n\t\t[\"exit_long\", \"exit_tag\"],\n\t] = (1, \"${2:exit}\")\n\treturn dataframe",
  },
  {
    name: "informative_pairs", role: "callback", params: "", returns: "ListPairsWithTimeframes",
    doc: "Extra (pair, timeframe) combinations to load as informative data, read with `self.dp.get_pair_dataframe(pair, timeframe)`. They are not traded unless whitelisted.",
    body: "\treturn [${1:(\"BTC/USDT\", \"1h\")}]",
  },
  {
    name: "bot_start", role: "callback", params: "**kwargs", returns: "None",
    doc: "Called once after the strategy is loaded, before anything else: set up state here.",
    body: "\t${1:pass}",
  },
  {
    name: "bot_loop_start", role: "callback", params: "current_time: datetime, **kwargs", returns: "None",
    doc: "Called at the start of every bot iteration (once per candle in backtesting), for work that is not per pair.",
    body: "\t${1:pass}",
  },
  {
    name: "custom_stoploss", role: "callback",
    params: "pair: str, trade: Trade, current_time: datetime, current_rate: float, current_profit: float, after_fill: bool, **kwargs",
    returns: "float | None",
    doc: "A dynamic stop-loss as a ratio below `current_rate` (-0.05: 5 % below); None keeps the current one. It can only tighten, never go beyond `stoploss`. Needs `use_custom_stoploss = True`.",
    body: "\tif current_profit > ${1:0.05}:\n\t\treturn ${2:-0.02}\n\treturn None",
  },
  {
    name: "custom_roi", role: "callback",
    params: "pair: str, trade: Trade, current_time: datetime, trade_duration: int, entry_tag: str | None, side: str, **kwargs",
    returns: "float | None",
    doc: "A minimum profit ratio to exit at for this trade (0.05: +5 %), used together with `minimal_roi`; None: no custom ROI. Needs `use_custom_roi = True`.",
    body: "\treturn ${1:None}",
  },
  {
    name: "custom_exit", role: "callback",
    params: "pair: str, trade: Trade, current_time: datetime, current_rate: float, current_profit: float, **kwargs",
    returns: "str | bool | None",
    doc: "Exits the trade when it returns a reason string (at most 64 characters) or True; None or False keeps it open. Not called on candles with an exit signal.",
    body: "\tif current_profit > ${1:0.1}:\n\t\treturn \"${2:take_profit}\"\n\treturn None",
  },
  {
    name: "custom_entry_price", role: "callback",
    params: "pair: str, trade: Trade | None, current_time: datetime, proposed_rate: float, entry_tag: str | None, side: str, **kwargs",
    returns: "float",
    doc: "The limit price of an entry order; return `proposed_rate` to keep Freqtrade's.",
    body: "\treturn ${1:proposed_rate}",
  },
  {
    name: "custom_exit_price", role: "callback",
    params: "pair: str, trade: Trade, current_time: datetime, proposed_rate: float, current_profit: float, exit_tag: str | None, **kwargs",
    returns: "float",
    doc: "The limit price of an exit order; return `proposed_rate` to keep Freqtrade's.",
    body: "\treturn ${1:proposed_rate}",
  },
  {
    name: "custom_stake_amount", role: "callback",
    params: "pair: str, current_time: datetime, current_rate: float, proposed_stake: float, min_stake: float | None, max_stake: float, leverage: float, entry_tag: str | None, side: str, **kwargs",
    returns: "float",
    doc: "The stake (in the stake currency) of a new trade, between `min_stake` and `max_stake`; return `proposed_stake` to keep the configured one.",
    body: "\treturn ${1:proposed_stake}",
  },
  {
    name: "confirm_trade_entry", role: "callback",
    params: "pair: str, order_type: str, amount: float, rate: float, time_in_force: str, current_time: datetime, entry_tag: str | None, side: str, **kwargs",
    returns: "bool",
    doc: "Called right before an entry order is placed; False cancels the entry.",
    body: "\treturn ${1:True}",
  },
  {
    name: "confirm_trade_exit", role: "callback",
    params: "pair: str, trade: Trade, order_type: str, amount: float, rate: float, time_in_force: str, exit_reason: str, current_time: datetime, **kwargs",
    returns: "bool",
    doc: "Called right before an exit order is placed (not for stop-loss on exchange); False cancels the exit. `exit_reason` is e.g. \"roi\", \"exit_signal\", \"stop_loss\", \"trailing_stop_loss\".",
    body: "\treturn ${1:True}",
  },
  {
    name: "check_entry_timeout", role: "callback",
    params: "pair: str, trade: Trade, order: Order, current_time: datetime, **kwargs",
    returns: "bool",
    doc: "Called while an entry order is unfilled; True cancels it.",
    body: "\treturn ${1:False}",
  },
  {
    name: "check_exit_timeout", role: "callback",
    params: "pair: str, trade: Trade, order: Order, current_time: datetime, **kwargs",
    returns: "bool",
    doc: "Called while an exit order is unfilled; True cancels it.",
    body: "\treturn ${1:False}",
  },
  {
    name: "adjust_trade_position", role: "callback",
    params: "trade: Trade, current_time: datetime, current_rate: float, current_profit: float, min_stake: float | None, max_stake: float, current_entry_rate: float, current_exit_rate: float, current_entry_profit: float, current_exit_profit: float, **kwargs",
    returns: "float | tuple[float | None, str | None] | None",
    doc: "Adds to (positive stake) or reduces (negative stake) an open trade, optionally with a reason as a second tuple element; None does nothing. Needs `position_adjustment_enable = True`.",
    body: "\treturn ${1:None}",
  },
  {
    name: "adjust_entry_price", role: "callback",
    params: "trade: Trade, order: Order | None, pair: str, current_time: datetime, proposed_rate: float, current_order_rate: float, entry_tag: str | None, side: str, **kwargs",
    returns: "float | None",
    doc: "Re-prices an unfilled entry order on each candle: a new price, `current_order_rate` to keep it, None to cancel it.",
    body: "\treturn ${1:current_order_rate}",
  },
  {
    name: "adjust_exit_price", role: "callback",
    params: "trade: Trade, order: Order | None, pair: str, current_time: datetime, proposed_rate: float, current_order_rate: float, entry_tag: str | None, side: str, **kwargs",
    returns: "float | None",
    doc: "Re-prices an unfilled exit order on each candle: a new price, `current_order_rate` to keep it, None to cancel it.",
    body: "\treturn ${1:current_order_rate}",
  },
  {
    name: "adjust_order_price", role: "callback",
    params: "trade: Trade, order: Order | None, pair: str, current_time: datetime, proposed_rate: float, current_order_rate: float, entry_tag: str | None, side: str, is_entry: bool, **kwargs",
    returns: "float | None",
    doc: "Re-prices any unfilled order (entry or exit, see `is_entry`); replaces adjust_entry_price and adjust_exit_price when defined.",
    body: "\treturn ${1:current_order_rate}",
  },
  {
    name: "order_filled", role: "callback",
    params: "pair: str, trade: Trade, order: Order, current_time: datetime, **kwargs",
    returns: "None",
    doc: "Called right after an order fills.",
    body: "\t${1:pass}",
  },
  {
    name: "leverage", role: "callback",
    params: "pair: str, current_time: datetime, current_rate: float, proposed_leverage: float, max_leverage: float, entry_tag: str | None, side: str, **kwargs",
    returns: "float",
    doc: "The leverage of a new trade (futures only; spot always uses 1.0), at most `max_leverage`.",
    body: "\treturn ${1:1.0}",
  },
  {
    name: "plot_annotations", role: "callback",
    params: "pair: str, start_date: datetime, end_date: datetime, dataframe: DataFrame, **kwargs",
    returns: "list[AnnotationType]",
    doc: "Areas, lines or points to draw on FreqUI's chart (dicts with type, label, color, start, end, y_start, y_end).",
    body: "\treturn [${1}]",
  },
  {
    name: "version", role: "callback", params: "", returns: "str | None",
    doc: "A version string for the strategy, shown by Freqtrade.",
    body: "\treturn \"${1:1.0}\"",
  },
  {
    name: "lock_pair", role: "helper", params: "pair: str, until: datetime, reason: str | None = None, side: str = \"*\"", returns: "None",
    doc: "Stops new entries on `pair` until `until` (side \"long\", \"short\" or \"*\").",
    body: "", call: "lock_pair(${1:pair}, ${2:until}, reason=\"${3:cooldown}\")",
  },
  {
    name: "unlock_pair", role: "helper", params: "pair: str", returns: "None",
    doc: "Removes the locks of `pair`.", body: "", call: "unlock_pair(${1:pair})",
  },
  {
    name: "unlock_reason", role: "helper", params: "reason: str", returns: "None",
    doc: "Removes all locks set with this reason.", body: "", call: "unlock_reason(${1:reason})",
  },
  {
    name: "is_pair_locked", role: "helper", params: "pair: str, *, candle_date: datetime | None = None, side: str = \"*\"", returns: "bool",
    doc: "Whether `pair` is locked now (or at `candle_date`).", body: "", call: "is_pair_locked(${1:pair})",
  },
  {
    name: "get_strategy_name", role: "helper", params: "", returns: "str",
    doc: "The strategy's class name.", body: "", call: "get_strategy_name()",
  },
];

export interface StrategyAttribute {
  name: string;
  type: string;
  /** the value in the `name = value` snippet */
  value: string;
  doc: string;
}

export const STRATEGY_ATTRIBUTES: readonly StrategyAttribute[] = [
  { name: "INTERFACE_VERSION", type: "int", value: "${1:3}", doc: "The strategy interface version; 3 is current (populate_entry_trend/populate_exit_trend, enter_long/exit_long columns)." },
  { name: "timeframe", type: "str", value: "\"${1:5m}\"", doc: "The candle timeframe the strategy is written for, e.g. \"5m\" or \"1h\"." },
  { name: "can_short", type: "bool", value: "${1:False}", doc: "Whether the strategy opens short trades (futures and margin only; spot markets refuse True)." },
  { name: "minimal_roi", type: "dict[str, float]", value: "{\n\t\"${1:0}\": ${2:0.04},\n}", doc: "Minutes since entry → profit ratio at which to exit, e.g. `{\"0\": 0.04, \"30\": 0.02, \"60\": 0.01}`. `{\"0\": 100}` turns ROI exits off." },
  { name: "stoploss", type: "float", value: "${1:-0.10}", doc: "The hard stop-loss as a ratio below the entry price: -0.10 exits at a 10 % loss. Required." },
  { name: "trailing_stop", type: "bool", value: "${1:False}", doc: "Trail the stop-loss behind the price as the trade gains." },
  { name: "trailing_stop_positive", type: "float | None", value: "${1:0.01}", doc: "Once the profit reaches `trailing_stop_positive_offset`, trail at this distance (a ratio) instead of `stoploss`." },
  { name: "trailing_stop_positive_offset", type: "float", value: "${1:0.02}", doc: "The profit ratio from which `trailing_stop_positive` applies (0.0: from the start)." },
  { name: "trailing_only_offset_is_reached", type: "bool", value: "${1:True}", doc: "Start trailing only once the offset profit is reached; until then the stop stays at `stoploss`." },
  { name: "use_custom_stoploss", type: "bool", value: "${1:True}", doc: "Call `custom_stoploss()`." },
  { name: "use_custom_roi", type: "bool", value: "${1:True}", doc: "Call `custom_roi()`." },
  { name: "process_only_new_candles", type: "bool", value: "${1:True}", doc: "Run the populate_* methods once per new candle (True) rather than on every bot iteration." },
  { name: "use_exit_signal", type: "bool", value: "${1:True}", doc: "Act on the exit_long/exit_short signals; False: exits only by ROI, stop-loss or custom_exit." },
  { name: "exit_profit_only", type: "bool", value: "${1:False}", doc: "Ignore exit signals while the trade's profit is below `exit_profit_offset`." },
  { name: "exit_profit_offset", type: "float", value: "${1:0.0}", doc: "The profit ratio an exit signal needs when `exit_profit_only` is True." },
  { name: "ignore_roi_if_entry_signal", type: "bool", value: "${1:False}", doc: "Do not exit by ROI while the entry signal is still set." },
  { name: "ignore_buying_expired_candle_after", type: "int", value: "${1:0}", doc: "Seconds after which an entry signal is too old to act on (0: never)." },
  { name: "startup_candle_count", type: "int", value: "${1:200}", doc: "Candles the indicators need before they are valid (the longest period used); backtests load that many extra candles before the time range." },
  { name: "order_types", type: "dict", value: "{\n\t\"entry\": \"${1:limit}\",\n\t\"exit\": \"${2:limit}\",\n\t\"stoploss\": \"${3:market}\",\n\t\"stoploss_on_exchange\": ${4:False},\n}", doc: "Order types for entry, exit, stop-loss (\"limit\" or \"market\") and whether the stop-loss lives on the exchange." },
  { name: "order_time_in_force", type: "dict", value: "{\"entry\": \"${1:GTC}\", \"exit\": \"${2:GTC}\"}", doc: "Time in force of orders: \"GTC\", \"FOK\", \"IOC\" (or \"PO\")." },
  { name: "unfilledtimeout", type: "dict", value: "{\"entry\": ${1:10}, \"exit\": ${2:10}, \"unit\": \"${3:minutes}\"}", doc: "How long an unfilled limit order waits before it is cancelled." },
  { name: "position_adjustment_enable", type: "bool", value: "${1:True}", doc: "Let `adjust_trade_position()` add to or reduce open trades." },
  { name: "max_entry_position_adjustment", type: "int", value: "${1:-1}", doc: "How many extra entries `adjust_trade_position()` may make per trade (-1: no limit)." },
  { name: "max_open_trades", type: "int", value: "${1:3}", doc: "How many trades may be open at once; the backtest's setting takes precedence." },
  { name: "disable_dataframe_checks", type: "bool", value: "${1:False}", doc: "Skip Freqtrade's check that populate_* keep the dataframe's length and last candle." },
  { name: "plot_config", type: "dict", value: "{\n\t\"main_plot\": {\"${1:ema}\": {\"color\": \"${2:orange}\"}},\n\t\"subplots\": {\"${3:RSI}\": {\"${4:rsi}\": {\"color\": \"${5:red}\"}}},\n}", doc: "Which columns the charts draw: `main_plot` overlays on the candles, `subplots` as panels below, each column with a style (`color`, `type`, `fill_to`)." },
];

/** Attributes the strategy reads (Freqtrade sets them), e.g. `self.dp`. */
export const STRATEGY_RUNTIME_ATTRIBUTES: readonly StrategyAttribute[] = [
  { name: "dp", type: "DataProvider", value: "", doc: "The data provider: other pairs' and timeframes' candles (`self.dp.get_pair_dataframe(pair, timeframe)`), the analyzed dataframe, the whitelist." },
  { name: "wallets", type: "Wallets | None", value: "", doc: "Balances of the (simulated) wallet: `self.wallets.get_total_stake_amount()`, `get_free(currency)`." },
  { name: "config", type: "dict", value: "", doc: "The bot's configuration (stake currency, exchange, …), read-only by convention." },
];

export interface Member {
  name: string;
  signature: string;
  doc: string;
  /** the text inserted after `owner.` */
  call: string;
}

export const DATA_PROVIDER_MEMBERS: readonly Member[] = [
  { name: "get_pair_dataframe", signature: "get_pair_dataframe(pair: str, timeframe: str | None = None, candle_type: str = \"\") -> DataFrame", doc: "Candles of any pair and timeframe (informative data); in backtesting, the stored history.", call: "get_pair_dataframe(pair=${1:metadata[\"pair\"]}, timeframe=\"${2:1h}\")" },
  { name: "get_analyzed_dataframe", signature: "get_analyzed_dataframe(pair: str, timeframe: str) -> tuple[DataFrame, datetime]", doc: "The dataframe after populate_*, and the time of its last candle; used in callbacks such as custom_exit.", call: "get_analyzed_dataframe(${1:pair}, self.timeframe)" },
  { name: "current_whitelist", signature: "current_whitelist() -> list[str]", doc: "The pairs being traded.", call: "current_whitelist()" },
  { name: "historic_ohlcv", signature: "historic_ohlcv(pair: str, timeframe: str, candle_type: str = \"\") -> DataFrame", doc: "Stored historical candles.", call: "historic_ohlcv(${1:pair}, \"${2:1h}\")" },
  { name: "market", signature: "market(pair: str) -> dict | None", doc: "The exchange's market definition of the pair (precision, limits).", call: "market(${1:pair})" },
  { name: "runmode", signature: "runmode: RunMode", doc: "How Freqtrade runs: backtest, dry_run, live, hyperopt …", call: "runmode" },
];

/** Methods of a hyperoptable parameter (`self.buy_rsi.value`). */
export const PARAMETER_MEMBERS: readonly Member[] = [
  { name: "value", signature: "value", doc: "The parameter's current value: the default, or the value chosen for this run.", call: "value" },
  { name: "range", signature: "range", doc: "All values of the parameter's space while hyperopting; only the current value otherwise (for indicators computed per value).", call: "range" },
];

export interface DataframeColumn {
  name: string;
  doc: string;
}

export const DATAFRAME_COLUMNS: readonly DataframeColumn[] = [
  { name: "date", doc: "Candle open time (UTC, timezone-aware)." },
  { name: "open", doc: "Open price of the candle." },
  { name: "high", doc: "Highest price of the candle." },
  { name: "low", doc: "Lowest price of the candle." },
  { name: "close", doc: "Close price of the candle." },
  { name: "volume", doc: "Traded volume in the base currency; 0 on candles without trades (guard entries with `volume > 0`)." },
  { name: "enter_long", doc: "Entry signal: 1 opens a long trade on the next candle's open." },
  { name: "exit_long", doc: "Exit signal: 1 closes open long trades." },
  { name: "enter_short", doc: "Entry signal for shorts (needs `can_short = True`, futures only)." },
  { name: "exit_short", doc: "Exit signal for shorts." },
  { name: "enter_tag", doc: "Why the entry happened; shown in the results per trade." },
  { name: "exit_tag", doc: "Why the exit happened; becomes the trade's exit reason." },
];

export const METADATA_KEYS: readonly DataframeColumn[] = [{ name: "pair", doc: "The pair this dataframe belongs to, e.g. \"BTC/USDT\"." }];

export interface HelperFunction {
  name: string;
  params: string;
  returns: string;
  doc: string;
  call: string;
}

/** qtpylib (technical's copy, the one Freqtrade re-exports): the commonly used helpers. */
export const QTPYLIB_FUNCTIONS: readonly HelperFunction[] = [
  { name: "crossed_above", params: "series1, series2", returns: "Series[bool]", doc: "True on the candles where series1 crosses above series2 (a series or a number).", call: "crossed_above(${1:dataframe[\"fast\"]}, ${2:dataframe[\"slow\"]})" },
  { name: "crossed_below", params: "series1, series2", returns: "Series[bool]", doc: "True on the candles where series1 crosses below series2 (a series or a number).", call: "crossed_below(${1:dataframe[\"fast\"]}, ${2:dataframe[\"slow\"]})" },
  { name: "crossed", params: "series1, series2, direction=None", returns: "Series[bool]", doc: "Crossings in either direction, or only \"above\" / \"below\".", call: "crossed(${1:series1}, ${2:series2})" },
  { name: "bollinger_bands", params: "series, window=20, stds=2", returns: "DataFrame[upper, mid, lower]", doc: "Bollinger bands: rolling mean ± stds rolling standard deviations. Columns `upper`, `mid`, `lower`.", call: "bollinger_bands(${1:qtpylib.typical_price(dataframe)}, window=${2:20}, stds=${3:2})" },
  { name: "weighted_bollinger_bands", params: "series, window=20, stds=2", returns: "DataFrame[upper, mid, lower]", doc: "Bollinger bands around a weighted (exponential) mean.", call: "weighted_bollinger_bands(${1:dataframe[\"close\"]}, window=${2:20}, stds=${3:2})" },
  { name: "typical_price", params: "bars", returns: "Series", doc: "(high + low + close) / 3.", call: "typical_price(dataframe)" },
  { name: "mid_price", params: "bars", returns: "Series", doc: "(high + low) / 2.", call: "mid_price(dataframe)" },
  { name: "true_range", params: "bars", returns: "Series", doc: "True range: the largest of high − low, |high − previous close|, |low − previous close|.", call: "true_range(dataframe)" },
  { name: "atr", params: "bars, window=14, exp=False", returns: "Series", doc: "Average true range (simple, or exponential with exp=True).", call: "atr(dataframe, window=${1:14})" },
  { name: "heikinashi", params: "bars", returns: "DataFrame[open, high, low, close]", doc: "Heikin-Ashi candles.", call: "heikinashi(dataframe)" },
  { name: "keltner_channel", params: "bars, window=14, atrs=2", returns: "DataFrame[upper, mid, lower]", doc: "Keltner channel: mean typical price ± atrs × ATR.", call: "keltner_channel(dataframe, window=${1:14}, atrs=${2:2})" },
  { name: "rolling_vwap", params: "bars, window=200, min_periods=None", returns: "Series", doc: "Volume-weighted average price over a moving window (qtpylib.vwap refuses to run: lookahead).", call: "rolling_vwap(dataframe, window=${1:200})" },
  { name: "rolling_mean", params: "series, window=200, min_periods=None", returns: "Series", doc: "Moving average.", call: "rolling_mean(${1:dataframe[\"close\"]}, window=${2:20})" },
  { name: "rolling_std", params: "series, window=200, min_periods=None", returns: "Series", doc: "Moving standard deviation.", call: "rolling_std(${1:dataframe[\"close\"]}, window=${2:20})" },
  { name: "rolling_min", params: "series, window=14, min_periods=None", returns: "Series", doc: "Moving minimum.", call: "rolling_min(${1:dataframe[\"low\"]}, window=${2:14})" },
  { name: "rolling_max", params: "series, window=14, min_periods=None", returns: "Series", doc: "Moving maximum.", call: "rolling_max(${1:dataframe[\"high\"]}, window=${2:14})" },
  { name: "sma", params: "series, window=200, min_periods=None", returns: "Series", doc: "Simple moving average.", call: "sma(${1:dataframe[\"close\"]}, window=${2:20})" },
  { name: "wma", params: "series, window=200, min_periods=None", returns: "Series", doc: "Weighted moving average.", call: "wma(${1:dataframe[\"close\"]}, window=${2:20})" },
  { name: "hma", params: "series, window=200, min_periods=None", returns: "Series", doc: "Hull moving average.", call: "hma(${1:dataframe[\"close\"]}, window=${2:20})" },
  { name: "rsi", params: "series, window=14", returns: "Series", doc: "Relative strength index.", call: "rsi(${1:dataframe[\"close\"]}, window=${2:14})" },
  { name: "stoch", params: "df, window=14, d=3, k=3, fast=False", returns: "DataFrame[slow_k, slow_d]", doc: "Stochastic oscillator: columns `slow_k`, `slow_d` (`fast_k`, `fast_d` with fast=True).", call: "stoch(dataframe, window=${1:14})" },
  { name: "cci", params: "series, window=14", returns: "Series", doc: "Commodity channel index.", call: "cci(${1:dataframe[\"close\"]}, window=${2:14})" },
  { name: "roc", params: "series, window=14", returns: "Series", doc: "Rate of change.", call: "roc(${1:dataframe[\"close\"]}, window=${2:14})" },
  { name: "macd", params: "series, fast=3, slow=10, smooth=16", returns: "DataFrame[macd, signal, histogram]", doc: "MACD over weighted means (note qtpylib's defaults 3/10/16, not TA-Lib's 12/26/9).", call: "macd(${1:dataframe[\"close\"]}, fast=${2:12}, slow=${3:26}, smooth=${4:9})" },
  { name: "zscore", params: "bars, window=20, stds=1, col=\"close\"", returns: "Series", doc: "Z-score of a column over a moving window.", call: "zscore(dataframe, window=${1:20})" },
  { name: "awesome_oscillator", params: "df, weighted=False, fast=5, slow=34", returns: "Series", doc: "Awesome oscillator: fast minus slow mean of the mid price.", call: "awesome_oscillator(dataframe)" },
  { name: "returns", params: "series", returns: "Series", doc: "Percentage change from the previous value.", call: "returns(${1:dataframe[\"close\"]})" },
  { name: "log_returns", params: "series", returns: "Series", doc: "Logarithmic returns.", call: "log_returns(${1:dataframe[\"close\"]})" },
];

/** The parameter classes, for hover docs and call snippets. */
export const PARAMETER_CLASS_DOCS: readonly HelperFunction[] = [
  { name: "IntParameter", params: "low: int, high: int, *, default: int, space: str | None = None, optimize: bool = True, load: bool = True", returns: "IntParameter", doc: "A whole-number parameter in low..high (or `IntParameter([low, high], ...)`). Read it with `self.name.value`; the space comes from a buy_/sell_ name prefix when `space` is missing.", call: "IntParameter(${1:10}, ${2:40}, default=${3:30}, space=\"${4:buy}\")" },
  { name: "DecimalParameter", params: "low: float, high: float, *, default: float, decimals: int = 3, space: str | None = None, optimize: bool = True, load: bool = True", returns: "DecimalParameter", doc: "A decimal parameter in low..high with `decimals` digits after the point.", call: "DecimalParameter(${1:0.01}, ${2:0.10}, decimals=${3:2}, default=${4:0.05}, space=\"${5:buy}\")" },
  { name: "RealParameter", params: "low: float, high: float, *, default: float, space: str | None = None, optimize: bool = True, load: bool = True", returns: "RealParameter", doc: "A float parameter in low..high with unlimited precision.", call: "RealParameter(${1:0.0}, ${2:1.0}, default=${3:0.5}, space=\"${4:buy}\")" },
  { name: "CategoricalParameter", params: "categories: list, *, default=None, space: str | None = None, optimize: bool = True, load: bool = True", returns: "CategoricalParameter", doc: "One of a list of values (at least two). Without `default` its value is None until a run sets it.", call: "CategoricalParameter([${1:\"a\", \"b\"}], default=${2:\"a\"}, space=\"${3:buy}\")" },
  { name: "BooleanParameter", params: "*, default=None, space: str | None = None, optimize: bool = True, load: bool = True", returns: "BooleanParameter", doc: "True or False (a CategoricalParameter of [True, False]).", call: "BooleanParameter(default=${1:True}, space=\"${2:buy}\")" },
];

export interface Snippet {
  label: string;
  description: string;
  body: string;
  /** where it makes sense: top of the file, class body, inside a method */
  scope: "module" | "class" | "method";
}

export const SNIPPETS: readonly Snippet[] = [
  {
    label: "strategy", scope: "module", description: "New strategy: imports and an IStrategy class",
    body: [
      "from pandas import DataFrame",
      "import talib.abstract as ta",
      "from technical import qtpylib",
      "from freqtrade.strategy import IStrategy, IntParameter, DecimalParameter",
      "",
      "",
      "class ${1:MyStrategy}(IStrategy):",
      "\tINTERFACE_VERSION = 3",
      "\ttimeframe = \"${2:5m}\"",
      "\tcan_short = False",
      "\tminimal_roi = {\"0\": ${3:0.04}}",
      "\tstoploss = ${4:-0.10}",
      "\tstartup_candle_count = ${5:200}",
      "",
      "\tdef populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:",
      "\t\t$0",
      "\t\treturn dataframe",
      "",
      "\tdef populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:",
      "\t\treturn dataframe",
      "",
      "\tdef populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:",
      "\t\treturn dataframe",
    ].join("\n"),
  },
  {
    label: "imports", scope: "module", description: "The usual strategy imports",
    body: "from datetime import datetime\n\nimport numpy as np\nfrom pandas import DataFrame\nimport talib.abstract as ta\nfrom technical import qtpylib\n\nfrom freqtrade.persistence import Trade\nfrom freqtrade.strategy import IStrategy, IntParameter, DecimalParameter, CategoricalParameter, BooleanParameter\n",
  },
  {
    label: "intparameter", scope: "class", description: "Hyperoptable whole-number parameter",
    body: "${1:buy_rsi} = IntParameter(${2:10}, ${3:40}, default=${4:30}, space=\"${5:buy}\")",
  },
  {
    label: "decimalparameter", scope: "class", description: "Hyperoptable decimal parameter",
    body: "${1:buy_gap} = DecimalParameter(${2:0.01}, ${3:0.10}, decimals=${4:2}, default=${5:0.05}, space=\"${6:buy}\")",
  },
  {
    label: "categoricalparameter", scope: "class", description: "Hyperoptable choice between values",
    body: "${1:buy_trigger} = CategoricalParameter([${2:\"bb_lower\", \"rsi\"}], default=${3:\"bb_lower\"}, space=\"${4:buy}\")",
  },
  {
    label: "booleanparameter", scope: "class", description: "Hyperoptable on/off switch",
    body: "${1:buy_use_volume} = BooleanParameter(default=${2:True}, space=\"${3:buy}\")",
  },
  {
    label: "plot_config", scope: "class", description: "Chart overlays and sub-plots",
    body: "plot_config = {\n\t\"main_plot\": {\n\t\t\"${1:ema_fast}\": {\"color\": \"${2:orange}\"},\n\t},\n\t\"subplots\": {\n\t\t\"${3:RSI}\": {\"${4:rsi}\": {\"color\": \"${5:red}\"}},\n\t},\n}",
  },
  {
    label: "indicators", scope: "method", description: "Indicator block: RSI, EMAs, Bollinger bands",
    body: [
      "dataframe[\"rsi\"] = ta.RSI(dataframe, timeperiod=${1:14})",
      "dataframe[\"ema_fast\"] = ta.EMA(dataframe, timeperiod=${2:12})",
      "dataframe[\"ema_slow\"] = ta.EMA(dataframe, timeperiod=${3:26})",
      "bollinger = qtpylib.bollinger_bands(qtpylib.typical_price(dataframe), window=${4:20}, stds=${5:2})",
      "dataframe[\"bb_lowerband\"] = bollinger[\"lower\"]",
      "dataframe[\"bb_middleband\"] = bollinger[\"mid\"]",
      "dataframe[\"bb_upperband\"] = bollinger[\"upper\"]$0",
    ].join("\n"),
  },
  {
    label: "entry", scope: "method", description: "Entry condition setting enter_long and enter_tag",
    body: "dataframe.loc[\n\t(\n\t\t${1:qtpylib.crossed_above(dataframe[\"rsi\"], self.buy_rsi.value)}\n\t\t& (dataframe[\"volume\"] > 0)\n\t),\n\t[\"enter_long\", \"enter_tag\"],\n] = (1, \"${2:rsi_cross}\")$0",
  },
  {
    label: "exit", scope: "method", description: "Exit condition setting exit_long and exit_tag",
    body: "dataframe.loc[\n\t(\n\t\t${1:qtpylib.crossed_above(dataframe[\"rsi\"], self.sell_rsi.value)}\n\t\t& (dataframe[\"volume\"] > 0)\n\t),\n\t[\"exit_long\", \"exit_tag\"],\n] = (1, \"${2:rsi_overbought}\")$0",
  },
  {
    label: "informative", scope: "method", description: "Merge an informative timeframe into the dataframe",
    body: [
      "informative = self.dp.get_pair_dataframe(pair=metadata[\"pair\"], timeframe=\"${1:1h}\")",
      "informative[\"${2:rsi}\"] = ta.${3:RSI}(informative, timeperiod=${4:14})",
      "dataframe = merge_informative_pair(dataframe, informative, self.timeframe, \"${1:1h}\", ffill=True)$0",
    ].join("\n"),
  },
];

export const STRATEGY_METHOD_BY_NAME: ReadonlyMap<string, StrategyMethod> = new Map(STRATEGY_METHODS.map((m) => [m.name, m]));
export const STRATEGY_ATTRIBUTE_BY_NAME: ReadonlyMap<string, StrategyAttribute> = new Map(
  [...STRATEGY_ATTRIBUTES, ...STRATEGY_RUNTIME_ATTRIBUTES].map((a) => [a.name, a]),
);
