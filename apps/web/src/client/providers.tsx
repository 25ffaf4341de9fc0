"use client";
import { QueryClient, QueryClientProvider, QueryCache, MutationCache } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useState, type ReactNode } from "react";
import { createTrpcClient, trpc } from "./trpc";
import { ToastProvider } from "./toast";

/** A session that ended (revoked elsewhere, expired) sends the user to sign in, back here afterwards. */
function onUnauthorized(error: unknown) {
  if (error instanceof TRPCClientError && error.data?.code === "UNAUTHORIZED" && !location.pathname.startsWith("/signin")) {
    location.href = `/signin?next=${encodeURIComponent(location.pathname + location.search)}`;
  }
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({ onError: onUnauthorized }),
        mutationCache: new MutationCache({ onError: onUnauthorized }),
        defaultOptions: {
          queries: {
            staleTime: 5_000,
            refetchOnWindowFocus: false,
            // NOT_FOUND, UNAUTHORIZED, BAD_REQUEST won't change by asking again.
            retry: (count, err) => count < 2 && !(err instanceof TRPCClientError && err.data?.httpStatus && err.data.httpStatus < 500),
          },
        },
      }),
  );
  const [trpcClient] = useState(createTrpcClient);
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>{children}</ToastProvider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
