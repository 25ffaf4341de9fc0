"use client";
import { trpc } from "@/client/trpc";
import { errorText, useToast } from "@/client/toast";

/** Where the account is signed in; any session can be revoked. */
export function Sessions() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const sessions = trpc.auth.sessions.useQuery();
  const done = (n: number) => { toast({ kind: "success", text: `${n} session${n === 1 ? "" : "s"} revoked` }); void utils.auth.sessions.invalidate(); };
  const revoke = trpc.auth.revokeSession.useMutation({ onSuccess: (r) => done(r.revoked), onError: (e) => toast({ kind: "error", text: errorText(e) }) });
  const revokeOthers = trpc.auth.revokeOtherSessions.useMutation({ onSuccess: (r) => done(r.revoked), onError: (e) => toast({ kind: "error", text: errorText(e) }) });
  if (sessions.error) return <p className="error">{sessions.error.message}</p>;
  if (!sessions.data) return <div className="skeleton" style={{ height: 80 }} />;
  return (
    <div>
      <div className="row">
        <h2>Sessions</h2>
        <span className="spacer" />
        <button type="button" onClick={() => revokeOthers.mutate()} disabled={sessions.data.length < 2}>Sign out everywhere else</button>
      </div>
      <table data-testid="sessions">
        <thead><tr><th>Browser</th><th>Signed in</th><th>Last seen</th><th /></tr></thead>
        <tbody>
          {sessions.data.map((s) => (
            <tr key={s.id}>
              <td>{s.userAgent ?? "unknown"} {s.current && <span className="badge">this browser</span>}</td>
              <td>{new Date(s.createdAt).toLocaleString()}</td>
              <td>{new Date(s.lastSeenAt).toLocaleString()}</td>
              <td>{!s.current && <button type="button" className="danger" onClick={() => revoke.mutate({ sessionId: s.id })}>Revoke</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
