/**
 * The strategy assistant: the built-in interpreter of trading language (spec → Freqtrade code,
 * explanations) and the adapters for LLM providers. Pure modules; the web app's chat service
 * stores conversations and runs the validation pipeline.
 */
export * from "./builtin/index.js";
export * from "./llm/index.js";
