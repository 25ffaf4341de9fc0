import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../src/server/marketplace/markdown";

describe("listing descriptions are rendered markdown with nothing executable left", () => {
  it("renders headings, emphasis, lists, code and links", () => {
    const html = renderMarkdown("# Trend\n\n**bold** and *em*\n\n- one\n- two\n\n`code` [docs](https://example.com/x)");
    expect(html).toContain("<h1>Trend</h1>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<li>one</li>");
    expect(html).toContain("<code>code</code>");
    expect(html).toContain('<a href="https://example.com/x" rel="nofollow noopener noreferrer" target="_blank">docs</a>');
  });

  it("removes script tags, event handlers and javascript: links", () => {
    const html = renderMarkdown(
      [
        "<script>alert('x')</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="https://ok.example" onclick="steal()">click</a>',
        "[bad](javascript:alert(1))",
        '<a href="JaVaScRiPt:alert(2)">bad2</a>',
        '<div style="background:url(javascript:alert(3))" onmouseover="x()">hover</div>',
        "<iframe src=\"https://evil.example\"></iframe>",
      ].join("\n\n"),
    );
    expect(html).not.toMatch(/<script|<img|<iframe|<div|style=/i);
    expect(html).not.toMatch(/\bon\w+=/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain("click");
  });
});
