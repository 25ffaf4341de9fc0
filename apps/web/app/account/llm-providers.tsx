"use client";
import { useState } from "react";
import { trpc } from "@/client/trpc";
import { errorText, useToast } from "@/client/toast";

const DEFAULT_URLS = { openai: "https://api.openai.com/v1", anthropic: "https://api.anthropic.com" } as const;
type Kind = keyof typeof DEFAULT_URLS;
const blank = { id: undefined as string | undefined, name: "", kind: "openai" as Kind, baseUrl: DEFAULT_URLS.openai as string, model: "", apiKey: "" };

/**
 * The LLM providers the assistant may use. Keys are sent once, stored encrypted on the server and
 * never shown again (only their last characters).
 */
export function LlmProviders() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const providers = trpc.chat.providers.useQuery();
  const [form, setForm] = useState(blank);
  const save = trpc.chat.saveProvider.useMutation({
    onSuccess: (p) => { toast({ kind: "success", text: `Saved ${p.name}` }); setForm(blank); void utils.chat.providers.invalidate(); },
    onError: (e) => toast({ kind: "error", text: `Not saved: ${errorText(e)}` }),
  });
  const remove = trpc.chat.deleteProvider.useMutation({
    onSuccess: () => { toast({ kind: "success", text: "Provider removed" }); void utils.chat.providers.invalidate(); },
    onError: (e) => toast({ kind: "error", text: errorText(e) }),
  });
  const set = (patch: Partial<typeof blank>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <div id="assistant">
      <h2>Assistant providers</h2>
      <p className="muted">The built-in assistant works offline. To use a model instead, add an OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp, LM Studio) or Anthropic. Its answers go through the same checks in the sandbox before they reach the editor.</p>
      {providers.error && <p className="error">{providers.error.message}</p>}
      {providers.data?.length === 0 && <p className="muted" data-testid="no-providers">No providers yet.</p>}
      {providers.data && providers.data.length > 0 && (
        <table data-testid="llm-providers">
          <thead><tr><th>Name</th><th>Kind</th><th>Base URL</th><th>Model</th><th>Key</th><th /></tr></thead>
          <tbody>
            {providers.data.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td><td>{p.kind}</td><td>{p.baseUrl}</td><td>{p.model}</td><td>{p.keyHint ?? "none"}</td>
                <td className="row">
                  <button type="button" onClick={() => setForm({ id: p.id, name: p.name, kind: p.kind, baseUrl: p.baseUrl, model: p.model, apiKey: "" })}>Edit</button>
                  <button type="button" className="danger" onClick={() => { if (confirm(`Remove ${p.name}?`)) remove.mutate({ id: p.id }); }}>Remove</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form-grid card" onSubmit={(e) => { e.preventDefault(); save.mutate({ ...form, apiKey: form.apiKey || undefined }); }}>
        <label>Name<input value={form.name} onChange={(e) => set({ name: e.target.value })} placeholder="My Ollama" required /></label>
        <label>Kind
          <select value={form.kind} onChange={(e) => { const kind = e.target.value as Kind; set({ kind, baseUrl: form.baseUrl === DEFAULT_URLS[form.kind] ? DEFAULT_URLS[kind] : form.baseUrl }); }}>
            <option value="openai">OpenAI-compatible</option>
            <option value="anthropic">Anthropic</option>
          </select>
        </label>
        <label className="wide">Base URL<input value={form.baseUrl} onChange={(e) => set({ baseUrl: e.target.value })} placeholder="http://localhost:11434/v1" required /></label>
        <label>Model<input value={form.model} onChange={(e) => set({ model: e.target.value })} placeholder="llama3.1 / gpt-4o / claude-sonnet-4-5" required /></label>
        <label>API key<input type="password" autoComplete="off" value={form.apiKey} onChange={(e) => set({ apiKey: e.target.value })} placeholder={form.id ? "unchanged" : "optional for local servers"} /></label>
        <div className="row wide">
          <button type="submit" className="primary" disabled={save.isPending}>{form.id ? "Save changes" : "Add provider"}</button>
          {form.id && <button type="button" onClick={() => setForm(blank)}>Cancel</button>}
        </div>
      </form>
    </div>
  );
}
