import type { BacktestError } from "@tradelab/contracts";
import type { MarkerSeverity, editor } from "monaco-editor";

/** Monaco's `MarkerSeverity.Error` (a const enum value; this module needs no Monaco at run time). */
export const MARKER_SEVERITY_ERROR = 8 as MarkerSeverity;

/** The part of a Monaco text model errorToMarker uses (to end the marker at the end of the line). */
export interface MarkerModel {
  getLineCount(): number;
  getLineMaxColumn(line: number): number;
}

/**
 * A backtest error (`{kind, message, file, line}`, as the runner reports strategy errors) as an
 * editor marker over its whole line; null when the error names no line (a timeout, a data problem).
 * With a model, the line is clamped to the document and the marker ends at the line's end;
 * without, it ends at column MAX_SAFE_INTEGER, which Monaco clamps to the line.
 */
export function errorToMarker(
  error: Pick<BacktestError, "kind" | "message"> & { file?: string | null; line?: number | null },
  model?: MarkerModel,
): editor.IMarkerData | null {
  if (error.line == null || !Number.isFinite(error.line)) return null;
  const line = Math.max(1, model ? Math.min(error.line, model.getLineCount()) : error.line);
  return {
    severity: MARKER_SEVERITY_ERROR,
    message: error.message,
    source: error.file ? `backtest · ${error.file}` : "backtest",
    code: error.kind,
    startLineNumber: line,
    startColumn: 1,
    endLineNumber: line,
    endColumn: model ? model.getLineMaxColumn(line) : Number.MAX_SAFE_INTEGER,
  };
}
