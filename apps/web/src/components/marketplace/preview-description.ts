"use server";
import { z } from "zod";
import { renderMarkdown } from "@/server/marketplace/markdown";

const markdownSchema = z.string().max(20_000, "a description has at most 20,000 characters");

/** The publish form's preview: the description rendered and sanitized exactly as the listing page will show it. */
export async function previewDescription(markdown: string): Promise<string> {
  return renderMarkdown(markdownSchema.parse(markdown));
}
