"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { trpc } from "@/client/trpc";
import { errorText, useToast } from "@/client/toast";
import type { ReplyMeta, StageView } from "@/server/chat/chat-types";

const EXAMPLES = [
  "Buy when RSI(14) drops below 30 while the close is above EMA(200) on 1h; sell when RSI goes above 70; 5% stoploss; trailing stop at 2%",
  "Enter when EMA(12) crosses above EMA(26) and ADX is above 25 on 4h; exit when EMA(12) crosses below EMA(26)",
  "Explain this strategy",
  "Explain this backtest",
];
const PROVIDER_KEY = "tradelab-assistant-provider";

/**
 * The chat beside the editor. Sending saves unsaved edits first (the assistant works on the saved
 * strategy); a reply that wrote code shows the validation steps and, once they pass, the editor
 * loads the new version through `onApplied`.
 */
export function AssistantPanel({ strategyId, beforeSend, onApplied, focusKey }: {
  strategyId: string;
  beforeSend: () => Promise<boolean>;
  onApplied: (versionNumber: number) => void;
  /** Changes when Ctrl+I asks for the input's focus. */
  focusKey: number;
}) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [conversationId, setConversationId] = useState<string | undefined>(undefined);
  const [fresh, setFresh] = useState(false);
  const [text, setText] = useState("");
  const [providerId, setProviderId] = useState<string>("");
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const providers = trpc.chat.providers.useQuery();
  const history = trpc.chat.conversations.useQuery({ strategyId });
  const conversation = trpc.chat.conversation.useQuery(
    { strategyId, conversationId },
    { enabled: !fresh, refetchInterval: (q) => (q.state.data?.messages.some((m) => m.meta?.status === "working") ? 700 : false) },
  );
  const send = trpc.chat.send.useMutation();
  const messages = fresh ? [] : conversation.data?.messages ?? [];
  const working = messages.some((m) => m.meta?.status === "working");

  useEffect(() => setProviderId(localStorage.getItem(PROVIDER_KEY) ?? ""), []);
  useEffect(() => inputRef.current?.focus(), [focusKey]);
  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length, messages[messages.length - 1]?.content, messages[messages.length - 1]?.meta?.stages]);
  // A reply that wrote code reaches the editor once, when this browser saw it working and it is done.
  const seenWorking = useRef(new Set<string>());
  useEffect(() => {
    for (const m of messages) {
      if (m.meta?.status === "working") seenWorking.current.add(m.id);
      else if (m.meta?.status === "done" && m.meta.appliedVersionNumber && seenWorking.current.delete(m.id)) onApplied(m.meta.appliedVersionNumber);
    }
  });

  const submit = async (message = text) => {
    const body = message.trim();
    if (!body || working || send.isPending) return;
    if (!(await beforeSend())) return;
    try {
      const r = await send.mutateAsync({ strategyId, conversationId: fresh ? undefined : conversation.data?.id, text: body, providerId: providerId || null });
      seenWorking.current.add(r.replyId);
      setText("");
      setFresh(false);
      setConversationId(r.conversationId);
      await utils.chat.conversation.invalidate();
      void utils.chat.conversations.invalidate({ strategyId });
    } catch (e) {
      toast({ kind: "error", text: `Not sent: ${errorText(e)}` });
    }
  };

  return (
    <div className="assistant" data-testid="assistant-panel">
      <div className="row">
        <select aria-label="Assistant" value={providerId} onChange={(e) => { setProviderId(e.target.value); localStorage.setItem(PROVIDER_KEY, e.target.value); }}>
          <option value="">Built-in assistant (offline)</option>
          {providers.data?.map((p) => <option key={p.id} value={p.id}>{p.name} · {p.model}</option>)}
        </select>
        <Link href="/account#assistant" className="muted" title="Add an OpenAI-compatible or Anthropic provider">Providers…</Link>
        <span className="spacer" />
        {history.data && history.data.length > 1 && (
          <select aria-label="Conversation" value={fresh ? "" : conversation.data?.id ?? ""} onChange={(e) => { setFresh(false); setConversationId(e.target.value || undefined); }}>
            {history.data.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
          </select>
        )}
        <button type="button" onClick={() => { setFresh(true); setConversationId(undefined); inputRef.current?.focus(); }} disabled={working} title="Start a new conversation">New chat</button>
      </div>
      <div className="chat-messages" ref={listRef} data-testid="chat-messages">
        {conversation.error && <p className="error">{conversation.error.message}</p>}
        {messages.length === 0 && !conversation.isLoading && (
          <div className="empty chat-empty">
            <p>Describe a strategy in plain words, or ask about this one. Code the assistant writes is checked in the sandbox (syntax, loading in Freqtrade, a short backtest) before it reaches the editor.</p>
            {EXAMPLES.map((e) => <button key={e} type="button" className="chip" onClick={() => void submit(e)}>{e}</button>)}
          </div>
        )}
        {messages.map((m) => (
          <div key={m.id} className={`chat-msg chat-${m.role}`} data-testid={`chat-${m.role}`} data-status={m.meta?.status} data-kind={m.meta?.kind}>
            {m.role === "assistant" && <div className="muted chat-from">{m.meta?.provider ?? "Assistant"}</div>}
            {m.content && <div className="chat-text">{m.content}</div>}
            {m.meta?.stages && <Stages stages={m.meta.stages} />}
            {m.meta?.status === "working" && !m.meta.stages && <div className="muted">Thinking…</div>}
          </div>
        ))}
      </div>
      <form className="chat-input" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <textarea
          ref={inputRef}
          value={text}
          rows={3}
          maxLength={4000}
          placeholder="e.g. buy when RSI(14) is below 30 on 1h… (Enter sends, Shift+Enter for a new line)"
          aria-label="Message to the assistant"
          data-testid="chat-input"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); void submit(); } }}
        />
        <button type="submit" className="primary" disabled={!text.trim() || working || send.isPending} data-testid="chat-send">{working ? "Working…" : "Send"}</button>
      </form>
    </div>
  );
}

const ICON: Record<StageView["state"], string> = { pending: "○", running: "◌", passed: "✓", failed: "✗" };

function Stages({ stages }: { stages: NonNullable<ReplyMeta["stages"]> }) {
  return (
    <ul className="chat-stages" data-testid="chat-stages">
      {stages.map((s) => (
        <li key={s.id} className={s.state === "failed" ? "bad" : s.state === "passed" ? "ok" : "muted"} data-stage={s.id} data-state={s.state}>
          {ICON[s.state]} {s.label}
          {s.state === "running" && s.message ? ` — ${s.message}` : ""}
        </li>
      ))}
    </ul>
  );
}
