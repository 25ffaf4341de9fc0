import { marked } from "marked";
import sanitizeHtml from "sanitize-html";

/**
 * Listing descriptions: the seller's markdown, rendered on the server and sanitized by an
 * allowlist (sanitize-html) before anyone's browser sees it. No scripts, styles, event handlers,
 * iframes or images; links only to http(s) and mailto, opened without the referrer.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code",
    "ul", "ol", "li", "strong", "em", "del", "a", "table", "thead", "tbody", "tr", "th", "td",
  ],
  allowedAttributes: { a: ["href", "title", "rel", "target"], code: ["class"], th: ["align"], td: ["align"] },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener noreferrer", target: "_blank" }) },
};

/** Markdown → HTML that is safe to insert into a page. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return sanitizeHtml(html, SANITIZE);
}
