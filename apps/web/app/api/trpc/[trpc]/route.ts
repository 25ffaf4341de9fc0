import { getWebDeps } from "@/server/deps";
import { handleTrpcRequest } from "@/server/trpc/http";

export const dynamic = "force-dynamic";

const handler = (req: Request) => handleTrpcRequest(getWebDeps(), req);

export { handler as GET, handler as POST };
