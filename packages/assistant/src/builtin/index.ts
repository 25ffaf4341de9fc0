export {
  SPEC_TIMEFRAMES,
  CANDLE_PATTERNS,
  strategySpecSchema,
  indicatorSchema,
  conditionSchema,
  operandSchema,
  parameterSchema,
  parseStrategySpec,
  startupCandles,
  columnName,
  type StrategySpec,
  type Indicator,
  type IndicatorKind,
  type Condition,
  type Operand,
  type Parameter,
  type SpecTimeframe,
} from "./spec.js";
export { interpret, EXAMPLE_REQUESTS, type Interpretation } from "./interpret.js";
export { generateStrategyCode } from "./generate-code.js";
export { explainSpec, explainSource, explainBacktest, summarizeSpec } from "./explain.js";
export { findLookaheadProblems, type LookaheadProblem } from "./static-checks.js";
