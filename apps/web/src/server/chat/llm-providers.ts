import { z } from "zod";
import { decryptSecret, encryptSecret, keyHint, llmProviderConfigSchema, type LlmProviderConfig } from "@tradelab/assistant";
import { AppError } from "@tradelab/runner/errors";
import { isUniqueViolation } from "@tradelab/db/client";
import type { WebDeps } from "../deps";

const id = z.string().min(1).max(64);

/** A provider as the user enters it; an empty key on an update keeps the stored one. */
export const saveProviderInput = z.object({
  id: id.optional(),
  name: z.string().trim().min(1, "give the provider a name").max(60),
  kind: llmProviderConfigSchema.shape.kind,
  baseUrl: llmProviderConfigSchema.shape.baseUrl,
  model: llmProviderConfigSchema.shape.model,
  apiKey: z.string().trim().max(400).optional(),
  clearKey: z.boolean().default(false),
});

/** What the browser may see of a provider: never the key, only its last characters. */
const view = (p: { id: string; name: string; kind: string; baseUrl: string; model: string; keyHint: string | null; updatedAt: Date }) => ({
  id: p.id,
  name: p.name,
  kind: p.kind as LlmProviderConfig["kind"],
  baseUrl: p.baseUrl,
  model: p.model,
  keyHint: p.keyHint,
  updatedAt: p.updatedAt.toISOString(),
});

export async function listProviders(deps: WebDeps, userId: string) {
  const rows = await deps.prisma.llmProvider.findMany({ where: { ownerId: userId }, orderBy: { name: "asc" } });
  return rows.map(view);
}

export async function saveProvider(deps: WebDeps, userId: string, input: z.infer<typeof saveProviderInput>) {
  const key = input.apiKey ? { encryptedKey: encryptSecret(input.apiKey, deps.secretKey()), keyHint: keyHint(input.apiKey) } : input.clearKey ? { encryptedKey: null, keyHint: null } : {};
  const fields = { name: input.name, kind: input.kind, baseUrl: input.baseUrl, model: input.model, ...key };
  try {
    if (input.id) {
      await ownedProvider(deps, userId, input.id);
      return view(await deps.prisma.llmProvider.update({ where: { id: input.id }, data: fields }));
    }
    return view(await deps.prisma.llmProvider.create({ data: { ownerId: userId, ...fields } }));
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", `you already have a provider named ${JSON.stringify(input.name)}`);
    throw e;
  }
}

export async function deleteProvider(deps: WebDeps, userId: string, providerId: string) {
  await ownedProvider(deps, userId, providerId);
  await deps.prisma.llmProvider.delete({ where: { id: providerId } });
}

async function ownedProvider(deps: WebDeps, userId: string, providerId: string) {
  const p = await deps.prisma.llmProvider.findUnique({ where: { id: providerId } });
  if (!p || p.ownerId !== userId) throw new AppError("NOT_FOUND", `LLM provider ${providerId} was not found`);
  return p;
}

/** The provider's settings with the key decrypted, for the server's own calls only. */
export async function providerConfig(deps: WebDeps, userId: string, providerId: string): Promise<{ name: string; config: LlmProviderConfig }> {
  const p = await ownedProvider(deps, userId, providerId);
  let apiKey: string | null = null;
  if (p.encryptedKey) {
    try {
      apiKey = decryptSecret(p.encryptedKey, deps.secretKey());
    } catch {
      throw new AppError("CONFLICT", `the API key of "${p.name}" cannot be decrypted (the server's secret key changed); enter the key again in Account → Assistant`);
    }
  }
  return { name: p.name, config: { kind: p.kind as LlmProviderConfig["kind"], baseUrl: p.baseUrl, model: p.model, apiKey } };
}
