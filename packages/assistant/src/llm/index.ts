/**
 * LLM providers for the strategy assistant: OpenAI-compatible servers (OpenAI, Ollama, llama.cpp,
 * LM Studio, vLLM) and Anthropic, streamed over SSE with timeouts, retries and a circuit breaker;
 * the Freqtrade system prompt and code extraction; the validate-and-repair loop; encrypted API keys.
 */
export {
  llmProviderConfigSchema,
  llmProviderKinds,
  defaultLlmBaseUrls,
  type LlmProviderConfig,
  type LlmProviderKind,
  type ChatTurn,
  type SseEvent,
} from "./types.js";
export { SseParser, readSseEvents } from "./sse.js";
export {
  LlmError,
  BreakerRegistry,
  CircuitBreaker,
  type LlmErrorKind,
  type BreakerState,
  type CircuitBreakerOptions,
  type Clock,
} from "./resilience.js";
export {
  createLlmClient,
  defaultBreakerRegistry,
  type LlmClient,
  type LlmClientOptions,
  type CompleteOptions,
} from "./client.js";
export { strategySystemPrompt, buildMessages, extractCode, type ExtractedCode } from "./prompt.js";
export {
  generateWithRepairs,
  repairRequest,
  type GenerateWithRepairsInput,
  type GenerateWithRepairsResult,
  type RepairEvent,
  type ValidationFailure,
  type ValidationResult,
  type ValidationStage,
} from "./repair-loop.js";
export {
  encryptSecret,
  decryptSecret,
  loadOrCreateSecretKey,
  keyHint,
  SecretBoxError,
  secretKeyEnvVar,
} from "./secret-box.js";
